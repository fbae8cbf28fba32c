package org.midirack.host.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * AIFF (Apple's Audio Interchange File Format 1.3): {@code FORM} size {@code AIFF}, {@code COMM} (18
 * bytes: channels, frames, bits, the sample rate as an 80-bit IEEE extended number), {@code SSND}
 * (offset 0, block size 0, then the big-endian samples): 54 bytes of header. 16 and 24 bits only.
 */
final class AiffFileWriter extends PcmFileWriter {

    AiffFileWriter(WavEncoding encoding) {
        super(AudioFileType.AIFF, encoding, ByteOrder.BIG_ENDIAN);
    }

    @Override
    ByteBuffer header(long dataBytes) {
        int headerSize = 12 + 8 + 18 + 8 + 8;
        long pad = dataBytes & 1;
        ByteBuffer b = ByteBuffer.allocate(headerSize).order(ByteOrder.BIG_ENDIAN);
        b.put(ascii("FORM")).putInt((int) (headerSize - 8 + dataBytes + pad)).put(ascii("AIFF"));
        b.put(ascii("COMM")).putInt(18).putShort((short) channels)
                .putInt((int) (dataBytes / ((long) channels * encoding.bytesPerSample())))
                .putShort((short) encoding.bits());
        putExtended(b, sampleRate);
        b.put(ascii("SSND")).putInt((int) (8 + dataBytes)).putInt(0).putInt(0);
        b.flip();
        return b;
    }

    /** A positive whole number as an 80-bit IEEE 754 extended float: sign and 15-bit exponent, 64-bit mantissa with its integer bit. */
    static void putExtended(ByteBuffer b, long value) {
        if (value <= 0) {
            b.putShort((short) 0).putLong(0);
            return;
        }
        int msb = 63 - Long.numberOfLeadingZeros(value);
        b.putShort((short) (16383 + msb)).putLong(value << (63 - msb));
    }
}
