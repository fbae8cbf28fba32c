package org.midirack.host;

import org.midirack.core.EventList;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.Node;
import org.midirack.core.hosting.CycleContext;
import org.midirack.core.hosting.ManyToOneEventFifo;
import org.midirack.core.hosting.RemoteMailbox;
import org.midirack.core.hosting.TransportState;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A node as the host keeps it: its FIFO, mailbox, process context and fault state. Lives from
 * {@link Host#add} to removal; compiled graphs share it.
 */
final class NodeRuntime {
    static final int FAULT_NONE = 0;
    static final int FAULT_THREW = 1;
    static final int FAULT_NON_FINITE = 2;

    final int slot;
    final Node node;
    final ManyToOneEventFifo fifo;
    final RemoteMailbox mailbox = new RemoteMailbox();
    final AtomicBoolean reported = new AtomicBoolean();
    final TransportState transport = new TransportState();

    // set at activation (main thread, before publication)
    CycleContext ctx;
    MidiEventBuffer merged;

    // render thread
    int reportedLatency = -1;
    int latency;
    volatile int fault;
    volatile Throwable error;
    volatile long faultCycle;
    volatile boolean removed;

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
        ctx = new CycleContext(node.descriptor(), maxFrames, midiOutCapacity);
        merged = new MidiEventBuffer(fifoCapacity + 4 * midiOutCapacity);
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
    boolean offerData(int offset, long data) {
        if ((int) (data >>> 56) == EventList.TYPE_PARAM) {
            return fifo.offerParam(offset, (int) (data >>> 32) & 0xFFFF, Float.intBitsToFloat((int) data));
        }
        return fifo.offer(offset, (int) (data >>> 16) & 0xFF, (int) (data >>> 8) & 0xFF, (int) data & 0xFF);
    }
}
