package org.midirack.host.midi;

/**
 * Maps the system clock ({@code System.nanoTime()}) to host sample time and back. The host feeds
 * one (nanoTime, frame) pair at the start of each render cycle; the pairs carry the jitter of the
 * audio callback, and the audio clock drifts against the system clock, so a second-order
 * delay-locked loop (after F. Adriaensen, "Using a DLL to filter time") filters them: it tracks the
 * time of the latest cycle start and the rate (nanoseconds per frame) with zero steady-state error
 * for a constant drift. The loop starts wide and narrows to its bandwidth, so it locks within a
 * few seconds. Once locked it steps once per block ({@link #BLOCK_FRAMES}) with the block's
 * earliest cycle start (a minimum filter): a callback starts late, never early, against the audio
 * clock, so late callbacks of a loaded machine cannot drag the map. A jump of the frame counter
 * backwards, or of time by more than {@link #RESET_NANOS} (backwards at once, forwards for
 * {@link #LATE_RESTART} blocks in a row), restarts it. Feed it the best cycle time the driver gives (JACK's cycle times, CoreAudio's
 * callback timestamp); {@code System.nanoTime()} at callback entry works too.
 *
 * <p>Not thread-safe: one thread (the render thread) updates and reads it.
 */
public final class MidiTimeMap {
    /**
     * A cycle start earlier than predicted by more than this (nanoseconds) means a clock
     * discontinuity: the loop restarts at once. Later by more than this, through
     * {@link #LATE_RESTART} whole blocks in a row, means the clock jumped forwards: restart too.
     */
    public static final long RESET_NANOS = 50_000_000L;
    /** Consecutive far-late blocks after which the loop restarts. */
    public static final int LATE_RESTART = 3;
    /**
     * Once locked, the loop takes one step per block of about this many frames, with the earliest
     * cycle start of the block (85 ms at 48 kHz).
     */
    public static final int BLOCK_FRAMES = 4096;
    private static final int WIDE_STEPS = 256;
    private static final double START_BANDWIDTH_HZ = 20.0;
    private static final double MAX_OMEGA = 0.5;

    private final double sampleRate;
    private final double bandwidthHz;
    private boolean locked;
    private long updates;
    private long resets;
    private int farLate;
    private long lastFrame;
    private long blockStart;
    private double minError = Double.POSITIVE_INFINITY;
    private long minFrame;
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
        if (!locked || frame <= lastFrame) {
            restart(nanoTime, frame);
            return;
        }
        lastFrame = frame;
        double e = nanoTime - (t0 + (frame - p0) * rate);
        if (e < -RESET_NANOS) {
            restart(nanoTime, frame);
            return;
        }
        if (e < minError) {
            minError = e;
            minFrame = frame;
        }
        if (updates >= WIDE_STEPS && frame - blockStart < BLOCK_FRAMES) {
            return; // collecting the block's earliest start
        }
        // one loop step with the earliest cycle start since the last step: callbacks start late,
        // never early, so the earliest is the truest, and a loaded machine cannot drag the map
        double em = minError;
        long fm = minFrame;
        minError = Double.POSITIVE_INFINITY;
        blockStart = frame;
        if (em > RESET_NANOS) {
            if (++farLate >= LATE_RESTART) {
                restart(nanoTime, frame);
            }
            return;
        }
        farLate = 0;
        long dp = fm - p0;
        updates++;
        double bw = bandwidthHz + (START_BANDWIDTH_HZ - bandwidthHz) * Math.exp(-updates / 64.0);
        double omega = Math.min(MAX_OMEGA, 2 * Math.PI * bw * dp / sampleRate);
        t0 = t0 + dp * rate + Math.sqrt(2) * omega * em;
        p0 = fm;
        rate += omega * omega * em / dp;
    }

    private void restart(long nanoTime, long frame) {
        if (locked) {
            resets++;
        }
        locked = true;
        updates = 0;
        farLate = 0;
        p0 = frame;
        t0 = nanoTime;
        lastFrame = frame;
        blockStart = frame;
        minError = Double.POSITIVE_INFINITY;
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
