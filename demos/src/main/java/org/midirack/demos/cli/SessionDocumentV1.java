package org.midirack.demos.cli;

import org.midirack.core.NodeDescriptor;
import org.midirack.core.hosting.NodeRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

import org.midirack.host.mapping.MidiMapping;

import static org.midirack.demos.cli.SessionDocument.*;
import static org.midirack.demos.cli.SessionDocumentReader.*;

/**
 * Reads a version-1 session, written by the first demo host whose engine was a fixed chain, and
 * turns it into the graph that plays the same: the nodes keep their order (node numbers and
 * mappings stay valid) and get their default names; the chain becomes connections.
 *
 * <p>Version 1 listed nodes by role in signal order: MIDI effects (fed the channels of
 * {@code fx.channels}, in chain order), one instrument (every channel but 10 when there is a drum
 * node), at most one drum node (channel 10), audio effects (in chain order on the sum of the
 * instrument and the drums). As links, with M = {@code fx.channels}:
 * <pre>
 *   in -> fx1 ch M,  fx1 -> fx2 -> ... -> fxN,  fxN -> instrument ch 1-9,11-16,  fxN -> drums ch 10
 *   in -> instrument ch (not M, not 10),  in -> drums ch (10, when not in M)
 *   instrument, drums -> afx1 -> ... -> afxK -> out
 * </pre>
 * (without a drum node the instrument takes every channel; a filter that passes no channel is
 * left out). Every track plays into {@code in}.
 */
final class SessionDocumentV1 {
    private static final int CH10 = 1 << 9;
    private static final Set<String> TOP_KEYS = Set.of("format", "version", "program", "fx.channels", "tempo", "loop",
            "nodes", "tracks");

    private SessionDocumentV1() {
    }

    /** Where a node sat in the version-1 chain; the document lists nodes in this order. */
    enum Role {
        MIDI_EFFECT("midi-effect"), INSTRUMENT("instrument"), DRUMS("drums"), AUDIO_EFFECT("audio-effect");

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

    /**
     * Checks a version-1 document as the version-1 reader did and converts it.
     * @throws SessionDocumentException "KEY: what is wrong"
     * @thread main
     */
    static SessionDocument parse(Properties p, NodeRegistry registry) {
        for (String k : p.stringPropertyNames()) {
            if (!TOP_KEYS.contains(k) && !NODE_KEY.matcher(k).matches() && !TRACK_KEY.matcher(k).matches()
                    && !isMappingKey(k)) {
                throw new SessionDocumentException(k + ": unknown key");
            }
        }
        int program = parseProgram(require(p, "program"));
        int fx;
        try {
            fx = require(p, "fx.channels").trim().equals("none") ? 0 : MidiChannels.parseChannels(p.getProperty("fx.channels"));
        } catch (IllegalArgumentException e) {
            throw new SessionDocumentException("fx.channels: " + e.getMessage(), e);
        }
        double tempo = parseTempo(require(p, "tempo"));
        int[] loop = parseLoop(require(p, "loop"));
        int nodeCount = count(p, "nodes", MAX_NODES);
        if (nodeCount < 1) {
            throw new SessionDocumentException("nodes: 0 is not 1-" + MAX_NODES);
        }
        int trackCount = count(p, "tracks", MAX_TRACKS);
        List<TreeMap<String, String>> nodeKeys = group(p, NODE_KEY, nodeCount, "nodes");
        List<TreeMap<String, String>> trackKeys = group(p, TRACK_KEY, trackCount, "tracks");
        List<Role> roles = checkSignalOrder(nodeKeys);
        List<NodeDescriptor> installed = registry.list();
        List<SessionNode> nodes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            String k = "node." + (i + 1) + ".";
            Parsed n = parseNode(k, nodeKeys.get(i), Set.of("role", "id", "version"), registry, installed);
            checkRole(k, roles.get(i), n.descriptor());
            String name = HostGraph.uniqueName(n.state().nodeId(), names);
            names.add(name);
            nodes.add(new SessionNode(name, n.state()));
        }
        List<MidiMapping> mappings = parseMappings(p, nodes, installed);
        List<SessionTrack> tracks = new ArrayList<>();
        for (int i = 0; i < trackCount; i++) {
            tracks.add(parseTrack(i + 1, trackKeys.get(i), Set.of("name", "smf"), BOUNDARY));
        }
        List<AudioLink> audio = new ArrayList<>();
        List<MidiLink> midi = new ArrayList<>();
        links(roles, fx, audio, midi);
        return new SessionDocument(program, tempo, loop[0], loop[1], nodes, audio, midi, tracks, mappings);
    }

    /** The version-1 chain as connections (see the class comment). */
    static void links(List<Role> roles, int fxMask, List<AudioLink> audio, List<MidiLink> midi) {
        List<Integer> midiFx = new ArrayList<>();
        List<Integer> audioFx = new ArrayList<>();
        int instrument = -1;
        int drums = -1;
        for (int i = 0; i < roles.size(); i++) {
            switch (roles.get(i)) {
                case MIDI_EFFECT -> midiFx.add(i);
                case INSTRUMENT -> instrument = i;
                case DRUMS -> drums = i;
                case AUDIO_EFFECT -> audioFx.add(i);
                default -> throw new IllegalStateException();
            }
        }
        int all = HostGraph.ALL_CHANNELS;
        int toInstrument = drums >= 0 ? all & ~CH10 : all;
        int direct = midiFx.isEmpty() ? all : all & ~fxMask;
        if (!midiFx.isEmpty()) {
            addMidi(midi, BOUNDARY, midiFx.get(0), fxMask & all);
            for (int i = 0; i + 1 < midiFx.size(); i++) {
                addMidi(midi, midiFx.get(i), midiFx.get(i + 1), all);
            }
            int last = midiFx.get(midiFx.size() - 1);
            addMidi(midi, last, instrument, toInstrument);
            if (drums >= 0) {
                addMidi(midi, last, drums, CH10);
            }
        }
        addMidi(midi, BOUNDARY, instrument, direct & toInstrument);
        if (drums >= 0) {
            addMidi(midi, BOUNDARY, drums, direct & CH10);
        }
        List<Integer> sources = new ArrayList<>(List.of(instrument));
        if (drums >= 0) {
            sources.add(drums);
        }
        for (int s : sources) {
            audio.add(new AudioLink(s, 0, audioFx.isEmpty() ? BOUNDARY : audioFx.get(0), 0, 1f));
        }
        for (int i = 0; i < audioFx.size(); i++) {
            audio.add(new AudioLink(audioFx.get(i), 0, i + 1 < audioFx.size() ? audioFx.get(i + 1) : BOUNDARY, 0, 1f));
        }
    }

    private static void addMidi(List<MidiLink> midi, int src, int dst, int mask) {
        if (mask != 0) {
            midi.add(new MidiLink(src, dst, mask, -1));
        }
    }

    /** The roles, before any node is looked at: signal order, one instrument, at most one drum node. */
    private static List<Role> checkSignalOrder(List<TreeMap<String, String>> nodeKeys) {
        List<Role> roles = new ArrayList<>();
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
            roles.add(role);
        }
        if (!instrument) {
            throw new SessionDocumentException("nodes: no node has role=instrument; a session needs one");
        }
        return roles;
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
}
