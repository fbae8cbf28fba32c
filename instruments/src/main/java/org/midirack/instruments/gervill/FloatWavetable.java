package org.midirack.instruments.gervill;

import java.io.IOException;

import javax.sound.sampled.AudioFormat;

import com.sun.media.sound.AudioFloatInputStream;
import com.sun.media.sound.ModelOscillatorStream;
import com.sun.media.sound.ModelWavetable;

/**
 * A Gervill wavetable whose samples are floats already: the same sample and loop as the
 * {@code ModelByteBufferWavetable} it replaces, with the 16-bit (or 24-bit) to float conversion done once at
 * load instead of on every read.
 *
 * <h2>Why</h2>
 * Gervill's SF2 wavetable keeps a sample's bytes and converts them on every read: each voice converts the
 * stretch of sample it plays, block after block, every time a note sounds. On the corpus of issue 14 that
 * conversion ({@code AudioFloatConversion16SL.toFloatArray}) was 17 % of a render's CPU (JFR, {@code
 * linns_basket.mid}, FluidR3_GM). The floats here were produced by that very conversion (the original
 * wavetable's own stream, read to its end once), and the conversion is the same function of each sample
 * whenever it runs, so a voice reads exactly the floats it read before: the output is bit-identical
 * ({@code FloatSamplesTest} renders a song both ways).
 *
 * <h2>Departures</h2>
 * The float array is shared by every engine of the process and never written after it is built; a
 * stream's position is its own. Memory is 4 bytes a sample instead of 2 (FluidR3_GM's piano: about 10 MB more).
 */
final class FloatWavetable implements ModelWavetable {

    private final float[] data;
    private final AudioFormat format;
    private final int channels;
    private final float attenuation;
    private final float loopStart;
    private final float loopLength;
    private final int loopType;
    private final float pitchCorrection;

    /**
     * @param data     the sample's floats, channels interleaved, as the original's stream returned them
     * @param format   the original stream's format (its sample rate sets the voice's pitch)
     * @param original the wavetable replaced: loop, attenuation and pitch correction are copied from it
     */
    FloatWavetable(float[] data, AudioFormat format, ModelWavetable original) {
        this.data = data;
        this.format = format;
        this.channels = original.getChannels();
        this.attenuation = original.getAttenuation();
        this.loopStart = original.getLoopStart();
        this.loopLength = original.getLoopLength();
        this.loopType = original.getLoopType();
        this.pitchCorrection = original.getPitchcorrection();
    }

    /** @thread Gervill's render thread (a voice starting) or main (loading) */
    @Override
    public AudioFloatInputStream openStream() {
        return new Stream(data, format);
    }

    /** @thread any */
    @Override
    public float getLoopLength() {
        return loopLength;
    }

    /** @thread any */
    @Override
    public float getLoopStart() {
        return loopStart;
    }

    /** @thread any */
    @Override
    public int getLoopType() {
        return loopType;
    }

    /** @thread any */
    @Override
    public float getPitchcorrection() {
        return pitchCorrection;
    }

    /** @thread any */
    @Override
    public int getChannels() {
        return channels;
    }

    /** @thread any */
    @Override
    public float getAttenuation() {
        return attenuation;
    }

    /** A wavetable opens no oscillator stream of its own (Gervill resamples it), as Gervill's does. @thread any */
    @Override
    public ModelOscillatorStream open(float samplerate) {
        return null;
    }

    /** Samples the wavetable holds, all channels together. @thread any */
    int length() {
        return data.length;
    }

    /**
     * Reads a float array as Gervill's byte-array stream reads its bytes: positions count floats (channels
     * interleaved), a read past the end returns -1, mark and reset are supported with no limit.
     */
    private static final class Stream extends AudioFloatInputStream {
        private final float[] data;
        private final AudioFormat format;
        private int pos;
        private int markPos;

        Stream(float[] data, AudioFormat format) {
            this.data = data;
            this.format = format;
        }

        /** @thread the voice's */
        @Override
        public AudioFormat getFormat() {
            return format;
        }

        /** @thread the voice's */
        @Override
        public long getFrameLength() {
            return data.length;
        }

        /** @thread the voice's */
        @Override
        public int read(float[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (pos >= data.length) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            final int n = Math.min(len, data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }

        /** @thread the voice's */
        @Override
        public long skip(long len) throws IOException {
            if (pos >= data.length) {
                return -1;
            }
            if (len <= 0) {
                return 0;
            }
            final int n = (int) Math.min(len, data.length - pos);
            pos += n;
            return n;
        }

        /** @thread the voice's */
        @Override
        public int available() throws IOException {
            return data.length - pos;
        }

        /** @thread the voice's */
        @Override
        public void close() throws IOException {
        }

        /** @thread the voice's */
        @Override
        public void mark(int readlimit) {
            markPos = pos;
        }

        /** @thread the voice's */
        @Override
        public boolean markSupported() {
            return true;
        }

        /** @thread the voice's */
        @Override
        public void reset() throws IOException {
            pos = markPos;
        }
    }
}
