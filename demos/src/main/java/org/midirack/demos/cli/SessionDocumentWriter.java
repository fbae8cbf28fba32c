package org.midirack.demos.cli;

import org.midirack.core.NodeState;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;

import javax.sound.midi.Sequence;
import javax.sound.midi.Track;

import org.midirack.host.mapping.MidiMapping;
import org.midirack.host.mapping.MidiMappingDocument;

import static org.midirack.demos.cli.SessionDocument.*;

/**
 * Writes a {@link SessionDocument} as its text (the layout of {@code docs/SESSION.md}): the same
 * session always gives the same text, ASCII only, keys in a fixed order, comment lines saying what
 * each node, mapping and track is.
 */
final class SessionDocumentWriter {
    private static final int BASE64_LINE = 76;

    private SessionDocumentWriter() {
    }

    /**
     * The document text (ASCII; the same session always gives the same text).
     * @thread main
     */
    static String text(SessionDocument d) {
        StringBuilder sb = new StringBuilder();
        sb.append("# midirack session: the demo host's graph (nodes, parameters, audio and MIDI connections),"
                + " MIDI mappings, tracks, tempo and loop\n");
        sb.append("# layout: docs/SESSION.md in the midirack sources\n");
        sb.append("format=").append(FORMAT).append('\n');
        sb.append("version=").append(VERSION).append('\n');
        sb.append("program=").append(d.program() < 0 ? "off" : Integer.toString(d.program())).append('\n');
        sb.append("tempo=").append(d.tempo() < 0 ? "off" : Double.toString(d.tempo())).append('\n');
        sb.append("loop=").append(d.loopFrom() == 0 ? "off" : d.loopFrom() + " " + d.loopTo()).append('\n');
        sb.append("nodes=").append(d.nodes().size()).append('\n');
        for (int i = 0; i < d.nodes().size(); i++) {
            SessionNode n = d.nodes().get(i);
            String k = "node." + (i + 1) + ".";
            sb.append("# node ").append(i + 1).append(": ").append(n.name()).append(" (").append(n.state().nodeId())
                    .append(")\n");
            sb.append(k).append("name=").append(escape(n.name())).append('\n');
            sb.append(k).append("id=").append(escape(n.state().nodeId())).append('\n');
            sb.append(k).append("version=").append(NodeState.VERSION).append('\n');
            for (Map.Entry<String, String> e : n.state().entries().entrySet()) {
                sb.append(k).append(escape(e.getKey())).append('=').append(escape(e.getValue())).append('\n');
            }
        }
        sb.append("# audio connections: FROM[:PORT] -> TO[:PORT] [gain G]; out is the host's output\n");
        sb.append("audio=").append(d.audioLinks().size()).append('\n');
        for (int i = 0; i < d.audioLinks().size(); i++) {
            sb.append("audio.").append(i + 1).append('=').append(escape(audioText(d, d.audioLinks().get(i)))).append('\n');
        }
        sb.append("# MIDI connections: FROM -> TO [ch CHANNELS] [to CHANNEL]; in is the host's MIDI input\n");
        sb.append("midi=").append(d.midiLinks().size()).append('\n');
        for (int i = 0; i < d.midiLinks().size(); i++) {
            sb.append("midi.").append(i + 1).append('=').append(escape(midiText(d, d.midiLinks().get(i)))).append('\n');
        }
        sb.append("# MIDI mappings: mapping.N.node is the number of a node above\n");
        Properties mp = new Properties();
        MidiMappingDocument.save(shift(d.mappings(), 1), mp, MAPPING);
        List<String> keys = new ArrayList<>(mp.stringPropertyNames());
        keys.sort(SessionDocumentWriter::compareMappingKeys);
        String lastIndex = null;
        for (String key : keys) {
            Matcher m = MAPPING_KEY.matcher(key);
            if (m.matches() && !m.group(1).equals(lastIndex)) {
                lastIndex = m.group(1);
                sb.append("# mapping ").append(lastIndex).append(": ")
                        .append(shift(d.mappings(), 1).get(Integer.parseInt(lastIndex))).append('\n');
            }
            sb.append(escape(key)).append('=').append(escape(mp.getProperty(key))).append('\n');
        }
        sb.append("tracks=").append(d.tracks().size()).append('\n');
        for (int i = 0; i < d.tracks().size(); i++) {
            SessionTrack t = d.tracks().get(i);
            String k = "track." + (i + 1) + ".";
            sb.append("# track ").append(i + 1).append(": ").append(summary(t)).append('\n');
            sb.append(k).append("name=").append(escape(t.name())).append('\n');
            sb.append(k).append("to=").append(escape(endName(d, t.destination(), false))).append('\n');
            sb.append(k).append("smf=\\\n");
            String b64 = Base64.getEncoder().encodeToString(t.smf());
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

    private static String endName(SessionDocument d, int node, boolean destination) {
        return node == BOUNDARY ? (destination ? HostGraph.OUT : HostGraph.IN) : d.nodes().get(node).name();
    }

    private static String end(SessionDocument d, int node, int port, boolean destination) {
        String n = endName(d, node, destination);
        return port == 0 ? n : n + ":" + (port + 1);
    }

    /** "sine -> filter", "drums:2 -> out gain 0.5" (the float's shortest text, read back exactly). */
    static String audioText(SessionDocument d, AudioLink l) {
        return end(d, l.src(), l.srcPort(), false) + " -> " + end(d, l.dst(), l.dstPort(), true)
                + (l.gain() == 1f ? "" : " gain " + Float.toString(l.gain()));
    }

    /** "in -> drums ch 10", "arp -> sine ch 1-9,11-16 to 2". */
    static String midiText(SessionDocument d, MidiLink l) {
        return endName(d, l.src(), false) + " -> " + endName(d, l.dst(), true) + MidiChannels.filterText(l.mask(), l.remap());
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

    private static String summary(SessionTrack t) {
        try {
            Sequence s = t.sequence();
            int events = 0;
            for (Track tr : s.getTracks()) {
                events += tr.size();
            }
            return s.getTracks().length + " MIDI track(s), " + (s.getDivisionType() == Sequence.PPQ
                    ? s.getResolution() + " ticks per quarter" : "SMPTE timing") + ", " + events + " events, "
                    + t.smf().length + " bytes";
        } catch (RuntimeException e) {
            return t.smf().length + " bytes";
        }
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
}
