package org.midirack.host;

import java.util.function.ToLongFunction;
import org.midirack.host.audio.AudioOutputCounters;
import org.midirack.host.graph.GraphModel;
import org.midirack.core.MidiDropCounters;
import org.midirack.host.graph.NodeRuntime;
import org.midirack.host.offload.OffloadNode;
import org.midirack.host.render.CycleStats;
import org.midirack.host.transport.EventScheduler;

/**
 * A host's live statistics, readable from any thread without locks: cycles and frames run,
 * render time per cycle (max and mean as a fraction of the cycle's period), event counters summed
 * over every node's FIFO (late, carried, dropped), glitches reported by nodes
 * ({@link GlitchReporting}), muted nodes, and underruns of an attached output.
 *
 * <p>Every MIDI event the host or a node did not pass on is counted, by reason, summed over the
 * graph's nodes: refused or displaced when merged into a node's cycle ({@link #routedEventsDropped()},
 * {@link #routedEventsDisplaced()}), refused or displaced in a node's MIDI out
 * ({@link #midiOutEventsDropped()}, {@link #midiOutEventsDisplaced()}), held back by a node that
 * counts it ({@link MidiDropCounters}: {@link #refusedNoteOns()}, {@link #refusedMessages()},
 * {@link #deferredReleases()}), or lost with the late blocks of an {@link OffloadNode}
 * ({@link #offloadLateEventsDropped()}, {@link #offloadInputEventsDropped()}). Each count appears
 * once: the merge's own refusals are the routed drops, not counted again from its buffer.
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
        return sum(rt -> rt.fifo.late());
    }

    /** Events carried into later cycles, over all nodes' FIFOs. @thread any */
    public long carriedEvents() {
        return sum(rt -> rt.fifo.carried());
    }

    /**
     * Events a node's FIFO refused because it was full (never a release: the FIFO takes every
     * release), over all nodes; the same count as {@code ManyToOneEventFifo.refusedFull()}.
     * @thread any
     */
    public long droppedEvents() {
        return sum(rt -> rt.fifo.refusedFull());
    }

    /** Offers a node's FIFO refused as no valid short MIDI message, over all nodes. @thread any */
    public long invalidEvents() {
        return sum(rt -> rt.fifo.refusedInvalid());
    }

    /**
     * Releases that found a node's FIFO full and went through its lossless side channel (taken,
     * not dropped), over all nodes.
     * @thread any
     */
    public long releasesViaSideChannel() {
        return sum(rt -> rt.fifo.releasesViaSideChannel());
    }

    /**
     * Side-channel releases merged into an earlier or later release of the same key or controller
     * (between a slot's first and last), over all nodes.
     * @thread any
     */
    public long releasesMerged() {
        return sum(rt -> rt.fifo.releasesMerged());
    }

    /**
     * Events that did not fit into a node's cycle when MIDI from its sources (other nodes, a parent
     * host) was merged in, or could not be carried into its FIFO past the cycle, over all nodes.
     * Releases among them are never simply lost: see {@link #releasesRecovered()}. Events a
     * release pushed out of a full merge are counted apart ({@link #routedEventsDisplaced()}).
     * @thread any
     */
    public long routedEventsDropped() {
        return sum(rt -> rt.routedDropped);
    }

    /**
     * Releases (note-offs, sustain up, All Notes Off, ...) among {@link #routedEventsDropped()}; each
     * made its node get sustain off and All Notes Off on every channel at the start of its next
     * cycle, so no note is left sounding.
     * @thread any
     */
    public long releasesRecovered() {
        return sum(rt -> rt.releasesRecovered);
    }

    /**
     * Events nodes emitted past their MIDI out buffer ({@link HostConfig#midiOutCapacity(int)}),
     * or with invalid bytes, over all nodes; the nodes that take that MIDI get a release-all in
     * their next cycle, as what was lost may have been a release. Events a release pushed out of a
     * full MIDI out are counted apart ({@link #midiOutEventsDisplaced()}).
     * @thread any
     */
    public long midiOutEventsDropped() {
        return sum(rt -> rt.midiOutRejected);
    }

    /**
     * Events nodes emitted into their MIDI out that a later release pushed out again, as the buffer
     * was full (see {@link org.midirack.core.MidiEventBuffer}); never releases, so nothing is left
     * sounding by them. Not part of {@link #midiOutEventsDropped()}.
     * @thread any
     */
    public long midiOutEventsDisplaced() {
        return sum(NodeRuntime::midiOutDisplaced);
    }

    /**
     * Releases among {@link #midiOutEventsDropped()}: refused as the MIDI out was full of releases;
     * the nodes that take that MIDI get a release-all.
     * @thread any
     */
    public long midiOutReleasesRefused() {
        return sum(NodeRuntime::midiOutReleasesRefused);
    }

    /** Events among {@link #midiOutEventsDropped()} refused for invalid bytes or a negative offset. @thread any */
    public long midiOutInvalidEvents() {
        return sum(NodeRuntime::midiOutInvalid);
    }

    /**
     * Events merged into a node's cycle that a release arriving later pushed out again, as the
     * merge was full; never releases. Not part of {@link #routedEventsDropped()}.
     * @thread any
     */
    public long routedEventsDisplaced() {
        return sum(NodeRuntime::mergeDisplaced);
    }

    /** Note-ons nodes held back to keep room for the note-offs they owe ({@link MidiDropCounters}). @thread any */
    public long refusedNoteOns() {
        return sumOf(MidiDropCounters.class, MidiDropCounters::refusedNoteOns);
    }

    /** Other messages (not releases) nodes held back to keep room for the note-offs they owe. @thread any */
    public long refusedMessages() {
        return sumOf(MidiDropCounters.class, MidiDropCounters::refusedMessages);
    }

    /** Note-offs nodes sent a cycle late (at its first frame) as their MIDI out was full of releases. @thread any */
    public long deferredReleases() {
        return sumOf(MidiDropCounters.class, MidiDropCounters::deferredReleases);
    }

    /** Blocks offloaded nodes finished too late for their cycle and discarded ({@link OffloadNode#discardedBlocks()}). @thread any */
    public long offloadDiscardedBlocks() {
        return sumOf(OffloadNode.class, OffloadNode::discardedBlocks);
    }

    /**
     * Releases from offloaded nodes' late blocks, sent on at the first frame of the cycle that
     * discarded the block ({@link OffloadNode#lateReleasesForwarded()}): recovered, not dropped.
     * @thread any
     */
    public long offloadLateReleasesForwarded() {
        return sumOf(OffloadNode.class, OffloadNode::lateReleasesForwarded);
    }

    /** MIDI events (not releases) of offloaded nodes' late blocks, dropped with the block. @thread any */
    public long offloadLateEventsDropped() {
        return sumOf(OffloadNode.class, OffloadNode::lateEventsDropped);
    }

    /** Input events that did not reach an offloaded node's worker ({@link OffloadNode#inputEventsDropped()}). @thread any */
    public long offloadInputEventsDropped() {
        return sumOf(OffloadNode.class, OffloadNode::inputEventsDropped);
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
    /** The sum of a count over the graph's nodes. */
    private long sum(ToLongFunction<NodeRuntime> count) {
        long s = 0;
        for (NodeRuntime rt : model.runtimes()) {
            s += count.applyAsLong(rt);
        }
        return s;
    }

    /** The sum of a count over the graph's nodes of one kind (an optional feature, an offloaded node). */
    private <T> long sumOf(Class<T> kind, ToLongFunction<T> count) {
        long s = 0;
        for (NodeRuntime rt : model.runtimes()) {
            if (kind.isInstance(rt.node)) {
                s += count.applyAsLong(kind.cast(rt.node));
            }
        }
        return s;
    }

    @Override
    public String toString() {
        return String.format("cycles %d, frames %d, render max %.1f us (%.1f%%), mean %.1f us (%.1f%%), late %d,"
                        + " carried %d, dropped %d, invalid %d, releases via side channel %d (merged %d), routed dropped %d (releases recovered %d), routed displaced %d,"
                        + " MIDI out dropped %d (releases %d, invalid %d), MIDI out displaced %d,"
                        + " refused note-ons %d, refused messages %d, deferred releases %d,"
                        + " offload discarded blocks %d (late releases forwarded %d, late events dropped %d),"
                        + " offload input dropped %d, unrouted %d, glitches %d, muted %d, underruns %d",
                cycles(), frames(), maxRenderNanos() / 1e3, maxLoad() * 100, meanRenderNanos() / 1e3, meanLoad() * 100,
                lateEvents(), carriedEvents(), droppedEvents(), invalidEvents(), releasesViaSideChannel(), releasesMerged(),
                routedEventsDropped(), releasesRecovered(),
                routedEventsDisplaced(), midiOutEventsDropped(), midiOutReleasesRefused(), midiOutInvalidEvents(),
                midiOutEventsDisplaced(), refusedNoteOns(), refusedMessages(), deferredReleases(),
                offloadDiscardedBlocks(), offloadLateReleasesForwarded(), offloadLateEventsDropped(),
                offloadInputEventsDropped(), unroutedEvents(), glitches(), mutedNodes(), underruns());
    }
}
