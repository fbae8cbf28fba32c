package org.midirack.demos.gui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.demos.cli.DemoHostSession;
import org.midirack.host.Host;

/**
 * The graph as the window shows it: the host's nodes with their ports, its audio and MIDI
 * connections, where each node box sits, and the actions a user takes on it (add, remove,
 * connect a port to a port, disconnect). Everything is read from the {@link Host} through its
 * query API on every {@link #refresh}; the actions go through the demo host's graph
 * ({@link DemoHostSession}), which checks them as the terminal's {@code connect} does. Geometry
 * (box sizes, port places, hit tests) is here too, so dragging from port to port is tested
 * without a display.
 */
public final class GraphModel {
    /** Width and height of a node box; ports sit along its left (inputs) and right (outputs) edges. */
    public static final int BOX_W = 150;
    /** Height of a box's title; ports start below it. */
    public static final int TITLE_H = 34;
    /** Distance between ports. */
    public static final int PORT_STEP = 18;
    /** Radius within which a point hits a port. */
    public static final int PORT_HIT = 8;

    /** One end of a connection: a node's port, or the host's own {@code in} (MIDI out) or {@code out} (audio in). */
    public record Port(int slot, boolean midi, boolean output, int index) {
        /** The host's MIDI input, a MIDI source. */
        public static final Port IN = new Port(Host.BOUNDARY, true, true, 0);
        /** The host's audio output, an audio destination. */
        public static final Port OUT = new Port(Host.BOUNDARY, false, false, 0);
    }

    /** A node box: what the node is and what it has. {@code slot} {@link Host#BOUNDARY} with midi: in; without: out. */
    public record Box(int slot, String name, String type, NodeKind kind, int audioIns, int audioOuts, boolean midiIn,
                      boolean midiOut, int latency, boolean muted, String error, int x, int y) {
        /** Height of the box. @thread any */
        public int height() {
            int rows = Math.max(audioIns + (midiIn ? 1 : 0), audioOuts + (midiOut ? 1 : 0));
            return TITLE_H + Math.max(1, rows) * PORT_STEP + 6;
        }

        /** The ports, inputs first (audio, then MIDI), then outputs. @thread any */
        public List<Port> ports() {
            List<Port> out = new ArrayList<>();
            for (int i = 0; i < audioIns; i++) {
                out.add(new Port(slot, false, false, i));
            }
            if (midiIn) {
                out.add(new Port(slot, true, false, 0));
            }
            for (int i = 0; i < audioOuts; i++) {
                out.add(new Port(slot, false, true, i));
            }
            if (midiOut) {
                out.add(new Port(slot, true, true, 0));
            }
            return out;
        }

        /** Where a port of this box is drawn: {x, y}. @thread any */
        public int[] at(Port p) {
            int row = p.midi() ? (p.output() ? audioOuts : audioIns) : p.index();
            return new int[] {p.output() ? x + BOX_W : x, y + TITLE_H + row * PORT_STEP + PORT_STEP / 2};
        }
    }

    private final DemoHostSession session;
    private final Map<Integer, int[]> places = new HashMap<>();
    private final Map<Integer, String> errors = new HashMap<>();
    private final List<Runnable> listeners = new ArrayList<>();
    private int[] inPlace = {15, 40};
    private int[] outPlace = {785, 40};
    private List<Box> boxes = List.of();
    private List<Host.Link> audio = List.of();
    private List<Host.MidiLink> midi = List.of();

    /** @thread EDT (or the test's thread) */
    public GraphModel(DemoHostSession session) {
        this.session = session;
        refresh();
    }

    /** Called after every {@link #refresh} that found a change. @thread EDT */
    public void addListener(Runnable r) {
        listeners.add(r);
    }

    /**
     * Reads the graph from the host again (nodes, links, latency, muted nodes and their errors);
     * tells the listeners when anything changed.
     * @thread EDT
     */
    public void refresh() {
        Host h = session.host();
        for (String m : session.pollMessages()) {
            java.util.regex.Matcher k = java.util.regex.Pattern.compile("node ([0-9]+) ").matcher(m);
            if (k.find()) {
                errors.put(Integer.parseInt(k.group(1)) - 1, m.replaceFirst("^midirack: ", ""));
            }
        }
        List<Box> bs = new ArrayList<>();
        bs.add(new Box(Host.BOUNDARY, "in", "the host's MIDI input", null, 0, 0, false, true, 0, false, null,
                inPlace[0], inPlace[1]));
        bs.add(new Box(Host.BOUNDARY, "out", "the host's audio output", null, 1, 0, false, false, 0, false, null,
                outPlace[0], outPlace[1]));
        for (int s : h.slots()) {
            NodeDescriptor d = h.node(s).descriptor();
            int[] p = places.computeIfAbsent(s, k -> new int[] {210 + 190 * (k % 3), 30 + 120 * (k / 3)});
            boolean muted = h.isMuted(s);
            bs.add(new Box(s, session.name(s), d.id(), d.kind(), d.audioInputPorts(), d.audioOutputPorts(), d.midiIn(),
                    d.midiOut(), h.node(s).latencyFrames(), muted, muted ? errors.get(s) : null, p[0], p[1]));
        }
        places.keySet().removeIf(s -> java.util.Arrays.stream(h.slots()).noneMatch(x -> x == s));
        List<Host.Link> a = h.audioLinks();
        List<Host.MidiLink> m = h.midiLinks();
        boolean changed = !bs.equals(boxes) || !a.equals(audio) || !m.equals(midi);
        boxes = List.copyOf(bs);
        audio = List.copyOf(a);
        midi = List.copyOf(m);
        if (changed) {
            listeners.forEach(Runnable::run);
        }
    }

    /** The boxes, {@code in} and {@code out} first. @thread EDT */
    public List<Box> boxes() {
        return boxes;
    }

    /** @thread EDT */
    public List<Host.Link> audioLinks() {
        return audio;
    }

    /** @thread EDT */
    public List<Host.MidiLink> midiLinks() {
        return midi;
    }

    /** The graph's latency from its inputs to the output, in frames. @thread EDT */
    public int latencyFrames() {
        return session.host().latencyFrames();
    }

    /** The box of a node, or of {@code in} / {@code out}. @thread EDT */
    public Box box(Port p) {
        for (Box b : boxes) {
            if (b.slot() == p.slot() && (b.slot() != Host.BOUNDARY || b.midiOut() == p.midi())) {
                return b;
            }
        }
        throw new IllegalArgumentException("no node " + (p.slot() + 1));
    }

    /** The box at a point, or null. @thread EDT */
    public Box boxAt(int x, int y) {
        for (int i = boxes.size() - 1; i >= 0; i--) {
            Box b = boxes.get(i);
            if (x >= b.x() && x <= b.x() + BOX_W && y >= b.y() && y <= b.y() + b.height()) {
                return b;
            }
        }
        return null;
    }

    /** The port within {@link #PORT_HIT} of a point, or null. @thread EDT */
    public Port portAt(int x, int y) {
        for (Box b : boxes) {
            for (Port p : b.ports()) {
                int[] c = b.at(p);
                if (Math.abs(c[0] - x) <= PORT_HIT && Math.abs(c[1] - y) <= PORT_HIT) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Moves a box (a drag on its title). @thread EDT */
    public void move(Box b, int x, int y) {
        int[] p = {Math.max(0, x), Math.max(0, y)};
        if (b.slot() == Host.BOUNDARY) {
            if (b.midiOut()) {
                inPlace = p;
            } else {
                outPlace = p;
            }
        } else {
            places.put(b.slot(), p);
        }
        boxes = List.of();
        refresh();
    }

    // ------------------------------------------------------------------ actions

    /**
     * Adds a node of an installed type.
     * @return its slot
     * @thread EDT
     */
    public int add(String type) {
        int s = session.add(type);
        refresh();
        return s;
    }

    /** @thread EDT */
    public void remove(int slot) {
        session.remove(slot);
        errors.remove(slot);
        refresh();
    }

    /**
     * Connects two ports, in either order (one output, one input, both audio or both MIDI).
     * @param channels for MIDI: a channel list ({@code 1-9,11-16}), or null for all 16
     * @throws IllegalArgumentException naming what does not fit
     * @thread EDT
     */
    public void connect(Port a, Port b, String channels) {
        Port[] e = ends(a, b);
        if (e[0].midi()) {
            session.connectMidi(e[0].slot(), e[1].slot(), channels, -1);
        } else {
            session.connectAudio(e[0].slot(), e[0].index(), e[1].slot(), e[1].index(), 1);
        }
        refresh();
    }

    /** Removes the connection between two ports, in either order. @thread EDT */
    public void disconnect(Port a, Port b) {
        Port[] e = ends(a, b);
        if (e[0].midi()) {
            session.disconnectMidi(e[0].slot(), e[1].slot());
        } else {
            session.disconnectAudio(e[0].slot(), e[0].index(), e[1].slot(), e[1].index());
        }
        refresh();
    }

    private Port[] ends(Port a, Port b) {
        if (a.midi() != b.midi()) {
            throw new IllegalArgumentException("a MIDI port and an audio port: connect audio to audio, MIDI to MIDI");
        }
        if (a.output() == b.output()) {
            throw new IllegalArgumentException("two " + (a.output() ? "outputs" : "inputs")
                    + ": connect an output to an input");
        }
        return a.output() ? new Port[] {a, b} : new Port[] {b, a};
    }

    /** "sine out 1", "in", "out". @thread EDT */
    public String text(Port p) {
        if (p.slot() == Host.BOUNDARY) {
            return p.midi() ? "in" : "out";
        }
        return session.name(p.slot()) + (p.midi() ? " MIDI " : " audio ") + (p.output() ? "out" : "in")
                + (p.midi() ? "" : " " + (p.index() + 1));
    }
}
