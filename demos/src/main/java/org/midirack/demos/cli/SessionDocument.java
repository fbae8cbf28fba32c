package org.midirack.demos.cli;

import org.midirack.core.Node;
import org.midirack.core.NodeState;
import org.midirack.core.hosting.NodeRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;

import org.midirack.host.Host;
import org.midirack.host.HostConfig;
import org.midirack.host.mapping.MidiMapping;
import org.midirack.host.mapping.MidiMappingDocument;

/**
 * A whole demo-host session as one versioned, human-readable document in Java properties
 * syntax: the graph (nodes with their names and full {@link NodeState}s, audio connections with
 * their gains, MIDI connections with their channel filters), the tracks (each an exact Standard
 * MIDI File in base64, with the node it plays into), the program override, the tempo override,
 * the loop and the MIDI mappings ({@link MidiMappingDocument}'s section under {@code mapping.}).
 * Nodes and tracks are numbered from 1 in the document; in memory, node references (links,
 * track destinations, {@link #mappings()}) are indices into {@link #nodes()} from 0, and
 * {@link #BOUNDARY} is the host's own MIDI input or audio output. The layout is documented in
 * {@code docs/SESSION.md}; version 1 files (the fixed chain of the first demo host) are read by
 * {@link SessionDocumentV1} into the same graph.
 *
 * <p>An instance is an immutable value: {@link #capture} takes one from a running graph and the
 * host's tracks, {@link SessionDocumentReader#parse} reads one and checks everything before
 * anything else happens, {@link #build} makes a new, active {@link Host} from it, and
 * {@link #write} replaces a file atomically.
 */
final class SessionDocument {
    /** The value of the {@code format} key. */
    static final String FORMAT = "midirack-session";
    /** The version this code writes and the newest it reads. */
    static final int VERSION = 2;
    static final int MAX_NODES = 256;
    static final int MAX_LINKS = 4096;
    static final int MAX_TRACKS = 4096;
    static final long MAX_BYTES = 256L << 20;
    /** Ticks per quarter of the sequence the host plays (every track is scaled to it). */
    static final int PPQ = 480;
    /** The host's own MIDI input (as a source) or audio output (as a destination). */
    static final int BOUNDARY = Host.BOUNDARY;

    /** One node: the name the host shows and its whole state (node id, parameters, data). */
    record SessionNode(String name, NodeState state) {
    }

    /** An audio connection between node indices (or {@link #BOUNDARY}), ports from 0. */
    record AudioLink(int src, int srcPort, int dst, int dstPort, float gain) {
    }

    /** A MIDI connection: bit c of {@code mask} passes channel c+1; {@code remap} -1 or 0..15. */
    record MidiLink(int src, int dst, int mask, int remap) {
    }

    /** One loaded track: the name the host shows, its exact Standard MIDI File bytes, its destination. */
    static final class SessionTrack {
        private final String name;
        private final byte[] smf;
        private final int destination;

        /** @param destination a node index, or {@link #BOUNDARY}: routed by the MIDI links from {@code in} */
        SessionTrack(String name, byte[] smf, int destination) {
            this.name = name;
            this.smf = smf.clone();
            this.destination = destination;
        }

        /** @thread any */
        String name() {
            return name;
        }

        /** A copy of the Standard MIDI File bytes. @thread any */
        byte[] smf() {
            return smf.clone();
        }

        /** A node index, or {@link #BOUNDARY}. @thread any */
        int destination() {
            return destination;
        }

        /** A new sequence decoded from the bytes (they were checked when the document was made). @thread main */
        Sequence sequence() {
            return Inputs.parseMidi(name, smf);
        }
    }

    /**
     * A session made from a document: its graph running on an engine with the song loaded (stopped
     * at its start, the loop set), the song's length, and the tracks the host keeps.
     */
    record Built(Engine engine, HostGraph graph, long lengthFrames, List<Sequence> tracks, List<String> trackNames) {
    }

    private final int program;
    private final double tempo;
    private final int loopFrom;
    private final int loopTo;
    private final List<SessionNode> nodes;
    private final List<AudioLink> audio;
    private final List<MidiLink> midi;
    private final List<SessionTrack> tracks;
    private final List<MidiMapping> mappings;

    /**
     * @param program  the GM program for every channel but 10, replacing the song's, or -1
     * @param tempo    the tempo override in BPM, or -1 for the tracks' own
     * @param loopFrom the loop's first bar, or 0 with {@code loopTo} 0 for no loop
     * @param loopTo   the bar at whose start the loop jumps back
     * @param mappings MIDI mappings; {@link MidiMapping#node()} is an index into {@code nodes}, from 0
     */
    SessionDocument(int program, double tempo, int loopFrom, int loopTo, List<SessionNode> nodes,
                    List<AudioLink> audio, List<MidiLink> midi, List<SessionTrack> tracks, List<MidiMapping> mappings) {
        this.program = program;
        this.tempo = tempo > 0 ? tempo : -1;
        this.loopFrom = loopTo > loopFrom && loopFrom >= 1 ? loopFrom : 0;
        this.loopTo = this.loopFrom == 0 ? 0 : loopTo;
        this.nodes = List.copyOf(nodes);
        this.audio = List.copyOf(audio);
        this.midi = List.copyOf(midi);
        this.tracks = List.copyOf(tracks);
        this.mappings = List.copyOf(mappings);
    }

    // ------------------------------------------------------------------ capture

    /**
     * Takes the session of a running graph and the host's settings.
     *
     * @param tracks   the host's loaded tracks (each written as a Standard MIDI File)
     * @param names    the names the host shows for them
     * @param mappings the host's MIDI mappings (nodes by slot)
     * @throws CliError when a track cannot be written as a Standard MIDI File
     * @thread main
     */
    static SessionDocument capture(HostGraph graph, int program, List<Sequence> tracks, List<String> names,
                                   double tempo, int loopFrom, int loopTo, List<MidiMapping> mappings) {
        Host host = graph.host();
        int[] slots = host.slots();
        Map<Integer, Integer> index = new HashMap<>();
        List<SessionNode> ns = new ArrayList<>();
        for (int s : slots) {
            index.put(s, ns.size());
            ns.add(new SessionNode(graph.name(s), host.node(s).saveState()));
        }
        index.put(BOUNDARY, BOUNDARY);
        List<AudioLink> as = new ArrayList<>();
        for (Host.Link l : host.audioLinks()) {
            as.add(new AudioLink(index.get(l.src()), l.srcPort(), index.get(l.dst()), l.dstPort(), l.gain()));
        }
        List<MidiLink> ms = new ArrayList<>();
        for (Host.MidiLink l : host.midiLinks()) {
            ms.add(new MidiLink(index.get(l.src()), index.get(l.dst()), l.channelMask(), l.remapChannel()));
        }
        List<SessionTrack> ts = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            int dst = i < graph.trackCount() ? graph.trackDestination(i) : BOUNDARY;
            Integer d = index.get(dst);
            ts.add(new SessionTrack(names.get(i), smfBytes(tracks.get(i), names.get(i)), d == null ? BOUNDARY : d));
        }
        List<MidiMapping> mapped = new ArrayList<>();
        for (MidiMapping m : mappings) {
            Integer n = index.get(m.node());
            if (n != null && n >= 0) {
                mapped.add(withNode(m, n));
            }
        }
        return new SessionDocument(program, tempo, loopFrom, loopTo, ns, as, ms, ts, mapped);
    }

    /** A sequence as a Standard MIDI File (type 1 when it can be, else 0). @thread main */
    static byte[] smfBytes(Sequence s, String name) {
        int type = -1;
        for (int t : MidiSystem.getMidiFileTypes(s)) {
            type = Math.max(type, t);
        }
        if (type < 0) {
            throw new CliError("track '" + name + "' cannot be written as a Standard MIDI File");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MidiSystem.write(s, type, out);
        } catch (IOException | RuntimeException e) {
            throw new CliError("track '" + name + "' cannot be written as a Standard MIDI File (" + e.getMessage() + ")", e);
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ accessors

    /** @thread any */
    int program() {
        return program;
    }

    /** The tempo override in BPM, or -1. @thread any */
    double tempo() {
        return tempo;
    }

    /** The loop's first bar, or 0 when there is no loop. @thread any */
    int loopFrom() {
        return loopFrom;
    }

    /** The bar at whose start the loop jumps back, or 0. @thread any */
    int loopTo() {
        return loopTo;
    }

    /** @thread any */
    List<SessionNode> nodes() {
        return nodes;
    }

    /** @thread any */
    List<AudioLink> audioLinks() {
        return audio;
    }

    /** @thread any */
    List<MidiLink> midiLinks() {
        return midi;
    }

    /** @thread any */
    List<SessionTrack> tracks() {
        return tracks;
    }

    /** The MIDI mappings, nodes numbered from 0 as in {@link #nodes()}. @thread any */
    List<MidiMapping> mappings() {
        return mappings;
    }

    // ------------------------------------------------------------------ building a graph

    /**
     * A host for the demo host's graph: FIFOs deep enough for a dense song cycle and live input.
     * @thread main
     */
    static Host newHost() {
        return new Host(new HostConfig().fifoCapacity(8192));
    }

    /**
     * Creates the nodes from the registry, restores their states, adds them with their names to a
     * new host, makes every connection, and activates the host at this rate and block size (the
     * graph is whole before the first cycle, so nothing fades in), and loads the song: every track
     * into its node or {@code in}, with the program and tempo overrides and the loop; the
     * transport is stopped at the song's start.
     *
     * @throws CliError when a node cannot be created or started (e.g. an unreadable soundbank), or
     *     the graph is refused (the message names the connection)
     * @thread main
     */
    Built build(NodeRegistry registry, double sampleRate, int buffer) {
        List<Node> made = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            SessionNode sn = nodes.get(i);
            try {
                Node n = SessionDocumentReader.create(registry, sn.state().nodeId());
                n.loadState(sn.state());
                made.add(n);
            } catch (RuntimeException e) {
                throw new CliError("node." + (i + 1) + " (" + sn.state().nodeId() + "): " + e.getMessage(), e);
            }
        }
        return assemble(made, registry, sampleRate, buffer);
    }

    /**
     * The graph of the command options (the chain the first demo host had, as connections: see
     * {@link SessionDocumentV1}) with these very nodes, no tracks, running on an engine.
     *
     * @param drums the node for channel 10, or null
     * @param fxMask the channels that go through the MIDI effects
     * @throws CliError when a node cannot take its place or start
     * @thread main
     */
    static Built chain(NodeRegistry registry, Node instrument, Node drums, List<Node> midiFx, List<Node> audioFx,
                       int fxMask, double sampleRate, int buffer) {
        List<Node> made = new ArrayList<>(midiFx);
        List<SessionDocumentV1.Role> roles = new ArrayList<>();
        midiFx.forEach(n -> roles.add(SessionDocumentV1.Role.MIDI_EFFECT));
        made.add(instrument);
        roles.add(SessionDocumentV1.Role.INSTRUMENT);
        if (drums != null) {
            made.add(drums);
            roles.add(SessionDocumentV1.Role.DRUMS);
        }
        made.addAll(audioFx);
        audioFx.forEach(n -> roles.add(SessionDocumentV1.Role.AUDIO_EFFECT));
        List<SessionNode> ns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Node n : made) {
            String name = HostGraph.uniqueName(n.descriptor().id(), names);
            names.add(name);
            ns.add(new SessionNode(name, n.saveState()));
        }
        List<AudioLink> audio = new ArrayList<>();
        List<MidiLink> midi = new ArrayList<>();
        SessionDocumentV1.links(roles, fxMask, audio, midi);
        return new SessionDocument(-1, -1, 0, 0, ns, audio, midi, List.of(), List.of())
                .assemble(made, registry, sampleRate, buffer);
    }

    /** Adds these nodes (one per {@link #nodes()}) to a new host with their names, connects them, starts. */
    private Built assemble(List<Node> made, NodeRegistry registry, double sampleRate, int buffer) {
        Host host = newHost();
        HostGraph graph = new HostGraph(host, registry);
        int[] slot = new int[nodes.size()];
        try {
            for (int i = 0; i < nodes.size(); i++) {
                try {
                    slot[i] = graph.add(made.get(i), nodes.get(i).name());
                } catch (IllegalArgumentException e) {
                    throw new CliError("node." + (i + 1) + ": " + e.getMessage(), e);
                }
            }
            for (int i = 0; i < audio.size(); i++) {
                AudioLink l = audio.get(i);
                try {
                    host.connectAudio(slotOf(slot, l.src()), l.srcPort(), slotOf(slot, l.dst()), l.dstPort(), l.gain());
                } catch (IllegalArgumentException e) {
                    throw new CliError("audio." + (i + 1) + ": " + e.getMessage(), e);
                }
            }
            for (int i = 0; i < midi.size(); i++) {
                MidiLink l = midi.get(i);
                try {
                    host.connectMidi(slotOf(slot, l.src()), slotOf(slot, l.dst()), l.mask(), l.remap());
                } catch (IllegalArgumentException e) {
                    throw new CliError("midi." + (i + 1) + ": " + e.getMessage(), e);
                }
            }
            List<Sequence> seqs = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < tracks.size(); i++) {
                SessionTrack t = tracks.get(i);
                seqs.add(t.sequence());
                names.add(t.name());
                graph.trackAdded();
                try {
                    graph.setTrackDestination(i, slotOf(slot, t.destination()));
                } catch (IllegalArgumentException e) {
                    throw new CliError("track." + (i + 1) + ".to: " + e.getMessage(), e);
                }
            }
            Engine engine;
            try {
                engine = new Engine(host, sampleRate, buffer);
            } catch (RuntimeException e) {
                throw new CliError("the session's nodes cannot start: " + e.getMessage(), e);
            }
            long length;
            try {
                length = seqs.isEmpty() ? 0 : SessionSong.play(engine, graph, seqs, tempo, program);
                if (loopFrom > 0) {
                    engine.setLoop(engine.frameOfBeat((loopFrom - 1) * 4.0), engine.frameOfBeat((loopTo - 1) * 4.0));
                }
            } catch (RuntimeException e) {
                throw new CliError("the session's tracks cannot be scheduled: " + e.getMessage(), e);
            }
            return new Built(engine, graph, length, seqs, names);
        } catch (RuntimeException e) {
            if (host.isActive()) {
                host.deactivate();
            }
            throw e;
        }
    }

    private static int slotOf(int[] slot, int node) {
        return node == BOUNDARY ? Host.BOUNDARY : slot[node];
    }

    /** The mappings with each node index turned into the slot the built graph gave it. @thread main */
    List<MidiMapping> mappingsBySlot(Built b) {
        int[] slots = b.graph().host().slots();
        List<MidiMapping> out = new ArrayList<>();
        for (MidiMapping m : mappings) {
            out.add(withNode(m, slots[m.node()]));
        }
        return out;
    }

    static MidiMapping withNode(MidiMapping m, int node) {
        return new MidiMapping(m.source(), node, m.param(), m.low(), m.high(), m.inverted(), m.passThrough());
    }

    // ------------------------------------------------------------------ the text

    /**
     * The document text (ASCII; the same session always gives the same text): {@link SessionDocumentWriter}.
     * @thread main
     */
    String toText() {
        return SessionDocumentWriter.text(this);
    }

    /** "sine -> filter", "drums:2 -> out gain 0.5". @thread any */
    String audioText(AudioLink l) {
        return SessionDocumentWriter.audioText(this, l);
    }

    /** "in -> drums ch 10", "arp -> sine ch 1-9,11-16 to 2". @thread any */
    String midiText(MidiLink l) {
        return SessionDocumentWriter.midiText(this, l);
    }

    /** Writes a value or key in properties syntax, ASCII only. @thread any */
    static String escape(String s) {
        return SessionDocumentWriter.escape(s);
    }

    /** The same mappings with every node number moved by {@code by} (the document counts from 1). @thread any */
    static List<MidiMapping> shift(List<MidiMapping> ms, int by) {
        return SessionDocumentWriter.shift(ms, by);
    }

    /** The prefix of the MIDI mapping section ({@link MidiMappingDocument}). */
    static final String MAPPING = "mapping.";
    /** A key of one mapping in that section: its number and field. */
    static final Pattern MAPPING_KEY = Pattern.compile("mapping\\.([0-9]{1,4})\\.(.*)", Pattern.DOTALL);

    /**
     * Reads and checks a session file ({@link SessionDocumentReader#read}).
     * @throws CliError "FILE: KEY: what is wrong" (or why the file cannot be read)
     * @thread main
     */
    static SessionDocument read(Path file, NodeRegistry registry) {
        return SessionDocumentReader.read(file, registry);
    }

    /**
     * Reads {@code --session FILE} for a command ({@link SessionDocumentReader#readForCommand}).
     * @thread main
     */
    static SessionDocument readForCommand(picocli.CommandLine.Model.CommandSpec spec, Path file, NodeRegistry registry) {
        return SessionDocumentReader.readForCommand(spec, file, registry);
    }

    /**
     * Reads a document and checks all of it ({@link SessionDocumentReader#parse}).
     * @throws SessionDocumentException "KEY: what is wrong"
     * @thread main
     */
    static SessionDocument parse(byte[] bytes, NodeRegistry registry) {
        return SessionDocumentReader.parse(bytes, registry);
    }

    /**
     * Writes the document to a temporary file beside {@code file}, forces it to the disk, and
     * moves it into place: a crash leaves the old file or the new one, never half a file.
     * @throws CliError naming the file and why it cannot be written
     * @thread main
     */
    void write(Path file) {
        byte[] bytes = toText().getBytes(StandardCharsets.US_ASCII);
        OutputFiles.writeAtomically(file, "the session", tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
        });
    }

    // ------------------------------------------------------------------ value semantics

    /** Sessions are equal when their documents are. @thread main */
    @Override
    public boolean equals(Object o) {
        return o instanceof SessionDocument d && d.toText().equals(toText());
    }

    /** @thread main */
    @Override
    public int hashCode() {
        return toText().hashCode();
    }

    /** @thread main */
    @Override
    public String toString() {
        return toText();
    }
}
