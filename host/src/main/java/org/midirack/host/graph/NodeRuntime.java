package org.midirack.host.graph;

import java.util.concurrent.atomic.AtomicBoolean;
import org.midirack.core.EventList;
import org.midirack.core.ManyToOneEventFifo;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.Node;
import org.midirack.core.ProcessContext;
import org.midirack.core.RemoteMailbox;

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
    public final org.midirack.core.Transport transport = new org.midirack.core.Transport();

    /** Events a release-all puts into a node's cycle: sustain off, All Notes Off, All Sound Off on 16 channels. */
    public static final int RELEASE_EVENTS = 48;
    /** Room in a node's merged events that only releases may take. */
    public static final int RELEASE_RESERVE = 64;

    // set at activation (main thread, before publication)
    public ProcessContext ctx;
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
        ctx = new ProcessContext(node.descriptor(), maxFrames, midiOutCapacity);
        merged = new MidiEventBuffer(fifoCapacity + 4 * midiOutCapacity + RELEASE_EVENTS + RELEASE_RESERVE);
        reportedLatency = -1;
        latency = Math.max(0, node.latencyFrames());
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
