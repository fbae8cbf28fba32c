package org.midirack.host.audio;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * One audio file format's encoder, streaming: {@link #begin} writes the header (with the length when it
 * is known, a placeholder otherwise), {@link #write} encodes each block as it is rendered (nothing of the
 * audio is held), {@link #end} completes the file, rewriting the header in place when the file can seek.
 * {@link AudioOutputWav} drives it and keeps everything else: the temporary file moved into place, the
 * stream with its declared length, the counts of clipping and silence.
 *
 * <p>Integer encodings quantize as {@link WavEncoding#quantize} says, whatever the format.
 */
abstract class AudioFileWriter {

    final AudioFileType type;
    final WavEncoding encoding;

    AudioFileWriter(AudioFileType type, WavEncoding encoding) {
        if (!type.supports(encoding)) {
            throw new IllegalArgumentException(type.label() + " cannot hold " + encoding.bits() + "-bit float samples");
        }
        this.type = type;
        this.encoding = encoding;
    }

    /** The writer for a type and encoding. @thread main */
    static AudioFileWriter of(AudioFileType type, WavEncoding encoding) {
        return switch (type) {
            case WAV, RF64 -> new RiffFileWriter(type, encoding);
            case AIFF -> new AiffFileWriter(encoding);
            case FLAC -> new FlacFileWriter(encoding);
        };
    }

    /**
     * Writes the header at the channel's current position (0).
     *
     * @param frames the exact length when known (a stream must declare it), -1 when the header is rewritten at the end
     * @param maxFrames the most frames one {@link #write} gets: buffers are allocated here
     */
    abstract void begin(WritableByteChannel out, int channels, int sampleRate, long frames, int maxFrames)
            throws IOException;

    /** Encodes and writes {@code frames} frames of {@code block} (one array per channel). */
    abstract void write(float[][] block, int frames) throws IOException;

    /**
     * Completes the file after {@code frames} frames: pads, flushes what is held, and when
     * {@code seekable} is not null rewrites the header with the final length.
     */
    abstract void end(long frames, FileChannel seekable) throws IOException;

    /** Bytes of uncompressed sample data {@code frames} frames of {@code channels} channels take. */
    final long dataBytes(int channels, long frames) {
        return frames * channels * encoding.bytesPerSample();
    }

    static void writeFully(WritableByteChannel out, java.nio.ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
