package org.midirack.demos.cli;

import org.midirack.core.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.midirack.host.Host;

/**
 * The shape of the graph an {@link Engine} runs: either the chain the command options name, which
 * this class builds into an empty {@link Host}, or a graph built elsewhere (the demo host's, a
 * session's: see {@link HostGraph}), which it only reads. It answers what the command line shows
 * and needs about the graph: its nodes, their names, its longest release tail.
 *
 * <h2>The options' chain</h2>
 * Nodes are added to an empty host in signal order, so a node's slot is its number from 0:
 * MIDI effects, the instrument, the drums (channel 10), audio effects. MIDI: the song
 * ({@code new SequenceSource(player, Host.BOUNDARY)}) and live input enter at the host's own MIDI
 * input ({@link Host#BOUNDARY}) and the graph's channel-filtered links take them on: the channels
 * in {@code fxChannelMask} to the first MIDI effect, channel 10 to the drums, the rest to the
 * instrument; MIDI effects are chained and the last feeds the instrument (channel 10: the drums).
 * Audio: the instrument and the drums sum into the first audio effect (or the output), each audio
 * effect into the next, the last into the host's output.
 *
 * <p>Package API: {@link #chain}, {@link #builtElsewhere}, {@link #isBuiltElsewhere},
 * {@link #nodeCount}, {@link #node}, {@link #instrument}, {@link #drums}, {@link #midiEffects},
 * {@link #audioEffects}, {@link #fxChannelMask}, {@link #nodeNames}, {@link #tailSeconds}.
 */
final class EngineGraph {
    private final Host host;
    private final List<Node> nodes;
    private final Node instrument;
    private final Node drums;
    private final List<Node> midiFx;
    private final List<Node> audioFx;
    private final int fxChannelMask;

    private EngineGraph(Host host, List<Node> nodes, Node instrument, Node drums, List<Node> midiFx,
                        List<Node> audioFx, int fxChannelMask) {
        this.host = host;
        this.nodes = nodes;
        this.instrument = instrument;
        this.drums = drums;
        this.midiFx = midiFx;
        this.audioFx = audioFx;
        this.fxChannelMask = fxChannelMask;
    }

    /**
     * Adds the options' chain to an empty host and links it (see the class javadoc).
     *
     * @param drums         the node for channel 10, or null to send channel 10 to the instrument
     * @param midiFx        MIDI effects in order, fed the channels in {@code fxChannelMask}
     * @param audioFx       audio effects in order
     * @param fxChannelMask bit c set: MIDI channel c+1 goes through {@code midiFx}
     * @throws IllegalArgumentException when a node cannot take its place (a MIDI effect that takes
     *                                  no MIDI, an audio effect without an audio input, the host full)
     *                                  or a link is refused
     * @throws IllegalStateException    when the host was not empty (a node took another slot)
     * @thread main
     */
    static EngineGraph chain(Host host, Node instrument, Node drums, List<Node> midiFx, List<Node> audioFx,
                             int fxChannelMask) {
        List<Node> nodes = new ArrayList<>();
        for (Node n : midiFx) {
            n.descriptor().requireMidiIn();
            nodes.add(n);
        }
        nodes.add(instrument);
        if (drums != null) {
            nodes.add(drums);
        }
        for (Node n : audioFx) {
            n.descriptor().requireAudioIn(0);
            nodes.add(n);
        }
        for (int i = 0; i < nodes.size(); i++) {
            int slot = host.add(nodes.get(i));
            if (slot != i) {
                throw new IllegalStateException("node " + i + " took slot " + slot);
            }
        }
        int instrumentSlot = midiFx.size();
        int drumSlot = drums == null ? -1 : instrumentSlot + 1;
        int all = Host.MidiLink.ALL_CHANNELS;
        int keep = Host.MidiLink.KEEP_CHANNEL;
        int drumBit = drumSlot >= 0 ? 1 << 9 : 0;
        int viaFx = midiFx.isEmpty() ? 0 : fxChannelMask & all;
        if (viaFx != 0) {
            host.connectMidi(Host.BOUNDARY, 0, viaFx, keep);
            for (int i = 0; i + 1 < midiFx.size(); i++) {
                host.connectMidi(i, i + 1);
            }
            int last = midiFx.size() - 1;
            if ((all & ~drumBit) != 0) {
                host.connectMidi(last, instrumentSlot, all & ~drumBit, keep);
            }
            if (drumBit != 0) {
                host.connectMidi(last, drumSlot, drumBit, keep);
            }
        }
        int toInstrument = all & ~viaFx & ~drumBit;
        if (toInstrument != 0) {
            host.connectMidi(Host.BOUNDARY, instrumentSlot, toInstrument, keep);
        }
        if ((drumBit & ~viaFx) != 0) {
            host.connectMidi(Host.BOUNDARY, drumSlot, drumBit, keep);
        }
        int firstAudio = drumSlot >= 0 ? drumSlot + 1 : instrumentSlot + 1;
        int target = audioFx.isEmpty() ? Host.BOUNDARY : firstAudio;
        host.connectAudio(instrumentSlot, 0, target, 0);
        if (drumSlot >= 0) {
            host.connectAudio(drumSlot, 0, target, 0);
        }
        for (int i = 0; i < audioFx.size(); i++) {
            int s = firstAudio + i;
            host.connectAudio(s, 0, i + 1 < audioFx.size() ? s + 1 : Host.BOUNDARY, 0);
        }
        return new EngineGraph(host, nodes, instrument, drums, List.copyOf(midiFx), List.copyOf(audioFx),
                fxChannelMask);
    }

    /**
     * A graph built elsewhere, read through the host's own slots and links: no instrument, no
     * chain ({@link #nodeCount} is 0; {@link #nodeNames} and {@link #tailSeconds} ask the host).
     * @thread main
     */
    static EngineGraph builtElsewhere(Host host) {
        return new EngineGraph(host, List.of(), null, null, List.of(), List.of(), 0);
    }

    /** Whether the graph was built elsewhere (every node reached through the graph's links). @thread any */
    boolean isBuiltElsewhere() {
        return instrument == null;
    }

    /** How many nodes the options' chain has (0 for a graph built elsewhere). @thread any */
    int nodeCount() {
        return nodes.size();
    }

    /** Node {@code i} of the options' chain in signal order from 0 (= its slot in the host). @thread any */
    Node node(int i) {
        return nodes.get(i);
    }

    /** The options' instrument, or null for a graph built elsewhere. @thread any */
    Node instrument() {
        return instrument;
    }

    /** The node for channel 10, or null. @thread any */
    Node drums() {
        return drums;
    }

    /** @thread any */
    List<Node> midiEffects() {
        return midiFx;
    }

    /** @thread any */
    List<Node> audioEffects() {
        return audioFx;
    }

    /** Bit c set: MIDI channel c+1 goes through the MIDI effects. @thread any */
    int fxChannelMask() {
        return fxChannelMask;
    }

    /** Names of the nodes in signal order, for display. @thread any */
    List<String> nodeNames() {
        List<String> out = new ArrayList<>();
        if (isBuiltElsewhere()) {
            for (int slot : host.slots()) {
                out.add(host.node(slot).descriptor().id() + " (" + host.node(slot).descriptor().kind() + ")");
            }
            return out;
        }
        for (Node n : midiFx) {
            out.add(n.descriptor().id() + " (MIDI, " + n.descriptor().kind() + ")");
        }
        out.add(instrument.descriptor().id() + " (" + instrument.descriptor().kind() + ")");
        if (drums != null) {
            out.add(drums.descriptor().id() + " (channel 10, " + drums.descriptor().kind() + ")");
        }
        for (Node n : audioFx) {
            out.add(n.descriptor().id() + " (audio, " + n.descriptor().kind() + ")");
        }
        return out;
    }

    /**
     * Longest release tail: the instrument's or the drums', plus every audio effect's; for a graph
     * built elsewhere, the longest along its audio paths to the output.
     * @thread any
     */
    double tailSeconds() {
        if (isBuiltElsewhere()) {
            return graphTail();
        }
        double t = instrument.tailSeconds();
        if (drums != null) {
            t = Math.max(t, drums.tailSeconds());
        }
        for (Node n : audioFx) {
            t += n.tailSeconds();
        }
        return t;
    }

    /**
     * The longest tail along the graph's audio paths to the output: each node's own tail plus the
     * longest tail of what feeds it (for a chain, the sources' longest plus every effect's).
     */
    private double graphTail() {
        Map<Integer, Double> tail = new HashMap<>();
        List<Host.Link> links = host.audioLinks();
        double out = 0;
        for (int slot : host.renderOrder()) {
            double in = 0;
            for (Host.Link l : links) {
                if (l.dst() == slot && tail.containsKey(l.src())) {
                    in = Math.max(in, tail.get(l.src()));
                }
            }
            tail.put(slot, in + host.node(slot).tailSeconds());
        }
        for (Host.Link l : links) {
            if (l.dst() == Host.BOUNDARY && tail.containsKey(l.src())) {
                out = Math.max(out, tail.get(l.src()));
            }
        }
        return out;
    }
}
