package org.midirack.host.audio;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lock-free statistics of one {@link AudioOutput}: written by its render thread (and, for xruns,
 * by the device's notification thread), readable from any thread.
 */
public final class AudioOutputCounters {

    private final AtomicLong callbacks = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong underruns = new AtomicLong();
    private final AtomicLong xruns = new AtomicLong();
    private final AtomicLong maxCallbackNanos = new AtomicLong();

    /**
     * Render calls made so far.
     *
     * @return the count
     * @thread any
     */
    public long callbacks() {
        return callbacks.get();
    }

    /**
     * Frames rendered so far.
     *
     * @return the count
     * @thread any
     */
    public long frames() {
        return frames.get();
    }

    /**
     * Times the host was late: the device buffer ran empty before the next block (Java Sound), a
     * process callback took longer than its period (JACK), the clock deadline had passed by more
     * than a buffer (null output).
     *
     * @return the count
     * @thread any
     */
    public long underruns() {
        return underruns.get();
    }

    /**
     * Over- or underruns that the audio server itself reported (JACK's xrun callback).
     *
     * @return the count
     * @thread any
     */
    public long xruns() {
        return xruns.get();
    }

    /**
     * The longest a device callback took from entry to exit (JACK's process callback: rendering and
     * copying into the ports), in ns; 0 for outputs that do not measure it.
     *
     * @return the maximum so far
     * @thread any
     */
    public long maxCallbackNanos() {
        return maxCallbackNanos.get();
    }

    /**
     * Underruns plus xruns: every time the listener may have heard a gap.
     *
     * @return the sum
     * @thread any
     */
    public long glitches() {
        return underruns.get() + xruns.get();
    }

    /**
     * Counts one render call of {@code n} frames. Single writer: the render thread.
     *
     * @param n frames rendered
     * @thread render
     */
    void countCallback(int n) {
        callbacks.lazySet(callbacks.get() + 1);
        frames.lazySet(frames.get() + n);
    }

    /**
     * Counts an underrun. Single writer: the render thread.
     *
     * @thread render
     */
    void countUnderrun() {
        underruns.lazySet(underruns.get() + 1);
    }

    /**
     * Records one callback's duration. Single writer: the render thread.
     *
     * @param nanos how long the callback took
     * @thread render
     */
    void recordCallbackNanos(long nanos) {
        if (nanos > maxCallbackNanos.get()) {
            maxCallbackNanos.lazySet(nanos);
        }
    }

    /**
     * Counts an xrun reported by the server.
     *
     * @thread any
     */
    void countXrun() {
        xruns.incrementAndGet();
    }

    /**
     * A one-line summary for logs and reports.
     *
     * @thread any
     */
    @Override
    public String toString() {
        return "callbacks=" + callbacks() + " frames=" + frames() + " underruns=" + underruns() + " xruns=" + xruns() + " maxCallbackNanos=" + maxCallbackNanos();
    }
}
