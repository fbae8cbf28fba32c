package org.midirack.host.midi;

import org.midirack.core.sync.TempoSmoother;
import java.lang.invoke.VarHandle;

/**
 * Follows incoming MIDI clock (24 per quarter note) to drive the host's tempo and transport.
 * Attach it to an input route with {@link MidiInputRoute#realtimeListener}.
 *
 * <p>Tempo: a least-squares fit of a parabola through the arrival times of the last
 * {@code windowTicks} clocks (one 4/4 bar by default) gives the clock period at the newest clock;
 * the parabola follows a tempo that drifts steadily without lagging behind it, and averaging over
 * the window filters arrival jitter. Transport: Start plays from beat 0, Continue from the last
 * Song Position Pointer, Stop stops; each clock while playing advances the beat by 1/24.
 * A pause in the clock of more than a second restarts the fit.
 *
 * <p>The device thread writes; any thread reads a consistent snapshot (sequence lock).
 * {@link #smoothedTempo(int)} passes the tempo through core's {@link TempoSmoother}, so the
 * host's tempo moves smoothly and loses no change.
 */
public final class MidiClockIn implements MidiInputRoute.RealtimeListener {
    private static final long GAP_NANOS = 1_000_000_000L;

    private final int window;
    private final long[] times;
    private long count;
    private long lastTick = Long.MIN_VALUE;
    private boolean playingW;
    private double nextBeatW;
    private int pointerW;

    // published snapshot, guarded by version (odd while writing)
    private volatile long version;
    private double tempoS = Double.NaN;
    private double periodS = Double.NaN;
    private boolean playingS;
    private double beatS;
    private long tickNanosS;
    private long ticksS;

    private final TempoSmoother smoother;

    /**
     * Follows clock with a fit over one 4/4 bar (96 clocks) and a smoother of 5120 frames.
     * @thread main
     */
    public MidiClockIn() {
        this(96, 5120);
    }

    /**
     * @param windowTicks clocks in the fit, at least 3
     * @param smoothingFrames smoothing time of {@link #smoothedTempo(int)} in frames, at least 1
     * @thread main
     */
    public MidiClockIn(int windowTicks, double smoothingFrames) {
        if (windowTicks < 3) {
            throw new IllegalArgumentException("clock fit window must be at least 3 clocks, was " + windowTicks);
        }
        this.window = windowTicks;
        this.times = new long[windowTicks];
        this.smoother = new TempoSmoother(smoothingFrames);
    }

    /** @thread device (the input route's delivery thread) */
    @Override
    public void message(int status, int data1, int data2, long nanoTime) {
        switch (status) {
            case 0xF8:
                tick(nanoTime);
                break;
            case 0xFA:
                playingW = true;
                nextBeatW = 0;
                publish(false);
                break;
            case 0xFB:
                playingW = true;
                nextBeatW = pointerW / 4.0;
                publish(false);
                break;
            case 0xFC:
                playingW = false;
                publish(false);
                break;
            case 0xF2:
                pointerW = (data1 & 0x7F) | (data2 & 0x7F) << 7;
                if (!playingW) {
                    nextBeatW = pointerW / 4.0;
                }
                publish(false);
                break;
            default:
                break;
        }
    }

    private void tick(long nanoTime) {
        if (lastTick != Long.MIN_VALUE && nanoTime - lastTick > GAP_NANOS) {
            count = 0;
        }
        lastTick = nanoTime;
        times[(int) (count % window)] = nanoTime;
        count++;
        publish(true);
    }

    /** Period (ns per clock) at the newest clock, or NaN with fewer than 2 clocks. */
    private double fitPeriod() {
        int n = (int) Math.min(count, window);
        if (n < 2) {
            return Double.NaN;
        }
        long newest = times[(int) ((count - 1) % window)];
        if (n < 6) {
            long oldest = times[(int) ((count - n) % window)];
            return (double) (newest - oldest) / (n - 1);
        }
        // x = clock index relative to the newest (0 for newest, negative before), y = time
        double s0 = n, s1 = 0, s2 = 0, s3 = 0, s4 = 0, t0 = 0, t1 = 0, t2 = 0;
        for (int k = 0; k < n; k++) {
            double x = -k;
            double y = times[(int) ((count - 1 - k) % window)] - newest;
            double x2 = x * x;
            s1 += x;
            s2 += x2;
            s3 += x2 * x;
            s4 += x2 * x2;
            t0 += y;
            t1 += x * y;
            t2 += x2 * y;
        }
        // solve [s0 s1 s2; s1 s2 s3; s2 s3 s4] [a b c] = [t0 t1 t2] for b (slope at x = 0)
        double det = s0 * (s2 * s4 - s3 * s3) - s1 * (s1 * s4 - s3 * s2) + s2 * (s1 * s3 - s2 * s2);
        double detB = s0 * (t1 * s4 - s3 * t2) - t0 * (s1 * s4 - s3 * s2) + s2 * (s1 * t2 - t1 * s2);
        return detB / det;
    }

    private void publish(boolean tick) {
        double period = tick ? fitPeriod() : periodS;
        long v = version;
        version = v + 1;
        VarHandle.storeStoreFence();
        if (tick) {
            periodS = period;
            if (period > 0) {
                tempoS = 60e9 / (24 * period);
            }
            tickNanosS = lastTick;
            ticksS++;
            if (playingW) {
                beatS = nextBeatW;
                nextBeatW += 1.0 / 24;
            }
        }
        if (!tick && !playingW) {
            beatS = nextBeatW;
        }
        playingS = playingW;
        VarHandle.storeStoreFence();
        version = v + 2;
    }

    /**
     * The followed tempo in BPM, or NaN before two clocks arrived.
     * @thread any
     */
    public double tempo() {
        while (true) {
            long v = version;
            double t = tempoS;
            VarHandle.loadLoadFence();
            if ((v & 1) == 0 && v == version) {
                return t;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * True between Start/Continue and Stop.
     * @thread any
     */
    public boolean playing() {
        while (true) {
            long v = version;
            boolean p = playingS;
            VarHandle.loadLoadFence();
            if ((v & 1) == 0 && v == version) {
                return p;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Clocks received.
     * @thread any
     */
    public long ticks() {
        while (true) {
            long v = version;
            long n = ticksS;
            VarHandle.loadLoadFence();
            if ((v & 1) == 0 && v == version) {
                return n;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The beat at a system time: the beat of the newest clock plus the time since it at the
     * followed tempo, never past the next clock's beat. While stopped, the position the next
     * Continue starts from.
     * @thread any
     */
    public double beatAt(long nanoTime) {
        while (true) {
            long v = version;
            double beat = beatS;
            double period = periodS;
            long at = tickNanosS;
            boolean p = playingS;
            VarHandle.loadLoadFence();
            if ((v & 1) == 0 && v == version) {
                if (!p || !(period > 0)) {
                    return beat;
                }
                double ahead = Math.max(0, Math.min(1.0, (nanoTime - at) / period)) / 24;
                return beat + ahead;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * The followed tempo through a {@link TempoSmoother} for a cycle of {@code frames}: every
     * change arrives in full, spread over the smoothing time. NaN before the tempo is known.
     * @thread render (the one thread that drives the host tempo)
     */
    public double smoothedTempo(int frames) {
        double t = tempo();
        if (t != t) {
            return t;
        }
        return smoother.update(t, frames);
    }
}
