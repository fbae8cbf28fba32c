package org.midirack.demos.cli;

import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeState;
import org.midirack.core.StateFormatException;
import org.midirack.core.hosting.NodeRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
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

import static org.midirack.demos.cli.SessionDocument.*;

/**
 * Reads and checks a session document ({@link SessionDocument}): every key known and every
 * required one present, node ids installed and in signal order, node states that load into fresh
 * nodes, tracks that are whole Standard MIDI Files, mappings that fit the document's own nodes.
 * Whatever the bytes, it gives a document or a {@link SessionDocumentException} naming the key.
 */
final class SessionDocumentReader {
    private SessionDocumentReader() {
    }


    /**
     * Reads and checks a session file.
     * @throws CliError "FILE: KEY: what is wrong" (or why the file cannot be read)
     * @thread main
     */
    static SessionDocument read(Path file, NodeRegistry registry) {
        Inputs.requireReadable(file);
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new CliError(file + ": not a midirack session: larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliError(file + ": cannot read the session (" + e.getMessage() + ")", e);
        }
        try {
            return parse(bytes, registry);
        } catch (SessionDocumentException e) {
            throw new CliError(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code --session FILE} for a command; the options a session replaces are a usage
     * error beside it.
     * @throws picocli.CommandLine.ParameterException for such an option
     * @throws CliError when the file cannot be read or is not a valid session
     * @thread main
     */
    static SessionDocument readForCommand(picocli.CommandLine.Model.CommandSpec spec, Path file, NodeRegistry registry) {
        picocli.CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (String opt : List.of("--instrument", "--soundbank", "--program", "--fx")) {
            if (parsed != null && parsed.hasMatchedOption(opt)) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), opt
                        + " cannot be used with --session (the session file sets the nodes and the program)");
            }
        }
        return read(file, registry);
    }

    private static final Pattern NODE_KEY = Pattern.compile("node\\.([1-9][0-9]{0,5})\\.(.*)", Pattern.DOTALL);
    private static final Pattern TRACK_KEY = Pattern.compile("track\\.([1-9][0-9]{0,5})\\.(.*)", Pattern.DOTALL);
    /** A node state key in a {@link StateFormatException}'s message. */
    private static final Pattern STATE_KEY = Pattern.compile("\\b(param|data)\\.[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)*");
    private static final Set<String> TOP_KEYS = Set.of("format", "version", "program", "fx.channels", "tempo", "loop",
            "nodes", "tracks");

    /**
     * Reads a document and checks all of it: the format and version, that every key is known and
     * every required one is there, that each node id is installed and fits its role, that each
     * node state loads into a fresh node, and that each track is a whole Standard MIDI File.
     * Never throws anything but {@link SessionDocumentException}, whatever the bytes.
     *
     * @throws SessionDocumentException "KEY: what is wrong"
     * @thread main
     */
    static SessionDocument parse(byte[] bytes, NodeRegistry registry) {
        try {
            return parseChecked(bytes, registry);
        } catch (SessionDocumentException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new SessionDocumentException("not a readable midirack session (" + e + ")", e);
        }
    }

    private static SessionDocument parseChecked(byte[] bytes, NodeRegistry registry) {
        Properties p = new Properties();
        try {
            p.load(new ByteArrayInputStream(bytes));
        } catch (IOException | IllegalArgumentException e) {
            throw new SessionDocumentException("not a midirack session: corrupt properties text (" + e.getMessage() + ")", e);
        }
        String format = p.getProperty("format");
        if (!FORMAT.equals(format)) {
            throw new SessionDocumentException("not a midirack session: format is "
                    + (format == null ? "missing" : "'" + format + "'") + ", expected '" + FORMAT + "'");
        }
        String v = require(p, "version");
        int version = parseInt(v, "version", "a number");
        if (version > VERSION) {
            throw new SessionDocumentException("version: session version " + version
                    + " is newer than this midirack reads (" + VERSION + "); update midirack");
        }
        if (version < 1) {
            throw new SessionDocumentException("version: session version " + version + " is not valid");
        }
        for (String k : p.stringPropertyNames()) {
            if (!TOP_KEYS.contains(k) && !NODE_KEY.matcher(k).matches() && !TRACK_KEY.matcher(k).matches()
                    && !MAPPING_KEY.matcher(k).matches() && !k.equals(MAPPING + "version") && !k.equals(MAPPING + "count")) {
                throw new SessionDocumentException(k + ": unknown key");
            }
        }
        int program = parseProgram(require(p, "program"));
        int fx = parseChannels(require(p, "fx.channels"));
        double tempo = parseTempo(require(p, "tempo"));
        int[] loop = parseLoop(require(p, "loop"));
        int nodeCount = parseInt(require(p, "nodes"), "nodes", "a number of nodes");
        if (nodeCount < 1 || nodeCount > MAX_NODES) {
            throw new SessionDocumentException("nodes: " + nodeCount + " is not 1-" + MAX_NODES);
        }
        int trackCount = parseInt(require(p, "tracks"), "tracks", "a number of tracks");
        if (trackCount < 0 || trackCount > MAX_TRACKS) {
            throw new SessionDocumentException("tracks: " + trackCount + " is not 0-" + MAX_TRACKS);
        }
        // group the node and track keys by index; an index beyond the count is an error
        List<TreeMap<String, String>> nodeKeys = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            nodeKeys.add(new TreeMap<>());
        }
        List<TreeMap<String, String>> trackKeys = new ArrayList<>();
        for (int i = 0; i < trackCount; i++) {
            trackKeys.add(new TreeMap<>());
        }
        for (String k : toMap(p).keySet()) {
            Matcher m = NODE_KEY.matcher(k);
            if (m.matches()) {
                int i = Integer.parseInt(m.group(1));
                if (i > nodeCount) {
                    throw new SessionDocumentException(k + ": beyond nodes=" + nodeCount + " (numbered from 1)");
                }
                nodeKeys.get(i - 1).put(m.group(2), p.getProperty(k));
                continue;
            }
            m = TRACK_KEY.matcher(k);
            if (m.matches()) {
                int i = Integer.parseInt(m.group(1));
                if (i > trackCount) {
                    throw new SessionDocumentException(k + ": beyond tracks=" + trackCount + " (numbered from 1)");
                }
                trackKeys.get(i - 1).put(m.group(2), p.getProperty(k));
            }
        }
        checkSignalOrder(nodeKeys);
        List<NodeDescriptor> installed = registry.list();
        List<SessionNode> nodes = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(parseNode(i + 1, nodeKeys.get(i), registry, installed));
        }
        require(p, MAPPING + "version");
        require(p, MAPPING + "count");
        List<MidiMapping> mappings;
        try {
            mappings = shift(MidiMappingDocument.load(p, MAPPING, n -> n >= 1 && n <= nodes.size()
                    ? descriptor(installed, nodes.get(n - 1).state().nodeId()).params() : null), -1);
        } catch (StateFormatException e) {
            throw new SessionDocumentException(e.getMessage(), e);
        }
        List<SessionTrack> tracks = new ArrayList<>();
        for (int i = 0; i < trackCount; i++) {
            tracks.add(parseTrack(i + 1, trackKeys.get(i)));
        }
        return new SessionDocument(program, fx, tempo, loop[0], loop[1], nodes, tracks, mappings);
    }

    private static NodeDescriptor descriptor(List<NodeDescriptor> installed, String id) {
        for (NodeDescriptor d : installed) {
            if (d.id().equals(id)) {
                return d;
            }
        }
        throw new IllegalStateException(id); // parseNode checked it is installed
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            m.put(k, p.getProperty(k));
        }
        return m;
    }

    /** The roles, before any node is looked at: signal order, one instrument, at most one drum node. */
    private static void checkSignalOrder(List<TreeMap<String, String>> nodeKeys) {
        Role last = null;
        boolean instrument = false;
        for (int i = 0; i < nodeKeys.size(); i++) {
            String k = "node." + (i + 1) + ".";
            String v = requireIn(nodeKeys.get(i), k, "role");
            Role role = Role.of(v.trim());
            if (role == null) {
                throw new SessionDocumentException(k + "role: '" + v + "' is not midi-effect, instrument, drums or"
                        + " audio-effect");
            }
            if (last != null && role.ordinal() < last.ordinal()) {
                throw new SessionDocumentException(k + "role: " + role.key + " after " + last.key + "; nodes are"
                        + " listed in signal order: midi-effect..., instrument, drums, audio-effect...");
            }
            if ((role == Role.INSTRUMENT || role == Role.DRUMS) && last == role) {
                throw new SessionDocumentException(k + "role: a second " + role.key + " node; a session has one");
            }
            instrument |= role == Role.INSTRUMENT;
            last = role;
        }
        if (!instrument) {
            throw new SessionDocumentException("nodes: no node has role=instrument; a session needs one");
        }
    }

    private static SessionNode parseNode(int index, TreeMap<String, String> keys, NodeRegistry registry,
                                         List<NodeDescriptor> installed) {
        String k = "node." + index + ".";
        Role role = Role.of(requireIn(keys, k, "role").trim()); // checked by checkSignalOrder
        String id = requireIn(keys, k, "id").trim();
        NodeDescriptor d = null;
        List<String> ids = new ArrayList<>();
        for (NodeDescriptor nd : installed) {
            ids.add(nd.id());
            if (nd.id().equals(id)) {
                d = nd;
            }
        }
        if (d == null) {
            throw new SessionDocumentException(k + "id: no node type '" + id + "' is installed; installed: "
                    + String.join(", ", ids));
        }
        checkRole(k, role, d);
        int version = parseInt(requireIn(keys, k, "version"), k + "version", "a node state version");
        if (version > NodeState.VERSION) {
            throw new SessionDocumentException(k + "version: node state version " + version
                    + " is newer than this midirack reads (" + NodeState.VERSION + "); update midirack");
        }
        if (version < 1) {
            throw new SessionDocumentException(k + "version: node state version " + version + " is not valid");
        }
        Node fresh = registry.create(id);
        Set<String> known = new LinkedHashSet<>(fresh.saveState().entries().keySet());
        StringBuilder text = new StringBuilder();
        text.append("format=midirack-node-state\nversion=").append(version).append("\nnode=").append(escape(id))
                .append('\n');
        for (Map.Entry<String, String> e : keys.entrySet()) {
            String sub = e.getKey();
            if (sub.equals("role") || sub.equals("id") || sub.equals("version")) {
                continue;
            }
            if (sub.startsWith("param.")) {
                if (!known.contains(sub)) {
                    List<String> params = new ArrayList<>();
                    for (var pd : d.params()) {
                        params.add(pd.id());
                    }
                    throw new SessionDocumentException(k + sub + ": node '" + id + "' has no parameter '"
                            + sub.substring(6) + "'; its parameters: "
                            + (params.isEmpty() ? "none" : String.join(", ", params)));
                }
            } else if (sub.startsWith("data.")) {
                if (!known.contains(sub)) {
                    throw new SessionDocumentException(k + sub + ": node '" + id + "' keeps no data '"
                            + sub.substring(5) + "'");
                }
            } else {
                throw new SessionDocumentException(k + sub + ": unknown key (a node has role, id, version, param.*"
                        + " and data.*)");
            }
            text.append(escape(sub)).append('=').append(escape(e.getValue())).append('\n');
        }
        NodeState state;
        try {
            state = NodeState.parse(text.toString());
            fresh.loadState(state); // checks every parameter and data entry the way the node reads them
        } catch (StateFormatException e) {
            Matcher m = STATE_KEY.matcher(String.valueOf(e.getMessage()));
            throw new SessionDocumentException((m.find() ? k + m.group() : k.substring(0, k.length() - 1)) + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SessionDocumentException(k.substring(0, k.length() - 1) + ": the node rejects its state ("
                    + e.getMessage() + ")", e);
        }
        String bank = state.data("soundbank");
        if (bank != null && !bank.equals("default")) {
            try {
                Inputs.requireReadable(Path.of(bank));
            } catch (CliError | java.nio.file.InvalidPathException e) {
                throw new SessionDocumentException(k + "data.soundbank: " + e.getMessage(), e);
            }
        }
        return new SessionNode(role, state);
    }

    private static void checkRole(String k, Role role, NodeDescriptor d) {
        String why = switch (role) {
            case MIDI_EFFECT -> d.midiIn() && d.midiOut() ? null : "takes no MIDI or sends none";
            case INSTRUMENT, DRUMS -> d.midiIn() && d.audioOutputPorts() > 0 ? null : "does not play MIDI into audio";
            case AUDIO_EFFECT -> d.audioInputPorts() > 0 && d.audioOutputPorts() > 0 ? null : "takes no audio input";
        };
        if (why != null) {
            throw new SessionDocumentException(k + "role: '" + d.id() + "' (" + d.kind() + ") cannot be a "
                    + role.key + ": it " + why);
        }
    }

    private static SessionTrack parseTrack(int index, TreeMap<String, String> keys) {
        String k = "track." + index + ".";
        for (String sub : keys.keySet()) {
            if (!sub.equals("name") && !sub.equals("smf")) {
                throw new SessionDocumentException(k + sub + ": unknown key (a track has name and smf)");
            }
        }
        String name = requireIn(keys, k, "name");
        String b64 = requireIn(keys, k, "smf").trim();
        byte[] smf;
        try {
            smf = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new SessionDocumentException(k + "smf: not base64 (" + e.getMessage() + ")", e);
        }
        try {
            Sequence s = Inputs.parseMidi(k + "smf", smf);
            org.midirack.demos.melody.MelodyEvents.of(s, 48000); // the host can schedule it
        } catch (CliError e) {
            throw new SessionDocumentException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new SessionDocumentException(k + "smf: a Standard MIDI File the host cannot play (" + e + ")", e);
        }
        return new SessionTrack(name, smf);
    }

    private static String require(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new SessionDocumentException(key + ": missing");
        }
        return v;
    }

    private static String requireIn(Map<String, String> keys, String prefix, String key) {
        String v = keys.get(key);
        if (v == null) {
            throw new SessionDocumentException(prefix + key + ": missing");
        }
        return v;
    }

    private static int parseInt(String v, String key, String what) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new SessionDocumentException(key + ": '" + v + "' is not " + what, e);
        }
    }

    private static int parseProgram(String v) {
        if (v.trim().equals("off")) {
            return -1;
        }
        int p = parseInt(v, "program", "off or a program 0-127");
        if (p < 0 || p > 127) {
            throw new SessionDocumentException("program: " + p + " is not off or a program 0-127");
        }
        return p;
    }

    /** Parses "1-16", "1-9,11-16", "none". */
    static int parseChannels(String v) {
        String t = v.trim();
        if (t.equals("none")) {
            return 0;
        }
        int mask = 0;
        for (String part : t.split(",", -1)) {
            String[] ab = part.trim().split("-", -1);
            if (ab.length > 2) {
                throw new SessionDocumentException("fx.channels: '" + v + "' is not a channel list like 1-9,11-16");
            }
            int a = channel(ab[0], v);
            int b = ab.length == 2 ? channel(ab[1], v) : a;
            if (b < a) {
                throw new SessionDocumentException("fx.channels: range '" + part.trim() + "' runs backwards");
            }
            for (int c = a; c <= b; c++) {
                mask |= 1 << (c - 1);
            }
        }
        return mask;
    }

    private static int channel(String s, String whole) {
        int c;
        try {
            c = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new SessionDocumentException("fx.channels: '" + whole + "' is not a channel list like 1-9,11-16 or none",
                    e);
        }
        if (c < 1 || c > 16) {
            throw new SessionDocumentException("fx.channels: channel " + c + " is not 1-16");
        }
        return c;
    }

    private static double parseTempo(String v) {
        String t = v.trim();
        if (t.equals("off")) {
            return -1;
        }
        double bpm;
        try {
            bpm = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new SessionDocumentException("tempo: '" + v + "' is not off or a tempo in BPM", e);
        }
        if (!(bpm >= 10 && bpm <= 999)) {
            throw new SessionDocumentException("tempo: " + t + " is not off or 10-999 BPM");
        }
        return bpm;
    }

    private static int[] parseLoop(String v) {
        String t = v.trim();
        if (t.equals("off")) {
            return new int[] {0, 0};
        }
        String[] w = t.split("\\s+");
        if (w.length != 2) {
            throw new SessionDocumentException("loop: '" + v + "' is not off or two bars, e.g. 3 5");
        }
        int a = parseInt(w[0], "loop", "off or two bars, e.g. 3 5");
        int b = parseInt(w[1], "loop", "off or two bars, e.g. 3 5");
        if (a < 1 || b <= a) {
            throw new SessionDocumentException("loop: needs 1 <= BAR1 < BAR2, not " + a + " " + b);
        }
        return new int[] {a, b};
    }

    // ------------------------------------------------------------------ writing

}
