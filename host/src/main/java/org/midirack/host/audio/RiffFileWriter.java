package org.midirack.host.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * WAV and RF64. WAV: {@code RIFF} size {@code WAVE}, {@code fmt } (16 bytes for PCM; 18 with cbSize 0
 * for float, followed by {@code fact} with the frame count), {@code data}: 44 bytes of header for PCM,
 * 58 for float. RF64 (EBU Tech 3306): {@code RF64} with size 0xFFFFFFFF, then {@code ds64} (28 bytes:
 * the RIFF size, the data size and the sample count as 64-bit numbers, and an empty table) before
 * {@code fmt }, and 0xFFFFFFFF in the data chunk's (and the fact chunk's) 32-bit size, so a reader takes
 * them from ds64: 80 bytes of header for PCM, 94 for float.
 */
final class RiffFileWriter extends PcmFileWriter {

    RiffFileWriter(AudioFileType type, WavEncoding encoding) {
        super(type, encoding, ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    ByteBuffer header(long dataBytes) {
        return header(type == AudioFileType.RF64, encoding, channels, sampleRate, dataBytes);
    }

    /** The header for {@code dataBytes} bytes of sample data. */
    static ByteBuffer header(boolean rf64, WavEncoding enc, int channels, int sampleRate, long dataBytes) {
        boolean isFloat = enc == WavEncoding.FLOAT_32;
        int fmtSize = isFloat ? 18 : 16;
        int ds64 = rf64 ? 8 + 28 : 0;
        int headerSize = 12 + ds64 + 8 + fmtSize + (isFloat ? 12 : 0) + 8;
        long pad = dataBytes & 1;
        int blockAlign = channels * enc.bytesPerSample();
        long riffSize = headerSize - 8 + dataBytes + pad;
        long frames = dataBytes / blockAlign;
        ByteBuffer b = ByteBuffer.allocate(headerSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii(rf64 ? "RF64" : "RIFF")).putInt(rf64 ? -1 : (int) riffSize).put(ascii("WAVE"));
        if (rf64) {
            b.put(ascii("ds64")).putInt(28).putLong(riffSize).putLong(dataBytes).putLong(frames).putInt(0);
        }
        b.put(ascii("fmt ")).putInt(fmtSize).putShort((short) enc.formatTag()).putShort((short) channels)
                .putInt(sampleRate).putInt(sampleRate * blockAlign).putShort((short) blockAlign)
                .putShort((short) enc.bits());
        if (isFloat) {
            b.putShort((short) 0);
            b.put(ascii("fact")).putInt(4).putInt(rf64 ? -1 : (int) frames);
        }
        b.put(ascii("data")).putInt(rf64 ? -1 : (int) dataBytes);
        b.flip();
        return b;
    }
}
