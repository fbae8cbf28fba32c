package org.midirack.host.render;

import org.midirack.core.EventList;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.ProcessContext;
import org.midirack.core.RemoteControl;
import org.midirack.core.RemoteRequest;
import org.midirack.core.Transport;
import org.midirack.core.hosting.CycleContext;
import org.midirack.core.hosting.RemoteMailbox;
import org.midirack.core.hosting.TransportState;
import org.midirack.core.sync.HostSync;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.midirack.host.CycleListener;
import org.midirack.host.HostConfig;
import org.midirack.host.audio.AudioOutput;
import org.midirack.host.graph.AudioConnection;
import org.midirack.host.graph.ChannelRoute;
import org.midirack.host.graph.CompiledGraph;
import org.midirack.host.graph.GraphModel;
import org.midirack.host.graph.NodeRuntime;
import org.midirack.host.transport.EventScheduler;
import org.midirack.host.transport.HostTransport;

/**
 * The render cycle. Each cycle, on the render thread: swap in a newly published graph (a cycle
 * boundary is the only place the graph changes); apply transport commands and nodes' remote
 * requests (or follow the parent's transport when nested); re-read latencies; run the event
 * sources; then run every node exactly once, in topological order: drain its FIFO, merge the MIDI
 * its sources emitted this cycle through each link's channel filter (events past the cycle are
 * carried through the FIFO), sum its audio inputs (delayed for latency compensation, faded when
 * the connection is new or going), process, check the output is finite. Downstream nodes read the
 * outputs it left in its context; nothing renders twice. Allocation-free after activation.
 */
public final class RenderCycle {
    private static final RemoteRequest[] REQUESTS = RemoteRequest.values();

    private final HostConfig config;
    private final NodeDescriptor hostDescriptor;
    private final GraphModel model;
    private final HostTransport engine;
    private final EventScheduler scheduler;
    private final FaultMonitor faults;
    private final CycleStats stats;
    private final ReleaseRequests releases;
    private final Object lock = new Object();
    private volatile CycleListener[] listeners = new CycleListener[0];
    private volatile int totalLatency;

    // render thread
    private CompiledGraph current = CompiledGraph.EMPTY;
    private CompiledGraph seen;
    private final TransportState nodeTransport = new TransportState();
    private double sampleRate = 48_000;
    private int innerMax = 1;
    private int maxFrames = 1;
    private float[][][] outBuf = new float[0][][];
    private final float[][][] parentIns;
    private volatile float[][][] topIns;
    private volatile int topInFrames;
    private int topInPos;
    private final float[][][] parentOuts;
    private long cycleCount;
    private boolean wasPlaying;

    /** @thread main */
    public RenderCycle(HostConfig config, GraphModel model, HostTransport engine, EventScheduler scheduler,
                       FaultMonitor faults, CycleStats stats, ReleaseRequests releases) {
        this.config = config;
        this.hostDescriptor = config.descriptor();
        this.model = model;
        this.engine = engine;
        this.scheduler = scheduler;
        this.faults = faults;
        this.stats = stats;
        this.releases = releases;
        this.parentIns = new float[hostDescriptor.audioInputPorts()][][];
        this.parentOuts = new float[hostDescriptor.audioOutputPorts()][][];
    }

    /**
     * Allocates the output buffers for cycles of at most {@code innerMax} frames and starts from
     * the empty graph (the published one is swapped in by the first cycle).
     * @thread main (no render call running)
     */
    public void activate(double sampleRate, int maxFrames, int innerMax) {
        this.sampleRate = sampleRate;
        this.maxFrames = maxFrames;
        this.innerMax = innerMax;
        outBuf = new float[hostDescriptor.audioOutputPorts()][][];
        for (int p = 0; p < outBuf.length; p++) {
            outBuf[p] = new float[hostDescriptor.audioOutputChannels(p)][innerMax];
        }
        setCurrent(CompiledGraph.EMPTY);
        seen = null;
    }

    /** @thread main (no render call running) */
    public void deactivate() {
        setCurrent(CompiledGraph.EMPTY);
        seen = null;
    }

    private void setCurrent(CompiledGraph g) {
        current = g;
        scheduler.setGraph(g);
    }

    /** @thread any (not render) */
    public void addListener(CycleListener listener) {
        synchronized (lock) {
            CycleListener[] l = Arrays.copyOf(listeners, listeners.length + 1);
            l[l.length - 1] = listener;
            listeners = l;
        }
    }

    /** @thread any (not render) */
    public void removeListener(CycleListener listener) {
        synchronized (lock) {
            List<CycleListener> l = new ArrayList<>(Arrays.asList(listeners));
            l.remove(listener);
            listeners = l.toArray(new CycleListener[0]);
        }
    }

    /** Total latency from the graph's inputs to the host's outputs, as last computed. @thread any */
    public int totalLatency() {
        return totalLatency;
    }

    /**
     * Renders a block as the top host: output port 0, output channel c taking host channel c
     * modulo the port's channel count.
     * @thread render
     */
    public void render(float[][] out, int frames) {
        float[][] port = outBuf.length == 0 ? null : outBuf[0];
        float[][][] ins = topIns;
        int from = topInPos;
        if (ins != null && (from + frames > topInFrames)) {
            ins = null; // more than the input holds: the inputs are silent rather than read past their end
        }
        int done = 0;
        while (done < frames) {
            int n = Math.min(innerMax, frames - done);
            cycle(n, null, 0, null, ins, from + done, outBuf, 0, null, null);
            if (port != null) {
                for (int c = 0; c < out.length; c++) {
                    System.arraycopy(port[c % port.length], 0, out[c], done, n);
                }
            }
            done += n;
        }
        if (ins != null) {
            topInPos = from + frames;
        }
    }

    /**
     * Gives the top host audio inputs (when it renders through {@link #render}, not nested): per
     * input port of the host's descriptor, per channel, a buffer the render thread fills before each
     * output cycle, read from frame 0 after {@link #topInputCycle()} on.
     *
     * @param ins [port][channel][frame], or null for none
     * @thread main (before the output starts)
     */
    public void setTopInputs(float[][][] ins) {
        int f = Integer.MAX_VALUE;
        if (ins != null) {
            if (ins.length != parentIns.length) {
                throw new IllegalArgumentException(ins.length + " audio input ports given, the host has " + parentIns.length);
            }
            for (float[][] p : ins) {
                for (float[] c : p) {
                    f = Math.min(f, c.length);
                }
            }
        }
        topInFrames = ins == null ? 0 : f;
        topIns = ins;
    }

    /**
     * Starts an output cycle of the top inputs: the next {@link #render} reads them from frame 0.
     *
     * @thread render
     */
    public void topInputCycle() {
        topInPos = 0;
    }

    /**
     * Renders {@code frames} frames offline in cycles of {@code cycleFrames} (at most the
     * activation's maximum) and returns output port 0 as channels × frames.
     * @thread main (acts as the render thread; no output running)
     */
    public float[][] renderOffline(int frames, int cycleFrames) {
        int ch = outBuf.length == 0 ? 0 : outBuf[0].length;
        float[][] result = new float[ch][frames];
        float[][] view = new float[ch][];
        int done = 0;
        int step = Math.max(1, Math.min(cycleFrames, maxFrames));
        float[][] tmp = new float[ch][step];
        while (done < frames) {
            int n = Math.min(step, frames - done);
            for (float[] t : tmp) {
                Arrays.fill(t, 0, n, 0f);
            }
            System.arraycopy(tmp, 0, view, 0, ch);
            render(view, n);
            for (int c = 0; c < ch; c++) {
                System.arraycopy(tmp[c], 0, result[c], done, n);
            }
            done += n;
        }
        return result;
    }

    /**
     * Renders as a node inside another host: follows the parent's transport, splits the cycle into
     * sub-blocks of at most {@code innerMax}, forwards remote requests and latency to the parent.
     * @thread render
     */
    public void process(ProcessContext ctx) {
        int n = ctx.frames();
        for (int p = 0; p < parentIns.length; p++) {
            parentIns[p] = ctx.inputs(p);
        }
        for (int p = 0; p < parentOuts.length; p++) {
            parentOuts[p] = ctx.outputs(p);
        }
        int done = 0;
        while (done < n) {
            int k = Math.min(innerMax, n - done);
            cycle(k, ctx.events(), done, ctx.transport(), parentIns, done, parentOuts, done, ctx.midiOut(), ctx.remote());
            done += k;
        }
    }

    /**
     * Resets every node of the running graph and clears their FIFOs.
     * @thread render (between cycles)
     */
    public void reset() {
        CompiledGraph g = current;
        for (NodeRuntime rt : g.order) {
            rt.fifo.clear();
            if (rt.fault == NodeRuntime.FAULT_NONE) {
                try {
                    rt.node.reset();
                } catch (Throwable e) {
                    faults.fault(rt, NodeRuntime.FAULT_THREW, e, cycleCount);
                }
            }
        }
    }

    /**
     * Releases every note of every node (sustain off, All Notes Off, All Sound Off) and waits for
     * the frames that carry the release plus {@code tailSeconds}: rendered here when {@code output}
     * is null; otherwise until the output has rendered them (giving up 2 s after the tail's own
     * time, or when the device is lost; at once for an output that never ran).
     * @thread main (or a shutdown hook; no other render call running when output is null)
     */
    public void releaseAndWait(AudioOutput output, double tailSeconds) {
        long request = releases.request(ReleaseRequests.SILENCE);
        long tailFrames = (long) Math.ceil(tailSeconds * sampleRate);
        if (output == null) {
            while (releases.deliveredThrough() < request) {
                renderOffline(maxFrames, maxFrames);
            }
            if (tailFrames > 0) {
                renderOffline((int) Math.min(Integer.MAX_VALUE, tailFrames), maxFrames);
            }
            return;
        }
        if (!output.isRealTime() && output.counters().callbacks() == 0) {
            return;
        }
        long deadline = System.nanoTime() + (long) (tailSeconds * 1e9) + 2_000_000_000L;
        while (!output.isLost() && System.nanoTime() < deadline) {
            if (releases.deliveredThrough() >= request && stats.frames() >= releases.deliveredEndFrame() + tailFrames) {
                return;
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    private void cycle(int frames, EventList hostEvents, int evFrom, Transport parentT, float[][][] hostIn, int inOff,
                       float[][][] hostOut, int outOff, MidiEventBuffer hostMidiOut, RemoteControl parentRemote) {
        long t0 = System.nanoTime();
        CompiledGraph pub = model.published();
        if (pub != seen) {
            seen = pub;
            setCurrent(pub);
            pub.framesRun = 0;
            model.graphApplied(pub.generation);
        }
        CompiledGraph g = current;
        NodeRuntime[] order = g.order;
        TransportState t = nodeTransport;
        boolean own = parentT == null || !parentT.available();
        int bits = 0;
        if (own) {
            for (NodeRuntime rt : order) {
                bits |= rt.mailbox.takeRequests();
            }
        }
        if (g.updateLatency()) {
            totalLatency = g.totalLatency;
            if (parentRemote != null) {
                parentRemote.latencyChanged(g.totalLatency);
            }
        }
        if (own) {
            engine.begin(frames, bits, t);
        } else {
            t.copyFrom(parentT);
            if (evFrom != 0) {
                t.set(parentT.sampleRate(), frames, parentT.tempo(), HostSync.beatAtFrame(parentT, evFrom),
                        parentT.samplePosition() + evFrom);
                t.setState(parentT.playing(), parentT.recording(), false);
            } else {
                t.setFrames(frames);
            }
        }
        // every note is released when asked, and in the cycle where the transport stops
        int release = releases.take();
        if (wasPlaying && !t.playing()) {
            release = ReleaseRequests.SILENCE;
        }
        wasPlaying = t.playing();
        CycleListener[] ls = listeners;
        for (CycleListener l : ls) {
            l.cycleStart(t);
        }
        scheduler.runSources(t, frames, g.totalLatency);
        int fade = config.fadeFrames();
        for (int i = 0; i < order.length; i++) {
            runNode(g, i, frames, t, hostEvents, evFrom, hostIn, inOff, fade, release);
        }
        mixOutputs(g, frames, hostIn, inOff, hostOut, outOff, fade);
        if (hostMidiOut != null) {
            int[] toHost = g.midiToHost;
            for (int k = 0; k < toHost.length; k++) {
                MidiEventBuffer mo = order[toHost[k]].ctx.midiOut();
                int mask = g.midiToHostMask[k];
                int remap = g.midiToHostRemap[k];
                for (int j = 0; j < mo.size(); j++) {
                    long d = ChannelRoute.apply(mo.data(j), mask, remap);
                    if (d != ChannelRoute.BLOCKED) {
                        hostMidiOut.addData(mo.offset(j) + outOff, d);
                    }
                }
            }
        }
        if (own) {
            engine.end(frames);
        } else if (parentRemote != null) {
            // nested: hand this cycle's requests up at once, so the top host applies them at its
            // next boundary however deep the nesting
            for (NodeRuntime rt : order) {
                bits |= rt.mailbox.takeRequests();
            }
            if (bits != 0) {
                for (RemoteRequest r : REQUESTS) {
                    if (RemoteMailbox.has(bits, r)) {
                        parentRemote.request(r);
                    }
                }
            }
        }
        for (CycleListener l : ls) {
            l.cycleEnd(t);
        }
        cycleCount++;
        g.framesRun += frames;
        if (g.next != null && g.framesRun >= fade) {
            setCurrent(g.next);
            current.framesRun = 0;
            model.graphApplied(current.generation);
        }
        stats.recordCycle(frames, System.nanoTime() - t0, sampleRate);
        releases.rendered(stats.frames());
    }

    private static void mixOutputs(CompiledGraph g, int frames, float[][][] hostIn, int inOff, float[][][] hostOut,
                                   int outOff, int fade) {
        for (float[][] port : hostOut) {
            for (float[] ch : port) {
                Arrays.fill(ch, outOff, outOff + frames, 0f);
            }
        }
        AudioConnection[] outs = g.toOutput;
        for (int k = 0; k < outs.length; k++) {
            AudioConnection c = outs[k];
            int s = g.toOutputSrc[k];
            if (s < 0) {
                if (hostIn != null) {
                    c.mix(hostIn[c.link.srcPort()], inOff, hostOut[c.link.dstPort()], outOff, frames, g.toOutputTargets[k], fade);
                }
            } else {
                c.mix(g.order[s].ctx.outputs(c.link.srcPort()), 0, hostOut[c.link.dstPort()], outOff, frames,
                        g.toOutputTargets[k], fade);
            }
        }
    }

    private void runNode(CompiledGraph g, int i, int frames, Transport t, EventList hostEvents, int evFrom,
                         float[][][] hostIn, int inOff, int fade, int release) {
        NodeRuntime rt = g.order[i];
        CycleContext ctx = rt.ctx;
        EventList ev = rt.fifo.drain(frames);
        int[] ms = g.midiSources[i];
        boolean releaseAll = rt.releaseNext || (release != 0 && rt.node.descriptor().midiIn());
        if (ms.length > 0 || releaseAll) {
            MidiEventBuffer m = rt.merged;
            m.clear();
            if (releaseAll) {
                MidiMerge.releaseAll(m, release == ReleaseRequests.SILENCE);
                rt.releaseNext = false;
            }
            for (int j = 0; j < ev.size(); j++) {
                MidiMerge.add(rt, m, ev.offset(j), ev.data(j));
            }
            int[] masks = g.midiSourceMask[i];
            int[] remaps = g.midiSourceRemap[i];
            for (int k = 0; k < ms.length; k++) {
                int s = ms[k];
                int mask = masks[k];
                int remap = remaps[k];
                if (s < 0) {
                    if (hostEvents != null) {
                        int end = evFrom + frames;
                        for (int j = 0; j < hostEvents.size(); j++) {
                            int off = hostEvents.offset(j);
                            if (off >= evFrom && off < end) {
                                long d = ChannelRoute.apply(hostEvents.data(j), mask, remap);
                                if (d != ChannelRoute.BLOCKED) {
                                    MidiMerge.add(rt, m, off - evFrom, d);
                                }
                            }
                        }
                    }
                } else {
                    if (g.order[s].outOverflowed) {
                        rt.releaseNext = true; // what the source could not emit may have been a release
                    }
                    MidiEventBuffer so = g.order[s].ctx.midiOut();
                    for (int j = 0; j < so.size(); j++) {
                        int off = so.offset(j);
                        long d = ChannelRoute.apply(so.data(j), mask, remap);
                        if (d == ChannelRoute.BLOCKED) {
                            continue;
                        }
                        if (off < frames) {
                            MidiMerge.add(rt, m, off, d);
                        } else {
                            MidiMerge.carry(rt, off - frames, d);
                        }
                    }
                }
            }
            ev = m;
        }
        boolean[] ic = g.inputConnected[i];
        for (int p = 0; p < ic.length; p++) {
            ctx.setInputConnected(p, ic[p]);
            if (ic[p]) {
                for (float[] ch : ctx.inputs(p)) {
                    Arrays.fill(ch, 0, frames, 0f);
                }
            }
        }
        AudioConnection[] ins = g.inputs[i];
        int[] insSrc = g.inputSrc[i];
        float[] targets = g.inputTargets[i];
        for (int k = 0; k < ins.length; k++) {
            AudioConnection c = ins[k];
            int s = insSrc[k];
            if (s < 0) {
                if (hostIn != null) {
                    c.mix(hostIn[c.link.srcPort()], inOff, ctx.inputs(c.link.dstPort()), 0, frames, targets[k], fade);
                }
            } else {
                c.mix(g.order[s].ctx.outputs(c.link.srcPort()), 0, ctx.inputs(c.link.dstPort()), 0, frames, targets[k], fade);
            }
        }
        boolean[] oc = g.outputConnected[i];
        for (int p = 0; p < oc.length; p++) {
            ctx.setOutputConnected(p, oc[p]);
        }
        ctx.begin(frames, ev, rt.transport.copyFrom(t), rt.mailbox); // a copy each: no node can change another's
        if (rt.fault == NodeRuntime.FAULT_NONE) {
            try {
                rt.node.process(ctx);
            } catch (Throwable e) {
                faults.fault(rt, NodeRuntime.FAULT_THREW, e, cycleCount);
            }
            if (rt.fault == NodeRuntime.FAULT_NONE && !finite(ctx, frames)) {
                faults.fault(rt, NodeRuntime.FAULT_NON_FINITE, null, cycleCount);
            }
        }
        if (rt.fault != NodeRuntime.FAULT_NONE) {
            for (int p = 0; p < oc.length; p++) {
                for (float[] ch : ctx.outputs(p)) {
                    Arrays.fill(ch, 0, frames, 0f);
                }
            }
            ctx.midiOut().clear();
        }
        long rejected = ctx.midiOut().rejected();
        rt.outOverflowed = rejected != rt.outRejectedSeen;
        if (rt.outOverflowed) { // counted since the node was added, over activations (each makes a new buffer)
            rt.midiOutRejected = rt.midiOutRejected + (rejected - rt.outRejectedSeen);
            rt.outRejectedSeen = rejected;
        }
        ctx.end();
    }

    private static boolean finite(ProcessContext ctx, int frames) {
        float acc = 0f;
        int ports = ctx.descriptor().audioOutputPorts();
        for (int p = 0; p < ports; p++) {
            for (float[] ch : ctx.outputs(p)) {
                for (int i = 0; i < frames; i++) {
                    acc += ch[i] * 0f;
                }
            }
        }
        return acc == acc;
    }
}
