package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.sound.midi.MidiSystem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.demos.melody.Melody;

/**
 * The host's {@code session save} / {@code session load} through stdin of the built command
 * line, {@code host --session}, and {@code render --session}.
 */
class HostSessionIT {
    @TempDir
    Path dir;

    private CommandLineIT.Run run(String stdin, String... args) throws Exception {
        return CommandLineIT.runIn(dir, stdin, args);
    }

    private String text(String name) throws IOException {
        return Files.readString(dir.resolve(name), StandardCharsets.ISO_8859_1);
    }

    private void spoil(String from, String to, String regex, String replacement) throws IOException {
        String t = text(from);
        String s = t.replaceFirst(regex, replacement);
        assertFalse(t.equals(s), regex);
        Files.writeString(dir.resolve(to), s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void hostSavesASessionAndAnotherHostStartsFromIt() throws Exception {
        MidiSystem.write(Melody.parse("tempo 100\nvoice 1 piano: [C4 E4 G4]/2 [D4 F4 A4]/2 | [E4 G4 B4]/1\n"
                + "voice 10 drums: repeat 4 { kick/4 snare/4 }\n"), 1, dir.resolve("song.mid").toFile());
        Path scale = Path.of("melodies", "scale.mel").toAbsolutePath();
        CommandLineIT.Run first = run("help\nload song.mid\nload " + scale + "\ntempo 132\nloop 2 3\n"
                + "map 4 mix cc 74 ch 1 range 0.2 0.8 invert\nmap 2 release bend through\nset 1 gate 0.7\n"
                + "session save a.session\n"
                + "session load a.session\nsession save b.session\nquit\n",
                "host", "--interactive", "--output", "null", "--instrument", "sine", "--fx", "arp,delay", "--program", "5");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("  session save FILE     write the whole session"), first.out());
        assertTrue(first.out().contains("saved session a.session: 4 nodes, 2 MIDI mappings, 2 tracks, tempo 132,"
                + " loop bars 2 to 3"),
                first.out());
        assertTrue(first.out().contains("loaded session a.session: 4 nodes, 2 MIDI mappings, 2 tracks, tempo 132, loop bars 2 to 3\n"
                + "nodes: 1 midi-arpeggiator, 2 sine, 3 drums, 4 delay-tempo-sync (the graph: 'graph')"), first.out());
        String a = text("a.session");
        assertEquals(a, text("b.session"), "a loaded session saves back to the same document");
        assertTrue(a.contains("\nnode.1.param.gate=0.7\n") && a.contains("\nmapping.0.node=4\nmapping.0.param=mix\n"
                + "mapping.0.range=0.2 0.8\nmapping.0.source=cc 74 ch 1\n") && a.contains("\nmapping.1.node=2\n"
                + "mapping.1.param=release\nmapping.1.range=full\nmapping.1.source=bend\nmapping.1.through=true\n"), a);
        assertTrue(a.contains("\nprogram=5\n") && a.contains("\ntempo=132.0\n") && a.contains("\nloop=2 3\n")
                && a.contains("\ntrack.1.name=song.mid\n") && a.contains("\ntrack.2.name=" + scale + "\n"), a);

        spoil("a.session", "v99.session", "\nversion=2\n", "\nversion=99\n");
        spoil("a.session", "missing.session", "\ntempo=132.0\n", "\n");
        spoil("a.session", "unknown.session", "node.4.id=midirack.delay-tempo-sync", "node.4.id=midirack.tape-echo");
        spoil("a.session", "garbage.session", "track.1.smf=\\\\\n    TVRo", "track.1.smf=\\\\\n    AAAA");
        spoil("a.session", "badmapping.session", "\nmapping.1.param=release\n", "\nmapping.1.param=waveform\n");
        spoil("a.session", "badparam.session", "node.2.param.attack=[^\n]*", "node.2.param.attack=-1");
        byte[] fuzzed = Files.readAllBytes(dir.resolve("a.session"));
        for (int i = 7; i < fuzzed.length; i += 13) {
            fuzzed[i] ^= 0x5A;
        }
        Files.write(dir.resolve("fuzzed.session"), fuzzed);

        CommandLineIT.Run second = run("tracks\nsession load v99.session\nsession load missing.session\nsession load unknown.session\n"
                + "session load garbage.session\nsession load badparam.session\nsession load fuzzed.session\n"
                + "session load badmapping.session\nmappings\n"
                + "session load nothing.session\nsession save c.session\ntracks\nstatus\nquit\n",
                "host", "--interactive", "--session", "a.session", "--output", "null");
        assertEquals(0, second.code(), second.err());
        String out = second.out();
        assertTrue(out.contains("session a.session: 4 nodes, 2 MIDI mappings, 2 tracks, tempo 132, loop bars 2 to 3\n"), out);
        assertTrue(out.contains("> error: v99.session: version: session version 99 is newer than this midirack reads (2);"
                + " update midirack\n"), out);
        assertTrue(out.contains("> error: missing.session: tempo: missing\n"), out);
        assertTrue(out.contains("> error: unknown.session: node.4.id: no node type 'midirack.tape-echo' is installed;"), out);
        assertTrue(out.contains("> error: garbage.session: track.1.smf: not a Standard MIDI File (no MThd header)\n"), out);
        assertTrue(out.contains("> error: badparam.session: node.2.param.attack: state of 'midirack.sine': param.attack"
                + " = -1.0 outside ["), out);
        assertTrue(out.contains("> error: fuzzed.session: "), out);
        assertTrue(out.contains("> error: nothing.session: no such file\n"), out);
        assertTrue(out.contains("> error: badmapping.session: mapping.1.*: node 2 has no parameter 'waveform' (it has: wave, attack,"),
                out);
        assertTrue(out.contains(">   cc 74 ch 1 -> 4 midirack.delay-tempo-sync mix 0.2..0.8 wet share inverted\n"
                + "  bend -> 2 midirack.sine release, passed on\n"), out);
        assertEquals(a, text("c.session"), "failed loads left the running session as it was");
        String tracks = "  1: song.mid\n  2: " + scale + "\n";
        assertEquals(2, out.split(java.util.regex.Pattern.quote(tracks), -1).length - 1, out);
        assertTrue(out.contains("transport: stopped | rec off | tempo 132 | loop on | 001:1:000"), out);

        CommandLineIT.Run clash = run(null, "host", "--session", "a.session", "--fx", "arp", "--output", "null");
        assertEquals(2, clash.code());
        assertTrue(clash.err().startsWith("midirack host: --fx cannot be used with --session"), clash.err());
        CommandLineIT.Run bad = run(null, "host", "--session", "v99.session", "--output", "null");
        assertEquals(1, bad.code());
        assertEquals("midirack host: v99.session: version: session version 99 is newer than this midirack reads (2);"
                + " update midirack\n", bad.err());
    }

    @Test
    void renderPlaysASessionOnceTheSameForEveryBuffer() throws Exception {
        MidiSystem.write(Melody.parse("tempo 150\nvoice 1 piano: C4/8 E4/8 G4/8 C5/8 [C4 G4]/2 |\n"), 1,
                dir.resolve("song.mid").toFile());
        CommandLineIT.Run host = run("load song.mid\ntempo 180\nloop 1 2\nsession save s.session\nquit\n",
                "host", "--interactive", "--output", "null", "--instrument", "sine", "--fx", "delay");
        assertEquals(0, host.code(), host.err());
        CommandLineIT.Run r1 = run(null, "render", "--session", "s.session", "--out", "a.wav", "--tail", "0.5");
        assertEquals(0, r1.code(), r1.err());
        assertTrue(r1.out().startsWith("session s.session: its loop (bars 1 to 2) is not played; the song plays once\n"),
                r1.out());
        CommandLineIT.Run r2 = run(null, "render", "--session", "s.session", "--out", "b.wav", "--tail", "0.5", "--buffer", "77");
        assertEquals(0, r2.code(), r2.err());
        byte[] wa = Files.readAllBytes(dir.resolve("a.wav"));
        assertArrayEquals(wa, Files.readAllBytes(dir.resolve("b.wav")));
        // four eighths and a half at 180 BPM: 1.333 s, plus the 0.5 s tail
        CommandLineIT.Wav w = CommandLineIT.Wav.read(dir.resolve("a.wav"));
        assertEquals(64000 + 24000, w.frames());
        assertTrue(w.peak16() > 3000, "audible: " + w.peak16());
        CommandLineIT.Run both = run(null, "render", "song.mid", "--session", "s.session", "--out", "c.wav");
        assertEquals(2, both.code());
        assertEquals(List.of("midirack render: give INPUT or --session FILE, not both (see 'midirack render --help')"),
                Arrays.asList(both.err().split("\n")));
        assertFalse(Files.exists(dir.resolve("c.wav")));
    }

    /** The block of lines 'graph' printed, from "nodes:" to "render order: ...", the n-th time. */
    private static String graphBlock(String out, int n) {
        int at = -1;
        for (int k = 0; k <= n; k++) {
            at = out.indexOf("> nodes:\n", at + 1);
            assertTrue(at >= 0, "graph listing " + n + " in:\n" + out);
        }
        int end = out.indexOf('\n', out.indexOf("render order: ", at));
        return out.substring(at + 2, end + 1);
    }

    @Test
    void theHostBuildsAGraphByCommandsAndSessionsKeepIt() throws Exception {
        MidiSystem.write(Melody.parse("tempo 120\nvoice 1 piano: C4/4 E4/4 G4/2 |\nvoice 2 bass: C2/2 G2/2 |\n"), 1,
                dir.resolve("song.mid").toFile());
        CommandLineIT.Run first = run("add sine as bass\nadd delay as echo\nconnect midi in bass ch 2\n"
                + "disconnect midi in sine\nconnect midi in sine ch 1 to 3\nconnect audio bass echo gain 0.5\n"
                + "connect audio echo out\nconnect audio echo bass\nload song.mid\ntrack 1 -> bass\ntrack 1 -> in\n"
                + "transport\ngraph\nsession save g.session\nremove echo\nsession load broken.session\ngraph\n"
                + "session load g.session\ngraph\nsession save g2.session\nquit\n",
                "host", "--interactive", "--output", "null", "--instrument", "sine");
        assertEquals(0, first.code(), first.err());
        String out = first.out();
        assertTrue(out.contains("> added 3 bass (midirack.sine, INSTRUMENT): connect its audio"), out);
        assertTrue(out.contains("> connected MIDI in -> sine ch 1 to 3\n"), out);
        assertTrue(out.contains("> error: bass (midirack.sine, INSTRUMENT) has no audio inputs; audio goes into an"
                + " effect or out\n"), out);
        assertTrue(out.contains("> track 1 plays into bass\n> track 1 plays into in (routed by channel)\n"), out);
        assertTrue(out.contains("> bar 1 beat 1.00 | tempo 120 BPM | stopped | recording off | loop off\n"), out);
        String built = graphBlock(out, 0);
        assertEquals(String.join("\n", "nodes:",
                "   1 sine   midirack.sine (INSTRUMENT)",
                "   2 drums  midirack.drums (INSTRUMENT), latency 63 frames",
                "   3 bass   midirack.sine (INSTRUMENT)",
                "   4 echo   midirack.delay-tempo-sync (MUSIC_EFFECT)",
                "audio:",
                "  sine -> out",
                "  drums -> out",
                "  bass -> echo gain 0.5",
                "  echo -> out",
                "MIDI:",
                "  in -> drums ch 10",
                "  in -> bass ch 2",
                "  in -> sine ch 1 to 3",
                "tracks:",
                "  1 song.mid -> in (routed by channel)",
                "render order: sine, drums, bass, echo") + "\n", built);
        // a broken file is refused in one line and changes nothing
        assertTrue(out.contains("> error: broken.session: no such file\n"), out);
        String removed = graphBlock(out, 1);
        assertTrue(removed.contains("audio:\n  sine -> out\n  drums -> out\nMIDI:"), removed);
        assertEquals(built, graphBlock(out, 2), "the session brings the whole graph back");
        String g = text("g.session");
        assertEquals(g, text("g2.session"), "a loaded session saves back to the same document");
        assertTrue(g.contains("\naudio=4\naudio.1=sine -> out\naudio.2=drums -> out\naudio.3=bass -> echo gain 0.5\n"
                + "audio.4=echo -> out\n"), g);
        assertTrue(g.contains("\nmidi=3\nmidi.1=in -> drums ch 10\nmidi.2=in -> bass ch 2\nmidi.3=in -> sine ch 1 to 3\n"), g);
        assertTrue(g.contains("\ntrack.1.name=song.mid\ntrack.1.to=in\n"), g);

        // a broken graph in a file: refused naming the key, the running graph as it was
        Files.writeString(dir.resolve("loop.session"), g.replace("audio.4=echo -> out", "audio.4=echo -> bass"),
                StandardCharsets.ISO_8859_1);
        CommandLineIT.Run second = run("graph\nsession load loop.session\ngraph\nquit\n", "host", "--interactive", "--session",
                "g.session", "--output", "null");
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("> error: loop.session: audio.4: bass (midirack.sine, INSTRUMENT) has 0 audio"
                + " inputs, no input 1\n"), second.out());
        assertEquals(built, graphBlock(second.out(), 0));
        assertEquals(built, graphBlock(second.out(), 1));

        // render plays the session's graph, the same for every buffer size
        CommandLineIT.Run r1 = run(null, "render", "--session", "g.session", "--out", "a.wav", "--tail", "0.5");
        assertEquals(0, r1.code(), r1.err());
        CommandLineIT.Run r2 = run(null, "render", "--session", "g.session", "--out", "b.wav", "--tail", "0.5",
                "--buffer", "77");
        assertEquals(0, r2.code(), r2.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.wav")), Files.readAllBytes(dir.resolve("b.wav")));
        assertTrue(CommandLineIT.Wav.read(dir.resolve("a.wav")).peak16() > 1000, "audible");
    }

    @Test
    void aSessionOfTheFirstHostStillLoadsAsAGraph() throws Exception {
        for (String f : List.of("v1-sine-fx.session", "v1-gervill.session")) {
            try (java.io.InputStream in = getClass().getResourceAsStream("cli/v1/" + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        CommandLineIT.Run r = run("graph\nmappings\nsession save now.session\nquit\n", "host", "--interactive", "--session",
                "v1-sine-fx.session", "--output", "null");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("session v1-sine-fx.session: 5 nodes, 2 MIDI mappings, 1 tracks, tempo 132, loop bars"
                + " 1 to 2\n"), r.out());
        String g = graphBlock(r.out(), 0);
        assertTrue(g.contains("audio:\n  sine -> filter-state-variable\n  drums -> filter-state-variable\n"
                + "  filter-state-variable -> delay-tempo-sync\n  delay-tempo-sync -> out\nMIDI:\n  in -> midi-arpeggiator\n"
                + "  midi-arpeggiator -> sine ch 1-9,11-16\n  midi-arpeggiator -> drums ch 10\n"), g);
        assertTrue(r.out().contains("  cc 74 ch 1 -> 4 midirack.filter-state-variable cutoff 300..6000 Hz\n"), r.out());
        assertTrue(text("now.session").contains("\nversion=2\n"));
        CommandLineIT.Run gm = run(null, "render", "--session", "v1-gervill.session", "--out", "gm.wav",
                "--sample-rate", "16000", "--tail", "0.3");
        assertEquals(0, gm.code(), gm.err());
        assertEquals(68800, CommandLineIT.Wav.read(dir.resolve("gm.wav")).frames(), "as long as the first host's render");
        // a file from a newer midirack: one line saying why
        Files.writeString(dir.resolve("v3.session"), text("now.session").replace("\nversion=2\n", "\nversion=3\n"),
                StandardCharsets.ISO_8859_1);
        CommandLineIT.Run v3 = run(null, "host", "--session", "v3.session", "--output", "null");
        assertEquals(1, v3.code());
        assertEquals("midirack host: v3.session: version: session version 3 is newer than this midirack reads (2);"
                + " update midirack\n", v3.err());
    }
}
