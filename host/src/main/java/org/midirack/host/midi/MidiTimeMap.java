package org.midirack.host.midi;

/**
 * Maps the system clock ({@code System.nanoTime()}) to host sample time and back. The host feeds
 * one (nanoTime, frame) pair at the start of each render cycle; the pairs carry the jitter of the
 * audio callback, and the audio clock drifts against the system clock, so a second-order
 * delay-locked loop (after F. Adriaensen, "Using a DLL to filter time") filters them: it tracks the
 * time of the latest cycle start and the rate (nanoseconds per frame) with zero steady-state error
 * for a constant drift. The loop starts wide and narrows to its bandwidth, so it locks within a
 * few seconds (to a third of a frame with 0.1 ms of callback jitter at 0.1 Hz). A jump of the frame counter backwards, or of time by more than
 * {@link #RESET_NANOS}, restarts it.
 *
 * <p>Not thread-safe: one thread (the render thread) updates and reads it.
 */
public final class MidiTimeMap {
    /** Errors larger than this (nanoseconds) mean a clock discontinuity: the loop restarts. */
    public static final long RESET_NANOS = 50_000_000L;
    private static final double START_BANDWIDTH_HZ = 20.0;
    private static final double MAX_OMEGA = 0.5;

    private final double sampleRate;
    private final double bandwidthHz;
    private boolean locked;
    private long updates;
    private long resets;
    private long p0;
    private double t0;
    private double rate;

    /**
     * @param sampleRate the host sample rate (frames per second), positive
     * @param bandwidthHz loop bandwidth; smaller filters more jitter and follows drift more slowly
     *     (0.1 is a good default)
     * @thread main
     */
    public MidiTimeMap(double sampleRate, double bandwidthHz) {
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
            throw new IllegalArgumentException("sample rate must be positive, was " + sampleRate);
        }
        if (!(bandwidthHz > 0) || Double.isInfinite(bandwidthHz)) {
            throw new IllegalArgumentException("bandwidth must be positive Hz, was " + bandwidthHz);
        }
        this.sampleRate = sampleRate;
        this.bandwidthHz = bandwidthHz;
        this.rate = 1e9 / sampleRate;
    }

    /**
     * Feeds the start of a render cycle: the system time at which it started and its first frame.
     * @thread render
     */
    public void update(long nanoTime, long frame) {
        if (!locked || frame <= p0) {
            restart(nanoTime, frame);
            return;
        }
        long dp = frame - p0;
        double predicted = t0 + dp * rate;
        double e = nanoTime - predicted;
        if (Math.abs(e) > RESET_NANOS) {
            restart(nanoTime, frame);
            return;
        }
        updates++;
        double bw = bandwidthHz + (START_BANDWIDTH_HZ - bandwidthHz) * Math.exp(-updates / 64.0);
        double omega = Math.min(MAX_OMEGA, 2 * Math.PI * bw * dp / sampleRate);
        t0 = predicted + Math.sqrt(2) * omega * e;
        p0 = frame;
        rate += omega * omega * e / dp;
    }

    private void restart(long nanoTime, long frame) {
        if (locked) {
            resets++;
        }
        locked = true;
        updates = 0;
        p0 = frame;
        t0 = nanoTime;
        rate = 1e9 / sampleRate;
    }

    /**
     * True once at least one cycle start was fed.
     * @thread render
     */
    public boolean isLocked() {
        return locked;
    }

    /**
     * The host frame (fractional) at which the given system time falls.
     * @thread render
     */
    public double frameAt(long nanoTime) {
        return p0 + (nanoTime - t0) / rate;
    }

    /**
     * The system time at which the given host frame falls.
     * @thread render
     */
    public long nanosAt(double frame) {
        return Math.round(t0 + (frame - p0) * rate);
    }

    /**
     * Filtered length of one frame in nanoseconds (the audio clock's rate against the system clock).
     * @thread render
     */
    public double nanosPerFrame() {
        return rate;
    }

    /**
     * How often a discontinuity restarted the loop.
     * @thread render
     */
    public long resets() {
        return resets;
    }

    /** @thread any */
    public double sampleRate() {
        return sampleRate;
    }
}
