package org.midirack.demos.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.MidiEvent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.midirack.demos.melody.Melody;
import org.midirack.host.mapping.MidiMapping;
import org.midirack.host.mapping.MidiMappingSource;

class SessionDocumentTest {
    static final int CYCLES = 2250; // 6 s at 48 kHz in 128-frame cycles
    static final int FRAMES = 128;

    @TempDir
    Path dir;

    /** The song, a melody script and a drum script from demos/melodies, as the host loads them. */
    private List<Sequence> tracks() throws Exception {
        return List.of(Inputs.load(SessionFixtures.writeRichSong(dir.resolve("song.mid"))),
                Inputs.load(Path.of("melodies", "scale.mel")), Inputs.load(Path.of("melodies", "drums.mel")));
    }

    private static final List<String> NAMES = List.of("song.mid", "melodies/scale.mel", "melodies/drums.mel");

    /** Controllers on the filter's cutoff, the delay's mix, the instrument's and the limiter's gain (nodes from 0, as the rack numbers them). */
    static final List<MidiMapping> MAPPINGS = List.of(
            MidiMapping.of(MidiMappingSource.cc(74).onChannel(0), 4, "cutoff").withRange(200, 8000).withInverted(true),
            MidiMapping.of(MidiMappingSource.bend(), 5, "mix"),
            MidiMapping.of(MidiMappingSource.channelPressure().onChannel(15), 2, "gain").withPassThrough(true),
            MidiMapping.of(MidiMappingSource.polyPressure(60), 6, "gain").withRange(-3.25, 4));

    /**
     * A running graph set up by hand as the host would: tweaked nodes in the options' chain
     * (channels 1-2 through the MIDI effects), program 4, 132 BPM, loop bars 2-3, playing.
     */
    private SessionDocument.Built tweaked(List<Sequence> tracks, boolean gervill) {
        SessionDocument.Built b = SessionFixtures.tweakedNodes(gervill).graph(0b11);
        for (int i = 0; i < tracks.size(); i++) {
            b.graph().trackAdded();
        }
        Engine a = b.engine();
        SessionSong.play(a, b.graph(), tracks, 132, 4);
        a.setLoop(a.frameOfBeat(4), a.frameOfBeat(8));
        a.setPlaying(true);
        return b;
    }

    @Test
    void reloadedSessionRendersSampleIdenticalAudio() throws Exception {
        List<Sequence> tracks = tracks();
        SessionDocument.Built ab = tweaked(tracks, true);
        try (Engine a = ab.engine()) {
            float[][] first = SessionFixtures.render(a, CYCLES, FRAMES);
            long loopEnd = a.loop()[1];
            assertEquals(a.frameOfBeat(8), loopEnd);
            assertTrue(a.position() <= loopEnd && a.position() > a.loop()[0], "looped: " + a.position());
            assertTrue(SessionFixtures.peak(first) > 0.05f, "audible: " + SessionFixtures.peak(first));

            Path file = dir.resolve("evening.session");
            SessionDocument saved = SessionDocument.capture(ab.graph(), 4, tracks, NAMES, 132, 2, 3, MAPPINGS);
            saved.write(file);
            SessionDocument loaded = SessionDocument.read(file, SessionFixtures.REGISTRY);
            assertEquals(saved.toText(), loaded.toText());
            assertEquals(saved.toText(), Files.readString(file, StandardCharsets.US_ASCII));

            SessionDocument.Built b = loaded.build(SessionFixtures.REGISTRY, 48000, FRAMES);
            try (Engine r = b.engine()) {
                assertEquals(ab.graph().describe(NAMES), b.graph().describe(NAMES));
                assertArrayEquals(a.loop(), r.loop());
                assertFalse(r.playing(), "a loaded session waits stopped at frame 0");
                r.setPlaying(true);
                float[][] again = SessionFixtures.render(r, CYCLES, FRAMES);
                for (int c = 0; c < 2; c++) {
                    assertArrayEquals(first[c], again[c], "channel " + c + ": every sample equal");
                }
                // both jump to the same song position and go on in step
                a.requestLocate(a.frameOfBeat(5));
                r.requestLocate(r.frameOfBeat(5));
                float[][] x = SessionFixtures.render(a, 600, FRAMES);
                float[][] y = SessionFixtures.render(r, 600, FRAMES);
                for (int c = 0; c < 2; c++) {
                    assertArrayEquals(x[c], y[c], "after the locate, channel " + c);
                }
                assertEquals(a.position(), r.position());
            }
        }
    }

    @Test
    void settingsThatChangeTheSoundChangeTheDocument() throws Exception {
        // guards the test above: a session that differs in one parameter renders differently
        List<Sequence> tracks = tracks();
        SessionDocument.Built ab = tweaked(tracks, false);
        try (Engine a = ab.engine()) {
            SessionDocument doc = SessionDocument.capture(ab.graph(), 4, tracks, NAMES, 132, 2, 3, MAPPINGS);
            String text = doc.toText();
            assertTrue(text.contains("node.7.param.gain=7.5\n"), text);
            String changed = text.replace("node.7.param.gain=7.5\n", "node.7.param.gain=7.0\n");
            SessionDocument other = SessionDocument.parse(changed.getBytes(StandardCharsets.US_ASCII),
                    SessionFixtures.REGISTRY);
            assertNotEquals(doc, other);
            try (Engine x = doc.build(SessionFixtures.REGISTRY, 48000, FRAMES).engine();
                 Engine y = other.build(SessionFixtures.REGISTRY, 48000, FRAMES).engine()) {
                x.setPlaying(true);
                y.setPlaying(true);
                float[][] fx = SessionFixtures.render(x, 400, FRAMES);
                float[][] fy = SessionFixtures.render(y, 400, FRAMES);
                assertFalse(java.util.Arrays.equals(fx[0], fy[0]));
            }
        }
    }

    @Test
    void documentListsEverySettingInSignalOrder() throws Exception {
        List<Sequence> tracks = tracks();
        SessionDocument.Built ab = tweaked(tracks, false);
        try (Engine a = ab.engine()) {
            String text = SessionDocument.capture(ab.graph(), 4, tracks, NAMES, 132, 2, 3, MAPPINGS).toText();
            List<String> lines = text.lines().filter(l -> !l.startsWith("#") && !l.startsWith(" ")).toList();
            assertEquals(List.of("format=midirack-session", "version=2", "program=4", "tempo=132.0", "loop=2 3",
                    "nodes=7"), lines.subList(0, 6));
            List<String> names = lines.stream().filter(l -> l.matches("node\\.\\d+\\.(name|id)=.*")).toList();
            assertEquals(List.of("node.1.name=midi-arpeggiator", "node.1.id=midirack.midi-arpeggiator",
                    "node.2.name=midi-transpose", "node.2.id=midirack.midi-transpose",
                    "node.3.name=sine", "node.3.id=midirack.sine",
                    "node.4.name=drums", "node.4.id=midirack.drums",
                    "node.5.name=filter-state-variable", "node.5.id=midirack.filter-state-variable",
                    "node.6.name=delay-tempo-sync", "node.6.id=midirack.delay-tempo-sync",
                    "node.7.name=dynamics-limiter", "node.7.id=midirack.dynamics-limiter"), names);
            // the options' chain as connections: channels 1-2 through the MIDI effects, channel 10 to the drums
            int audio = lines.indexOf("audio=5");
            assertEquals(List.of("audio=5", "audio.1=sine -> filter-state-variable",
                    "audio.2=drums -> filter-state-variable", "audio.3=filter-state-variable -> delay-tempo-sync",
                    "audio.4=delay-tempo-sync -> dynamics-limiter", "audio.5=dynamics-limiter -> out", "midi=6",
                    "midi.1=in -> midi-arpeggiator ch 1-2", "midi.2=midi-arpeggiator -> midi-transpose",
                    "midi.3=midi-transpose -> sine ch 1-9,11-16", "midi.4=midi-transpose -> drums ch 10",
                    "midi.5=in -> sine ch 3-9,11-16", "midi.6=in -> drums ch 10"), lines.subList(audio, audio + 13));
            assertTrue(lines.contains("track.1.to=in"), text);
            assertTrue(lines.contains("node.1.param.seed=4242.0"), text);
            assertTrue(lines.contains("node.1.param.mode=4.0"), text);
            assertTrue(lines.contains("node.2.param.semitones=-5.0"), text);
            assertTrue(lines.contains("node.3.param.attack=0.01"), text);
            assertTrue(lines.contains("node.4.param.lane1.steps=" + (double) (1 | 1 << 3 | 1 << 6 | 1 << 8 | 1 << 11 | 1 << 14)), text);
            assertTrue(lines.contains("node.4.param.lane3.steps=65535.0"), text);
            assertTrue(lines.contains("node.5.param.cutoff=2400.0"), text);
            assertTrue(lines.contains("tracks=3"), text);
            int m = lines.indexOf("mapping.version=1");
            assertEquals(List.of("mapping.version=1", "mapping.count=4",
                    "mapping.0.invert=true", "mapping.0.node=5", "mapping.0.param=cutoff", "mapping.0.range=200 8000",
                    "mapping.0.source=cc 74 ch 1", "mapping.0.through=false",
                    "mapping.1.invert=false", "mapping.1.node=6", "mapping.1.param=mix", "mapping.1.range=full",
                    "mapping.1.source=bend", "mapping.1.through=false",
                    "mapping.2.invert=false", "mapping.2.node=3", "mapping.2.param=gain", "mapping.2.range=full",
                    "mapping.2.source=pressure ch 16", "mapping.2.through=true",
                    "mapping.3.invert=false", "mapping.3.node=7", "mapping.3.param=gain", "mapping.3.range=-3.25 4",
                    "mapping.3.source=polypressure key 60", "mapping.3.through=false", "tracks=3"), lines.subList(m, m + 27));
            assertTrue(lines.contains("track.1.name=song.mid"), text);
            assertTrue(lines.contains("track.2.name=melodies/scale.mel"), text);
        }
    }

    @Test
    void documentRoundTripsToTheSameTextAndValue() throws Exception {
        List<Sequence> tracks = tracks();
        SessionDocument.Built ab = tweaked(tracks, false);
        try (Engine a = ab.engine()) {
            for (SessionDocument doc : List.of(SessionDocument.capture(ab.graph(), 4, tracks, NAMES, 132, 2, 3, MAPPINGS),
                    SessionDocument.capture(ab.graph(), -1, List.of(), List.of(), -1, 0, 0, List.of()),
                    SessionDocument.capture(ab.graph(), 127, tracks.subList(0, 1), List.of("odd name: = # ! \\ é\t"), 97.25, 1, 99,
                            MAPPINGS.subList(1, 2)))) {
                String text = doc.toText();
                assertTrue(StandardCharsets.US_ASCII.newEncoder().canEncode(text), "ASCII only");
                SessionDocument back = SessionDocument.parse(text.getBytes(StandardCharsets.US_ASCII), SessionFixtures.REGISTRY);
                assertEquals(text, back.toText());
                assertEquals(doc, back);
                assertEquals(doc.program(), back.program());
                assertEquals(doc.tempo(), back.tempo());
                assertEquals(doc.loopFrom(), back.loopFrom());
                assertEquals(doc.loopTo(), back.loopTo());
                assertEquals(doc.audioLinks(), back.audioLinks());
                assertEquals(doc.midiLinks(), back.midiLinks());
                assertEquals(doc.mappings(), back.mappings());
                for (int i = 0; i < doc.nodes().size(); i++) {
                    assertEquals(doc.nodes().get(i), back.nodes().get(i));
                }
                for (int i = 0; i < doc.tracks().size(); i++) {
                    assertEquals(doc.tracks().get(i).name(), back.tracks().get(i).name());
                    assertArrayEquals(doc.tracks().get(i).smf(), back.tracks().get(i).smf());
                }
            }
        }
    }

    @Test
    void tracksComeBackWithEveryEventOnItsTick() throws Exception {
        Sequence recorded = new Sequence(Sequence.PPQ, 480); // as the host records: short messages at any tick
        javax.sound.midi.Track t = recorded.createTrack();
        t.add(new MidiEvent(new ShortMessage(0x90, 3, 61, 77), 1));
        t.add(new MidiEvent(new ShortMessage(0xB0, 3, 64, 127), 1));
        t.add(new MidiEvent(new ShortMessage(0x80, 3, 61, 12), 123457));
        t.add(new MidiEvent(new ShortMessage(0xE0, 3, 0, 127), 9_999_999));
        List<Sequence> all = new ArrayList<>(tracks());
        all.add(recorded);
        all.add(Melody.parse("tempo 77; voice 5 flute: C5/8. D5/16t*3 [E5 G5]/2 r/4 C4/8"));
        for (Sequence s : all) {
            byte[] smf = SessionDocument.smfBytes(s, "t");
            Sequence back = new SessionDocument.SessionTrack("t", smf, SessionDocument.BOUNDARY).sequence();
            assertEquals(SessionFixtures.events(s), SessionFixtures.events(back));
            assertArrayEquals(smf, SessionDocument.smfBytes(back, "t"), "the bytes are a fixed point");
        }
        // the rich song has what it should: a sysex, metas, running status; checked against the source
        assertEquals(SessionFixtures.events(SessionFixtures.richSong()), SessionFixtures.events(all.get(0)));
    }

    // ------------------------------------------------------------------ bad documents

    private String validText() throws Exception {
        List<Sequence> tracks = tracks();
        SessionDocument.Built ab = tweaked(tracks, false);
        try (Engine a = ab.engine()) {
            return SessionDocument.capture(ab.graph(), 4, tracks.subList(0, 2), NAMES.subList(0, 2), 132, 2, 3, MAPPINGS).toText();
        }
    }

    /** Removes a key and its continuation lines. */
    static String without(String text, String key) {
        List<String> out = new ArrayList<>();
        boolean skipping = false;
        for (String l : text.split("\n", -1)) {
            if (skipping) {
                skipping = l.endsWith("\\");
                continue;
            }
            if (l.startsWith(key + "=")) {
                skipping = l.endsWith("\\");
                continue;
            }
            out.add(l);
        }
        return String.join("\n", out);
    }

    static String replaceLine(String text, String key, String value) {
        String t = without(text, key);
        assertNotEquals(text, t, key);
        return t + key + "=" + value + "\n";
    }

    static Stream<Arguments> badDocuments() {
        List<Arguments> a = new ArrayList<>();
        for (String key : List.of("version", "program", "tempo", "loop", "nodes", "audio", "midi", "tracks",
                "mapping.version", "mapping.count", "audio.1", "midi.1", "node.1.name", "track.1.to", "node.1.id", "node.1.version", "node.3.param.attack", "track.1.name", "track.1.smf",
                "track.2.smf")) {
            a.add(Arguments.of("missing " + key, (UnaryOperator<String>) t -> without(t, key), key + ": "));
        }
        a.add(Arguments.of("missing format", (UnaryOperator<String>) t -> without(t, "format"),
                "not a midirack session: format is missing"));
        a.add(Arguments.of("version 99", (UnaryOperator<String>) t -> replaceLine(t, "version", "99"),
                "version: session version 99 is newer than this midirack reads (2); update midirack"));
        a.add(Arguments.of("node state version 99", (UnaryOperator<String>) t -> replaceLine(t, "node.4.version", "99"),
                "node.4.version: node state version 99 is newer than this midirack reads (1)"));
        a.add(Arguments.of("unknown node id", (UnaryOperator<String>) t -> replaceLine(t, "node.6.id", "midirack.tape-echo"),
                "node.6.id: no node type 'midirack.tape-echo' is installed; installed: midirack.delay-tempo-sync,"));
        a.add(Arguments.of("garbage track data", (UnaryOperator<String>) t -> replaceLine(t, "track.2.smf", "bm90IE1JREk="),
                "track.2.smf: not a Standard MIDI File (no MThd header)"));
        a.add(Arguments.of("not base64", (UnaryOperator<String>) t -> replaceLine(t, "track.1.smf", "TVRoZA*!"),
                "track.1.smf: not base64"));
        a.add(Arguments.of("truncated track", (UnaryOperator<String>) t -> {
            String b64 = t.substring(t.indexOf("track.1.smf=")).split("\n")[1].trim().replace("\\", "");
            return replaceLine(t, "track.1.smf", b64.substring(0, 40));
        }, "track.1.smf: corrupt MIDI file: truncated"));
        a.add(Arguments.of("parameter out of range", (UnaryOperator<String>) t -> replaceLine(t, "node.5.param.cutoff", "99999"),
                "node.5.param.cutoff: state of 'midirack.filter-state-variable': param.cutoff = 99999.0 outside [20.0, 20000.0]"));
        a.add(Arguments.of("parameter not a number", (UnaryOperator<String>) t -> replaceLine(t, "node.2.param.semitones", "five"),
                "node.2.param.semitones: state of 'midirack.midi-transpose': param.semitones = 'five' is not a number"));
        a.add(Arguments.of("parameter not finite", (UnaryOperator<String>) t -> replaceLine(t, "node.7.param.gain", "NaN"),
                "node.7.param.gain: state of 'midirack.dynamics-limiter': param.gain = NaN is not finite"));
        a.add(Arguments.of("unknown parameter", (UnaryOperator<String>) t -> t + "node.5.param.drive=3\n",
                "node.5.param.drive: node 'midirack.filter-state-variable' has no parameter 'drive'; its parameters: mode, cutoff,"));
        a.add(Arguments.of("unknown data", (UnaryOperator<String>) t -> t + "node.3.data.waveform=saw\n",
                "node.3.data.waveform: node 'midirack.sine' keeps no data 'waveform'"));
        a.add(Arguments.of("unknown key", (UnaryOperator<String>) t -> t + "swing=58\n", "swing: unknown key"));
        a.add(Arguments.of("node beyond the count", (UnaryOperator<String>) t -> t + "node.8.name=x\n",
                "node.8.name: beyond nodes=7 (numbered from 1)"));
        a.add(Arguments.of("connection beyond the count", (UnaryOperator<String>) t -> t + "audio.9=sine -> out\n",
                "audio.9: beyond audio=5 (numbered from 1)"));
        a.add(Arguments.of("bad name", (UnaryOperator<String>) t -> replaceLine(t, "node.1.name", "9lives"),
                "node.1.name: '9lives' is not a node name"));
        a.add(Arguments.of("reserved name", (UnaryOperator<String>) t -> replaceLine(t, "node.1.name", "out"),
                "node.1.name: 'out' is the host's own audio output"));
        a.add(Arguments.of("two nodes with one name", (UnaryOperator<String>) t -> replaceLine(t, "node.2.name",
                "midi-arpeggiator"), "node.2.name: 'midi-arpeggiator' is node.1's name too; names are unique"));
        a.add(Arguments.of("audio from no node", (UnaryOperator<String>) t -> replaceLine(t, "audio.1",
                "piano -> filter-state-variable"), "audio.1: no node named 'piano' in this session"));
        a.add(Arguments.of("audio not a connection", (UnaryOperator<String>) t -> replaceLine(t, "audio.1",
                "sine filter-state-variable"), "audio.1: 'sine filter-state-variable' is not FROM[:PORT] -> TO[:PORT]"));
        a.add(Arguments.of("audio into an instrument", (UnaryOperator<String>) t -> replaceLine(t, "audio.1",
                "filter-state-variable -> sine"), "audio.1: sine (midirack.sine, INSTRUMENT) has 0 audio inputs, no input 1"));
        a.add(Arguments.of("audio from a missing port", (UnaryOperator<String>) t -> replaceLine(t, "audio.1",
                "sine:2 -> filter-state-variable"), "audio.1: sine (midirack.sine) has 1 audio outputs, no output 2"));
        a.add(Arguments.of("audio in a loop", (UnaryOperator<String>) t -> replaceLine(t, "audio.5",
                "dynamics-limiter -> filter-state-variable"), "audio.5: connecting 'midirack.dynamics-limiter'"));
        a.add(Arguments.of("audio twice", (UnaryOperator<String>) t -> replaceLine(t, "audio.2",
                "sine -> filter-state-variable"), "audio.2: audio 'midirack.sine' (slot 2):0 -> 'midirack.filter-state-variable'"
                + " (slot 4):0 is already connected"));
        a.add(Arguments.of("bad gain", (UnaryOperator<String>) t -> replaceLine(t, "audio.1",
                "sine -> filter-state-variable gain loud"), "audio.1: gain 'loud' is not a number"));
        a.add(Arguments.of("bad channels", (UnaryOperator<String>) t -> replaceLine(t, "midi.1", "in -> midi-arpeggiator ch 1-17"),
                "midi.1: channel 17 is not 1-16"));
        a.add(Arguments.of("bad remap", (UnaryOperator<String>) t -> replaceLine(t, "midi.1", "in -> midi-arpeggiator to 0"),
                "midi.1: channel 0 is not 1-16"));
        a.add(Arguments.of("MIDI from a node that sends none", (UnaryOperator<String>) t -> replaceLine(t, "midi.2",
                "sine -> midi-transpose"), "midi.2: node 'midirack.sine' emits no MIDI"));
        a.add(Arguments.of("MIDI to out", (UnaryOperator<String>) t -> replaceLine(t, "midi.1", "in -> out"),
                "midi.1: no node named 'out' in this session"));
        a.add(Arguments.of("track into no node", (UnaryOperator<String>) t -> replaceLine(t, "track.1.to", "piano"),
                "track.1.to: no node named 'piano' in this session (nodes: midi-arpeggiator, midi-transpose, sine,"));
        a.add(Arguments.of("mapping to no node", (UnaryOperator<String>) t -> replaceLine(t, "mapping.1.node", "9"),
                "mapping.1.*: there is no node 9"));
        a.add(Arguments.of("mapping to no parameter", (UnaryOperator<String>) t -> replaceLine(t, "mapping.0.param", "drive"),
                "mapping.0.*: node 5 has no parameter 'drive' (it has: mode, cutoff,"));
        a.add(Arguments.of("mapping to a fixed parameter", (UnaryOperator<String>) t -> replaceLine(t, "mapping.3.param",
                "lookahead"), "mapping.3.*: parameter 'lookahead' of node 7 cannot be automated"));
        a.add(Arguments.of("bad mapping source", (UnaryOperator<String>) t -> replaceLine(t, "mapping.2.source", "knob 3"),
                "mapping.2.source: unknown mapping source 'knob'"));
        a.add(Arguments.of("newer mapping section", (UnaryOperator<String>) t -> replaceLine(t, "mapping.version", "2"),
                "mapping.version 2 is newer than this midirack reads (1)"));
        a.add(Arguments.of("unknown mapping key", (UnaryOperator<String>) t -> t + "mapping.colour=red\n",
                "mapping.colour: unknown key"));
        a.add(Arguments.of("bad tempo", (UnaryOperator<String>) t -> replaceLine(t, "tempo", "2000"),
                "tempo: 2000 is not off or 10-999 BPM"));
        a.add(Arguments.of("bad loop", (UnaryOperator<String>) t -> replaceLine(t, "loop", "5 3"),
                "loop: needs 1 <= BAR1 < BAR2, not 5 3"));
        a.add(Arguments.of("bad program", (UnaryOperator<String>) t -> replaceLine(t, "program", "128"),
                "program: 128 is not off or a program 0-127"));
        a.add(Arguments.of("missing soundbank", (UnaryOperator<String>) t -> t
                .replace("node.3.id=midirack.sine", "node.3.id=midirack.gervill")
                .replaceAll("node\\.3\\.param\\.[a-zA-Z]+=[^\\n]*\\n", "")
                + "node.3.param.gain=0\nnode.3.param.mpeMembers=0\nnode.3.param.mpeBendRange=48\n"
                + "node.3.data.alignedCycles=false\nnode.3.data.autoGainControl=true\nnode.3.data.blockFrames=32\n"
                + "node.3.data.chorus=true\nnode.3.data.interpolation=linear\nnode.3.data.largeMode=false\n"
                + "node.3.data.lightReverb=true\nnode.3.data.loadDefaultBank=true\nnode.3.data.polyphony=64\n"
                + "node.3.data.reverb=true\nnode.3.data.soundbank=/no/such/bank.sf2\n",
                "node.3.data.soundbank: /no/such/bank.sf2: no such file"));
        a.add(Arguments.of("corrupt escape", (UnaryOperator<String>) t -> t + "track.1.name=\\u12\n",
                "not a midirack session: corrupt properties text"));
        a.add(Arguments.of("empty file", (UnaryOperator<String>) t -> "", "not a midirack session: format is missing"));
        return a.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDocuments")
    void badDocumentIsRefusedNamingTheKey(String what, UnaryOperator<String> spoil, String message) throws Exception {
        String good = validText();
        SessionDocument.parse(good.getBytes(StandardCharsets.US_ASCII), SessionFixtures.REGISTRY); // the base is fine
        String bad = spoil.apply(good);
        assertNotEquals(good, bad);
        SessionDocumentException e = assertThrows(SessionDocumentException.class,
                () -> SessionDocument.parse(bad.getBytes(StandardCharsets.ISO_8859_1), SessionFixtures.REGISTRY));
        assertTrue(e.getMessage().startsWith(message), what + ": " + e.getMessage());
    }

    @Test
    void fileErrorsNameTheFile() throws Exception {
        Path file = dir.resolve("s.session");
        Files.writeString(file, without(validText(), "tempo"), StandardCharsets.US_ASCII);
        CliError e = assertThrows(CliError.class, () -> SessionDocument.read(file, SessionFixtures.REGISTRY));
        assertEquals(file + ": tempo: missing", e.getMessage());
        CliError none = assertThrows(CliError.class, () -> SessionDocument.read(dir.resolve("nope"), SessionFixtures.REGISTRY));
        assertEquals(dir.resolve("nope") + ": no such file", none.getMessage());
    }

    // ------------------------------------------------------------------ writing

    @Test
    void writeReplacesTheWholeFileAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("s.session");
        Files.writeString(file, "x".repeat(100_000)); // an older, longer file
        List<Sequence> tracks = tracks();
        SessionDocument.Built ab = tweaked(tracks, false);
        try (Engine a = ab.engine()) {
            SessionDocument doc = SessionDocument.capture(ab.graph(), -1, tracks, NAMES, -1, 0, 0, List.of());
            doc.write(file);
            assertEquals(doc.toText(), Files.readString(file, StandardCharsets.US_ASCII));
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of("s.session", "song.mid"), files.map(p -> p.getFileName().toString()).sorted().toList());
            }
            CliError noDir = assertThrows(CliError.class, () -> doc.write(dir.resolve("missing").resolve("s.session")));
            assertTrue(noDir.getMessage().contains("does not exist"), noDir.getMessage());
            CliError isDir = assertThrows(CliError.class, () -> doc.write(dir));
            assertEquals(dir + ": is a directory", isDir.getMessage());
            assertEquals(doc.toText(), Files.readString(file, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aFailedLoadLeavesTheRunningRackRenderingAsBefore() throws Exception {
        // the host's order: read and check the whole file, then build; the running rack is not touched
        List<Sequence> tracks = tracks();
        SessionDocument.Built runningb = tweaked(tracks, false);
        SessionDocument.Built twinb = tweaked(tracks, false);
        try (Engine running = runningb.engine(); Engine twin = twinb.engine()) {
            SessionFixtures.render(running, 300, FRAMES);
            SessionFixtures.render(twin, 300, FRAMES);
            String before = SessionDocument.capture(runningb.graph(), 4, tracks, NAMES, 132, 2, 3, MAPPINGS).toText();
            Path bad = dir.resolve("bad.session");
            Files.writeString(bad, replaceLine(before, "node.6.id", "midirack.nothing"), StandardCharsets.US_ASCII);
            assertThrows(CliError.class, () -> SessionDocument.read(bad, SessionFixtures.REGISTRY));
            assertEquals(before, SessionDocument.capture(runningb.graph(), 4, tracks, NAMES, 132, 2, 3, MAPPINGS).toText());
            float[][] x = SessionFixtures.render(running, 300, FRAMES);
            float[][] y = SessionFixtures.render(twin, 300, FRAMES);
            assertArrayEquals(x[0], y[0]);
            for (int slot : runningb.graph().host().slots()) {
                assertTrue(runningb.graph().host().node(slot).isActive());
            }
        }
    }
}
