package org.midirack.host.audio;

/**
 * The master stage between a renderer (the host) and an output: multiplies every sample by one gain
 * and counts, on the render thread and without allocating, the samples past full scale (magnitude above
 * 1.0, where an integer file or a device clips) and the peak. A gain of exactly 1 leaves every sample as
 * it is ({@code s * 1f == s}), so output without a gain is the same bit for bit.
 *
 * <p>The counts are written by the one render thread and read by any thread (volatile; a reader sees the
 * counts as of some completed block).
 */
public final class MasterGain implements AudioRenderer {

    private final AudioRenderer source;
    private final float gain;
    private volatile long clippedSamples;
    private volatile float peak;

    /**
     * A master stage.
     *
     * @param source what renders the audio (the host)
     * @param gain linear gain, finite and at least 0
     * @thread main
     */
    public MasterGain(AudioRenderer source, double gain) {
        if (source == null) {
            throw new IllegalArgumentException("source renderer is null");
        }
        if (!(gain >= 0) || Double.isInfinite(gain)) {
            throw new IllegalArgumentException("gain " + gain + " is not a finite number >= 0");
        }
        this.source = source;
        this.gain = (float) gain;
    }

    /**
     * The linear gain of a level in decibels: 10^(dB/20).
     *
     * @param db decibels
     * @return the factor
     * @thread any
     */
    public static double fromDecibels(double db) {
        return Math.pow(10, db / 20);
    }

    /**
     * The gain applied.
     *
     * @return the linear factor
     * @thread any
     */
    public float gain() {
        return gain;
    }

    /**
     * Samples past full scale (magnitude above 1.0) since the start, over every channel.
     *
     * @return the count
     * @thread any
     */
    public long clippedSamples() {
        return clippedSamples;
    }

    /**
     * The largest finite magnitude since the start, after the gain (1.0 = 0 dBFS).
     *
     * @return the peak
     * @thread any
     */
    public float peak() {
        return peak;
    }

    /**
     * Passes the format on to the source.
     *
     * @param info the output's format
     * @thread main or audio session supervisor (no render call running)
     */
    @Override
    public void open(AudioOutputInfo info) {
        source.open(info);
    }

    /**
     * Renders the source, applies the gain and counts.
     *
     * @param out one array per channel
     * @param frames frames to fill
     * @thread render
     */
    @Override
    public void render(float[][] out, int frames) {
        source.render(out, frames);
        final float g = gain;
        float pk = peak;
        long clipped = 0;
        for (float[] ch : out) {
            for (int i = 0; i < frames; i++) {
                float s = ch[i] * g;
                ch[i] = s;
                float a = Math.abs(s);
                if (a > pk && a != Float.POSITIVE_INFINITY) {
                    pk = a;
                }
                if (a > 1f) {
                    clipped++;
                }
            }
        }
        peak = pk;
        if (clipped != 0) {
            clippedSamples += clipped;
        }
    }
}
