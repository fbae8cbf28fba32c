package org.midirack.demos.cli;

import org.midirack.core.NodeDescriptor;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import org.midirack.host.Host;

/**
 * The demo host's graph commands: {@code nodes}, {@code add}, {@code remove}, {@code rename},
 * {@code connect}, {@code disconnect}, {@code graph}, {@code track} and {@code transport}. They
 * change the running {@link Host} through a {@link HostGraph}; a command that fails changes
 * nothing and says in one line what was wrong.
 */
final class HostGraphCommands {
    static final List<String> NAMES = List.of("nodes", "add", "remove", "rename", "connect", "disconnect", "graph",
            "track", "transport");
    static final String HELP = """
              nodes                 the node types you can add
              add TYPE [as NAME]    add a node (TYPE: its id or part of it, e.g. sine, arp, delay)
              remove NODE           remove a node and its connections (NODE: its name or number)
              rename NODE NAME      give a node another name
              connect audio A[:PORT] B[:PORT] [gain G]
                                    audio from A's output to B's input (B: a node or out); G: a factor
                                    (0.5) or dB (-6dB); ports from 1
              connect midi A B [ch 1-9,11-16] [to N]
                                    MIDI from A (a node, or in: the tracks and the live input) to node B,
                                    only on these channels, moved to channel N
              disconnect audio A[:PORT] B[:PORT] | disconnect midi A B
              graph                 the nodes, connections, track destinations and render order
              track N -> NODE       track N plays into NODE (track N -> in: routed by channel)
              transport             bar, beat, tempo, playing, recording, loop
            """;

    /** What the graph commands need from the host around them. */
    interface Session {
        /** The loaded tracks' names, in order. @thread main */
        List<String> trackNames();

        /** The tracks' destinations changed: play the song into them from now on. @thread main */
        void tracksRouted();

        /**
         * A node is gone: drop what refers to it.
         * @return how many MIDI mappings went with it
         * @thread main
         */
        int nodeRemoved(int slot);

        /** "off" or "bars 1 to 2". @thread main */
        String loopText();
    }

    private final HostGraph graph;
    private final Session session;
    private final PrintStream o;

    /** @thread main */
    HostGraphCommands(HostGraph graph, Session session, PrintStream o) {
        this.graph = graph;
        this.session = session;
        this.o = o;
    }

    /** @thread any */
    HostGraph graph() {
        return graph;
    }

    /**
     * Runs one command whose first word is in {@link #NAMES}.
     * @throws IllegalArgumentException with the one-line message to show (nothing changed)
     * @thread main
     */
    void run(String[] w) {
        switch (w[0].toLowerCase(Locale.ROOT)) {
            case "nodes" -> types();
            case "add" -> add(w);
            case "remove" -> remove(w);
            case "rename" -> {
                need(w, 3, "rename NODE NAME");
                graph.rename(w[1], w[2]);
                o.println("node " + (graph.node(w[2]) + 1) + " is now " + w[2]);
            }
            case "connect" -> connect(w, true);
            case "disconnect" -> connect(w, false);
            case "graph" -> graph.describe(session.trackNames()).forEach(o::println);
            case "track" -> track(w);
            case "transport" -> o.println(transport(graph.host(), session.loopText()));
            default -> throw new IllegalArgumentException("unknown command '" + w[0] + "'");
        }
    }

    private void types() {
        List<NodeDescriptor> all = graph.registry().list();
        List<String> ios = new java.util.ArrayList<>();
        int width = 4;
        int ioWidth = 4;
        for (NodeDescriptor d : all) {
            width = Math.max(width, HostGraph.shortId(d.id()).length());
            String in = String.join("+", (d.midiIn() ? "MIDI" : ""), d.audioInputPorts() > 0 ? "audio" : "")
                    .replaceAll("^\\+|\\+$", "");
            String out = String.join("+", d.audioOutputPorts() > 0 ? "audio" : "", d.midiOut() ? "MIDI" : "")
                    .replaceAll("^\\+|\\+$", "");
            String io = (in.isEmpty() ? "" : in + " -> ") + out;
            ios.add(io);
            ioWidth = Math.max(ioWidth, io.length());
        }
        for (int i = 0; i < all.size(); i++) {
            NodeDescriptor d = all.get(i);
            o.printf(Locale.ROOT, "  %-" + width + "s  %-12s  %-" + ioWidth + "s  %s%n", HostGraph.shortId(d.id()),
                    d.kind(), ios.get(i), d.name());
        }
    }

    private void add(String[] w) {
        need(w, 2, "add TYPE [as NAME]");
        String name = null;
        if (w.length > 2) {
            if (w.length != 4 || !w[2].equalsIgnoreCase("as")) {
                throw new IllegalArgumentException("usage: add TYPE [as NAME]");
            }
            name = w[3];
        }
        int slot = graph.add(w[1], name);
        NodeDescriptor d = graph.host().node(slot).descriptor();
        o.println("added " + (slot + 1) + " " + graph.name(slot) + " (" + d.id() + ", " + d.kind() + ")"
                + hint(d));
    }

    /** What to connect next, for a node with nothing connected yet. */
    private static String hint(NodeDescriptor d) {
        if (d.audioOutputPorts() > 0 && d.audioInputPorts() == 0) {
            return ": connect its audio (connect audio NAME out) and MIDI (connect midi in NAME)";
        }
        if (d.audioInputPorts() > 0) {
            return ": connect audio into it and out of it";
        }
        return "";
    }

    private void remove(String[] w) {
        need(w, 2, "remove NODE");
        int slot = graph.node(w[1]);
        String name = graph.name(slot);
        boolean routed = false;
        for (int i = 0; i < graph.trackCount(); i++) {
            routed |= graph.trackDestination(i) == slot;
        }
        graph.remove(w[1]);
        int mappings = session.nodeRemoved(slot);
        if (routed) {
            session.tracksRouted();
        }
        o.println("removed " + (slot + 1) + " " + name + " and its connections"
                + (mappings > 0 ? ", " + mappings + (mappings == 1 ? " MIDI mapping" : " MIDI mappings") : "")
                + (routed ? "; its tracks now play into in" : ""));
    }

    private void connect(String[] w, boolean on) {
        String verb = on ? "connect" : "disconnect";
        String usage = on ? "connect audio A[:PORT] B[:PORT] [gain G] | connect midi A B [ch 1-9,11-16] [to N]"
                : "disconnect audio A[:PORT] B[:PORT] | disconnect midi A B";
        need(w, 4, usage);
        switch (w[1].toLowerCase(Locale.ROOT)) {
            case "audio" -> {
                HostGraph.End a = graph.audioEnd(w[2], false);
                HostGraph.End b = graph.audioEnd(w[3], true);
                if (on) {
                    double gain = 1;
                    if (w.length > 4) {
                        if (w.length != 6 || !w[4].equalsIgnoreCase("gain")) {
                            throw new IllegalArgumentException("usage: connect audio A[:PORT] B[:PORT] [gain G]");
                        }
                        gain = gain(w[5]);
                    }
                    graph.connectAudio(a, b, gain);
                } else {
                    if (w.length > 4) {
                        throw new IllegalArgumentException("usage: disconnect audio A[:PORT] B[:PORT]");
                    }
                    graph.disconnectAudio(a, b);
                }
                double g = on && w.length > 4 ? gain(w[5]) : 1;
                o.println((on ? "connected audio " : "disconnected audio ") + graph.endText(a.slot(), a.port(), false)
                        + " -> " + graph.endText(b.slot(), b.port(), true) + (g == 1 ? "" : " gain " + (float) g));
            }
            case "midi" -> {
                int a = graph.midiSource(w[2]);
                int b = graph.midiDestination(w[3]);
                int mask = HostGraph.ALL_CHANNELS;
                int remap = -1;
                for (int i = 4; i < w.length; i++) {
                    if (!on) {
                        throw new IllegalArgumentException("usage: disconnect midi A B");
                    }
                    String k = w[i].toLowerCase(Locale.ROOT);
                    if (i + 1 >= w.length || !(k.equals("ch") || k.equals("to"))) {
                        throw new IllegalArgumentException("usage: connect midi A B [ch 1-9,11-16] [to N]");
                    }
                    if (k.equals("ch")) {
                        mask = MidiChannels.parseChannels(w[++i]);
                    } else {
                        remap = MidiChannels.channel(w[++i], w[i]) - 1;
                    }
                }
                if (on) {
                    graph.connectMidi(a, b, mask, remap);
                } else {
                    graph.disconnectMidi(a, b);
                }
                o.println((on ? "connected MIDI " : "disconnected MIDI ") + graph.name(a) + " -> " + graph.name(b)
                        + (on ? MidiChannels.filterText(mask, remap) : ""));
            }
            default -> throw new IllegalArgumentException(verb + " audio ... or " + verb + " midi ..., not '" + w[1]
                    + "'; usage: " + usage);
        }
    }

    /** "0.5", "1", "-6dB". */
    static double gain(String word) {
        String t = word.toLowerCase(Locale.ROOT);
        boolean db = t.endsWith("db");
        double v;
        try {
            v = Double.parseDouble(db ? t.substring(0, t.length() - 2) : t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("gain '" + word + "' is not a factor (0.5) or dB (-6dB)", e);
        }
        if (db) {
            if (!(v >= -120 && v <= 24)) {
                throw new IllegalArgumentException("gain " + word + " is not -120dB..24dB");
            }
            return Math.pow(10, v / 20);
        }
        if (!(v >= 0 && v <= 16)) {
            throw new IllegalArgumentException("gain " + word + " is not a factor 0..16");
        }
        return v;
    }

    private void track(String[] w) {
        need(w, 3, "track N -> NODE");
        String target = w.length == 4 && w[2].equals("->") ? w[3] : w.length == 3 ? w[2] : null;
        if (target == null) {
            throw new IllegalArgumentException("usage: track N -> NODE");
        }
        int n;
        try {
            n = Integer.parseInt(w[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("track '" + w[1] + "': give its number (see 'tracks')", e);
        }
        graph.setTrackDestination(n - 1, target);
        session.tracksRouted();
        int dst = graph.trackDestination(n - 1);
        o.println("track " + n + " plays into " + graph.name(dst) + (dst == Host.BOUNDARY ? " (routed by channel)" : ""));
    }

    /**
     * "bar 3 beat 2.50 | tempo 132 BPM | playing | recording off | loop bars 1 to 2" (4/4 bars,
     * as the host's loop counts them; the beat cut to hundredths; "(pre-roll)" before beat 0).
     * @thread main
     */
    static String transport(Host host, String loop) {
        double beat = host.transport().beat();
        boolean preRoll = beat < 0;
        double b = Math.max(0, beat);
        long bar = (long) Math.floor(b / 4);
        double inBar = Math.floor((b - bar * 4.0) * 100) / 100; // shown cut to hundredths, never rounded up
        return String.format(Locale.ROOT, "bar %d beat %.2f%s | tempo %s BPM | %s | %s | loop %s", bar + 1, inBar + 1,
                preRoll ? " (pre-roll)" : "",
                tempoText(host.transport().tempo()), host.transport().isPlaying() ? "playing" : "stopped",
                host.transport().isRecording() ? "recording" : "recording off", loop);
    }

    private static String tempoText(double v) {
        return Math.abs(v - Math.rint(v)) < 0.001 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static void need(String[] w, int n, String usage) {
        if (w.length < n) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }
}
