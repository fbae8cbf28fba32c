package org.midirack.demos.cli;

import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.hosting.NodeRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.midirack.host.Host;

/**
 * The demo host's graph as its user sees it: a {@link Host} whose nodes have names, and the
 * destination of every loaded track. A node is named by its name or its number (its slot + 1);
 * {@code in} is the host's own MIDI input (the tracks routed by channel and the live input),
 * {@code out} the host's audio output. Every operation checks what it is given and fails with
 * an {@link IllegalArgumentException} whose one-line message names what was wrong and what would
 * do, changing nothing.
 */
final class HostGraph {
    /** The host's own MIDI input, as a source: tracks routed by channel, and the live input. */
    static final String IN = "in";
    /** The host's audio output, as a destination. */
    static final String OUT = "out";
    /** All 16 MIDI channels. */
    static final int ALL_CHANNELS = 0xFFFF;
    /** A node name: a letter, then letters, digits, '.', '_' or '-'. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,39}");

    private final Host host;
    private final NodeRegistry registry;
    private final Map<Integer, String> names = new HashMap<>();
    private final List<Integer> trackDestinations = new ArrayList<>();

    /**
     * @param host the graph (its nodes may be there already: they get their default names)
     * @thread main
     */
    HostGraph(Host host, NodeRegistry registry) {
        this.host = host;
        this.registry = registry;
        sync();
    }

    /** @thread any */
    Host host() {
        return host;
    }

    /** @thread any */
    NodeRegistry registry() {
        return registry;
    }

    // ------------------------------------------------------------------ nodes

    /**
     * Creates a node of an installed type and adds it under a name.
     *
     * @param type an id ({@code midirack.sine}), an id without {@code midirack.}, or a part of one
     *             id alone ({@code arp})
     * @param name the name, or null for the default (the id without {@code midirack.}, numbered
     *             when taken)
     * @return the node's slot
     * @throws IllegalArgumentException for an unknown or ambiguous type (listing the installed
     *     ones) or a bad or taken name
     * @throws CliError when the node cannot run here (e.g. Gervill without its JVM flag)
     * @thread main
     */
    int add(String type, String name) {
        NodeDescriptor d = type(type);
        if (name != null) {
            checkNewName(name);
        }
        return add(SessionDocumentReader.create(registry, d.id()), name);
    }

    /**
     * Adds a node made elsewhere (a session's) under a name.
     * @throws IllegalArgumentException for a bad or taken name, or when the host refuses the node
     * @thread main
     */
    int add(Node node, String name) {
        sync();
        if (name != null) {
            checkNewName(name);
        }
        int slot;
        try {
            slot = host.add(node);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("cannot add " + node.descriptor().id() + ": " + e.getMessage(), e);
        }
        names.put(slot, name != null ? name : defaultName(node.descriptor().id()));
        return slot;
    }

    /**
     * Removes a node with all its connections; tracks that played into it go to {@code in}.
     * @return the slot it had
     * @throws IllegalArgumentException for an unknown node
     * @thread main
     */
    int remove(String word) {
        int slot = node(word);
        host.remove(slot);
        names.remove(slot);
        for (int i = 0; i < trackDestinations.size(); i++) {
            if (trackDestinations.get(i) == slot) {
                trackDestinations.set(i, Host.BOUNDARY);
            }
        }
        host.collectRemoved();
        return slot;
    }

    /**
     * Renames a node.
     * @throws IllegalArgumentException for an unknown node, or a bad or taken name
     * @thread main
     */
    void rename(String word, String name) {
        int slot = node(word);
        if (name.equals(names.get(slot))) {
            return;
        }
        checkNewName(name);
        names.put(slot, name);
    }

    /**
     * The installed type a word names: the exact id, the id without {@code midirack.}, the start
     * of exactly one such short id ({@code filter}), or a part of exactly one id ({@code arp}).
     * @throws IllegalArgumentException listing the installed types, or the ones the word matches
     * @thread main
     */
    NodeDescriptor type(String word) {
        String t = word.toLowerCase(Locale.ROOT);
        List<NodeDescriptor> all = registry.list();
        List<NodeDescriptor> found = new ArrayList<>();
        List<NodeDescriptor> prefixed = new ArrayList<>();
        for (NodeDescriptor d : all) {
            if (d.id().equals(word) || shortId(d.id()).equals(t)) {
                return d;
            }
            if (shortId(d.id()).contains(t)) {
                found.add(d);
            }
            if (shortId(d.id()).startsWith(t)) {
                prefixed.add(d);
            }
        }
        if (prefixed.size() == 1) {
            return prefixed.get(0);
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        List<String> ids = new ArrayList<>();
        for (NodeDescriptor d : found.isEmpty() ? all : found) {
            ids.add(shortId(d.id()));
        }
        throw new IllegalArgumentException((found.isEmpty() ? "no node type '" + word + "' is installed; installed: "
                : "'" + word + "' matches more than one node type: ") + String.join(", ", ids) + " (see 'nodes')");
    }

    /**
     * The slot of a node named by its name, its number, or a part of exactly one node's name or id.
     * @throws IllegalArgumentException naming the nodes there are
     * @thread main
     */
    int node(String word) {
        sync();
        if (word.matches("[0-9]{1,9}")) {
            int slot = Integer.parseInt(word) - 1;
            if (names.containsKey(slot)) {
                return slot;
            }
            throw new IllegalArgumentException("no node " + word + "; nodes: " + nodeList() + " (see 'graph')");
        }
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            if (e.getValue().equalsIgnoreCase(word)) {
                return e.getKey();
            }
        }
        String t = word.toLowerCase(Locale.ROOT);
        List<Integer> found = new ArrayList<>();
        for (int s : host.slots()) {
            if (names.get(s).toLowerCase(Locale.ROOT).contains(t) || host.node(s).descriptor().id().contains(t)) {
                found.add(s);
            }
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        throw new IllegalArgumentException((found.isEmpty() ? "no node named '" + word + "'"
                : "more than one node matches '" + word + "'") + "; nodes: " + nodeList() + " (see 'graph')");
    }

    /** The name of the node at a slot ({@code in}/{@code out} for the boundary). @thread main */
    String name(int slot) {
        if (slot == Host.BOUNDARY) {
            return IN;
        }
        sync();
        String n = names.get(slot);
        return n == null ? "#" + (slot + 1) : n;
    }

    /** "1 sine, 2 drums" or "none". */
    String nodeList() {
        List<String> out = new ArrayList<>();
        for (int s : host.slots()) {
            out.add((s + 1) + " " + names.get(s));
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }

    /** Why a word cannot be a node name, or null when it can. */
    static String badName(String name) {
        if (!NAME.matcher(name).matches()) {
            return "'" + name + "' is not a node name: a letter, then up to 39 letters, digits, '.', '_' or '-'";
        }
        if (name.equalsIgnoreCase(IN) || name.equalsIgnoreCase(OUT)) {
            return "'" + name + "' is the host's own " + (name.equalsIgnoreCase(IN) ? "MIDI input" : "audio output")
                    + "; give the node another name";
        }
        return null;
    }

    private void checkNewName(String name) {
        String bad = badName(name);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        sync();
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            if (e.getValue().equalsIgnoreCase(name)) {
                throw new IllegalArgumentException("a node is already named '" + name + "' (node " + (e.getKey() + 1)
                        + "); give another name with 'as NAME'");
            }
        }
    }

    /** The id without the {@code midirack.} vendor prefix. */
    static String shortId(String id) {
        return id.startsWith("midirack.") ? id.substring("midirack.".length()) : id;
    }

    private String defaultName(String id) {
        return uniqueName(id, names.values());
    }

    /**
     * The default name of a node of type {@code id}: the id without {@code midirack.}, numbered
     * ({@code sine-2}) when a name in {@code taken} has it (names compare without case).
     */
    static String uniqueName(String id, java.util.Collection<String> taken) {
        String base = shortId(id).replaceAll("[^A-Za-z0-9._-]", "-");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
            base = "node-" + base;
        }
        if (base.length() > 36) {
            base = base.substring(0, 36);
        }
        String n = base;
        for (int k = 2; taken(n, taken); k++) {
            n = base + "-" + k;
        }
        return n;
    }

    private static boolean taken(String n, java.util.Collection<String> taken) {
        if (n.equalsIgnoreCase(IN) || n.equalsIgnoreCase(OUT)) {
            return true;
        }
        for (String v : taken) {
            if (v.equalsIgnoreCase(n)) {
                return true;
            }
        }
        return false;
    }

    /** Names the nodes added to the host directly; forgets the ones gone. */
    private void sync() {
        int[] slots = host.slots();
        names.keySet().removeIf(s -> java.util.Arrays.stream(slots).noneMatch(x -> x == s));
        for (int s : slots) {
            if (!names.containsKey(s)) {
                names.put(s, defaultName(host.node(s).descriptor().id()));
            }
        }
    }

    // ------------------------------------------------------------------ connections

    /** An audio end: a slot (or {@link Host#BOUNDARY}) and a port from 0. */
    record End(int slot, int port) {
    }

    /**
     * Parses {@code NODE[:PORT]} (ports numbered from 1); {@code out} is the host's output when
     * {@code destination}.
     */
    End audioEnd(String word, boolean destination) {
        String w = word;
        int port = 0;
        int colon = word.lastIndexOf(':');
        if (colon > 0) {
            w = word.substring(0, colon);
            String p = word.substring(colon + 1);
            if (!p.matches("[0-9]{1,4}") || Integer.parseInt(p) < 1) {
                throw new IllegalArgumentException("'" + word + "': the port after ':' is a number from 1");
            }
            port = Integer.parseInt(p) - 1;
        }
        if (w.equalsIgnoreCase(OUT)) {
            if (!destination) {
                throw new IllegalArgumentException("'out' is the host's audio output: it can only be a destination");
            }
            return new End(Host.BOUNDARY, port);
        }
        if (w.equalsIgnoreCase(IN)) {
            throw new IllegalArgumentException("'in' is the host's MIDI input: it has no audio; connect audio from a node");
        }
        return new End(node(w), port);
    }

    /** @throws IllegalArgumentException naming what is wrong (no such port, a cycle, a duplicate) @thread main */
    void connectAudio(End src, End dst, double gain) {
        String what = "audio " + endText(src.slot(), src.port(), false) + " -> " + endText(dst.slot(), dst.port(), true);
        NodeDescriptor a = host.node(src.slot()).descriptor();
        if (src.port() >= a.audioOutputPorts()) {
            throw new IllegalArgumentException(name(src.slot()) + " (" + a.id() + ") has " + ports(a.audioOutputPorts())
                    + " audio output" + (a.audioOutputPorts() == 1 ? "" : "s") + ", no output " + (src.port() + 1));
        }
        if (dst.slot() != Host.BOUNDARY) {
            NodeDescriptor b = host.node(dst.slot()).descriptor();
            if (dst.port() >= b.audioInputPorts()) {
                throw new IllegalArgumentException(name(dst.slot()) + " (" + b.id() + ", " + b.kind() + ") has "
                        + ports(b.audioInputPorts()) + " audio input" + (b.audioInputPorts() == 1 ? "" : "s")
                        + (b.audioInputPorts() == 0 ? "; audio goes into an effect or out" : ", no input "
                        + (dst.port() + 1)));
            }
        }
        for (Host.Link l : host.audioLinks()) {
            if (l.src() == src.slot() && l.srcPort() == src.port() && l.dst() == dst.slot() && l.dstPort() == dst.port()) {
                throw new IllegalArgumentException(what + " is already connected");
            }
        }
        try {
            host.connectAudio(src.slot(), src.port(), dst.slot(), dst.port(), gain);
        } catch (IllegalArgumentException e) {
            throw rephrase(what, e);
        }
    }

    private static String ports(int n) {
        return n == 0 ? "no" : Integer.toString(n);
    }

    private static IllegalArgumentException rephrase(String what, IllegalArgumentException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("cycle")) {
            return new IllegalArgumentException(what + " would close a loop: the signal would come back to where it"
                    + " started", e);
        }
        return new IllegalArgumentException(what + ": " + m, e);
    }

    /** @thread main */
    void disconnectAudio(End src, End dst) {
        for (Host.Link l : host.audioLinks()) {
            if (l.src() == src.slot() && l.srcPort() == src.port() && l.dst() == dst.slot() && l.dstPort() == dst.port()) {
                host.disconnectAudio(src.slot(), src.port(), dst.slot(), dst.port());
                return;
            }
        }
        throw new IllegalArgumentException("audio " + endText(src.slot(), src.port(), false) + " -> "
                + endText(dst.slot(), dst.port(), true) + " is not connected (see 'graph')");
    }

    /** A MIDI source ({@code in} or a node). */
    int midiSource(String word) {
        if (word.equalsIgnoreCase(IN)) {
            return Host.BOUNDARY;
        }
        if (word.equalsIgnoreCase(OUT)) {
            throw new IllegalArgumentException("'out' is the host's audio output; MIDI comes from 'in' or a node");
        }
        return node(word);
    }

    /** A MIDI destination (a node). */
    int midiDestination(String word) {
        if (word.equalsIgnoreCase(IN) || word.equalsIgnoreCase(OUT)) {
            throw new IllegalArgumentException("MIDI goes to a node, not to '" + word + "'");
        }
        return node(word);
    }

    /**
     * @param mask bit c passes channel c+1
     * @param remap -1 keeps the channel, 0..15 rewrites it
     * @thread main
     */
    void connectMidi(int src, int dst, int mask, int remap) {
        String what = "MIDI " + name(src) + " -> " + name(dst);
        if (src != Host.BOUNDARY) {
            NodeDescriptor a = host.node(src).descriptor();
            if (!a.midiOut()) {
                throw new IllegalArgumentException(name(src) + " (" + a.id() + ") sends no MIDI; MIDI comes from in or"
                        + " from a node that sends it (an arpeggiator, a chord, the drums)");
            }
        }
        NodeDescriptor b = host.node(dst).descriptor();
        if (!b.midiIn()) {
            throw new IllegalArgumentException(name(dst) + " (" + b.id() + ", " + b.kind() + ") takes no MIDI");
        }
        for (Host.MidiLink l : host.midiLinks()) {
            if (l.src() == src && l.dst() == dst) {
                throw new IllegalArgumentException(what + " is already connected" + MidiChannels.filterText(l.channelMask(),
                        l.remapChannel()) + "; disconnect it first to change its channels");
            }
        }
        try {
            host.connectMidi(src, dst, mask, remap);
        } catch (IllegalArgumentException e) {
            throw rephrase(what, e);
        }
    }

    /** @thread main */
    void disconnectMidi(int src, int dst) {
        for (Host.MidiLink l : host.midiLinks()) {
            if (l.src() == src && l.dst() == dst) {
                host.disconnectMidi(src, dst);
                return;
            }
        }
        throw new IllegalArgumentException("MIDI " + name(src) + " -> " + name(dst) + " is not connected (see 'graph')");
    }

    // ------------------------------------------------------------------ tracks

    /** A new track plays into {@code in} (routed by channel). @thread main */
    void trackAdded() {
        trackDestinations.add(Host.BOUNDARY);
    }

    /** Forgets every track. @thread main */
    void clearTracks() {
        trackDestinations.clear();
    }

    /** How many tracks the graph knows. @thread any */
    int trackCount() {
        return trackDestinations.size();
    }

    /** Where track {@code i} (from 0) plays: a slot, or {@link Host#BOUNDARY} for {@code in}. @thread main */
    int trackDestination(int i) {
        return trackDestinations.get(i);
    }

    /**
     * Sends track {@code i} (from 0) to a node, or to {@code in}.
     * @throws IllegalArgumentException for an unknown node or one that takes no MIDI
     * @thread main
     */
    void setTrackDestination(int i, String word) {
        if (i < 0 || i >= trackDestinations.size()) {
            throw new IllegalArgumentException("no track " + (i + 1) + "; tracks: " + (trackDestinations.isEmpty()
                    ? "none (load one with 'load FILE')" : "1.." + trackDestinations.size()));
        }
        int slot = word.equalsIgnoreCase(IN) ? Host.BOUNDARY : node(word);
        setTrackDestination(i, slot);
    }

    /** @throws IllegalArgumentException for a node that takes no MIDI @thread main */
    void setTrackDestination(int i, int slot) {
        if (slot != Host.BOUNDARY) {
            NodeDescriptor d = host.node(slot).descriptor();
            if (!d.midiIn()) {
                throw new IllegalArgumentException("node " + name(slot) + " (" + d.id() + ", " + d.kind()
                        + ") takes no MIDI; a track plays into a node that does, or into 'in'");
            }
        }
        trackDestinations.set(i, slot);
    }

    // ------------------------------------------------------------------ text

    /** "sine", "sine:2", "out". */
    String endText(int slot, int port, boolean destination) {
        String n = slot == Host.BOUNDARY ? (destination ? OUT : IN) : name(slot);
        return port == 0 ? n : n + ":" + (port + 1);
    }

    /** "sine -> out", "drums -> filter gain 0.5". */
    String audioText(Host.Link l) {
        return endText(l.src(), l.srcPort(), false) + " -> " + endText(l.dst(), l.dstPort(), true)
                + (l.gain() == 1f ? "" : " gain " + l.gain());
    }

    /** "in -> drums ch 10", "arp -> sine". */
    String midiText(Host.MidiLink l) {
        return name(l.src()) + " -> " + (l.dst() == Host.BOUNDARY ? OUT : name(l.dst()))
                + MidiChannels.filterText(l.channelMask(), l.remapChannel());
    }

    /**
     * The whole graph as lines: nodes, audio and MIDI connections, tracks and render order.
     * @param trackNames the names of the loaded tracks, in order
     * @thread main
     */
    List<String> describe(List<String> trackNames) {
        sync();
        List<String> out = new ArrayList<>();
        int[] slots = host.slots();
        out.add("nodes:" + (slots.length == 0 ? " none (add one: 'add TYPE', types: 'nodes')" : ""));
        int w = 4;
        for (int s : slots) {
            w = Math.max(w, names.get(s).length());
        }
        for (int s : slots) {
            Node n = host.node(s);
            NodeDescriptor d = n.descriptor();
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %2d %-" + w + "s  %s (%s)", s + 1,
                    names.get(s), d.id(), d.kind()));
            if (n.latencyFrames() > 0) {
                sb.append(", latency ").append(n.latencyFrames()).append(" frames");
            }
            if (host.isMuted(s)) {
                sb.append(", MUTED: it failed");
            }
            out.add(sb.toString());
        }
        List<Host.Link> audio = host.audioLinks();
        out.add("audio:" + (audio.isEmpty() ? " none" : ""));
        for (Host.Link l : audio) {
            out.add("  " + audioText(l));
        }
        List<Host.MidiLink> midi = host.midiLinks();
        out.add("MIDI:" + (midi.isEmpty() ? " none" : ""));
        for (Host.MidiLink l : midi) {
            out.add("  " + midiText(l));
        }
        out.add("tracks:" + (trackNames.isEmpty() ? " none" : ""));
        for (int i = 0; i < trackNames.size(); i++) {
            int dst = i < trackDestinations.size() ? trackDestinations.get(i) : Host.BOUNDARY;
            out.add("  " + (i + 1) + " " + trackNames.get(i) + " -> " + name(dst)
                    + (dst == Host.BOUNDARY ? " (routed by channel)" : ""));
        }
        List<String> order = new ArrayList<>();
        for (int s : host.renderOrder()) {
            order.add(name(s));
        }
        out.add("render order: " + (order.isEmpty() ? "none" : String.join(", ", order)));
        return out;
    }
}
