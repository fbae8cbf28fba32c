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
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.Track;

import org.midirack.instruments.InstrumentDrumMachine;
import org.midirack.instruments.InstrumentGervill;
import org.midirack.host.mapping.MidiMapping;
import org.midirack.host.mapping.MidiMappingDocument;
import org.midirack.instruments.gervill.GervillEngine;

/**
 * A whole demo-host session as one versioned, human-readable document in Java properties
 * syntax: the nodes in signal order with their roles and full {@link NodeState}s, the program and
 * channel settings, the tempo override, the loop, the MIDI mappings ({@link MidiMappingDocument}'s
 * section under {@code mapping.}) and the tracks (each an exact Standard MIDI File in base64).
 * Nodes and tracks are numbered from 1, as the host lists them ({@code mapping.N.node} is such a
 * node number; in memory, {@link #mappings()} number nodes from 0 as the rack does). The layout is
 * documented in {@code docs/SESSION.md}.
 *
 * <p>An instance is an immutable value: {@link #capture} takes one from a running {@link Rack}
 * and the host's tracks, {@link #parse} reads one and checks everything (format, version, every
 * key, node ids against the registry, each node state loaded into a fresh node, each track
 * decoded) before anything else happens, {@link #build} makes a new {@link Rack} from it, and
 * {@link #write} replaces a file atomically.
 */
final class SessionDocument {
    /** The value of the {@code format} key. */
    static final String FORMAT = "midirack-session";
    /** The version this code writes and the newest it reads. */
    static final int VERSION = 1;
    static final int MAX_NODES = 64;
    static final int MAX_TRACKS = 4096;
    static final long MAX_BYTES = 256L << 20;
    /** Ticks per quarter of the sequence the host plays (every track is scaled to it). */
    static final int PPQ = 480;
    private static final int BASE64_LINE = 76;

    /** Where a node sits in the rack's signal path; the document lists nodes in this order. */
    enum Role {
        /** A MIDI processor on the channels of {@code fx.channels}, before the instruments. */
        MIDI_EFFECT("midi-effect"),
        /** The instrument: every channel (but 10 when there is a drum node). */
        INSTRUMENT("instrument"),
        /** The node for channel 10. */
        DRUMS("drums"),
        /** An audio effect on the mixed output, in chain order. */
        AUDIO_EFFECT("audio-effect");

        final String key;

        Role(String key) {
            this.key = key;
        }

        static Role of(String key) {
            for (Role r : values()) {
                if (r.key.equals(key)) {
                    return r;
                }
            }
            return null;
        }
    }

    /** One node: its role in the rack and its whole state (node id, parameters, data). */
    record SessionNode(Role role, NodeState state) {
    }

    /** One loaded track: the name the host shows and its exact Standard MIDI File bytes. */
    static final class SessionTrack {
        private final String name;
        private final byte[] smf;

        SessionTrack(String name, byte[] smf) {
            this.name = name;
            this.smf = smf.clone();
        }

        /** @thread any */
        String name() {
            return name;
        }

        /** A copy of the Standard MIDI File bytes. @thread any */
        byte[] smf() {
            return smf.clone();
        }

        /** A new sequence decoded from the bytes (they were checked when the document was made). @thread main */
        Sequence sequence() {
            return Inputs.parseMidi(name, smf);
        }
    }

    /** A rack made from a document, loaded with its song, and what the host needs beside it. */
    record Built(Rack rack, long lengthFrames, List<Sequence> tracks, List<String> trackNames) {
    }

    private final int program;
    private final int fxChannels;
    private final double tempo;
    private final int loopFrom;
    private final int loopTo;
    private final List<SessionNode> nodes;
    private final List<SessionTrack> tracks;
    private final List<MidiMapping> mappings;

    /**
     * @param program    the GM program for every channel but 10, replacing the song's, or -1
     * @param fxChannels bit c set: MIDI channel c+1 goes through the MIDI effects
     * @param tempo      the tempo override in BPM, or -1 for the tracks' own
     * @param loopFrom   the loop's first bar, or 0 with {@code loopTo} 0 for no loop
     * @param loopTo     the bar at whose start the loop jumps back
     * @param mappings   MIDI mappings; {@link MidiMapping#node()} is an index into {@code nodes}, from 0
     */
    SessionDocument(int program, int fxChannels, double tempo, int loopFrom, int loopTo, List<SessionNode> nodes,
                    List<SessionTrack> tracks, List<MidiMapping> mappings) {
        this.program = program;
        this.fxChannels = fxChannels & 0xFFFF;
        this.tempo = tempo > 0 ? tempo : -1;
        this.loopFrom = loopTo > loopFrom && loopFrom >= 1 ? loopFrom : 0;
        this.loopTo = this.loopFrom == 0 ? 0 : loopTo;
        this.nodes = List.copyOf(nodes);
        this.tracks = List.copyOf(tracks);
        this.mappings = List.copyOf(mappings);
    }

    // ------------------------------------------------------------------ capture

    /**
     * Takes the session of a running rack and the host's settings.
     *
     * @param tracks the host's loaded tracks (each written as a Standard MIDI File)
     * @param names  the names the host shows for them
     * @param mappings the host's MIDI mappings (nodes numbered from 0 in signal order, as the rack's)
     * @throws CliError when a track cannot be written as a Standard MIDI File
     * @thread main
     */
    static SessionDocument capture(Rack rack, int program, List<Sequence> tracks, List<String> names, double tempo,
                                   int loopFrom, int loopTo, List<MidiMapping> mappings) {
        List<SessionNode> nodes = new ArrayList<>();
        for (Node n : rack.midiEffects()) {
            nodes.add(new SessionNode(Role.MIDI_EFFECT, n.saveState()));
        }
        nodes.add(new SessionNode(Role.INSTRUMENT, rack.instrument().saveState()));
        if (rack.drums() != null) {
            nodes.add(new SessionNode(Role.DRUMS, rack.drums().saveState()));
        }
        for (Node n : rack.audioEffects()) {
            nodes.add(new SessionNode(Role.AUDIO_EFFECT, n.saveState()));
        }
        List<SessionTrack> ts = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            ts.add(new SessionTrack(names.get(i), smfBytes(tracks.get(i), names.get(i))));
        }
        return new SessionDocument(program, rack.fxChannelMask(), tempo, loopFrom, loopTo, nodes, ts, mappings);
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

    /** @thread any */
    int fxChannels() {
        return fxChannels;
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
    List<SessionTrack> tracks() {
        return tracks;
    }

    /** The MIDI mappings, nodes numbered from 0 as in the document. @thread any */
    List<MidiMapping> mappings() {
        return mappings;
    }

    // ------------------------------------------------------------------ building a rack

    /**
     * Creates the nodes from the registry, restores their states, builds and activates a rack at
     * this rate and block size, and loads the song (tracks, tempo, program) and the loop. The
     * rack's transport is stopped at frame 0.
     *
     * @throws CliError when a node cannot be created or started (e.g. an unreadable soundbank)
     * @thread main
     */
    Built build(NodeRegistry registry, double sampleRate, int buffer) {
        Node instrument = null;
        Node drums = null;
        List<Node> midiFx = new ArrayList<>();
        List<Node> audioFx = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            SessionNode sn = nodes.get(i);
            String id = sn.state().nodeId();
            if ((id.equals(InstrumentGervill.ID) || id.equals(InstrumentDrumMachine.ID))
                    && !GervillEngine.gervillAccessible()) {
                throw new CliError("Gervill's pull API (com.sun.media.sound) is not accessible: run with java -jar"
                        + " midirack.jar, or add the JVM flag " + GervillEngine.ADD_EXPORTS_FLAG);
            }
            Node n;
            try {
                n = registry.create(id);
                n.loadState(sn.state());
            } catch (RuntimeException e) {
                throw new CliError("node." + (i + 1) + " (" + id + "): " + e.getMessage(), e);
            }
            switch (sn.role()) {
                case MIDI_EFFECT -> midiFx.add(n);
                case INSTRUMENT -> instrument = n;
                case DRUMS -> drums = n;
                case AUDIO_EFFECT -> audioFx.add(n);
                default -> throw new IllegalStateException(sn.role().toString());
            }
        }
        List<Sequence> seqs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (SessionTrack t : tracks) {
            seqs.add(t.sequence());
            names.add(t.name());
        }
        Rack r = RackOptions.rack(sampleRate, buffer, instrument, drums, midiFx, audioFx, fxChannels);
        try {
            r.setPlaying(false);
            long length = r.load(combine(seqs, tempo), program);
            if (loopFrom > 0) {
                r.setLoop(r.frameOfBeat((loopFrom - 1) * 4.0), r.frameOfBeat((loopTo - 1) * 4.0));
            }
            return new Built(r, length, seqs, names);
        } catch (RuntimeException e) {
            r.close();
            throw new CliError("the session's tracks cannot be scheduled: " + e.getMessage(), e);
        }
    }

    /**
     * Every track at {@value #PPQ} ticks per quarter in one sequence; with a tempo override, the
     * tracks' tempo changes are replaced by that tempo.
     *
     * @param tempoOverride BPM, or &lt;= 0 for the tracks' own tempo
     * @thread main
     */
    static Sequence combine(List<Sequence> tracks, double tempoOverride) {
        try {
            Sequence all = new Sequence(Sequence.PPQ, PPQ);
            Track first = all.createTrack();
            if (tempoOverride > 0) {
                Recorder.setTempo(first, tempoOverride);
            }
            boolean firstUsed = false;
            for (Sequence s : tracks) {
                double scale = s.getDivisionType() == Sequence.PPQ ? PPQ / (double) s.getResolution() : 1;
                for (Track t : s.getTracks()) {
                    Track dst = firstUsed ? all.createTrack() : first;
                    firstUsed = true;
                    for (int i = 0; i < t.size(); i++) {
                        MidiEvent e = t.get(i);
                        if (tempoOverride > 0 && e.getMessage() instanceof MetaMessage m && m.getType() == 0x51) {
                            continue;
                        }
                        dst.add(new MidiEvent(e.getMessage(), Math.round(e.getTick() * scale)));
                    }
                }
            }
            return all;
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ the text

    /**
     * The document text (ASCII; the same session always gives the same text).
     * @thread main
     */
    String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("# midirack session: the demo host's nodes, routing, parameters, MIDI mappings, tracks, tempo and loop\n");
        sb.append("# layout: docs/SESSION.md in the midirack sources\n");
        sb.append("format=").append(FORMAT).append('\n');
        sb.append("version=").append(VERSION).append('\n');
        sb.append("program=").append(program < 0 ? "off" : Integer.toString(program)).append('\n');
        sb.append("fx.channels=").append(channelsText(fxChannels)).append('\n');
        sb.append("tempo=").append(tempo < 0 ? "off" : Double.toString(tempo)).append('\n');
        sb.append("loop=").append(loopFrom == 0 ? "off" : loopFrom + " " + loopTo).append('\n');
        sb.append("nodes=").append(nodes.size()).append('\n');
        for (int i = 0; i < nodes.size(); i++) {
            SessionNode n = nodes.get(i);
            String k = "node." + (i + 1) + ".";
            sb.append("# node ").append(i + 1).append(": ").append(describe(n.role())).append('\n');
            sb.append(k).append("role=").append(n.role().key).append('\n');
            sb.append(k).append("id=").append(escape(n.state().nodeId())).append('\n');
            sb.append(k).append("version=").append(NodeState.VERSION).append('\n');
            for (Map.Entry<String, String> e : n.state().entries().entrySet()) {
                sb.append(k).append(escape(e.getKey())).append('=').append(escape(e.getValue())).append('\n');
            }
        }
        sb.append("# MIDI mappings: mapping.N.node is the number of a node above\n");
        Properties mp = new Properties();
        MidiMappingDocument.save(shift(mappings, 1), mp, MAPPING);
        List<String> keys = new ArrayList<>(mp.stringPropertyNames());
        keys.sort(SessionDocument::compareMappingKeys);
        String lastIndex = null;
        for (String key : keys) {
            Matcher m = MAPPING_KEY.matcher(key);
            if (m.matches() && !m.group(1).equals(lastIndex)) {
                lastIndex = m.group(1);
                sb.append("# mapping ").append(lastIndex).append(": ")
                        .append(shift(mappings, 1).get(Integer.parseInt(lastIndex))).append('\n');
            }
            sb.append(escape(key)).append('=').append(escape(mp.getProperty(key))).append('\n');
        }
        sb.append("tracks=").append(tracks.size()).append('\n');
        for (int i = 0; i < tracks.size(); i++) {
            SessionTrack t = tracks.get(i);
            String k = "track." + (i + 1) + ".";
            sb.append("# track ").append(i + 1).append(": ").append(summary(t)).append('\n');
            sb.append(k).append("name=").append(escape(t.name())).append('\n');
            sb.append(k).append("smf=\\\n");
            String b64 = Base64.getEncoder().encodeToString(t.smf);
            for (int at = 0; at < b64.length(); at += BASE64_LINE) {
                int end = Math.min(b64.length(), at + BASE64_LINE);
                sb.append("    ").append(b64, at, end).append(end < b64.length() ? "\\\n" : "\n");
            }
            if (b64.isEmpty()) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** The same mappings with every node number moved by {@code by} (the document counts from 1). */
    static List<MidiMapping> shift(List<MidiMapping> ms, int by) {
        List<MidiMapping> out = new ArrayList<>(ms.size());
        for (MidiMapping m : ms) {
            out.add(new MidiMapping(m.source(), m.node() + by, m.param(), m.low(), m.high(), m.inverted(),
                    m.passThrough()));
        }
        return out;
    }

    /** version, count, then mapping by mapping (numerically), fields in name order. */
    private static int compareMappingKeys(String a, String b) {
        Matcher ma = MAPPING_KEY.matcher(a);
        Matcher mb = MAPPING_KEY.matcher(b);
        boolean ia = ma.matches();
        boolean ib = mb.matches();
        if (ia != ib) {
            return ia ? 1 : -1;
        }
        if (!ia) {
            return b.compareTo(a); // "mapping.version" before "mapping.count"
        }
        int c = Integer.compare(Integer.parseInt(ma.group(1)), Integer.parseInt(mb.group(1)));
        return c != 0 ? c : ma.group(2).compareTo(mb.group(2));
    }

    private static String describe(Role role) {
        return switch (role) {
            case MIDI_EFFECT -> "MIDI effect, in chain order, on the channels of fx.channels";
            case INSTRUMENT -> "the instrument";
            case DRUMS -> "the drum node, channel 10";
            case AUDIO_EFFECT -> "audio effect, in chain order, on the mixed output";
        };
    }

    private static String summary(SessionTrack t) {
        try {
            Sequence s = t.sequence();
            int events = 0;
            for (Track tr : s.getTracks()) {
                events += tr.size();
            }
            return s.getTracks().length + " MIDI track(s), " + (s.getDivisionType() == Sequence.PPQ
                    ? s.getResolution() + " ticks per quarter" : "SMPTE timing") + ", " + events + " events, "
                    + t.smf.length + " bytes";
        } catch (RuntimeException e) {
            return t.smf.length + " bytes";
        }
    }

    /** "1-16", "1-9,11-16", "none". */
    static String channelsText(int mask) {
        if ((mask & 0xFFFF) == 0) {
            return "none";
        }
        StringBuilder sb = new StringBuilder();
        int c = 0;
        while (c < 16) {
            if ((mask & (1 << c)) == 0) {
                c++;
                continue;
            }
            int end = c;
            while (end + 1 < 16 && (mask & (1 << (end + 1))) != 0) {
                end++;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(c + 1);
            if (end > c) {
                sb.append('-').append(end + 1);
            }
            c = end + 1;
        }
        return sb.toString();
    }

    /** Writes a value or key in properties syntax, ASCII only. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\f' -> sb.append("\\f");
                case '=', ':', '#', '!' -> sb.append('\\').append(c);
                case ' ' -> sb.append(i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
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
