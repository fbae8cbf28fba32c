package org.midirack.host.offload;

import org.midirack.core.EventList;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.MidiMessages;
import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeState;
import org.midirack.core.Parameters;
import org.midirack.core.ProcessContext;
import org.midirack.core.RemoteRequest;
import org.midirack.core.hosting.CycleContext;
import org.midirack.core.hosting.RemoteMailbox;
import org.midirack.core.hosting.TransportState;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.midirack.core.MidiDropCounters;
import org.midirack.host.GlitchReporting;

/**
 * Runs a heavy node on a worker thread one cycle behind the render thread (seed 002). Each cycle
 * the render thread takes the block the worker finished for the previous cycle and hands the
 * worker this cycle's input (audio, events, transport) in a pre-allocated slot. Slots move
 * FREE → SUBMITTED (render thread filled the input) → WRITING (the worker claimed it by
 * compare-and-set and renders) → READY (output written) → FREE (render thread took it).
 *
 * <p>The render thread never waits: when the previous cycle's block is not READY it repeats the
 * last good block and counts a glitch; when no slot is FREE it counts a skipped submission and
 * hands that cycle's events on with the next one (late, never lost). A block finished too late for
 * its cycle is discarded, audio and MIDI, except the releases in its MIDI output (note-offs, pedal
 * releases, All Notes Off, ... see {@link MidiMessages#isRelease}): they go out at the first frame
 * of the cycle that discards the block, so a note the wrapped node started never keeps sounding
 * ({@link #lateReleasesForwarded()}); its other MIDI is dropped and counted
 * ({@link #lateEventsDropped()}). A late note-on dropped this way makes its later note-off a
 * harmless one. The wrapper reports the wrapped node's latency plus one cycle, and
 * re-reports it through {@code RemoteControl.latencyChanged} when the cycle length changes.
 *
 * <p>When the wrapped node counts the MIDI it holds back ({@link MidiDropCounters}, e.g. a MIDI
 * processor), the wrapper reports its counts, so a host sees them whether the node runs offloaded
 * or not.
 *
 * <p>A throw from the wrapped node on the worker is re-thrown on the render thread at the next
 * cycle, so the host mutes the wrapper and reports the original exception.
 */
public final class OffloadNode implements Node, GlitchReporting, MidiDropCounters {
    private static final int FREE = 0;
    private static final int SUBMITTED = 1;
    private static final int WRITING = 2;
    private static final int READY = 3;

    private static final class Slot {
        final CycleContext ctx;
        final MidiEventBuffer events;
        final TransportState transport = new TransportState();
        int frames;
        long seq;

        Slot(NodeDescriptor d, int maxFrames, int eventCapacity, int midiOutCapacity) {
            ctx = new CycleContext(d, maxFrames, midiOutCapacity);
            events = new MidiEventBuffer(eventCapacity);
        }
    }

    private final Node inner;
    private final int slotCount;
    private final int eventCapacity;
    private final AtomicIntegerArray state;
    private final RemoteMailbox innerMailbox = new RemoteMailbox();

    private Slot[] slots;
    private float[][][] lastGood;
    private int lastGoodFrames;
    private MidiEventBuffer pending;
    private volatile Thread worker;
    private volatile boolean running;
    private volatile boolean resetRequested;
    private volatile Throwable failure;
    private boolean failureThrown;

    // render thread
    private long nextSeq;
    private long expected = -1;
    private int blockFrames;
    private int reportedLatency = -1;

    private volatile long glitches;
    private volatile long skipped;
    private volatile long completed;
    private volatile long discarded;
    private volatile long lateReleases;
    private volatile long lateDropped;

    /**
     * Wraps a node with three slots and room for 1024 events per cycle.
     * @thread main
     */
    public OffloadNode(Node inner) {
        this(inner, 3, 1024);
    }

    /**
     * @param inner the node to run on the worker (inactive; the wrapper activates it)
     * @param slotCount pre-allocated blocks in flight, 2..16
     * @param eventCapacity events per cycle handed to the worker
     * @thread main
     */
    public OffloadNode(Node inner, int slotCount, int eventCapacity) {
        if (inner == null) {
            throw new IllegalArgumentException("wrapped node is null");
        }
        if (slotCount < 2 || slotCount > 16) {
            throw new IllegalArgumentException("slotCount must be in 2..16, was " + slotCount);
        }
        if (eventCapacity < 1) {
            throw new IllegalArgumentException("eventCapacity must be >= 1, was " + eventCapacity);
        }
        this.inner = inner;
        this.slotCount = slotCount;
        this.eventCapacity = eventCapacity;
        this.state = new AtomicIntegerArray(slotCount);
    }

    /** The wrapped node. @thread any */
    public Node inner() {
        return inner;
    }

    /** @thread any */
    @Override
    public NodeDescriptor descriptor() {
        return inner.descriptor();
    }

    /** Activates the wrapped node, allocates every slot and starts the worker. @thread main (not active) */
    @Override
    public void activate(double sampleRate, int maxFrames) {
        if (running) {
            throw new IllegalStateException("offloaded node '" + inner.descriptor().id() + "' is already active; deactivate it first");
        }
        inner.activate(sampleRate, maxFrames);
        NodeDescriptor d = inner.descriptor();
        slots = new Slot[slotCount];
        for (int i = 0; i < slotCount; i++) {
            slots[i] = new Slot(d, maxFrames, eventCapacity * 2, eventCapacity);
            state.set(i, FREE);
        }
        lastGood = new float[d.audioOutputPorts()][][];
        for (int p = 0; p < lastGood.length; p++) {
            lastGood[p] = new float[d.audioOutputChannels(p)][maxFrames];
        }
        lastGoodFrames = 0;
        pending = new MidiEventBuffer(eventCapacity);
        nextSeq = 0;
        expected = -1;
        blockFrames = maxFrames;
        reportedLatency = -1;
        failure = null;
        failureThrown = false;
        running = true;
        Thread t = new Thread(this::workLoop, "midirack-offload-" + d.id());
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        worker = t;
        t.start();
    }

    /** Stops the worker (after its current block) and deactivates the wrapped node. @thread main (active) */
    @Override
    public void deactivate() {
        if (!running) {
            return;
        }
        running = false;
        Thread t = worker;
        if (t != null) {
            LockSupport.unpark(t);
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        worker = null;
        inner.deactivate();
    }

    /** @thread any */
    @Override
    public boolean isActive() {
        return running;
    }

    /** @thread render */
    @Override
    public void process(ProcessContext ctx) {
        if (!running) {
            return;
        }
        Throwable f = failure;
        if (f != null && !failureThrown) {
            failureThrown = true;
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error er) {
                throw er;
            }
        }
        int n = ctx.frames();
        takeFinished(ctx, n);
        submit(ctx, n);
        int bits = innerMailbox.takeRequests();
        if (bits != 0) {
            for (RemoteRequest r : REQUESTS) {
                if (RemoteMailbox.has(bits, r)) {
                    ctx.remote().request(r);
                }
            }
        }
        innerMailbox.takeLatencyReport();
        if (n != blockFrames) {
            blockFrames = n;
        }
        int lat = latencyFrames();
        if (lat != reportedLatency) {
            reportedLatency = lat;
            ctx.remote().latencyChanged(lat);
        }
    }

    private static final RemoteRequest[] REQUESTS = RemoteRequest.values();

    private void takeFinished(ProcessContext ctx, int n) {
        int best = -1;
        for (int i = 0; i < slotCount; i++) {
            if (state.get(i) == READY) {
                if (slots[i].seq == expected) {
                    best = i;
                } else {
                    forwardReleases(slots[i], ctx.midiOut()); // too late for its cycle
                    state.set(i, FREE);
                    discarded = discarded + 1;
                }
            }
        }
        int ports = lastGood.length;
        if (best >= 0) {
            Slot s = slots[best];
            int m = Math.min(n, s.frames);
            for (int p = 0; p < ports; p++) {
                float[][] src = s.ctx.outputs(p);
                float[][] dst = ctx.outputs(p);
                for (int c = 0; c < dst.length; c++) {
                    System.arraycopy(src[c], 0, dst[c], 0, m);
                    System.arraycopy(src[c], 0, lastGood[p][c], 0, s.frames);
                }
            }
            lastGoodFrames = s.frames;
            MidiEventBuffer mo = s.ctx.midiOut();
            for (int j = 0; j < mo.size(); j++) {
                ctx.midiOut().addData(mo.offset(j), mo.data(j));
            }
            state.set(best, FREE);
        } else if (nextSeq > 0) {
            glitches = glitches + 1;
            int m = Math.min(n, lastGoodFrames);
            for (int p = 0; p < ports; p++) {
                float[][] dst = ctx.outputs(p);
                for (int c = 0; c < dst.length; c++) {
                    System.arraycopy(lastGood[p][c], 0, dst[c], 0, m);
                }
            }
        }
    }

    /** A late block's releases go out at frame 0 (before this cycle's block); the rest is counted dropped. */
    private void forwardReleases(Slot late, MidiEventBuffer out) {
        MidiEventBuffer mo = late.ctx.midiOut();
        for (int j = 0; j < mo.size(); j++) {
            long d = mo.data(j);
            boolean release = (d >>> 56) == EventList.TYPE_MIDI
                    && MidiMessages.isRelease(mo.status(j), mo.data1(j), mo.data2(j));
            if (release && out.addData(0, d)) {
                lateReleases = lateReleases + 1;
            } else if (!release) {
                lateDropped = lateDropped + 1;
            } // a release the output refused is counted by the output (MidiEventBuffer.releasesRefused)
        }
    }

    private void submit(ProcessContext ctx, int n) {
        int free = -1;
        for (int i = 0; i < slotCount; i++) {
            if (state.get(i) == FREE) {
                free = i;
                break;
            }
        }
        if (free < 0) {
            skipped = skipped + 1;
            glitchCarry(ctx);
            expected = -1;
            nextSeq++;
            return;
        }
        Slot s = slots[free];
        int ins = ctx.descriptor().audioInputPorts();
        for (int p = 0; p < ins; p++) {
            boolean connected = ctx.inputConnected(p);
            s.ctx.setInputConnected(p, connected);
            if (connected) {
                float[][] src = ctx.inputs(p);
                float[][] dst = s.ctx.inputs(p);
                for (int c = 0; c < dst.length; c++) {
                    System.arraycopy(src[c], 0, dst[c], 0, n);
                }
            }
        }
        for (int p = 0; p < lastGood.length; p++) {
            s.ctx.setOutputConnected(p, ctx.outputConnected(p));
        }
        s.events.clear();
        for (int j = 0; j < pending.size(); j++) {
            s.events.addData(0, pending.data(j)); // carried from a skipped cycle: late, at frame 0
        }
        pending.clear();
        s.events.addAll(ctx.events(), 0);
        s.transport.copyFrom(ctx.transport());
        s.frames = n;
        s.seq = nextSeq;
        expected = nextSeq;
        nextSeq++;
        state.set(free, SUBMITTED);
        Thread t = worker;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void glitchCarry(ProcessContext ctx) {
        // every carried event will act at frame 0 of a later block: keep them in arrival order,
        // (by offset they would interleave cycles: a later cycle's note-off could pass the note-on)
        EventList ev = ctx.events();
        for (int j = 0; j < ev.size(); j++) {
            pending.addData(0, ev.data(j));
        }
    }

    private void workLoop() {
        while (running) {
            int pick = -1;
            long lowest = Long.MAX_VALUE;
            for (int i = 0; i < slotCount; i++) {
                if (state.get(i) == SUBMITTED && slots[i].seq < lowest) {
                    lowest = slots[i].seq;
                    pick = i;
                }
            }
            if (pick < 0 || !state.compareAndSet(pick, SUBMITTED, WRITING)) {
                if (pick < 0) {
                    LockSupport.parkNanos(this, 1_000_000L);
                }
                continue;
            }
            Slot s = slots[pick];
            if (resetRequested) {
                resetRequested = false;
                inner.reset();
            }
            s.ctx.begin(s.frames, s.events, s.transport, innerMailbox);
            if (failure == null) {
                try {
                    inner.process(s.ctx);
                } catch (Throwable e) {
                    failure = e;
                }
            }
            if (failure != null) {
                for (int p = 0; p < lastGood.length; p++) {
                    for (float[] ch : s.ctx.outputs(p)) {
                        java.util.Arrays.fill(ch, 0, s.frames, 0f);
                    }
                }
            }
            s.ctx.end();
            state.set(pick, READY);
            completed = completed + 1;
        }
    }

    /** Asks the worker to reset the wrapped node before its next block. @thread render (between cycles) */
    @Override
    public void reset() {
        resetRequested = true;
    }

    /** The wrapped node's latency plus one cycle. @thread any */
    @Override
    public int latencyFrames() {
        return inner.latencyFrames() + blockFrames;
    }

    /** @thread any */
    @Override
    public double tailSeconds() {
        return inner.tailSeconds();
    }

    /** @thread any */
    @Override
    public Parameters parameters() {
        return inner.parameters();
    }

    /** @thread main */
    @Override
    public NodeState saveState() {
        return inner.saveState();
    }

    /** @thread main */
    @Override
    public void loadState(NodeState st) {
        inner.loadState(st);
    }

    /** Cycles whose block was not ready in time (the last good block was repeated). @thread any */
    @Override
    public long glitches() {
        return glitches;
    }

    /** Cycles whose input could not be handed to the worker because every slot was busy. @thread any */
    public long skippedSubmissions() {
        return skipped;
    }

    /** Blocks the worker finished. @thread any */
    public long completedBlocks() {
        return completed;
    }

    /** Finished blocks thrown away because they came too late for their cycle. @thread any */
    public long discardedBlocks() {
        return discarded;
    }

    /** Releases from late blocks' MIDI output sent on at the first frame of the cycle that discarded them. @thread any */
    public long lateReleasesForwarded() {
        return lateReleases;
    }

    /** MIDI events of late blocks dropped (everything but releases). @thread any */
    public long lateEventsDropped() {
        return lateDropped;
    }

    /**
     * Input events (MIDI and parameter changes) that did not reach the wrapped node: dropped from
     * the carry of skipped cycles or from a block's event list when full (releases displace other
     * events first, see {@link MidiEventBuffer}).
     * @thread any
     */
    public long inputEventsDropped() {
        Slot[] ss = slots;
        MidiEventBuffer p = pending;
        long n = p == null ? 0 : p.dropped();
        if (ss != null) {
            for (Slot s : ss) {
                n += s.events.dropped();
            }
        }
        return n;
    }

    /** The wrapped node's {@link MidiDropCounters#refusedNoteOns()}, 0 when it has none. @thread any */
    @Override
    public long refusedNoteOns() {
        return inner instanceof MidiDropCounters c ? c.refusedNoteOns() : 0;
    }

    /** The wrapped node's {@link MidiDropCounters#refusedMessages()}, 0 when it has none. @thread any */
    @Override
    public long refusedMessages() {
        return inner instanceof MidiDropCounters c ? c.refusedMessages() : 0;
    }

    /** The wrapped node's {@link MidiDropCounters#deferredReleases()}, 0 when it has none. @thread any */
    @Override
    public long deferredReleases() {
        return inner instanceof MidiDropCounters c ? c.deferredReleases() : 0;
    }

    /** The exception the wrapped node threw on the worker, or null. @thread any */
    public Throwable failure() {
        return failure;
    }
}
