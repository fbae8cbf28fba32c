package org.midirack.host.graph;

import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.midirack.host.Host;
import org.midirack.host.HostConfig;

/**
 * The graph as the user builds it, and its publication: nodes in slots, audio links, MIDI links.
 * Every change is validated first (a clear error, nothing changed), then compiled off the render
 * thread by {@link GraphCompiler} and published with a release store for the render thread to
 * swap in at its next cycle boundary. A removal (and a removed node's links) first fades out in an
 * intermediate graph that hands over to the final one; a removed node is deactivated once the
 * render thread runs a graph without it ({@link #collectRemoved()}).
 *
 * <p>All methods but {@link #published()}, {@link #runtimes()}, {@link #runtime(int)} and the
 * generation accessors take this object's lock; none is called on the render thread except
 * {@link #graphApplied(long)}.
 */
public final class GraphModel {
    private record Retired(NodeRuntime runtime, long generation) {
    }

    private final HostConfig config;
    private final NodeDescriptor hostDescriptor;
    private final GraphCompiler compiler;
    private final NodeRuntime[] slots;
    private final ArrayList<Host.Link> links = new ArrayList<>();
    private final ArrayList<Host.MidiLink> midiLinks = new ArrayList<>();
    private final ArrayList<Retired> retired = new ArrayList<>();
    private final ArrayList<NodeRuntime> faultWatch = new ArrayList<>();
    private CompiledGraph lastFinal = CompiledGraph.EMPTY;
    private long generation;
    private boolean active;
    private double sampleRate = 48_000;
    private int innerMax = 1;

    private final AtomicReference<CompiledGraph> published = new AtomicReference<>(CompiledGraph.EMPTY);
    private volatile NodeRuntime[] statsView = new NodeRuntime[0];
    private volatile long appliedGeneration;

    /** @thread main */
    public GraphModel(HostConfig config) {
        this.config = config;
        this.hostDescriptor = config.descriptor();
        this.slots = new NodeRuntime[config.maxNodes()];
        this.compiler = new GraphCompiler(config, hostDescriptor, slots.length);
    }

    /**
     * Adds a node (activating it when the graph is active).
     * @return its slot
     * @thread any (not render)
     */
    public synchronized int add(Node node) {
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
        if (active) {
            rt.activate(sampleRate, innerMax, config.midiOutCapacity(), config.fifoCapacity());
        }
        slots[slot] = rt;
        faultWatch.add(rt);
        republish(null, null, null);
        return slot;
    }

    private boolean slotBusy(int slot) {
        for (Retired r : retired) {
            if (r.runtime().slot == slot) {
                return true;
            }
        }
        return false;
    }

    /** Removes a node and its links. @thread any (not render) */
    public synchronized void remove(int slot) {
        NodeRuntime rt = require(slot);
        List<Host.Link> gone = new ArrayList<>();
        for (Host.Link l : links) {
            if (l.src() == slot || l.dst() == slot) {
                gone.add(l);
            }
        }
        List<Host.MidiLink> goneMidi = new ArrayList<>();
        for (Host.MidiLink l : midiLinks) {
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

    /** Validates and adds an audio link. @thread any (not render) */
    public synchronized void connectAudio(int src, int srcPort, int dst, int dstPort, double gain) {
        if (src == Host.BOUNDARY) {
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
        if (dst == Host.BOUNDARY) {
            if (dstPort < 0 || dstPort >= hostDescriptor.audioOutputPorts()) {
                throw new IllegalArgumentException("host '" + hostDescriptor.id() + "' has no audio output port " + dstPort
                        + "; it has " + hostDescriptor.audioOutputPorts());
            }
        } else {
            require(dst).node.descriptor().requireAudioIn(dstPort);
        }
        for (Host.Link l : links) {
            if (l.src() == src && l.srcPort() == srcPort && l.dst() == dst && l.dstPort() == dstPort) {
                throw new IllegalArgumentException("audio " + describe(src) + ":" + srcPort + " -> " + describe(dst) + ":"
                        + dstPort + " is already connected");
            }
        }
        Host.Link link = new Host.Link(src, srcPort, dst, dstPort, (float) gain);
        links.add(link);
        if (Topology.sortOrder(nodesOf(null), links, midiLinks) == null) {
            links.remove(link);
            throw new IllegalArgumentException("connecting " + describe(src) + " -> " + describe(dst) + " would make a cycle");
        }
        republish(null, null, null);
    }

    /** Removes an audio link. @thread any (not render) */
    public synchronized void disconnectAudio(int src, int srcPort, int dst, int dstPort) {
        for (Host.Link l : links) {
            if (l.src() == src && l.srcPort() == srcPort && l.dst() == dst && l.dstPort() == dstPort) {
                links.remove(l);
                republish(List.of(l), null, null);
                return;
            }
        }
        throw new IllegalArgumentException("audio " + describe(src) + ":" + srcPort + " -> " + describe(dst) + ":"
                + dstPort + " is not connected");
    }

    /** Validates and adds a MIDI link (one per source and destination). @thread any (not render) */
    public synchronized void connectMidi(Host.MidiLink link) {
        int src = link.src();
        int dst = link.dst();
        if (src == Host.BOUNDARY) {
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
        if (dst == Host.BOUNDARY) {
            if (!hostDescriptor.midiOut()) {
                throw new IllegalArgumentException("host '" + hostDescriptor.id() + "' has no MIDI output");
            }
        } else {
            require(dst).node.descriptor().requireMidiIn();
        }
        if (src == Host.BOUNDARY && dst == Host.BOUNDARY) {
            throw new IllegalArgumentException("cannot route the host's MIDI input straight to its MIDI output");
        }
        if (midiLink(src, dst) != null) {
            throw new IllegalArgumentException("MIDI " + describe(src) + " -> " + describe(dst) + " is already connected");
        }
        midiLinks.add(link);
        if (Topology.sortOrder(nodesOf(null), links, midiLinks) == null) {
            midiLinks.remove(link);
            throw new IllegalArgumentException("routing MIDI " + describe(src) + " -> " + describe(dst) + " would make a cycle");
        }
        republish(null, null, null);
    }

    /** Removes a MIDI link. @thread any (not render) */
    public synchronized void disconnectMidi(int src, int dst) {
        Host.MidiLink link = midiLink(src, dst);
        if (link == null) {
            throw new IllegalArgumentException("MIDI " + describe(src) + " -> " + describe(dst) + " is not connected");
        }
        midiLinks.remove(link);
        republish(null, List.of(link), null);
    }

    private Host.MidiLink midiLink(int src, int dst) {
        for (Host.MidiLink l : midiLinks) {
            if (l.src() == src && l.dst() == dst) {
                return l;
            }
        }
        return null;
    }

    /** The runtime at a slot; IllegalArgumentException for an unknown slot. @thread any (not render) */
    public synchronized NodeRuntime require(int slot) {
        if (slot < 0 || slot >= slots.length || slots[slot] == null) {
            throw new IllegalArgumentException("no node at slot " + slot + " in host '" + hostDescriptor.id() + "'");
        }
        return slots[slot];
    }

    private String describe(int slot) {
        if (slot == Host.BOUNDARY) {
            return "host '" + hostDescriptor.id() + "'";
        }
        NodeRuntime rt = slot >= 0 && slot < slots.length ? slots[slot] : null;
        return rt == null ? "slot " + slot : "'" + rt.node.descriptor().id() + "' (slot " + slot + ")";
    }

    /** The slots in use, ascending. @thread any */
    public synchronized int[] slots() {
        int n = 0;
        int[] s = new int[slots.length];
        for (NodeRuntime rt : slots) {
            if (rt != null) {
                s[n++] = rt.slot;
            }
        }
        return Arrays.copyOf(s, n);
    }

    /** @thread any */
    public synchronized List<Host.Link> audioLinks() {
        return List.copyOf(links);
    }

    /** @thread any */
    public synchronized List<Host.MidiLink> midiLinks() {
        return List.copyOf(midiLinks);
    }

    /** The latest published graph (the one the render thread swaps in next). @thread any */
    public CompiledGraph published() {
        return published.get();
    }

    /** The published graph after its fades are done. @thread any */
    public CompiledGraph publishedFinal() {
        CompiledGraph g = published.get();
        while (g.next != null) {
            g = g.next;
        }
        return g;
    }

    /** Slots in the order the render thread runs them, as published. @thread any */
    public int[] renderOrder() {
        CompiledGraph g = publishedFinal();
        int[] s = new int[g.order.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = g.order[i].slot;
        }
        return s;
    }

    /** A node's latency to the host's output as last computed, or -1 for an unknown slot. @thread any */
    public int latencyToOutput(int slot) {
        CompiledGraph g = publishedFinal();
        int i = g.indexOfSlot(slot);
        return i < 0 ? -1 : g.latencyToOutput[i];
    }

    /** Glitches reported by the nodes (offloaded nodes, nested hosts). @thread any */
    public long glitches() {
        long s = 0;
        for (NodeRuntime rt : statsView) {
            if (rt.node instanceof org.midirack.host.GlitchReporting gr) {
                s += gr.glitches();
            }
        }
        return s;
    }

    /** The longest tail of any node. @thread any */
    public double tailSeconds() {
        double t = 0;
        for (NodeRuntime rt : statsView) {
            t = Math.max(t, rt.node.tailSeconds());
        }
        return t;
    }

    /** The nodes of the model, ascending by slot, as last published. @thread any */
    public NodeRuntime[] runtimes() {
        return statsView;
    }

    /** A slot's runtime from any thread without the lock, or null. @thread any */
    public NodeRuntime runtime(int slot) {
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

    /** Generation of the latest published graph. @thread any */
    public synchronized long publishedGeneration() {
        return generation;
    }

    /** @thread any */
    public long appliedGeneration() {
        return appliedGeneration;
    }

    /** The render thread now runs the graph of this generation. @thread render */
    public void graphApplied(long gen) {
        appliedGeneration = gen;
    }

    /** Every node added and not yet both removed and reported: what the fault monitor watches. @thread any (not render) */
    public synchronized List<NodeRuntime> watched() {
        return new ArrayList<>(faultWatch);
    }

    /** Stops watching removed nodes whose fault has been reported, and collects removed nodes. @thread any (not render) */
    public synchronized void forgetReported() {
        faultWatch.removeIf(rt -> rt.removed && rt.reported.get());
        reapRetired();
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

    /**
     * Compiles and publishes the model; with a fade, removed connections (and the connections of a
     * removed node) first fade out in an intermediate graph that hands over to the final one.
     */
    private void republish(List<Host.Link> goneLinks, List<Host.MidiLink> goneMidi, NodeRuntime goneNode) {
        if (!active) {
            statsView = nodesOf(null).toArray(new NodeRuntime[0]);
            if (goneNode != null) {
                goneNode.node.deactivate();
            }
            return;
        }
        Map<Host.Link, AudioConnection> reuse = GraphCompiler.connectionsOf(lastFinal);
        boolean somethingGoes = (goneLinks != null && !goneLinks.isEmpty()) || goneNode != null;
        boolean fadeOut = config.fadeFrames() > 0 && somethingGoes;
        long fadeGen = fadeOut ? ++generation : 0;
        long gen = ++generation;
        CompiledGraph fin = compiler.compile(gen, nodesOf(null), links, midiLinks, Map.of(), reuse, null, false, innerMax);
        CompiledGraph pub = fin;
        if (fadeOut) {
            List<Host.Link> oldLinks = new ArrayList<>(links);
            Map<Host.Link, Boolean> fading = new HashMap<>();
            if (goneLinks != null) {
                oldLinks.addAll(goneLinks);
                for (Host.Link l : goneLinks) {
                    fading.put(l, Boolean.TRUE);
                }
            }
            List<Host.MidiLink> oldMidi = new ArrayList<>(midiLinks); // MIDI routes go at once
            // the final graph shares the connections the fade graph made
            pub = compiler.compile(fadeGen, nodesOf(goneNode), oldLinks, oldMidi, fading, reuse, fin, false, innerMax);
        }
        lastFinal = fin;
        statsView = nodesOf(null).toArray(new NodeRuntime[0]);
        if (goneNode != null) {
            retired.add(new Retired(goneNode, gen));
        }
        published.set(pub);
        reapRetired();
    }

    /** Deactivates removed nodes the render thread no longer runs. */
    private void reapRetired() {
        long applied = appliedGeneration;
        for (int i = retired.size() - 1; i >= 0; i--) {
            Retired r = retired.get(i);
            if (!active || applied >= r.generation()) {
                r.runtime().node.deactivate();
                retired.remove(i);
            }
        }
    }

    /**
     * Deactivates removed nodes no cycle runs any more.
     * @return how many removed nodes are still waiting for the render thread to let go of them
     * @thread any (not render)
     */
    public synchronized int collectRemoved() {
        reapRetired();
        return retired.size();
    }

    /**
     * Activates every node and publishes the whole graph compiled fresh (no fade-in).
     * @thread main (no render call running)
     */
    public synchronized void activate(double sampleRate, int innerMax) {
        this.sampleRate = sampleRate;
        this.innerMax = innerMax;
        for (NodeRuntime rt : slots) {
            if (rt != null) {
                rt.activate(sampleRate, innerMax, config.midiOutCapacity(), config.fifoCapacity());
            }
        }
        long gen = ++generation;
        lastFinal = compiler.compile(gen, nodesOf(null), links, midiLinks, Map.of(), new HashMap<>(), null, true, innerMax);
        statsView = nodesOf(null).toArray(new NodeRuntime[0]);
        active = true;
        published.set(lastFinal);
    }

    /** Publishes the empty graph and deactivates every node, removed ones included. @thread main (no render call running) */
    public synchronized void deactivate() {
        published.set(CompiledGraph.EMPTY);
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
        active = false;
    }
}
