package org.midirack.host;

import org.midirack.host.audio.AudioOutputCounters;
import org.midirack.host.graph.GraphModel;
import org.midirack.host.graph.NodeRuntime;
import org.midirack.host.render.CycleStats;
import org.midirack.host.transport.EventScheduler;

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
    private final CycleStats cycle;
    private final GraphModel model;
    private final GlitchReporting glitchSource;
    private final EventScheduler scheduler;
    private volatile AudioOutputCounters output;

    HostStatistics(CycleStats cycle, GraphModel model, GlitchReporting glitchSource, EventScheduler scheduler) {
        this.scheduler = scheduler;
        this.cycle = cycle;
        this.model = model;
        this.glitchSource = glitchSource;
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
        return cycle.cycles();
    }

    /** Frames rendered. @thread any */
    public long frames() {
        return cycle.frames();
    }

    /** Longest render time of one cycle, in ns. @thread any */
    public long maxRenderNanos() {
        return cycle.maxRenderNanos();
    }

    /** Mean render time per cycle, in ns. @thread any */
    public double meanRenderNanos() {
        long c = cycle.cycles();
        return c == 0 ? 0 : (double) cycle.totalRenderNanos() / c;
    }

    /** Highest render time of a cycle as a fraction of its period. @thread any */
    public double maxLoad() {
        return cycle.maxLoad();
    }

    /** Total render time as a fraction of total period. @thread any */
    public double meanLoad() {
        double p = cycle.totalPeriodNanos();
        return p == 0 ? 0 : cycle.totalRenderNanos() / p;
    }

    /** Nodes muted for a fault since activation. @thread any */
    public long mutedNodes() {
        return cycle.mutedNodes();
    }

    /** Underruns of the attached output (0 when none is attached). @thread any */
    public long underruns() {
        AudioOutputCounters c = output;
        return c == null ? 0 : c.underruns();
    }

    /** Events delivered late (played at frame 0), over all nodes' FIFOs. @thread any */
    public long lateEvents() {
        long s = 0;
        for (NodeRuntime rt : model.runtimes()) {
            s += rt.fifo.late();
        }
        return s;
    }

    /** Events carried into later cycles, over all nodes' FIFOs. @thread any */
    public long carriedEvents() {
        long s = 0;
        for (NodeRuntime rt : model.runtimes()) {
            s += rt.fifo.carried();
        }
        return s;
    }

    /** Events refused by a full FIFO, over all nodes. @thread any */
    public long droppedEvents() {
        long s = 0;
        for (NodeRuntime rt : model.runtimes()) {
            s += rt.fifo.dropped();
        }
        return s;
    }

    /**
     * Events that did not fit into a node's cycle when MIDI from its sources (other nodes, a parent
     * host) was merged in, or could not be carried into its FIFO past the cycle, over all nodes.
     * Releases among them are never simply lost: see {@link #releasesRecovered()}.
     * @thread any
     */
    public long routedEventsDropped() {
        long s = 0;
        for (NodeRuntime rt : model.runtimes()) {
            s += rt.routedDropped;
        }
        return s;
    }

    /**
     * Releases (note-offs, sustain up, All Notes Off, ...) among {@link #routedEventsDropped()}; each
     * made its node get sustain off and All Notes Off on every channel at the start of its next
     * cycle, so no note is left sounding.
     * @thread any
     */
    public long releasesRecovered() {
        long s = 0;
        for (NodeRuntime rt : model.runtimes()) {
            s += rt.releasesRecovered;
        }
        return s;
    }

    /**
     * Events nodes emitted past their MIDI out buffer ({@link HostConfig#midiOutCapacity(int)}),
     * or with invalid bytes, over all nodes; the nodes that take that MIDI get a release-all in
     * their next cycle, as what was lost may have been a release.
     * @thread any
     */
    public long midiOutEventsDropped() {
        long s = 0;
        for (NodeRuntime rt : model.runtimes()) {
            s += rt.midiOutRejected;
        }
        return s;
    }

    /**
     * Events that reached no node: sequenced to a slot not in the graph, or offered at the host's
     * own MIDI input ({@link Host#BOUNDARY}) with no MIDI link from it, or with invalid bytes there.
     * @thread any
     */
    public long unroutedEvents() {
        return scheduler.unrouted();
    }

    /** Glitches reported by nodes (offloaded nodes, nested hosts). @thread any */
    public long glitches() {
        return glitchSource.glitches();
    }

    /** @thread any (allocates) */
    @Override
    public String toString() {
        return String.format("cycles %d, frames %d, render max %.1f us (%.1f%%), mean %.1f us (%.1f%%), late %d,"
                        + " carried %d, dropped %d, routed dropped %d (releases recovered %d), MIDI out dropped %d,"
                        + " unrouted %d, glitches %d, muted %d, underruns %d",
                cycles(), frames(), maxRenderNanos() / 1e3, maxLoad() * 100, meanRenderNanos() / 1e3, meanLoad() * 100,
                lateEvents(), carriedEvents(), droppedEvents(), routedEventsDropped(), releasesRecovered(),
                midiOutEventsDropped(), unroutedEvents(), glitches(), mutedNodes(), underruns());
    }
}
