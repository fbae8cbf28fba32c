package org.midirack.host.graph;

import org.midirack.core.NodeDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.midirack.host.Host;
import org.midirack.host.HostConfig;

/**
 * Turns the graph model (nodes, audio links, MIDI links) into the immutable {@link CompiledGraph}
 * the render thread runs: the nodes in topological order and, per node by order index, its audio
 * connections with their sources, its MIDI sources with their channel filters, which ports are
 * connected, what reaches the host's outputs. An audio connection that stays across a recompile is
 * the same {@link AudioConnection} object, so its fade level and delay line carry on; a new one is
 * made with its fade at 0 (or 1 for a graph compiled fresh at activation).
 */
final class GraphCompiler {
    private final HostConfig config;
    private final NodeDescriptor hostDescriptor;
    private final int slotCount;

    GraphCompiler(HostConfig config, NodeDescriptor hostDescriptor, int slotCount) {
        this.config = config;
        this.hostDescriptor = hostDescriptor;
        this.slotCount = slotCount;
    }

    /** The audio connections of a compiled graph by link, to carry them into the next. @thread any (not render) */
    static Map<Host.Link, AudioConnection> connectionsOf(CompiledGraph g) {
        Map<Host.Link, AudioConnection> m = new HashMap<>();
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

    /**
     * @param fading links to fade out (their target level is 0)
     * @param reuse connections to carry on, by link; new ones are added to it
     * @param next the graph that follows once this one's fades are done, or null
     * @param fresh whether new connections start at full level (activation) rather than fading in
     * @param innerMax the largest cycle the render thread runs
     * @thread any (not render; allocates)
     */
    CompiledGraph compile(long gen, List<NodeRuntime> nodes, List<Host.Link> ls, List<Host.MidiLink> ms,
                          Map<Host.Link, Boolean> fading, Map<Host.Link, AudioConnection> reuse, CompiledGraph next,
                          boolean fresh, int innerMax) {
        List<NodeRuntime> orderList = Topology.sortOrder(nodes, ls, ms);
        if (orderList == null) {
            throw new IllegalStateException("graph has a cycle"); // prevented at connection time
        }
        NodeRuntime[] order = orderList.toArray(new NodeRuntime[0]);
        int n = order.length;
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(order[i].slot, i);
        }
        NodeRuntime[] bySlot = new NodeRuntime[slotCount];
        for (NodeRuntime rt : order) {
            bySlot[rt.slot] = rt;
        }
        AudioConnection[][] inputs = new AudioConnection[n][];
        int[][] inputSrc = new int[n][];
        float[][] targets = new float[n][];
        boolean[][] inConn = new boolean[n][];
        boolean[][] outConn = new boolean[n][];
        int[][] midiSrc = new int[n][];
        int[][] midiMask = new int[n][];
        int[][] midiRemap = new int[n][];
        List<Integer> midiToHostMask = new ArrayList<>();
        List<Integer> midiToHostRemap = new ArrayList<>();
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
            for (Host.Link l : ls) {
                if (l.dst() == order[i].slot && (l.src() == Host.BOUNDARY || index.containsKey(l.src()))) {
                    cs.add(connection(l, d.audioInputChannels(l.dstPort()), reuse, fresh, innerMax));
                    src.add(l.src() == Host.BOUNDARY ? -1 : index.get(l.src()));
                    tg.add(fading.containsKey(l) ? 0f : 1f);
                    inConn[i][l.dstPort()] = true;
                }
            }
            inputs[i] = cs.toArray(new AudioConnection[0]);
            inputSrc[i] = ints(src);
            targets[i] = new float[tg.size()];
            for (int k = 0; k < tg.size(); k++) {
                targets[i][k] = tg.get(k);
            }
            List<Integer> mSrc = new ArrayList<>();
            List<Integer> mMask = new ArrayList<>();
            List<Integer> mRemap = new ArrayList<>();
            for (Host.MidiLink l : ms) {
                if (l.dst() == order[i].slot && (l.src() == Host.BOUNDARY || index.containsKey(l.src()))) {
                    mSrc.add(l.src() == Host.BOUNDARY ? -1 : index.get(l.src()));
                    mMask.add(l.channelMask());
                    mRemap.add(l.remapChannel());
                }
                if (l.src() == order[i].slot && l.dst() == Host.BOUNDARY) {
                    midiToHost.add(i);
                    midiToHostMask.add(l.channelMask());
                    midiToHostRemap.add(l.remapChannel());
                }
            }
            midiSrc[i] = ints(mSrc);
            midiMask[i] = ints(mMask);
            midiRemap[i] = ints(mRemap);
        }
        for (Host.Link l : ls) {
            if (l.src() != Host.BOUNDARY && index.containsKey(l.src())) {
                outConn[index.get(l.src())][l.srcPort()] = true;
            }
            if (l.dst() == Host.BOUNDARY && (l.src() == Host.BOUNDARY || index.containsKey(l.src()))) {
                toOut.add(connection(l, hostDescriptor.audioOutputChannels(l.dstPort()), reuse, fresh, innerMax));
                toOutSrc.add(l.src() == Host.BOUNDARY ? -1 : index.get(l.src()));
                toOutTargets.add(fading.containsKey(l) ? 0f : 1f);
            }
        }
        boolean[] reaches = new boolean[n];
        for (int i = n - 1; i >= 0; i--) {
            int slot = order[i].slot;
            for (Host.Link l : ls) {
                if (l.src() == slot && (l.dst() == Host.BOUNDARY || (index.containsKey(l.dst()) && reaches[index.get(l.dst())]))) {
                    reaches[i] = true;
                }
            }
        }
        float[] outT = new float[toOutTargets.size()];
        for (int k = 0; k < outT.length; k++) {
            outT[k] = toOutTargets.get(k);
        }
        return new CompiledGraph(gen, order, bySlot, inputs, inputSrc, targets, inConn, outConn, midiSrc, midiMask, midiRemap,
                toOut.toArray(new AudioConnection[0]), ints(toOutSrc), outT, ints(midiToHost), ints(midiToHostMask),
                ints(midiToHostRemap), reaches, next);
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private AudioConnection connection(Host.Link l, int channels, Map<Host.Link, AudioConnection> reuse, boolean fresh,
                                       int innerMax) {
        AudioConnection c = reuse.get(l);
        if (c == null) {
            c = new AudioConnection(l, channels, innerMax, config.maxCompensationFrames());
            c.ramp = fresh || config.fadeFrames() == 0 ? 1f : 0f;
            reuse.put(l, c);
        }
        return c;
    }
}
