package org.midirack.host.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Uncompressed formats: a header, then the samples interleaved in one byte order, padded to an even
 * length. Subclasses give the header (of one fixed size for every length, so it can be rewritten in
 * place) and the byte order; encoding a block allocates nothing.
 *
 * <p>Blocks are gathered into one buffer of at least {@link #WRITE_BYTES} and written when the next block would
 * not fit, and at {@link #end}: one system call per 64 KB instead of one per render cycle (a 128-frame cycle of
 * 16-bit stereo is 512 bytes; a 4-minute song made 90,000 writes).
 */
abstract class PcmFileWriter extends AudioFileWriter {

    private final ByteOrder order;
    private WritableByteChannel out;
    private ByteBuffer bytes;
    int channels;
    int sampleRate;
    private long dataBytes;

    /** The bytes gathered before a write (or a block's, when a block is larger). */
    static final int WRITE_BYTES = 1 << 16;

    PcmFileWriter(AudioFileType type, WavEncoding encoding, ByteOrder order) {
        super(type, encoding);
        this.order = order;
    }

    /** The header for {@code dataBytes} bytes of samples. */
    abstract ByteBuffer header(long dataBytes);

    @Override
    final void begin(WritableByteChannel out, int channels, int sampleRate, long frames, int maxFrames)
            throws IOException {
        this.out = out;
        this.channels = channels;
        this.sampleRate = sampleRate;
        writeFully(out, header(frames < 0 ? 0 : dataBytes(channels, frames)));
        bytes = ByteBuffer.allocateDirect(Math.max(WRITE_BYTES, maxFrames * channels * encoding.bytesPerSample()))
                .order(order);
    }

    /** Writes what is gathered. */
    private void flush() throws IOException {
        final ByteBuffer bb = bytes;
        bb.flip();
        writeFully(out, bb);
        bb.clear();
    }

    @Override
    final void write(float[][] block, int n) throws IOException {
        final ByteBuffer bb = bytes;
        final WavEncoding enc = encoding;
        final boolean big = order == ByteOrder.BIG_ENDIAN;
        final int ch = channels;
        if (bb.remaining() < n * ch * enc.bytesPerSample()) {
            flush();
        }
        for (int f = 0; f < n; f++) {
            for (int c = 0; c < ch; c++) {
                float s = block[c][f];
                switch (enc) {
                    case PCM_16 -> bb.putShort((short) enc.quantize(s));
                    case PCM_24 -> {
                        int v = enc.quantize(s);
                        if (big) {
                            bb.put((byte) (v >> 16)).put((byte) (v >> 8)).put((byte) v);
                        } else {
                            bb.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
                        }
                    }
                    default -> bb.putFloat(Float.isFinite(s) ? s : 0f);
                }
            }
        }
        dataBytes += (long) n * ch * enc.bytesPerSample();
    }

    @Override
    final void end(long frames, FileChannel seekable) throws IOException {
        if (bytes != null) {
            flush();
        }
        if ((dataBytes & 1) != 0) {
            if (seekable != null) {
                seekable.write(ByteBuffer.wrap(new byte[1]), seekable.size());
            } else {
                writeFully(out, ByteBuffer.wrap(new byte[1]));
            }
        }
        if (seekable != null) {
            seekable.write(header(dataBytes), 0);
        }
    }
}
