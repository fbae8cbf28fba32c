package org.midirack.host;

import org.midirack.host.audio.AudioOutputCounters;

/**
 * A host's live statistics, readable from any thread without locks: cycles and frames run,
 * render time per cycle (max and mean as a fraction of the cycle's period), event counters summed
 * over every node's FIFO (late, carried, dropped), glitches reported by nodes
 * ({@link GlitchReporting}), muted nodes, and underruns of an attached output.
 *
 * <p>The render thread is the single writer of its fields (release stores of volatiles); sums
 * over nodes are taken by the reader from the published graph.
 */
public final class HostStatistics {
    private final Host host;
    private volatile long cycles;
    private volatile long frames;
    private volatile long maxNanos;
    private volatile long totalNanos;
    private volatile double maxLoad;
    private volatile double totalPeriodNanos;
    private volatile long muted;
    private volatile AudioOutputCounters output;

    HostStatistics(Host host) {
        this.host = host;
    }

    /** @thread render (single writer) */
    void recordCycle(int n, long nanos, double sampleRate) {
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
    void recordMuted() {
        muted = muted + 1;
    }

    /**
     * Makes {@link #underruns()} report this output's underruns.
     *
     * @param counters the output's counters, or null
     * @thread any
     */
    public void attachOutput(AudioOutputCounters counters) {
        this.output = counters;
    }

    /** Cycles run (every sub-block counts as one). @thread any */
    public long cycles() {
        return cycles;
    }

    /** Frames rendered. @thread any */
    public long frames() {
        return frames;
    }

    /** Longest render time of one cycle, in ns. @thread any */
    public long maxRenderNanos() {
        return maxNanos;
    }

    /** Mean render time per cycle, in ns. @thread any */
    public double meanRenderNanos() {
        long c = cycles;
        return c == 0 ? 0 : (double) totalNanos / c;
    }

    /** Highest render time of a cycle as a fraction of its period. @thread any */
    public double maxLoad() {
        return maxLoad;
    }

    /** Total render time as a fraction of total period. @thread any */
    public double meanLoad() {
        double p = totalPeriodNanos;
        return p == 0 ? 0 : totalNanos / p;
    }

    /** Nodes muted for a fault since activation. @thread any */
    public long mutedNodes() {
        return muted;
    }

    /** Underruns of the attached output (0 when none is attached). @thread any */
    public long underruns() {
        AudioOutputCounters c = output;
        return c == null ? 0 : c.underruns();
    }

    /** Events delivered late (played at frame 0), over all nodes' FIFOs. @thread any */
    public long lateEvents() {
        long s = 0;
        for (NodeRuntime rt : host.runtimesForStats()) {
            s += rt.fifo.late();
        }
        return s;
    }

    /** Events carried into later cycles, over all nodes' FIFOs. @thread any */
    public long carriedEvents() {
        long s = 0;
        for (NodeRuntime rt : host.runtimesForStats()) {
            s += rt.fifo.carried();
        }
        return s;
    }

    /** Events refused by a full FIFO, over all nodes. @thread any */
    public long droppedEvents() {
        long s = 0;
        for (NodeRuntime rt : host.runtimesForStats()) {
            s += rt.fifo.dropped();
        }
        return s;
    }

    /** Glitches reported by nodes (offloaded nodes, nested hosts). @thread any */
    public long glitches() {
        return host.glitches();
    }

    /** @thread any (allocates) */
    @Override
    public String toString() {
        return String.format("cycles %d, frames %d, render max %.1f us (%.1f%%), mean %.1f us (%.1f%%), late %d,"
                        + " carried %d, dropped %d, glitches %d, muted %d, underruns %d",
                cycles(), frames(), maxRenderNanos() / 1e3, maxLoad() * 100, meanRenderNanos() / 1e3, meanLoad() * 100,
                lateEvents(), carriedEvents(), droppedEvents(), glitches(), mutedNodes(), underruns());
    }
}
