package org.midirack.host.audio;

/**
 * Sample encodings {@link AudioOutputWav} writes. Integer encodings clip to [-1, 1] and round to
 * nearest ({@code Math.round(x * (2^(bits-1) - 1))}), so -1.0 and 1.0 map to symmetric codes and
 * the most negative code is never written; NaN is written as 0. The float encoding writes the
 * samples unchanged, except NaN and infinities, written as 0.
 */
public enum WavEncoding {
    /** 16-bit signed little-endian PCM (format tag 1). The default. */
    PCM_16(2, 1, 32767.0),
    /** 24-bit signed little-endian PCM (format tag 1). */
    PCM_24(3, 1, 8388607.0),
    /** 32-bit IEEE float (format tag 3, with a fact chunk). */
    FLOAT_32(4, 3, 1.0);

    private final int bytesPerSample;
    private final int formatTag;
    private final double scale;

    WavEncoding(int bytesPerSample, int formatTag, double scale) {
        this.bytesPerSample = bytesPerSample;
        this.formatTag = formatTag;
        this.scale = scale;
    }

    /**
     * Bytes per sample of one channel.
     *
     * @return 2, 3 or 4
     * @thread any
     */
    public int bytesPerSample() {
        return bytesPerSample;
    }

    /**
     * The WAVE format tag: 1 for PCM, 3 for IEEE float.
     *
     * @return the tag
     * @thread any
     */
    public int formatTag() {
        return formatTag;
    }

    /**
     * Bits per sample.
     *
     * @return 16, 24 or 32
     * @thread any
     */
    public int bits() {
        return bytesPerSample * 8;
    }

    /**
     * The integer code written for a float sample (integer encodings only).
     *
     * @param sample the sample
     * @return the code, clipped to the encoding's symmetric range
     * @thread any
     */
    public int quantize(float sample) {
        if (sample != sample) {
            return 0;
        }
        double s = sample > 1f ? 1.0 : sample < -1f ? -1.0 : sample;
        return (int) Math.round(s * scale);
    }
}
