package org.midirack.host.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

import net.sourceforge.javaflacencoder.EncodingConfiguration;
import net.sourceforge.javaflacencoder.FLACEncoder;
import net.sourceforge.javaflacencoder.FLACOutputStream;
import net.sourceforge.javaflacencoder.StreamConfiguration;

/**
 * FLAC through javaFlacEncoder (pure Java, LGPL 2.1, a library dependency: no code of it is copied).
 * Each rendered block is quantized as {@link WavEncoding#quantize} says and handed to the encoder, which
 * writes every complete FLAC block (4096 frames) as soon as it has one, on the calling thread: nothing
 * is held beyond one FLAC block. Into a file, the end rewrites STREAMINFO with the frame count and the
 * MD5 of the audio; into a stream (which cannot seek back) STREAMINFO says the length is unknown, as the
 * FLAC format allows.
 */
final class FlacFileWriter extends AudioFileWriter {

    private FLACEncoder encoder;
    private int[] samples;
    private int channels;

    FlacFileWriter(WavEncoding encoding) {
        super(AudioFileType.FLAC, encoding);
    }

    @Override
    void begin(WritableByteChannel out, int channels, int sampleRate, long frames, int maxFrames) throws IOException {
        this.channels = channels;
        StreamConfiguration sc = new StreamConfiguration();
        if (!sc.setChannelCount(channels) || !sc.setSampleRate(sampleRate) || !sc.setBitsPerSample(encoding.bits())) {
            throw new IOException("FLAC cannot hold " + channels + " channels of " + encoding.bits() + "-bit audio at "
                    + sampleRate + " Hz");
        }
        encoder = new FLACEncoder();
        encoder.setStreamConfiguration(sc);
        encoder.setEncodingConfiguration(new EncodingConfiguration());
        encoder.setOutputStream(new ChannelStream(out, frames < 0 && out instanceof FileChannel f ? f : null));
        encoder.openFLACStream();
        samples = new int[maxFrames * channels];
    }

    @Override
    void write(float[][] block, int frames) throws IOException {
        final int ch = channels;
        final WavEncoding enc = encoding;
        final int[] s = samples;
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < ch; c++) {
                s[f * ch + c] = enc.quantize(block[c][f]);
            }
        }
        encoder.addSamples(s, frames);
        int full = encoder.fullBlockSamplesAvailableToEncode();
        if (full > 0) {
            encoder.encodeSamples(full, false);
        }
    }

    @Override
    void end(long frames, FileChannel seekable) throws IOException {
        encoder.encodeSamples(encoder.samplesAvailableToEncode(), true);
    }

    /** The encoder's output: a channel, seekable when it is a file. */
    private static final class ChannelStream implements FLACOutputStream {
        private final WritableByteChannel out;
        private final FileChannel file;
        private long position;
        private long size;

        /** @param file the same channel when it is a file that may seek, else null */
        ChannelStream(WritableByteChannel out, FileChannel file) throws IOException {
            this.out = out;
            this.file = file;
            this.position = file != null ? file.position() : 0;
        }

        /** @thread the output's writer thread */
        @Override
        public long seek(long pos) throws IOException {
            if (file == null) {
                return position;
            }
            file.position(pos);
            position = pos;
            return pos;
        }

        /** @thread the output's writer thread */
        @Override
        public int write(byte[] data, int offset, int count) throws IOException {
            writeFully(out, ByteBuffer.wrap(data, offset, count));
            position += count;
            size = Math.max(size, position);
            return count;
        }

        /** @thread the output's writer thread */
        @Override
        public long size() {
            return size;
        }

        /** @thread the output's writer thread */
        @Override
        public void write(byte data) throws IOException {
            write(new byte[] {data}, 0, 1);
        }

        /** @thread the output's writer thread */
        @Override
        public boolean canSeek() {
            return file != null;
        }

        /** @thread the output's writer thread */
        @Override
        public long getPos() {
            return position;
        }
    }
}
