package org.midirack.host;

import org.midirack.core.AbstractNode;
import org.midirack.core.EventList;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.MidiMessages;
import org.midirack.core.Node;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.midirack.host.audio.AudioOutput;
import org.midirack.host.audio.AudioOutputInfo;
import org.midirack.host.audio.AudioRenderer;

/**
 * The render engine: a graph of nodes (instruments and generators into effect chains, parallel
 * branches summed at inputs and at the host's outputs, nodes with several ports), MIDI routed
 * from node to node inside the cycle with offsets kept, a transport, latency compensation, fault
 * isolation and statistics. A host is itself a {@link Node}, so hosts nest.
 *
 * <h2>Cycle</h2>
 * Each cycle the render thread: swaps in a newly published graph (a cycle boundary is the only
 * place the graph changes); applies transport commands and nodes' remote requests; re-reads
 * latencies; runs the {@link EventSource}s; then runs every node exactly once, in topological
 * order, for all its ports: drain its FIFO, merge the MIDI its sources emitted this cycle (events
 * past the cycle are carried through the FIFO), sum its audio inputs (delayed for latency
 * compensation, faded when the connection is new or going), process, check the output is finite.
 * Downstream nodes read the outputs it left in its context; nothing renders twice.
 *
 * <h2>Graph changes</h2>
 * {@link #add}, {@link #remove}, {@link #connectAudio}, {@link #connectMidi} and their inverses
 * may be called from any thread but the render thread. They validate (clear error, nothing
 * changed), compile an immutable graph off the render thread and publish it with a release store;
 * new connections fade in over {@link HostConfig#fadeFrames()}, removed ones fade out, removed nodes
 * are deactivated off the render thread once it no longer runs them.
 *
 * <h2>Faults</h2>
 * A node that throws from {@code process} or writes NaN or infinity is muted from then on and
 * reported once through {@link #pollErrors()}; every other node keeps playing.
 *
 * <h2>Nesting</h2>
 * Inside another host, a host follows its parent's transport (split per sub-block when
 * {@link HostConfig#subBlockFrames()} is set), forwards its nodes' remote requests and latency to
 * its parent, takes the parent's events on the nodes MIDI-connected from {@link #BOUNDARY} and
 * gives its output ports as its own.
 */
public final class Host extends AbstractNode implements AudioRenderer, EventSink, GlitchReporting {
    /** The host's own inputs (as a source) or outputs (as a destination) in connect calls. */
    public static final int BOUNDARY = -1;

    /**
     * An audio connection of the model.
     *
     * @param src source slot or {@link #BOUNDARY} for the host's inputs
     * @param srcPort source port
     * @param dst destination slot or {@link #BOUNDARY} for the host's outputs
     * @param dstPort destination port
     * @param gain linear gain
     */
    public record Link(int src, int srcPort, int dst, int dstPort, float gain) {
    }

    /**
     * A MIDI connection of the model.
     *
     * @param src source slot or {@link #BOUNDARY} for the events the host itself receives
     * @param dst destination slot or {@link #BOUNDARY} for the host's own MIDI output
     */
    public record MidiLink(int src, int dst) {
    }

    private record Retired(NodeRuntime runtime, long generation) {
    }

    private final HostConfig config;
    private final NodeDescriptor hostDescriptor;
    private final Object model = new Object();
    private final NodeRuntime[] slots;
    private final ArrayList<Link> links = new ArrayList<>();
    private final ArrayList<MidiLink> midiLinks = new ArrayList<>();
    private final ArrayList<Retired> retired = new ArrayList<>();
    private final ArrayList<NodeRuntime> faultWatch = new ArrayList<>();
    private CompiledGraph lastFinal = CompiledGraph.EMPTY;
    private long generation;

    private final AtomicReference<CompiledGraph> published = new AtomicReference<>(CompiledGraph.EMPTY);
    private volatile NodeRuntime[] statsView = new NodeRuntime[0];
    private volatile EventSource[] sources = new EventSource[0];
    private volatile CycleListener[] listeners = new CycleListener[0];
    private volatile long appliedGeneration;
    private volatile int totalLatency;
    private final HostTransport engine = new HostTransport();
    private final HostStatistics stats = new HostStatistics(this);

    // render thread
    private CompiledGraph current = CompiledGraph.EMPTY;
    private CompiledGraph seen;
    private final TransportState nodeTransport = new TransportState();
    private final TransportState windowTransport = new TransportState();
    private double sampleRate = 48_000;
    private int innerMax = 1;
    private float[][][] outBuf = new float[0][][];
    private float[][][] parentIns = new float[0][][];
    private float[][][] parentOuts = new float[0][][];
    private long cycleCount;
    private int windowShift;

    /** A host with the default configuration (an instrument with one stereo output). @thread main */
    public Host() {
        this(new HostConfig());
    }

    /** @thread main */
    public Host(HostConfig config) {
        super(config.descriptor());
        this.config = config;
        this.hostDescriptor = config.descriptor();
        this.slots = new NodeRuntime[config.maxNodes()];
        this.parentIns = new float[hostDescriptor.audioInputPorts()][][];
        this.parentOuts = new float[hostDescriptor.audioOutputPorts()][][];
    }

    // ---------------------------------------------------------------- graph (any thread but render)

    /**
     * Adds a node; it is activated at once when the host is active, and takes part from the next
     * cycle boundary.
     *
     * @return the node's slot, used to connect it and to address events to it
     * @throws IllegalArgumentException when the node is null, already in this host, or the host is full
     * @thread any (not render)
     */
    public int add(Node node) {
        if (node == null) {
            throw new IllegalArgumentException("node is null");
        }
        if (node == this) {
            throw new IllegalArgumentException("a host cannot contain itself");
        }
        synchronized (model) {
            for (NodeRuntime rt : slots) {
                if (rt != null && rt.node == node) {
                    throw new IllegalArgumentException("node '" + node.descriptor().id() + "' is already in this host at slot " + rt.slot);
                }
            }
            reapRetired();
            for (Retired r : retired) {
                if (r.runtime().node == node) {
                    throw new IllegalArgumentException("node '" + node.descriptor().id()
                            + "' is still being removed (the render thread has not let go of it yet); add it again later");
                }
            }
            int slot = -1;
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] == null && !slotBusy(i)) {
                    slot = i;
                    break;
                }
            }
            if (slot < 0) {
                throw new IllegalArgumentException("host is full: " + slots.length + " nodes (HostConfig.maxNodes)");
            }
            NodeRuntime rt = new NodeRuntime(slot, node, config.fifoCapacity());
            if (isActive()) {
                rt.activate(sampleRate, innerMax, config.midiOutCapacity(), config.fifoCapacity());
            }
            slots[slot] = rt;
            faultWatch.add(rt);
            republish(null, null, null);
            return slot;
        }
    }

    private boolean slotBusy(int slot) {
        for (Retired r : retired) {
            if (r.runtime().slot == slot) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes a node and all its connections at the next cycle boundary (its connections fade out
     * first); the node is deactivated off the render thread once no cycle runs it.
     *
     * @throws IllegalArgumentException for an unknown slot
     * @thread any (not render)
     */
    public void remove(int slot) {
        synchronized (model) {
            NodeRuntime rt = require(slot);
            List<Link> gone = new ArrayList<>();
            for (Link l : links) {
                if (l.src() == slot || l.dst() == slot) {
                    gone.add(l);
                }
            }
            List<MidiLink> goneMidi = new ArrayList<>();
            for (MidiLink l : midiLinks) {
                if (l.src() == slot || l.dst() == slot) {
                    goneMidi.add(l);
                }
            }
            links.removeAll(gone);
            midiLinks.removeAll(goneMidi);
            slots[slot] = null;
            rt.removed = true;
            republish(gone, goneMidi, rt);
        }
    }

    /** Connects audio with gain 1. @thread any (not render) */
    public void connectAudio(int src, int srcPort, int dst, int dstPort) {
        connectAudio(src, srcPort, dst, dstPort, 1.0);
    }

    /**
     * Connects a source's audio output port to a destination's audio input port (or the host's
     * outputs, {@link #BOUNDARY}); several connections into one port are summed (the mixer).
     *
     * @throws IllegalArgumentException naming what is wrong: unknown slot, missing port, a kind
     *     without audio input, a duplicate, or a cycle
     * @thread any (not render)
     */
    public void connectAudio(int src, int srcPort, int dst, int dstPort, double gain) {
        if (!Double.isFinite(gain)) {
            throw new IllegalArgumentException("gain " + gain + " is not a finite number");
        }
        synchronized (model) {
            if (src == BOUNDARY) {
                if (srcPort < 0 || srcPort >= hostDescriptor.audioInputPorts()) {
                    throw new IllegalArgumentException("host '" + hostDescriptor.id() + "' has no audio input port " + srcPort
                            + "; it has " + hostDescriptor.audioInputPorts());
                }
            } else {
                NodeDescriptor d = require(src).node.descriptor();
                if (srcPort < 0 || srcPort >= d.audioOutputPorts()) {
                    throw new IllegalArgumentException("node '" + d.id() + "' has no audio output port " + srcPort
                            + "; it has " + d.audioOutputPorts());
                }
            }
            if (dst == BOUNDARY) {
                if (dstPort < 0 || dstPort >= hostDescriptor.audioOutputPorts()) {
                    throw new IllegalArgumentException("host '" + hostDescriptor.id() + "' has no audio output port " + dstPort
                            + "; it has " + hostDescriptor.audioOutputPorts());
                }
            } else {
                require(dst).node.descriptor().requireAudioIn(dstPort);
            }
            for (Link l : links) {
                if (l.src() == src && l.srcPort() == srcPort && l.dst() == dst && l.dstPort() == dstPort) {
                    throw new IllegalArgumentException("audio " + describe(src) + ":" + srcPort + " -> " + describe(dst) + ":"
                            + dstPort + " is already connected");
                }
            }
            Link link = new Link(src, srcPort, dst, dstPort, (float) gain);
            links.add(link);
            if (sortOrder() == null) {
                links.remove(link);
                throw new IllegalArgumentException("connecting " + describe(src) + " -> " + describe(dst) + " would make a cycle");
            }
            republish(null, null, null);
        }
    }

    /**
     * Removes an audio connection (it fades out).
     *
     * @throws IllegalArgumentException when no such connection exists
     * @thread any (not render)
     */
    public void disconnectAudio(int src, int srcPort, int dst, int dstPort) {
        synchronized (model) {
            for (Link l : links) {
                if (l.src() == src && l.srcPort() == srcPort && l.dst() == dst && l.dstPort() == dstPort) {
                    links.remove(l);
                    republish(List.of(l), null, null);
                    return;
                }
            }
            throw new IllegalArgumentException("audio " + describe(src) + ":" + srcPort + " -> " + describe(dst) + ":"
                    + dstPort + " is not connected");
        }
    }

    /**
     * Routes a node's MIDI output (or the events the host receives, {@link #BOUNDARY}) into a
     * node's input (or the host's MIDI output, {@link #BOUNDARY}) within the same cycle.
     *
     * @throws IllegalArgumentException when the destination's kind takes no MIDI, the source emits
     *     none, a slot is unknown, the link exists, or it would make a cycle
     * @thread any (not render)
     */
    public void connectMidi(int src, int dst) {
        synchronized (model) {
            if (src == BOUNDARY) {
                if (!hostDescriptor.midiIn()) {
                    throw new IllegalArgumentException("host '" + hostDescriptor.id() + "' is a " + hostDescriptor.kind()
                            + " and receives no MIDI to route");
                }
            } else {
                NodeDescriptor d = require(src).node.descriptor();
                if (!d.midiOut()) {
                    throw new IllegalArgumentException("node '" + d.id() + "' emits no MIDI (its descriptor has no MIDI output)");
                }
            }
            if (dst == BOUNDARY) {
                if (!hostDescriptor.midiOut()) {
                    throw new IllegalArgumentException("host '" + hostDescriptor.id() + "' has no MIDI output");
                }
            } else {
                require(dst).node.descriptor().requireMidiIn();
            }
            if (src == BOUNDARY && dst == BOUNDARY) {
                throw new IllegalArgumentException("cannot route the host's MIDI input straight to its MIDI output");
            }
            MidiLink link = new MidiLink(src, dst);
            if (midiLinks.contains(link)) {
                throw new IllegalArgumentException("MIDI " + describe(src) + " -> " + describe(dst) + " is already connected");
            }
            midiLinks.add(link);
            if (sortOrder() == null) {
                midiLinks.remove(link);
                throw new IllegalArgumentException("routing MIDI " + describe(src) + " -> " + describe(dst) + " would make a cycle");
            }
            republish(null, null, null);
        }
    }

    /**
     * Removes a MIDI route.
     *
     * @throws IllegalArgumentException when it does not exist
     * @thread any (not render)
     */
    public void disconnectMidi(int src, int dst) {
        synchronized (model) {
            MidiLink link = new MidiLink(src, dst);
            if (!midiLinks.remove(link)) {
                throw new IllegalArgumentException("MIDI " + describe(src) + " -> " + describe(dst) + " is not connected");
            }
            republish(null, List.of(link), null);
        }
    }

    /**
     * The node at a slot.
     *
     * @throws IllegalArgumentException for an unknown slot
     * @thread any
     */
    public Node node(int slot) {
        synchronized (model) {
            return require(slot).node;
        }
    }

    /** The slots in use, ascending. @thread any */
    public int[] slots() {
        synchronized (model) {
            int n = 0;
            int[] s = new int[slots.length];
            for (NodeRuntime rt : slots) {
                if (rt != null) {
                    s[n++] = rt.slot;
                }
            }
            return Arrays.copyOf(s, n);
        }
    }

    /** The audio connections, in the order they were made. @thread any */
    public List<Link> audioLinks() {
        synchronized (model) {
            return List.copyOf(links);
        }
    }

    /** The MIDI routes, in the order they were made. @thread any */
    public List<MidiLink> midiLinks() {
        synchronized (model) {
            return List.copyOf(midiLinks);
        }
    }

    /** Slots in the order the render thread runs them (topological), as published. @thread any */
    public int[] renderOrder() {
        CompiledGraph g = published.get();
        while (g.next != null) {
            g = g.next;
        }
        int[] s = new int[g.order.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = g.order[i].slot;
        }
        return s;
    }

    /** Generation of the latest published graph. @thread any */
    public long publishedGeneration() {
        synchronized (model) {
            return generation;
        }
    }

    /** Generation of the graph the render thread runs now (0 before the first cycle). @thread any */
    public long appliedGeneration() {
        return appliedGeneration;
    }

    /**
     * Adds a producer run at the start of every cycle (e.g. the sequencer).
     * @thread any (not render)
     */
    public void addEventSource(EventSource source) {
        if (source == null) {
            throw new IllegalArgumentException("event source is null");
        }
        synchronized (model) {
            EventSource[] s = Arrays.copyOf(sources, sources.length + 1);
            s[s.length - 1] = source;
            sources = s;
        }
    }

    /**
     * Adds a listener told at the start and end of every cycle.
     * @thread any (not render)
     */
    public void addCycleListener(CycleListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("cycle listener is null");
        }
        synchronized (model) {
            CycleListener[] l = Arrays.copyOf(listeners, listeners.length + 1);
            l[l.length - 1] = listener;
            listeners = l;
        }
    }

    /** @thread any (not render) */
    public void removeCycleListener(CycleListener listener) {
        synchronized (model) {
            List<CycleListener> l = new ArrayList<>(Arrays.asList(listeners));
            l.remove(listener);
            listeners = l.toArray(new CycleListener[0]);
        }
    }

    /** @thread any (not render) */
    public void removeEventSource(EventSource source) {
        synchronized (model) {
            EventSource[] s = sources;
            for (int i = 0; i < s.length; i++) {
                if (s[i] == source) {
                    EventSource[] n = new EventSource[s.length - 1];
                    System.arraycopy(s, 0, n, 0, i);
                    System.arraycopy(s, i + 1, n, i, s.length - i - 1);
                    sources = n;
                    return;
                }
            }
        }
    }

    private NodeRuntime require(int slot) {
        if (slot < 0 || slot >= slots.length || slots[slot] == null) {
            throw new IllegalArgumentException("no node at slot " + slot + " in host '" + hostDescriptor.id() + "'");
        }
        return slots[slot];
    }

    private String describe(int slot) {
        if (slot == BOUNDARY) {
            return "host '" + hostDescriptor.id() + "'";
        }
        NodeRuntime rt = slot >= 0 && slot < slots.length ? slots[slot] : null;
        return rt == null ? "slot " + slot : "'" + rt.node.descriptor().id() + "' (slot " + slot + ")";
    }

    // ---------------------------------------------------------------- compile (under model lock)

    /** Topological order of the model's nodes (Kahn, lowest slot first), or null on a cycle. */
    private List<NodeRuntime> sortOrder() {
        return sortOrder(nodesOf(null), links, midiLinks);
    }

    private List<NodeRuntime> nodesOf(NodeRuntime extra) {
        List<NodeRuntime> nodes = new ArrayList<>();
        for (NodeRuntime rt : slots) {
            if (rt != null) {
                nodes.add(rt);
            }
        }
        if (extra != null) {
            nodes.add(extra);
        }
        nodes.sort((a, b) -> Integer.compare(a.slot, b.slot));
        return nodes;
    }

    private static List<NodeRuntime> sortOrder(List<NodeRuntime> nodes, List<Link> ls, List<MidiLink> ms) {
        Map<Integer, Integer> indeg = new HashMap<>();
        Map<Integer, List<Integer>> out = new HashMap<>();
        for (NodeRuntime rt : nodes) {
            indeg.put(rt.slot, 0);
            out.put(rt.slot, new ArrayList<>());
        }
        List<int[]> edges = new ArrayList<>();
        for (Link l : ls) {
            edges.add(new int[] {l.src(), l.dst()});
        }
        for (MidiLink l : ms) {
            edges.add(new int[] {l.src(), l.dst()});
        }
        for (int[] e : edges) {
            if (e[0] != BOUNDARY && e[1] != BOUNDARY && indeg.containsKey(e[0]) && indeg.containsKey(e[1])) {
                out.get(e[0]).add(e[1]);
                indeg.merge(e[1], 1, Integer::sum);
            }
        }
        List<NodeRuntime> order = new ArrayList<>();
        List<NodeRuntime> ready = new ArrayList<>();
        Map<Integer, NodeRuntime> bySlot = new HashMap<>();
        for (NodeRuntime rt : nodes) {
            bySlot.put(rt.slot, rt);
            if (indeg.get(rt.slot) == 0) {
                ready.add(rt);
            }
        }
        while (!ready.isEmpty()) {
            NodeRuntime best = ready.get(0);
            for (NodeRuntime r : ready) {
                if (r.slot < best.slot) {
                    best = r;
                }
            }
            ready.remove(best);
            order.add(best);
            for (int d : out.get(best.slot)) {
                if (indeg.merge(d, -1, Integer::sum) == 0) {
                    ready.add(bySlot.get(d));
                }
            }
        }
        return order.size() == nodes.size() ? order : null;
    }

    /**
     * Compiles and publishes the model; with a fade, removed connections (and the connections of a
     * removed node) first fade out in an intermediate graph that hands over to the final one.
     */
    private void republish(List<Link> goneLinks, List<MidiLink> goneMidi, NodeRuntime goneNode) {
        if (!isActive()) {
            statsView = nodesOf(null).toArray(new NodeRuntime[0]);
            if (goneNode != null) {
                goneNode.node.deactivate();
            }
            return;
        }
        Map<Link, AudioConnection> reuse = connectionsOf(lastFinal);
        boolean somethingGoes = (goneLinks != null && !goneLinks.isEmpty()) || goneNode != null;
        boolean fadeOut = config.fadeFrames() > 0 && somethingGoes;
        long fadeGen = fadeOut ? ++generation : 0;
        long gen = ++generation;
        CompiledGraph fin = compile(gen, nodesOf(null), links, midiLinks, Map.of(), reuse, null, false);
        CompiledGraph pub = fin;
        if (fadeOut) {
            List<Link> oldLinks = new ArrayList<>(links);
            Map<Link, Boolean> fading = new HashMap<>();
            if (goneLinks != null) {
                oldLinks.addAll(goneLinks);
                for (Link l : goneLinks) {
                    fading.put(l, Boolean.TRUE);
                }
            }
            List<MidiLink> oldMidi = new ArrayList<>(midiLinks); // MIDI routes go at once
            pub = compile(fadeGen, nodesOf(goneNode), oldLinks, oldMidi, fading, reuse, fin, false);
            // the final graph shares the connections the fade graph made
        }
        lastFinal = fin;
        statsView = nodesOf(null).toArray(new NodeRuntime[0]);
        if (goneNode != null) {
            retired.add(new Retired(goneNode, gen));
        }
        published.set(pub);
        reapRetired();
    }

    private static Map<Link, AudioConnection> connectionsOf(CompiledGraph g) {
        Map<Link, AudioConnection> m = new HashMap<>();
        for (AudioConnection[] cs : g.inputs) {
            for (AudioConnection c : cs) {
                m.put(c.link, c);
            }
        }
        for (AudioConnection c : g.toOutput) {
            m.put(c.link, c);
        }
        return m;
    }

    private CompiledGraph compile(long gen, List<NodeRuntime> nodes, List<Link> ls, List<MidiLink> ms,
                                  Map<Link, Boolean> fading, Map<Link, AudioConnection> reuse, CompiledGraph next,
                                  boolean fresh) {
        List<NodeRuntime> orderList = sortOrder(nodes, ls, ms);
        if (orderList == null) {
            throw new IllegalStateException("graph has a cycle"); // prevented at connection time
        }
        NodeRuntime[] order = orderList.toArray(new NodeRuntime[0]);
        int n = order.length;
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(order[i].slot, i);
        }
        NodeRuntime[] bySlot = new NodeRuntime[slots.length];
        for (NodeRuntime rt : order) {
            bySlot[rt.slot] = rt;
        }
        AudioConnection[][] inputs = new AudioConnection[n][];
        int[][] inputSrc = new int[n][];
        float[][] targets = new float[n][];
        boolean[][] inConn = new boolean[n][];
        boolean[][] outConn = new boolean[n][];
        int[][] midiSrc = new int[n][];
        List<AudioConnection> toOut = new ArrayList<>();
        List<Integer> toOutSrc = new ArrayList<>();
        List<Float> toOutTargets = new ArrayList<>();
        List<Integer> midiToHost = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NodeDescriptor d = order[i].node.descriptor();
            inConn[i] = new boolean[d.audioInputPorts()];
            outConn[i] = new boolean[d.audioOutputPorts()];
            List<AudioConnection> cs = new ArrayList<>();
            List<Integer> src = new ArrayList<>();
            List<Float> tg = new ArrayList<>();
            for (Link l : ls) {
                if (l.dst() == order[i].slot && (l.src() == BOUNDARY || index.containsKey(l.src()))) {
                    cs.add(connection(l, d.audioInputChannels(l.dstPort()), reuse, fresh));
                    src.add(l.src() == BOUNDARY ? -1 : index.get(l.src()));
                    tg.add(fading.containsKey(l) ? 0f : 1f);
                    inConn[i][l.dstPort()] = true;
                }
            }
            inputs[i] = cs.toArray(new AudioConnection[0]);
            inputSrc[i] = src.stream().mapToInt(Integer::intValue).toArray();
            targets[i] = new float[tg.size()];
            for (int k = 0; k < tg.size(); k++) {
                targets[i][k] = tg.get(k);
            }
            List<Integer> mSrc = new ArrayList<>();
            for (MidiLink l : ms) {
                if (l.dst() == order[i].slot) {
                    if (l.src() == BOUNDARY) {
                        mSrc.add(-1);
                    } else if (index.containsKey(l.src())) {
                        mSrc.add(index.get(l.src()));
                    }
                }
                if (l.src() == order[i].slot && l.dst() == BOUNDARY) {
                    midiToHost.add(i);
                }
            }
            midiSrc[i] = mSrc.stream().mapToInt(Integer::intValue).toArray();
        }
        for (Link l : ls) {
            if (l.src() != BOUNDARY && index.containsKey(l.src())) {
                outConn[index.get(l.src())][l.srcPort()] = true;
            }
            if (l.dst() == BOUNDARY && (l.src() == BOUNDARY || index.containsKey(l.src()))) {
                toOut.add(connection(l, hostDescriptor.audioOutputChannels(l.dstPort()), reuse, fresh));
                toOutSrc.add(l.src() == BOUNDARY ? -1 : index.get(l.src()));
                toOutTargets.add(fading.containsKey(l) ? 0f : 1f);
            }
        }
        boolean[] reaches = new boolean[n];
        for (int i = n - 1; i >= 0; i--) {
            int slot = order[i].slot;
            for (Link l : ls) {
                if (l.src() == slot && (l.dst() == BOUNDARY || (index.containsKey(l.dst()) && reaches[index.get(l.dst())]))) {
                    reaches[i] = true;
                }
            }
        }
        float[] outT = new float[toOutTargets.size()];
        for (int k = 0; k < outT.length; k++) {
            outT[k] = toOutTargets.get(k);
        }
        return new CompiledGraph(gen, order, bySlot, inputs, inputSrc, targets, inConn, outConn, midiSrc,
                toOut.toArray(new AudioConnection[0]), toOutSrc.stream().mapToInt(Integer::intValue).toArray(), outT,
                midiToHost.stream().mapToInt(Integer::intValue).toArray(), reaches, next);
    }

    private AudioConnection connection(Link l, int channels, Map<Link, AudioConnection> reuse, boolean fresh) {
        AudioConnection c = reuse.get(l);
        if (c == null) {
            c = new AudioConnection(l, channels, innerMax, config.maxCompensationFrames());
            c.ramp = fresh || config.fadeFrames() == 0 ? 1f : 0f;
            reuse.put(l, c);
        }
        return c;
    }

    /** Deactivates removed nodes the render thread no longer runs. */
    private void reapRetired() {
        long applied = appliedGeneration;
        boolean active = isActive();
        for (int i = retired.size() - 1; i >= 0; i--) {
            Retired r = retired.get(i);
            if (!active || applied >= r.generation()) {
                r.runtime().node.deactivate();
                retired.remove(i);
            }
        }
    }

    /**
     * Deactivates removed nodes that no cycle runs any more (also done by every graph change and
     * by {@link #pollErrors()}).
     * @return how many removed nodes are still waiting for the render thread to let go of them
     * @thread any (not render)
     */
    public int collectRemoved() {
        synchronized (model) {
            reapRetired();
            return retired.size();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** @thread main (not active) */
    @Override
    protected void onActivate(double sampleRate, int maxFrames) {
        synchronized (model) {
            this.sampleRate = sampleRate;
            int sub = config.subBlockFrames();
            this.innerMax = sub > 0 ? Math.min(sub, maxFrames) : maxFrames;
            outBuf = new float[hostDescriptor.audioOutputPorts()][][];
            for (int p = 0; p < outBuf.length; p++) {
                outBuf[p] = new float[hostDescriptor.audioOutputChannels(p)][innerMax];
            }
            engine.setSampleRate(sampleRate);
            for (NodeRuntime rt : slots) {
                if (rt != null) {
                    rt.activate(sampleRate, innerMax, config.midiOutCapacity(), config.fifoCapacity());
                }
            }
            long gen = ++generation;
            lastFinal = compile(gen, nodesOf(null), links, midiLinks, Map.of(), new HashMap<>(), null, true);
            statsView = nodesOf(null).toArray(new NodeRuntime[0]);
            current = CompiledGraph.EMPTY;
            seen = null;
            published.set(lastFinal);
        }
    }

    /** @thread main (active; no render call running) */
    @Override
    protected void onDeactivate() {
        synchronized (model) {
            published.set(CompiledGraph.EMPTY);
            current = CompiledGraph.EMPTY;
            seen = null;
            for (NodeRuntime rt : slots) {
                if (rt != null) {
                    rt.node.deactivate();
                }
            }
            for (Retired r : retired) {
                r.runtime().node.deactivate();
            }
            retired.clear();
            lastFinal = CompiledGraph.EMPTY;
        }
    }

    /**
     * Called by an audio output before rendering (and again when its format changes): activates
     * the host and its nodes at the output's sample rate and buffer size, re-activating them when
     * either changed.
     * @thread main (no render call running)
     */
    @Override
    public void open(AudioOutputInfo info) {
        if (isActive()) {
            if (sampleRate() == info.sampleRate() && maxFrames() == info.bufferFrames()) {
                return;
            }
            deactivate();
        }
        activate(info.sampleRate(), info.bufferFrames());
    }

    /** Total latency from the graph's inputs to the host's outputs, in frames. @thread any */
    @Override
    public int latencyFrames() {
        return totalLatency;
    }

    /** The longest tail of any node. @thread any */
    @Override
    public double tailSeconds() {
        double t = 0;
        for (NodeRuntime rt : statsView) {
            t = Math.max(t, rt.node.tailSeconds());
        }
        return t;
    }

    // ---------------------------------------------------------------- events

    /**
     * Offers an event to a node from any thread (a MIDI device, a UI, a script), at an offset
     * relative to the node's next cycle; no latency shift.
     * @return false for an unknown slot, a node whose kind takes no MIDI, invalid bytes or a full FIFO
     * @thread any
     */
    public boolean offer(int slot, int offset, int status, int d1, int d2) {
        NodeRuntime rt = runtimeAnyThread(slot);
        return rt != null && rt.node.descriptor().midiIn() && rt.fifo.offer(offset, status, d1, d2);
    }

    /**
     * Offers a parameter change to a node at an offset relative to its next cycle (automation from
     * any thread), acting on that frame: on the node's output at that frame plus its latency, with
     * a note offered at the same offset (no latency shift here, as for {@link #offer}).
     * @return false for an unknown slot or a full FIFO
     * @thread any
     */
    public boolean offerParam(int slot, int offset, int paramIndex, float value) {
        NodeRuntime rt = runtimeAnyThread(slot);
        return rt != null && rt.fifo.offerParam(offset, paramIndex, value);
    }

    /**
     * Where a MIDI input route delivers to a node: offers into the node's FIFO with the route's
     * offsets (live input: no latency lead).
     * @throws IllegalArgumentException for an unknown slot or a node whose kind takes no MIDI
     * @thread any (not render)
     */
    public org.midirack.host.midi.MidiInputSink midiInputSink(int slot) {
        NodeRuntime rt;
        synchronized (model) {
            rt = require(slot);
        }
        rt.node.descriptor().requireMidiIn();
        return rt.fifo::offer;
    }

    private NodeRuntime runtimeAnyThread(int slot) {
        CompiledGraph g = published.get();
        NodeRuntime rt = slot >= 0 && slot < g.bySlot.length ? g.bySlot[slot] : null;
        if (rt == null) {
            NodeRuntime[] v = statsView;
            for (NodeRuntime r : v) {
                if (r.slot == slot) {
                    rt = r;
                }
            }
        }
        return rt;
    }

    /**
     * Sequenced event from an {@link EventSource}: offered into the node's FIFO early by the
     * latency from that node's input to the host's output, so that it sounds at {@code offset}
     * of the window at the output. In the cycle where playing starts the window begins at the
     * cycle itself and is longer by the host's latency; events due in its first frames arrive
     * late (at frame 0, counted) rather than being lost: start from a pre-roll of at least the
     * host's latency to have every note on its frame.
     * @thread render
     */
    @Override
    public boolean event(int nodeSlot, int offset, int status, int d1, int d2) {
        CompiledGraph g = current;
        int i = g.indexOfSlot(nodeSlot);
        if (i < 0) {
            return false;
        }
        return g.order[i].fifo.offer(offset + windowShift - g.latencyToOutput[i], status, d1, d2);
    }

    /**
     * Frames from a node's input to the host's output (its own latency plus the compensation
     * after it), as the render thread last computed it; what a sequencer sends that node early.
     * @return the latency, or -1 for an unknown slot
     * @thread any
     */
    public int latencyToOutput(int slot) {
        CompiledGraph g = published.get();
        while (g.next != null) {
            g = g.next;
        }
        int i = g.indexOfSlot(slot);
        return i < 0 ? -1 : g.latencyToOutput[i];
    }

    /**
     * Releases every sounding note: sustain off and All Notes Off on all 16 channels into every
     * node that takes MIDI, at the start of its next cycle; the release renders normally.
     * @thread any
     */
    public void allNotesOff() {
        for (NodeRuntime rt : statsView) {
            if (rt.node.descriptor().midiIn()) {
                for (int ch = 0; ch < 16; ch++) {
                    rt.fifo.offer(0, MidiMessages.CONTROL_CHANGE | ch, 64, 0);
                    rt.fifo.offer(0, MidiMessages.CONTROL_CHANGE | ch, MidiMessages.CC_ALL_NOTES_OFF, 0);
                }
            }
        }
    }

    // ---------------------------------------------------------------- transport (any thread)

    /** Starts playing from the current beat at the next cycle. @thread any */
    public void play() {
        engine.command(HostTransport.PLAY, 0, 0, 0);
    }

    /** Stops at the next cycle, keeping the beat. @thread any */
    public void stop() {
        engine.command(HostTransport.STOP, 0, 0, 0);
    }

    /** @thread any */
    public void togglePlay() {
        engine.command(HostTransport.TOGGLE_PLAY, 0, 0, 0);
    }

    /** Back to beat 0 at the next cycle. @thread any */
    public void rewind() {
        engine.command(HostTransport.REWIND, 0, 0, 0);
    }

    /** @thread any */
    public void record(boolean on) {
        engine.command(HostTransport.RECORD, on ? 1 : 0, 0, 0);
    }

    /**
     * Changes the tempo at the next cycle boundary (the beat there is kept).
     * @throws IllegalArgumentException outside 1..1000 BPM
     * @thread any
     */
    public void setTempo(double bpm) {
        if (!(bpm >= 1 && bpm <= 1000)) {
            throw new IllegalArgumentException("tempo " + bpm + " BPM not in 1..1000");
        }
        engine.command(HostTransport.TEMPO, bpm, 0, 0);
    }

    /** Moves to a beat at the next cycle. @thread any */
    public void locate(double beat) {
        requireFinite(beat, "beat");
        engine.command(HostTransport.LOCATE, beat, 0, 0);
    }

    /**
     * Plays from a beat at the next cycle; a negative beat is a count-in / pre-roll (nodes see
     * negative beats and beat 0 falls on its exact frame).
     * @thread any
     */
    public void playFrom(double beat) {
        requireFinite(beat, "beat");
        engine.command(HostTransport.PLAY_FROM, beat, 0, 0);
    }

    /**
     * Changes the time signature at the next cycle; new bars start at the next bar line.
     * @throws IllegalArgumentException for a numerator outside 1..64 or a denominator not a power of two 1..64
     * @thread any
     */
    public void setTimeSignature(int numerator, int denominator) {
        if (numerator < 1 || numerator > 64 || denominator < 1 || denominator > 64 || Integer.bitCount(denominator) != 1) {
            throw new IllegalArgumentException("time signature " + numerator + "/" + denominator
                    + ": numerator must be 1..64 and denominator a power of two 1..64");
        }
        engine.command(HostTransport.TIME_SIG, numerator, denominator, 0);
    }

    /**
     * Sets the cycle (loop) region at the next cycle.
     * @throws IllegalArgumentException when end is not after start
     * @thread any
     */
    public void setLoop(boolean active, double startBeat, double endBeat) {
        requireFinite(startBeat, "loop start");
        requireFinite(endBeat, "loop end");
        if (endBeat <= startBeat) {
            throw new IllegalArgumentException("loop end beat " + endBeat + " must be after start beat " + startBeat);
        }
        engine.command(HostTransport.LOOP, startBeat, endBeat, active ? 1 : 0);
    }

    private static void requireFinite(double v, String what) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " " + v + " is not a finite number");
        }
    }

    /** Beat at the start of the last cycle. @thread any */
    public double beat() {
        return engine.beat();
    }

    /** @thread any */
    public boolean isPlaying() {
        return engine.playing();
    }

    /** @thread any */
    public boolean isRecording() {
        return engine.recording();
    }

    /** @thread any */
    public double tempo() {
        return engine.tempo();
    }

    // ---------------------------------------------------------------- render

    /**
     * Renders a block into an audio output's buffers: the host's output port 0, output channel c
     * taking host channel c modulo the port's channel count. Allocation-free.
     * @thread render
     */
    @Override
    public void render(float[][] out, int frames) {
        if (!isActive()) {
            return;
        }
        float[][] port = outBuf.length == 0 ? null : outBuf[0];
        int done = 0;
        while (done < frames) {
            int n = Math.min(innerMax, frames - done);
            topCycle(n);
            if (port != null) {
                for (int c = 0; c < out.length; c++) {
                    System.arraycopy(port[c % port.length], 0, out[c], done, n);
                }
            }
            done += n;
        }
    }

    /**
     * Renders {@code frames} frames offline in cycles of at most the activation's maximum and
     * returns output port 0 as channels × frames (the same samples a real-time output gets).
     * @throws IllegalStateException when the host is not active
     * @thread main (acts as the render thread; no output running)
     */
    public float[][] renderOffline(int frames) {
        return renderOffline(frames, maxFrames());
    }

    /**
     * Renders offline in cycles of {@code cycleFrames}.
     * @throws IllegalStateException when the host is not active
     * @thread main (acts as the render thread; no output running)
     */
    public float[][] renderOffline(int frames, int cycleFrames) {
        if (!isActive()) {
            throw new IllegalStateException("host '" + hostDescriptor.id() + "' is not active; activate it first");
        }
        int ch = outBuf.length == 0 ? 0 : outBuf[0].length;
        float[][] result = new float[ch][frames];
        float[][] view = new float[ch][];
        int done = 0;
        int step = Math.max(1, Math.min(cycleFrames, maxFrames()));
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

    private void topCycle(int n) {
        cycle(n, null, 0, null, null, 0, outBuf, 0, null, null);
    }

    /**
     * Renders as a node inside another host: follows the parent's transport, splits the cycle into
     * sub-blocks when configured, forwards remote requests and latency to the parent.
     * @thread render
     */
    @Override
    public void process(ProcessContext ctx) {
        if (!isActive()) {
            return;
        }
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
     * Resets every node of the running graph (voices, tails, delay lines) and clears their FIFOs.
     * @thread render (between cycles)
     */
    @Override
    public void reset() {
        CompiledGraph g = current;
        for (NodeRuntime rt : g.order) {
            rt.fifo.clear();
            if (rt.fault == NodeRuntime.FAULT_NONE) {
                try {
                    rt.node.reset();
                } catch (Throwable e) {
                    fault(rt, NodeRuntime.FAULT_THREW, e);
                }
            }
        }
    }

    @Override
    protected void render(ProcessContext ctx, int from, int to) {
        // process() is overridden; never called
    }

    private void cycle(int frames, EventList hostEvents, int evFrom, Transport parentT, float[][][] hostIn, int inOff,
                       float[][][] hostOut, int outOff, MidiEventBuffer hostMidiOut, RemoteControl parentRemote) {
        long t0 = System.nanoTime();
        CompiledGraph pub = published.get();
        if (pub != seen) {
            seen = pub;
            current = pub;
            pub.framesRun = 0;
            appliedGeneration = pub.generation;
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
        CycleListener[] ls = listeners;
        for (CycleListener l : ls) {
            l.cycleStart(t);
        }
        EventSource[] src = sources;
        if (src.length > 0) {
            TransportState w = windowTransport.copyFrom(t);
            int lat = g.totalLatency;
            if (t.playing() && t.changed()) {
                // playing starts: this window reaches back to the start so nothing in the first
                // `lat` frames is lost (what is due there comes late, at frame 0, and is counted)
                w.set(t.sampleRate(), frames + lat, t.tempo(), t.beat(), t.samplePosition());
                windowShift = 0;
            } else {
                double beat = t.playing() ? t.beat() + lat * HostSync.beatsPerFrame(t.tempo(), t.sampleRate()) : t.beat();
                w.set(t.sampleRate(), frames, t.tempo(), beat, t.samplePosition() + lat);
                windowShift = lat;
            }
            w.setAvailable(t.available());
            for (EventSource s : src) {
                s.cycle(w, this);
            }
        }
        int fade = config.fadeFrames();
        for (int i = 0; i < order.length; i++) {
            runNode(g, i, frames, t, hostEvents, evFrom, hostIn, inOff, fade);
        }
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
                c.mix(order[s].ctx.outputs(c.link.srcPort()), 0, hostOut[c.link.dstPort()], outOff, frames,
                        g.toOutputTargets[k], fade);
            }
        }
        if (hostMidiOut != null) {
            for (int idx : g.midiToHost) {
                MidiEventBuffer mo = order[idx].ctx.midiOut();
                for (int j = 0; j < mo.size(); j++) {
                    hostMidiOut.addData(mo.offset(j) + outOff, mo.data(j));
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
            current = g.next;
            current.framesRun = 0;
            appliedGeneration = current.generation;
        }
        stats.recordCycle(frames, System.nanoTime() - t0, sampleRate);
    }

    private static final RemoteRequest[] REQUESTS = RemoteRequest.values();

    private void runNode(CompiledGraph g, int i, int frames, Transport t, EventList hostEvents, int evFrom,
                         float[][][] hostIn, int inOff, int fade) {
        NodeRuntime rt = g.order[i];
        CycleContext ctx = rt.ctx;
        EventList ev = rt.fifo.drain(frames);
        int[] ms = g.midiSources[i];
        if (ms.length > 0) {
            MidiEventBuffer m = rt.merged;
            m.clear();
            m.addAll(ev, 0);
            for (int s : ms) {
                if (s < 0) {
                    if (hostEvents != null) {
                        int end = evFrom + frames;
                        for (int j = 0; j < hostEvents.size(); j++) {
                            int off = hostEvents.offset(j);
                            if (off >= evFrom && off < end) {
                                m.addData(off - evFrom, hostEvents.data(j));
                            }
                        }
                    }
                } else {
                    MidiEventBuffer so = g.order[s].ctx.midiOut();
                    for (int j = 0; j < so.size(); j++) {
                        int off = so.offset(j);
                        if (off < frames) {
                            m.addData(off, so.data(j));
                        } else {
                            rt.offerData(off - frames, so.data(j));
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
                fault(rt, NodeRuntime.FAULT_THREW, e);
            }
            if (rt.fault == NodeRuntime.FAULT_NONE && !finite(ctx, frames)) {
                fault(rt, NodeRuntime.FAULT_NON_FINITE, null);
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

    private void fault(NodeRuntime rt, int kind, Throwable e) {
        rt.error = e;
        rt.faultCycle = cycleCount;
        rt.fault = kind;
        stats.recordMuted();
    }

    // ---------------------------------------------------------------- faults, statistics, shutdown

    /**
     * Errors of nodes muted since the last call, each reported once; also deactivates removed
     * nodes the render thread has let go of.
     * @thread any (not render)
     */
    public List<NodeError> pollErrors() {
        List<NodeError> errors = new ArrayList<>();
        synchronized (model) {
            for (NodeRuntime rt : faultWatch) {
                int f = rt.fault;
                if (f != NodeRuntime.FAULT_NONE && rt.reported.compareAndSet(false, true)) {
                    String reason = f == NodeRuntime.FAULT_THREW
                            ? "threw " + rt.error.getClass().getName() + " in process"
                            : "wrote NaN or infinity to its audio output";
                    errors.add(new NodeError(rt.slot, rt.node.descriptor().id(), reason, rt.error, rt.faultCycle));
                }
            }
            faultWatch.removeIf(rt -> rt.removed && rt.reported.get());
            reapRetired();
        }
        return errors;
    }

    /**
     * Starts a daemon thread that polls {@link #pollErrors()} every {@code periodMillis} and hands
     * each error to {@code reporter}; interrupt the returned thread to stop it.
     * @thread any (not render)
     */
    public Thread startErrorReporter(java.util.function.Consumer<NodeError> reporter, long periodMillis) {
        Thread th = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (NodeError e : pollErrors()) {
                    reporter.accept(e);
                }
                LockSupport.parkNanos(periodMillis * 1_000_000L);
            }
        }, "midirack-host-errors");
        th.setDaemon(true);
        th.start();
        return th;
    }

    /** Whether the node at a slot has been muted for a fault. @thread any */
    public boolean isMuted(int slot) {
        for (NodeRuntime rt : statsView) {
            if (rt.slot == slot) {
                return rt.fault != NodeRuntime.FAULT_NONE;
            }
        }
        return false;
    }

    /** The live statistics. @thread any */
    public HostStatistics statistics() {
        return stats;
    }

    NodeRuntime[] runtimesForStats() {
        return statsView;
    }

    /** Glitches reported by the nodes of this host (offloaded nodes, nested hosts). @thread any */
    @Override
    public long glitches() {
        long s = 0;
        for (NodeRuntime rt : statsView) {
            if (rt.node instanceof GlitchReporting gr) {
                s += gr.glitches();
            }
        }
        return s;
    }

    /**
     * Clean shutdown: releases every sounding note, lets the release render for up to
     * {@code maxTailSeconds} (the longest node tail) through a real-time output (waiting until
     * those frames were rendered, at most 2 s longer than the tail), or renders it
     * offline when {@code output} is null or not real-time, then stops and closes the output and
     * deactivates every node. Safe to call twice.
     * @thread main (or a shutdown hook)
     */
    public void shutdown(AudioOutput output, double maxTailSeconds) {
        if (isActive()) {
            allNotesOff();
            double tail = Math.max(0, Math.min(maxTailSeconds, tailSeconds()));
            if (output != null && output.isRealTime()) {
                // wait until the release has really been rendered (the tail plus two cycles), not
                // just for the time it takes: a loaded machine may render late; give up 2 s late
                long target = stats.frames() + (long) Math.ceil(tail * sampleRate()) + 2L * maxFrames();
                long deadline = System.nanoTime() + (long) (tail * 1e9) + 2_000_000_000L;
                while (stats.frames() < target && System.nanoTime() < deadline && !output.isLost()) {
                    LockSupport.parkNanos(1_000_000L);
                }
            } else if (output == null) {
                renderOffline((int) Math.ceil(tail * sampleRate()) + maxFrames());
            }
        }
        if (output != null) {
            output.stop();
            output.close();
        }
        deactivate();
    }
}
