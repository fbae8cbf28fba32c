package org.midirack.demos.cli;

import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeState;
import org.midirack.core.StateFormatException;
import org.midirack.core.hosting.NodeRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sound.midi.Sequence;

import org.midirack.host.Host;
import org.midirack.host.mapping.MidiMapping;
import org.midirack.host.mapping.MidiMappingDocument;

import static org.midirack.demos.cli.SessionDocument.*;

/**
 * Reads and checks a session document ({@link SessionDocument}): every key known and every
 * required one present, node ids installed, node states that load into fresh nodes, connections
 * the host accepts (ports, kinds, no cycles, no duplicates: checked on a scratch host holding the
 * fresh nodes), track destinations that take MIDI, tracks that are whole Standard MIDI Files,
 * mappings that fit the document's own nodes. Version 1 documents go to
 * {@link SessionDocumentV1}. Whatever the bytes, it gives a document or a
 * {@link SessionDocumentException} naming the key.
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

    static final Pattern NODE_KEY = Pattern.compile("node\\.([1-9][0-9]{0,5})\\.(.*)", Pattern.DOTALL);
    static final Pattern TRACK_KEY = Pattern.compile("track\\.([1-9][0-9]{0,5})\\.(.*)", Pattern.DOTALL);
    private static final Pattern AUDIO_KEY = Pattern.compile("audio\\.([1-9][0-9]{0,5})");
    private static final Pattern MIDI_KEY = Pattern.compile("midi\\.([1-9][0-9]{0,5})");
    /** A node state key in a {@link StateFormatException}'s message. */
    private static final Pattern STATE_KEY = Pattern.compile("\\b(param|data)\\.[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)*");
    private static final Set<String> TOP_KEYS = Set.of("format", "version", "program", "tempo", "loop", "nodes",
            "audio", "midi", "tracks");

    /**
     * Reads a document of any version this code knows and checks all of it. Never throws anything
     * but {@link SessionDocumentException}, whatever the bytes.
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
        int version = parseInt(require(p, "version"), "version", "a number");
        if (version > VERSION) {
            throw new SessionDocumentException("version: session version " + version
                    + " is newer than this midirack reads (" + VERSION + "); update midirack");
        }
        if (version < 1) {
            throw new SessionDocumentException("version: session version " + version + " is not valid");
        }
        return version == 1 ? SessionDocumentV1.parse(p, registry) : parseVersion2(p, registry);
    }

    private static SessionDocument parseVersion2(Properties p, NodeRegistry registry) {
        for (String k : p.stringPropertyNames()) {
            if (!TOP_KEYS.contains(k) && !NODE_KEY.matcher(k).matches() && !TRACK_KEY.matcher(k).matches()
                    && !AUDIO_KEY.matcher(k).matches() && !MIDI_KEY.matcher(k).matches() && !isMappingKey(k)) {
                throw new SessionDocumentException(k + ": unknown key");
            }
        }
        int program = parseProgram(require(p, "program"));
        double tempo = parseTempo(require(p, "tempo"));
        int[] loop = parseLoop(require(p, "loop"));
        int nodeCount = count(p, "nodes", MAX_NODES);
        int audioCount = count(p, "audio", MAX_LINKS);
        int midiCount = count(p, "midi", MAX_LINKS);
        int trackCount = count(p, "tracks", MAX_TRACKS);
        for (String k : p.stringPropertyNames()) {
            Matcher m = AUDIO_KEY.matcher(k);
            Matcher n = MIDI_KEY.matcher(k);
            if (m.matches() && Integer.parseInt(m.group(1)) > audioCount) {
                throw new SessionDocumentException(k + ": beyond audio=" + audioCount + " (numbered from 1)");
            }
            if (n.matches() && Integer.parseInt(n.group(1)) > midiCount) {
                throw new SessionDocumentException(k + ": beyond midi=" + midiCount + " (numbered from 1)");
            }
        }
        List<TreeMap<String, String>> nodeKeys = group(p, NODE_KEY, nodeCount, "nodes");
        List<TreeMap<String, String>> trackKeys = group(p, TRACK_KEY, trackCount, "tracks");
        List<NodeDescriptor> installed = registry.list();
        List<SessionNode> nodes = new ArrayList<>();
        Host scratch = new Host(new org.midirack.host.HostConfig().maxNodes(MAX_NODES));
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < nodeCount; i++) {
            String k = "node." + (i + 1) + ".";
            String name = requireIn(nodeKeys.get(i), k, "name").trim();
            String bad = HostGraph.badName(name);
            if (bad != null) {
                throw new SessionDocumentException(k + "name: " + bad);
            }
            Integer other = byName.put(name.toLowerCase(Locale.ROOT), i);
            if (other != null) {
                throw new SessionDocumentException(k + "name: '" + name + "' is node." + (other + 1) + "'s name too;"
                        + " names are unique");
            }
            Parsed n = parseNode(k, nodeKeys.get(i), Set.of("name", "id", "version"), registry, installed);
            nodes.add(new SessionNode(name, n.state()));
            scratch.add(n.node()); // an inactive host: the node is never started
        }
        List<AudioLink> audio = new ArrayList<>();
        for (int i = 0; i < audioCount; i++) {
            String k = "audio." + (i + 1);
            AudioLink l = parseAudio(k, require(p, k), byName);
            NodeDescriptor from = scratch.node(l.src()).descriptor();
            if (l.srcPort() >= from.audioOutputPorts()) {
                throw new SessionDocumentException(k + ": " + nodes.get(l.src()).name() + " (" + from.id() + ") has "
                        + from.audioOutputPorts() + " audio outputs, no output " + (l.srcPort() + 1));
            }
            if (l.dst() != BOUNDARY) {
                NodeDescriptor to = scratch.node(l.dst()).descriptor();
                if (l.dstPort() >= to.audioInputPorts()) {
                    throw new SessionDocumentException(k + ": " + nodes.get(l.dst()).name() + " (" + to.id() + ", "
                            + to.kind() + ") has " + to.audioInputPorts() + " audio inputs, no input " + (l.dstPort() + 1));
                }
            }
            try {
                scratch.connectAudio(scratchSlot(l.src()), l.srcPort(), scratchSlot(l.dst()), l.dstPort(), l.gain());
            } catch (IllegalArgumentException e) {
                throw new SessionDocumentException(k + ": " + e.getMessage(), e);
            }
            audio.add(l);
        }
        List<MidiLink> midi = new ArrayList<>();
        for (int i = 0; i < midiCount; i++) {
            String k = "midi." + (i + 1);
            MidiLink l = parseMidi(k, require(p, k), byName);
            try {
                scratch.connectMidi(scratchSlot(l.src()), scratchSlot(l.dst()), l.mask(), l.remap());
            } catch (IllegalArgumentException e) {
                throw new SessionDocumentException(k + ": " + e.getMessage(), e);
            }
            midi.add(l);
        }
        List<MidiMapping> mappings = parseMappings(p, nodes, installed);
        List<SessionTrack> tracks = new ArrayList<>();
        for (int i = 0; i < trackCount; i++) {
            String k = "track." + (i + 1) + ".";
            String to = requireIn(trackKeys.get(i), k, "to").trim();
            int dst;
            if (to.equalsIgnoreCase(HostGraph.IN)) {
                dst = BOUNDARY;
            } else {
                Integer d = byName.get(to.toLowerCase(Locale.ROOT));
                if (d == null) {
                    throw new SessionDocumentException(k + "to: no node named '" + to + "' in this session (nodes: "
                            + names(nodes) + "; or in)");
                }
                if (!scratch.node(d).descriptor().midiIn()) {
                    throw new SessionDocumentException(k + "to: node '" + to + "' takes no MIDI");
                }
                dst = d;
            }
            tracks.add(parseTrack(i + 1, trackKeys.get(i), Set.of("name", "to", "smf"), dst));
        }
        return new SessionDocument(program, tempo, loop[0], loop[1], nodes, audio, midi, tracks, mappings);
    }

    private static int scratchSlot(int node) {
        return node == BOUNDARY ? Host.BOUNDARY : node; // nodes went into the scratch host in order
    }

    private static String names(List<SessionNode> nodes) {
        List<String> out = new ArrayList<>();
        for (SessionNode n : nodes) {
            out.add(n.name());
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    /** "A[:P] -> B[:P] [gain G]", nodes by their names in this document. */
    private static AudioLink parseAudio(String key, String v, Map<String, Integer> byName) {
        String[] w = v.trim().split("\\s+");
        if (!(w.length == 3 || (w.length == 5 && w[3].equals("gain"))) || !w[1].equals("->")) {
            throw new SessionDocumentException(key + ": '" + v + "' is not FROM[:PORT] -> TO[:PORT] [gain G]");
        }
        int[] a = audioEnd(key, w[0], false, byName);
        int[] b = audioEnd(key, w[2], true, byName);
        float gain = 1f;
        if (w.length == 5) {
            try {
                gain = Float.parseFloat(w[4]);
            } catch (NumberFormatException e) {
                throw new SessionDocumentException(key + ": gain '" + w[4] + "' is not a number", e);
            }
            if (!(gain >= 0 && gain <= 16)) {
                throw new SessionDocumentException(key + ": gain " + w[4] + " is not 0..16");
            }
        }
        return new AudioLink(a[0], a[1], b[0], b[1], gain);
    }

    private static int[] audioEnd(String key, String word, boolean destination, Map<String, Integer> byName) {
        String w = word;
        int port = 0;
        int colon = word.lastIndexOf(':');
        if (colon > 0) {
            w = word.substring(0, colon);
            String ps = word.substring(colon + 1);
            if (!ps.matches("[0-9]{1,4}") || Integer.parseInt(ps) < 1) {
                throw new SessionDocumentException(key + ": '" + word + "': the port after ':' is a number from 1");
            }
            port = Integer.parseInt(ps) - 1;
        }
        if (destination && w.equalsIgnoreCase(HostGraph.OUT)) {
            return new int[] {BOUNDARY, port};
        }
        Integer n = byName.get(w.toLowerCase(Locale.ROOT));
        if (n == null) {
            throw new SessionDocumentException(key + ": no node named '" + w + "' in this session"
                    + (destination ? " (or out)" : ""));
        }
        return new int[] {n, port};
    }

    /** "A -> B [ch LIST] [to N]", A a node or in, B a node. */
    private static MidiLink parseMidi(String key, String v, Map<String, Integer> byName) {
        String[] w = v.trim().split("\\s+");
        if (w.length < 3 || !w[1].equals("->") || w.length % 2 == 0) {
            throw new SessionDocumentException(key + ": '" + v + "' is not FROM -> TO [ch CHANNELS] [to CHANNEL]");
        }
        int src;
        if (w[0].equalsIgnoreCase(HostGraph.IN)) {
            src = BOUNDARY;
        } else {
            Integer n = byName.get(w[0].toLowerCase(Locale.ROOT));
            if (n == null) {
                throw new SessionDocumentException(key + ": no node named '" + w[0] + "' in this session (or in)");
            }
            src = n;
        }
        Integer dst = byName.get(w[2].toLowerCase(Locale.ROOT));
        if (dst == null) {
            throw new SessionDocumentException(key + ": no node named '" + w[2] + "' in this session");
        }
        int mask = HostGraph.ALL_CHANNELS;
        int remap = -1;
        for (int i = 3; i < w.length; i += 2) {
            try {
                switch (w[i]) {
                    case "ch" -> mask = MidiChannels.parseChannels(w[i + 1]);
                    case "to" -> remap = MidiChannels.channel(w[i + 1], w[i + 1]) - 1;
                    default -> throw new IllegalArgumentException("'" + w[i] + "' is not ch or to");
                }
            } catch (IllegalArgumentException e) {
                throw new SessionDocumentException(key + ": " + e.getMessage(), e);
            }
        }
        return new MidiLink(src, dst, mask, remap);
    }

    // ------------------------------------------------------------------ shared with version 1

    static boolean isMappingKey(String k) {
        return MAPPING_KEY.matcher(k).matches() || k.equals(MAPPING + "version") || k.equals(MAPPING + "count");
    }

    /** A count key: 0..max. */
    static int count(Properties p, String key, int max) {
        int n = parseInt(require(p, key), key, "a number of " + key);
        if (n < 0 || n > max) {
            throw new SessionDocumentException(key + ": " + n + " is not 0-" + max);
        }
        return n;
    }

    /** The keys {@code PREFIX.N.SUB} grouped by N (from 1); an N beyond the count is an error. */
    static List<TreeMap<String, String>> group(Properties p, Pattern key, int count, String countKey) {
        List<TreeMap<String, String>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new TreeMap<>());
        }
        for (String k : new TreeMap<>(toMap(p)).keySet()) {
            Matcher m = key.matcher(k);
            if (m.matches()) {
                int i = Integer.parseInt(m.group(1));
                if (i > count) {
                    throw new SessionDocumentException(k + ": beyond " + countKey + "=" + count + " (numbered from 1)");
                }
                out.get(i - 1).put(m.group(2), p.getProperty(k));
            }
        }
        return out;
    }

    /** The mapping section; node numbers in the document count from 1, in memory from 0. */
    static List<MidiMapping> parseMappings(Properties p, List<SessionNode> nodes, List<NodeDescriptor> installed) {
        require(p, MAPPING + "version");
        require(p, MAPPING + "count");
        try {
            return shift(MidiMappingDocument.load(p, MAPPING, n -> n >= 1 && n <= nodes.size()
                    ? descriptor(installed, nodes.get(n - 1).state().nodeId()).params() : null), -1);
        } catch (StateFormatException e) {
            throw new SessionDocumentException(e.getMessage(), e);
        }
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

    /** A node's checked state and the fresh node that loaded it. */
    record Parsed(NodeDescriptor descriptor, NodeState state, Node node) {
    }

    /**
     * A fresh node of a registry type, after checking that Gervill can run when the type needs it.
     * @throws CliError when it cannot
     * @thread main
     */
    static Node create(NodeRegistry registry, String id) {
        if ((id.equals(org.midirack.instruments.InstrumentGervill.ID)
                || id.equals(org.midirack.instruments.InstrumentDrumMachine.ID))
                && !org.midirack.instruments.gervill.GervillEngine.gervillAccessible()) {
            throw new CliError("Gervill's pull API (com.sun.media.sound) is not accessible: run with java -jar"
                    + " midirack.jar, or add the JVM flag " + org.midirack.instruments.gervill.GervillEngine.ADD_EXPORTS_FLAG);
        }
        return registry.create(id);
    }

    /**
     * Checks one node's keys: its id installed, its state version, every parameter and data entry
     * known to and accepted by a fresh node of its type, a soundbank file that exists.
     *
     * @param k     the key prefix, e.g. {@code node.2.}
     * @param own   the node's own keys beside {@code param.*} and {@code data.*}
     */
    static Parsed parseNode(String k, TreeMap<String, String> keys, Set<String> own, NodeRegistry registry,
                            List<NodeDescriptor> installed) {
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
            if (own.contains(sub)) {
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
                throw new SessionDocumentException(k + sub + ": unknown key (a node has " + String.join(", ", own)
                        + ", param.* and data.*)");
            }
            text.append(escape(sub)).append('=').append(escape(e.getValue())).append('\n');
        }
        if (id.equals(org.midirack.instruments.InstrumentDrumMachine.ID) && known.contains("param.pattern")
                && !keys.containsKey("param.pattern")) {
            // saved before the drum machine had parameter pattern, when it always played its pattern: keep that sound
            text.append("param.pattern=1.0\n");
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
        return new Parsed(d, state, fresh);
    }

    /** One track's keys ({@code own}: the keys it may have), its SMF decoded and schedulable. */
    static SessionTrack parseTrack(int index, TreeMap<String, String> keys, Set<String> own, int destination) {
        String k = "track." + index + ".";
        for (String sub : keys.keySet()) {
            if (!own.contains(sub)) {
                throw new SessionDocumentException(k + sub + ": unknown key (a track has " + String.join(", ",
                        new java.util.TreeSet<>(own)) + ")");
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
        return new SessionTrack(name, smf, destination);
    }

    static String require(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new SessionDocumentException(key + ": missing");
        }
        return v;
    }

    static String requireIn(Map<String, String> keys, String prefix, String key) {
        String v = keys.get(key);
        if (v == null) {
            throw new SessionDocumentException(prefix + key + ": missing");
        }
        return v;
    }

    static int parseInt(String v, String key, String what) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new SessionDocumentException(key + ": '" + v + "' is not " + what, e);
        }
    }

    static int parseProgram(String v) {
        if (v.trim().equals("off")) {
            return -1;
        }
        int p = parseInt(v, "program", "off or a program 0-127");
        if (p < 0 || p > 127) {
            throw new SessionDocumentException("program: " + p + " is not off or a program 0-127");
        }
        return p;
    }

    static double parseTempo(String v) {
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

    static int[] parseLoop(String v) {
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
}
