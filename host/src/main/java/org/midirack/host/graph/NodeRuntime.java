package org.midirack.host.graph;

import org.midirack.core.EventList;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.Node;
import org.midirack.core.ProcessContext;
import org.midirack.core.hosting.CycleContext;
import org.midirack.core.hosting.ManyToOneEventFifo;
import org.midirack.core.hosting.RemoteMailbox;
import org.midirack.core.hosting.TransportState;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A node as the host keeps it: its FIFO, mailbox, process context and fault state. Lives from
 * {@link org.midirack.host.Host#add} to removal; compiled graphs share it. Engine-internal: the
 * graph model creates it, the render cycle and the fault monitor write its render-thread fields.
 */
public final class NodeRuntime {
    public static final int FAULT_NONE = 0;
    public static final int FAULT_THREW = 1;
    public static final int FAULT_NON_FINITE = 2;

    public final int slot;
    public final Node node;
    public final ManyToOneEventFifo fifo;
    public final RemoteMailbox mailbox = new RemoteMailbox();
    /** Set once the fault monitor has reported this node's fault. */
    public final AtomicBoolean reported = new AtomicBoolean();
    /** The transport copy this node gets each cycle (no node can change another's). */
    public final TransportState transport = new TransportState();

    /** Events a release-all puts into a node's cycle: sustain off, All Notes Off, All Sound Off on 16 channels. */
    public static final int RELEASE_EVENTS = 48;
    /** Room in a node's merged events that only releases may take. */
    public static final int RELEASE_RESERVE = 64;

    // set at activation (main thread, before publication)
    public CycleContext ctx;
    public MidiEventBuffer merged;

    // render thread
    int reportedLatency = -1;
    int latency;
    public volatile int fault;
    public volatile Throwable error;
    public volatile long faultCycle;
    public volatile boolean removed;
    /** Events that did not fit into this node's cycle when merged from its MIDI sources (render writes). */
    public volatile long routedDropped;
    /** Releases among them, each answered by a release-all in the node's next cycle (render writes). */
    public volatile long releasesRecovered;
    /** Events this node emitted past its MIDI out buffer (render writes). */
    public volatile long midiOutRejected;
    /** The node gets a release-all at the start of its next cycle (render thread only). */
    public boolean releaseNext;
    /** Its MIDI out refused something this cycle, so its destinations cannot trust their releases (render thread only). */
    public boolean outOverflowed;
    /** {@code ctx.midiOut().rejected()} as last seen by the render thread (render thread only). */
    public long outRejectedSeen;

    // counts of the buffers of earlier activations (each activation makes new ones); main writes
    private volatile long outDisplacedBefore;
    private volatile long outReleasesRefusedBefore;
    private volatile long outInvalidBefore;
    private volatile long mergeDisplacedBefore;

    NodeRuntime(int slot, Node node, int fifoCapacity) {
        this.slot = slot;
        this.node = node;
        this.fifo = new ManyToOneEventFifo(fifoCapacity);
    }

    /** @thread main (node not in a published graph or host inactive) */
    void activate(double sampleRate, int maxFrames, int midiOutCapacity, int fifoCapacity) {
        if (!node.isActive()) {
            node.activate(sampleRate, maxFrames);
        }
        ProcessContext old = ctx;
        if (old != null) {
            outDisplacedBefore += old.midiOut().displaced();
            outReleasesRefusedBefore += old.midiOut().releasesRefused();
            outInvalidBefore += old.midiOut().rejectedInvalid();
            mergeDisplacedBefore += merged.displaced();
        }
        ctx = new CycleContext(node.descriptor(), maxFrames, midiOutCapacity);
        merged = new MidiEventBuffer(fifoCapacity + 4 * midiOutCapacity + RELEASE_EVENTS + RELEASE_RESERVE);
        outRejectedSeen = 0;
        reportedLatency = -1;
        latency = Math.max(0, node.latencyFrames());
    }

    /**
     * Events emitted into this node's MIDI out that a release later pushed out of it (see
     * {@link MidiEventBuffer#displaced()}), since the node was added.
     * @thread any
     */
    public long midiOutDisplaced() {
        ProcessContext c = ctx;
        return outDisplacedBefore + (c == null ? 0 : c.midiOut().displaced());
    }

    /** Releases this node's MIDI out refused because it was full of releases, since the node was added. @thread any */
    public long midiOutReleasesRefused() {
        ProcessContext c = ctx;
        return outReleasesRefusedBefore + (c == null ? 0 : c.midiOut().releasesRefused());
    }

    /** Events with invalid bytes or a negative offset this node's MIDI out refused, since the node was added. @thread any */
    public long midiOutInvalid() {
        ProcessContext c = ctx;
        return outInvalidBefore + (c == null ? 0 : c.midiOut().rejectedInvalid());
    }

    /**
     * Events merged into this node's cycle that a release later pushed out of it (the merge's
     * refusals are in {@link #routedDropped}, its displacements only here), since the node was added.
     * @thread any
     */
    public long mergeDisplaced() {
        MidiEventBuffer m = merged;
        return mergeDisplacedBefore + (m == null ? 0 : m.displaced());
    }

    /** @thread render */
    int effectiveLatency() {
        int r = mailbox.takeLatencyReport();
        if (r >= 0) {
            reportedLatency = r;
        }
        return Math.max(0, reportedLatency >= 0 ? reportedLatency : node.latencyFrames());
    }

    /** Offers a raw event (MIDI or parameter) into the FIFO. @thread any */
    public boolean offerData(int offset, long data) {
        if ((int) (data >>> 56) == EventList.TYPE_PARAM) {
            return fifo.offerParam(offset, (int) (data >>> 32) & 0xFFFF, Float.intBitsToFloat((int) data));
        }
        return fifo.offer(offset, (int) (data >>> 16) & 0xFF, (int) (data >>> 8) & 0xFF, (int) data & 0xFF);
    }
}
