package org.midirack.host.render;

/**
 * What the render thread counts about its own cycles: cycles and frames run, render time, nodes
 * muted. The render thread is the single writer (release stores of volatiles); any thread reads.
 * {@link org.midirack.host.HostStatistics} shows them with the nodes' FIFO counters.
 */
public final class CycleStats {
    private volatile long cycles;
    private volatile long frames;
    private volatile long maxNanos;
    private volatile long totalNanos;
    private volatile double maxLoad;
    private volatile double totalPeriodNanos;
    private volatile long muted;

    /** @thread render (single writer) */
    public void recordCycle(int n, long nanos, double sampleRate) {
        double period = n * 1e9 / sampleRate;
        cycles = cycles + 1;
        frames = frames + n;
        totalNanos = totalNanos + nanos;
        totalPeriodNanos = totalPeriodNanos + period;
        if (nanos > maxNanos) {
            maxNanos = nanos;
        }
        double load = nanos / period;
        if (load > maxLoad) {
            maxLoad = load;
        }
    }

    /** @thread render (single writer) */
    public void recordMuted() {
        muted = muted + 1;
    }

    /** @thread any */
    public long cycles() {
        return cycles;
    }

    /** @thread any */
    public long frames() {
        return frames;
    }

    /** @thread any */
    public long maxRenderNanos() {
        return maxNanos;
    }

    /** @thread any */
    public long totalRenderNanos() {
        return totalNanos;
    }

    /** @thread any */
    public double maxLoad() {
        return maxLoad;
    }

    /** @thread any */
    public double totalPeriodNanos() {
        return totalPeriodNanos;
    }

    /** @thread any */
    public long mutedNodes() {
        return muted;
    }
}
