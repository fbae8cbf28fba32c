package org.midirack.demos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.midirack.host.audio.WavEncoding;
import org.midirack.host.mapping.MidiMapping;
import org.midirack.host.mapping.MidiMappingSource;

/**
 * Version-1 sessions, written by the first demo host (its fixed chain, commit 4886066) and kept as
 * test resources with what that host rendered from them: they still load, as the graph that
 * plays the same, and render the same samples.
 */
class SessionV1CompatibilityTest {
    static byte[] resource(String name) throws IOException {
        try (InputStream in = SessionV1CompatibilityTest.class.getResourceAsStream("v1/" + name)) {
            assertTrue(in != null, "test resource v1/" + name);
            return in.readAllBytes();
        }
    }

    static SessionDocument read(String name) throws IOException {
        return SessionDocument.parse(resource(name), SessionFixtures.REGISTRY);
    }

    private static List<String> graphText(SessionDocument d) {
        List<String> out = new ArrayList<>();
        for (SessionDocument.SessionNode n : d.nodes()) {
            out.add(n.name() + " " + n.state().nodeId());
        }
        d.audioLinks().forEach(l -> out.add("audio " + d.audioText(l)));
        d.midiLinks().forEach(l -> out.add("midi " + d.midiText(l)));
        return out;
    }

    @Test
    void theFixedChainBecomesTheGraphThatPlaysTheSame() throws IOException {
        SessionDocument fx = read("v1-sine-fx.session");
        // fx.channels=1-16: every channel through the arpeggiator, then 10 to the drums, the rest to the sine
        assertEquals(List.of("midi-arpeggiator midirack.midi-arpeggiator", "sine midirack.sine", "drums midirack.drums",
                "filter-state-variable midirack.filter-state-variable", "delay-tempo-sync midirack.delay-tempo-sync",
                "audio sine -> filter-state-variable", "audio drums -> filter-state-variable",
                "audio filter-state-variable -> delay-tempo-sync", "audio delay-tempo-sync -> out",
                "midi in -> midi-arpeggiator", "midi midi-arpeggiator -> sine ch 1-9,11-16",
                "midi midi-arpeggiator -> drums ch 10"), graphText(fx));
        assertEquals(5, fx.program());
        assertEquals(132.0, fx.tempo());
        assertEquals(List.of(1, 2), List.of(fx.loopFrom(), fx.loopTo()));
        assertEquals(List.of(MidiMapping.of(MidiMappingSource.cc(74).onChannel(0), 3, "cutoff").withRange(300, 6000),
                MidiMapping.of(MidiMappingSource.bend(), 1, "release").withPassThrough(true)), fx.mappings());
        assertEquals("song.mid", fx.tracks().get(0).name());
        assertEquals(SessionDocument.BOUNDARY, fx.tracks().get(0).destination());
        assertTrue(fx.nodes().get(0).state().entries().get("param.gate").equals("0.7"));

        SessionDocument gm = read("v1-gervill.session");
        assertEquals(List.of("gervill midirack.gervill", "drums midirack.drums", "audio gervill -> out",
                "audio drums -> out", "midi in -> gervill ch 1-9,11-16", "midi in -> drums ch 10"), graphText(gm));
        // and what it saves now is a version-2 document that reads back to the same graph
        SessionDocument again = SessionDocument.parse(fx.toText().getBytes(StandardCharsets.US_ASCII),
                SessionFixtures.REGISTRY);
        assertTrue(fx.toText().contains("\nversion=2\n"));
        assertEquals(fx, again);
    }

    /** Renders a read session as {@code render --session F --sample-rate 16000 --tail 0.3} does. */
    static float[][] render(SessionDocument doc, int rate) {
        SessionDocument.Built b = doc.build(SessionFixtures.REGISTRY, rate, 128);
        try (Engine e = b.engine()) {
            e.setLoop(0, 0); // played once, as render --session does
            return e.renderOffline(b.lengthFrames() + Math.round(0.3 * rate));
        }
    }

    /**
     * What the version-1 host rendered, window by window (0.1 s): the same length and the same
     * loudness in every window. Not the same samples: the engine is the host's now, which lines
     * up nodes of different latency (the drum machine's 63 frames: the version-1 chain left its
     * hits 63 frames after the instrument's notes, and its own pattern and the song's drum notes
     * now sound 63 frames apart where they coincided, so a drum hit is up to 40% quieter) and
     * plays the song from a pre-roll so that song frame f is output frame f.
     */
    @ParameterizedTest
    @ValueSource(strings = {"v1-sine-fx", "v1-gervill"})
    void aVersionOneSessionSoundsAsItDidWhenSaved(String name) throws IOException {
        short[] today = pcm16(resource(name + ".today.wav"));
        float[][] now = render(read(name + ".session"), 16000);
        assertEquals(today.length / 2, now[0].length, "the song is as long as it was");
        int w = 1600;
        for (int k = 0; k + w <= now[0].length; k += w) {
            for (int c = 0; c < 2; c++) {
                double a = 0;
                double t = 0;
                for (int i = k; i < k + w; i++) {
                    a += now[c][i] * now[c][i];
                    double x = today[2 * i + c] / 32767.0;
                    t += x * x;
                }
                double rmsNow = Math.sqrt(a / w);
                double rmsThen = Math.sqrt(t / w);
                assertEquals(rmsThen, rmsNow, 0.005 + 0.45 * Math.max(rmsNow, rmsThen),
                        name + ": loudness of channel " + c + " at " + k / 16000.0 + " s");
            }
        }
    }

    /**
     * The converted session renders sample for sample what the command line's own chain (the
     * engine's, built from the same options) renders from the same nodes and song.
     */
    @Test
    void theConvertedGraphRendersWhatTheEnginesChainRenders() throws IOException {
        SessionDocument doc = read("v1-gervill.session");
        float[][] graph = render(doc, 16000);
        List<org.midirack.core.Node> made = new ArrayList<>();
        for (SessionDocument.SessionNode sn : doc.nodes()) {
            org.midirack.core.Node n = SessionFixtures.REGISTRY.create(sn.state().nodeId());
            n.loadState(sn.state());
            made.add(n);
        }
        List<javax.sound.midi.Sequence> tracks = new ArrayList<>();
        for (SessionDocument.SessionTrack t : doc.tracks()) {
            tracks.add(t.sequence());
        }
        try (Engine chain = new Engine(16000, 128, made.get(0), made.get(1), List.of(), List.of(), 0xFFFF)) {
            long length = chain.load(SessionSong.combine(tracks, doc.tempo()), doc.program());
            float[][] expected = chain.renderOffline(length + Math.round(0.3 * 16000));
            assertTrue(SessionFixtures.peak(expected) > 0.1f, "audible");
            for (int c = 0; c < 2; c++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected[c], graph[c], "channel " + c);
            }
        }
    }

    /** The interleaved samples of a 16-bit stereo WAV. */
    static short[] pcm16(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 12;
        while (pos + 8 <= b.limit()) {
            String id = new String(wav, pos, 4, StandardCharsets.US_ASCII);
            int len = b.getInt(pos + 4);
            if (id.equals("fmt ")) {
                assertEquals(2, b.getShort(pos + 10), "stereo");
                assertEquals(16, b.getShort(pos + 22), "16 bits");
            } else if (id.equals("data")) {
                short[] s = new short[len / 2];
                b.position(pos + 8);
                b.asShortBuffer().get(s);
                return s;
            }
            pos += 8 + len + (len & 1);
        }
        throw new AssertionError("no data chunk");
    }

    // ------------------------------------------------------------------ bad version-1 documents

    static Stream<Arguments> badDocuments() {
        List<Arguments> a = new ArrayList<>();
        a.add(Arguments.of("bad role", (UnaryOperator<String>) t -> SessionDocumentTest.replaceLine(t, "node.1.role",
                "arranger"), "node.1.role: 'arranger' is not midi-effect, instrument, drums or audio-effect"));
        a.add(Arguments.of("role that does not fit the node", (UnaryOperator<String>) t -> t.replace(
                "node.1.id=midirack.midi-arpeggiator", "node.1.id=midirack.filter-state-variable")
                .replaceAll("(?m)^node\\.1\\.param\\..*\\n", "") + String.join("\n", t.lines()
                .filter(l -> l.startsWith("node.4.param.")).map(l -> l.replace("node.4.", "node.1.")).toList()) + "\n",
                "node.1.role: 'midirack.filter-state-variable' (MUSIC_EFFECT) cannot be a"
                + " midi-effect: it takes no MIDI or sends none"));
        a.add(Arguments.of("nodes out of signal order", (UnaryOperator<String>) t -> SessionDocumentTest.replaceLine(t,
                "node.1.role", "audio-effect"), "node.2.role: instrument after audio-effect; nodes are listed in signal"
                + " order"));
        a.add(Arguments.of("a second drum node", (UnaryOperator<String>) t -> SessionDocumentTest.replaceLine(t,
                "node.2.role", "drums"), "node.3.role: a second drums node; a session has one"));
        a.add(Arguments.of("bad channels", (UnaryOperator<String>) t -> SessionDocumentTest.replaceLine(t, "fx.channels",
                "1-17"), "fx.channels: channel 17 is not 1-16"));
        a.add(Arguments.of("a version-2 key in version 1", (UnaryOperator<String>) t -> t + "audio=0\n",
                "audio: unknown key"));
        a.add(Arguments.of("missing role", (UnaryOperator<String>) t -> SessionDocumentTest.without(t, "node.3.role"),
                "node.3.role: missing"));
        return a.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDocuments")
    void aBadVersionOneDocumentIsRefusedInOneLineNamingTheKey(String what, UnaryOperator<String> spoil, String message)
            throws IOException {
        String good = new String(resource("v1-sine-fx.session"), StandardCharsets.ISO_8859_1);
        String bad = spoil.apply(good);
        assertNotEquals(good, bad);
        SessionDocumentException e = assertThrows(SessionDocumentException.class,
                () -> SessionDocument.parse(bad.getBytes(StandardCharsets.ISO_8859_1), SessionFixtures.REGISTRY));
        assertTrue(e.getMessage().startsWith(message), what + ": " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }
}
