package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sound.midi.MidiSystem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.midirack.demos.melody.Melody;
import org.midirack.demos.melody.MelodyEvents;

/**
 * Process-level tests of the built command line: {@code java -jar demos/target/midirack.jar ...}
 * with no JVM flags, exit codes and messages checked. Audio outputs are switched off with
 * {@code MIDIRACK_AUDIO=none} (this machine kind may route ALSA to a dummy JACK server).
 */
class CommandLineIT {

    /** Two seconds at 120 BPM: four quarters, the last a chord. */
    static final String SONG = "tempo 120\nvoice 1 piano: C4/4 E4/4 G4/4 [C4 E4 G4]/4\n";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : Arrays.asList(err.split("\n"));
        }
    }

    private static Path jarCopy;

    /**
     * A private copy of the built jar, so that a build running beside the tests (the shared
     * target folder) cannot change it under them.
     */
    static synchronized Path jar() throws IOException {
        if (jarCopy == null) {
            String p = System.getProperty("midirack.jar");
            Path jar = p != null ? Path.of(p) : Path.of("target", "midirack.jar");
            assertTrue(Files.isRegularFile(jar), "built jar missing: " + jar.toAbsolutePath());
            Path copy = Files.createTempFile("midirack-it-", ".jar");
            copy.toFile().deleteOnExit();
            Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            jarCopy = copy;
        }
        return jarCopy;
    }

    Run run(String stdin, String... args) throws Exception {
        return runIn(dir, stdin, args);
    }

    /** Runs the built jar in {@code dir} on the null audio output, feeding it {@code stdin}. */
    static Run runIn(Path dir, String stdin, String... args) throws Exception {
        return runIn(dir, stdin, java.util.Map.of("MIDIRACK_AUDIO", "none"), args);
    }

    /**
     * Runs the built jar in {@code dir} with these environment variables set (an empty value
     * removes one, e.g. {@code MIDIRACK_AUDIO} for the real outputs), feeding it {@code stdin}.
     */
    static Run runIn(Path dir, String stdin, java.util.Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        env.forEach((k, v) -> {
            if (v.isEmpty()) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread to = pump(p.getInputStream(), out);
        Thread te = pump(p.getErrorStream(), err);
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        to.join();
        te.join();
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try {
                in.transferTo(to);
            } catch (IOException e) {
                // process gone
            }
        });
        t.start();
        return t;
    }

    Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    // ------------------------------------------------------------------ usage and help

    @ParameterizedTest
    @ValueSource(strings = {"demo", "play", "render", "convert", "devices", "live", "host"})
    void everyCommandHasHelp(String command) throws Exception {
        Run r = run(null, command, "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: midirack " + command), r.out());
        assertEquals("", r.err());
    }

    @Test
    void unknownCommandIsUsageErrorOnOneLine() throws Exception {
        Run r = run(null, "bogus");
        assertEquals(2, r.code());
        // the word and the commands, not picocli's "Unmatched argument at index 0"
        assertEquals(List.of("midirack: unknown command 'bogus'; commands: demo, play, render, convert, devices, live,"
                + " host, gui, serve (see 'midirack --help')"), r.errLines());
        Run typo = run(null, "plya", "song.mel");
        assertEquals(2, typo.code());
        assertEquals(List.of("midirack: unknown command 'plya' (did you mean 'play'?); commands: demo, play, render,"
                + " convert, devices, live, host, gui, serve (see 'midirack --help')"), typo.errLines());
        Run rendr = run(null, "RENDR");
        assertTrue(rendr.err().startsWith("midirack: unknown command 'RENDR' (did you mean 'render'?);"), rendr.err());
    }

    @Test
    void missingRequiredOptionIsUsageError() throws Exception {
        write("a.mel", SONG);
        Run r = run(null, "render", "a.mel");
        assertEquals(2, r.code());
        assertEquals(List.of("midirack render: Missing required option: '--out=FILE.wav' (see 'midirack render --help')"),
                r.errLines());
    }

    @Test
    void badOptionValuesAreUsageErrors() throws Exception {
        write("a.mel", SONG);
        Run bits = run(null, "render", "a.mel", "--out", "a.wav", "--bits", "12");
        assertEquals(2, bits.code());
        assertEquals(List.of("midirack render: --bits must be 16, 24 or 32f, not '12' (see 'midirack render --help')"),
                bits.errLines());
        Run inst = run(null, "play", "a.mel", "--instrument", "organ");
        assertEquals(2, inst.code());
        assertEquals(1, inst.errLines().size());
        assertTrue(inst.err().contains("--instrument must be gervill or sine, not 'organ'"), inst.err());
        Run buf = run(null, "render", "a.mel", "--out", "a.wav", "--buffer", "abc");
        assertEquals(2, buf.code());
        assertEquals(1, buf.errLines().size());
        assertFalse(Files.exists(dir.resolve("a.wav")));
    }

    // ------------------------------------------------------------------ bad input (exit 1)

    @Test
    void missingInputFileExits1() throws Exception {
        Run r = run(null, "render", "nope.mid", "--out", "x.wav");
        assertEquals(1, r.code());
        assertEquals(List.of("midirack render: nope.mid: no such file"), r.errLines());
        assertFalse(Files.exists(dir.resolve("x.wav")));
    }

    @Test
    void truncatedMidiFileExits1() throws Exception {
        write("a.mel", SONG);
        assertEquals(0, run(null, "convert", "a.mel", "a.mid").code());
        byte[] whole = Files.readAllBytes(dir.resolve("a.mid"));
        Files.write(dir.resolve("t.mid"), Arrays.copyOf(whole, whole.length - 10));
        Run r = run(null, "render", "t.mid", "--out", "x.wav");
        assertEquals(1, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("midirack render: t.mid: corrupt MIDI file: truncated"), r.err());
        assertFalse(Files.exists(dir.resolve("x.wav")));
    }

    @Test
    void garbageMidiFileExits1() throws Exception {
        Files.write(dir.resolve("g.mid"), "this is not MIDI at all".getBytes(StandardCharsets.US_ASCII));
        Run r = run(null, "play", "g.mid");
        assertEquals(1, r.code());
        assertEquals(List.of("midirack play: g.mid: not a Standard MIDI File (no MThd header)"), r.errLines());
    }

    @Test
    void scriptErrorIsFileLineColumn() throws Exception {
        write("bad.mel", "tempo 120\nC4 H4\n");
        Run r = run(null, "render", "bad.mel", "--out", "x.wav");
        assertEquals(1, r.code());
        assertEquals(List.of("bad.mel:2:4: unknown note name 'H'"), r.errLines());
        Run c = run(null, "convert", "bad.mel", "x.mid");
        assertEquals(1, c.code());
        assertEquals(List.of("bad.mel:2:4: unknown note name 'H'"), c.errLines());
        assertFalse(Files.exists(dir.resolve("x.mid")));
    }

    @Test
    void unreadableSoundbankExits1() throws Exception {
        write("a.mel", SONG);
        write("bank.sf2", "RIFF but not really a soundbank");
        Run r = run(null, "render", "a.mel", "--out", "x.wav", "--soundbank", "bank.sf2");
        assertEquals(1, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("midirack render: Soundbank bank.sf2 cannot be loaded: "), r.err());
        Run missing = run(null, "render", "a.mel", "--out", "x.wav", "--soundbank", "none.sf2");
        assertEquals(1, missing.code());
        assertEquals(List.of("midirack render: none.sf2: no such file"), missing.errLines());
    }

    @Test
    void debugAddsTheStackTrace() throws Exception {
        Run r = run(null, "render", "nope.mid", "--out", "x.wav", "--debug");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("\tat org.midirack.demos.cli.Inputs"), r.err());
        assertTrue(r.err().endsWith("midirack render: nope.mid: no such file\n"), r.err());
    }

    @Test
    void failedRenderLeavesTheExistingOutputUntouched() throws Exception {
        byte[] before = "precious".getBytes(StandardCharsets.US_ASCII);
        Files.write(dir.resolve("keep.wav"), before);
        write("bad.mel", "C4 C4/3\n");
        Run r = run(null, "render", "bad.mel", "--out", "keep.wav");
        assertEquals(1, r.code());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("keep.wav")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("bad.mel", "keep.wav"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    // ------------------------------------------------------------------ render and convert

    @Test
    void renderWritesTheSongPlusTailAt16Bits() throws Exception {
        write("a.mel", SONG);
        Run r = run(null, "render", "a.mel", "--out", "a.wav", "--instrument", "sine", "--stats");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err()); // not a terminal: no progress bar
        Wav w = Wav.read(dir.resolve("a.wav"));
        assertEquals(1, w.formatTag);
        assertEquals(16, w.bits);
        assertEquals(2, w.channels);
        assertEquals(48000, w.rate);
        assertEquals(4 * 48000, w.frames()); // 2 s of song + 2 s tail
        assertTrue(w.peak16() > 1000, "audible");
        assertTrue(r.out().contains("stats: cycles 1500,"), r.out());
        assertTrue(r.out().contains("events late 0 carried 0 dropped 0, late offloaded blocks 0"), r.out()); // the host sends each cycle its own events
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "play", "render", "live", "host"})
    void statsHelpSaysWhatEveryCounterCounts(String command) throws Exception {
        Run r = run(null, command, "--help");
        assertEquals(0, r.code(), r.err());
        String help = r.out().replaceAll("\\s+", " ");
        for (String defined : List.of("underruns (output callbacks the engine was late for)",
                "late offloaded blocks (blocks a node run on a worker thread did not finish in time, so its previous"
                        + " block played again")) {
            assertTrue(help.contains(defined), command + " --help defines '" + defined + "': " + r.out());
        }
        assertTrue(!help.contains("glitch"), "no undefined 'glitches': " + r.out());
    }

    @Test
    void renderWrites24BitAnd32BitFloat() throws Exception {
        write("a.mel", SONG);
        assertEquals(0, run(null, "render", "a.mel", "--out", "a24.wav", "--bits", "24", "--tail", "0",
                "--instrument", "sine").code());
        Wav w24 = Wav.read(dir.resolve("a24.wav"));
        assertEquals(24, w24.bits);
        assertEquals(2 * 48000, w24.frames());
        assertEquals(0, run(null, "render", "a.mel", "--out", "a32.wav", "--bits", "32f", "--tail", "0.5",
                "--instrument", "sine", "--sample-rate", "44100").code());
        Wav w32 = Wav.read(dir.resolve("a32.wav"));
        assertEquals(3, w32.formatTag);
        assertEquals(32, w32.bits);
        assertEquals(44100, w32.rate);
        assertEquals(2 * 44100 + 22050, w32.frames());
    }

    @Test
    void renderOfScriptEqualsRenderOfItsConvertedMidiFile() throws Exception {
        write("a.mel", SONG + "voice 10 drums: kick/8 hihat/8 snare/4 kick/4 crash/4\n");
        assertEquals(0, run(null, "convert", "a.mel", "a.mid").code());
        assertEquals(0, run(null, "render", "a.mel", "--out", "from-script.wav").code());
        assertEquals(0, run(null, "render", "a.mid", "--out", "from-midi.wav").code());
        byte[] a = Files.readAllBytes(dir.resolve("from-script.wav"));
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("from-midi.wav")));
        assertTrue(Wav.read(dir.resolve("from-script.wav")).peak16() > 1000);
    }

    @Test
    void renderIsByteIdenticalForEveryBufferSize() throws Exception {
        write("a.mel", SONG);
        for (String b : List.of("64", "128", "1000")) {
            Run r = run(null, "render", "a.mel", "--out", "b" + b + ".wav", "--buffer", b);
            assertEquals(0, r.code(), r.err());
        }
        byte[] ref = Files.readAllBytes(dir.resolve("b128.wav"));
        assertArrayEquals(ref, Files.readAllBytes(dir.resolve("b64.wav")));
        assertArrayEquals(ref, Files.readAllBytes(dir.resolve("b1000.wav")));
    }

    @Test
    void programOverrideChangesTheSound() throws Exception {
        write("a.mel", SONG);
        assertEquals(0, run(null, "render", "a.mel", "--out", "p0.wav", "--tail", "0").code());
        assertEquals(0, run(null, "render", "a.mel", "--out", "p40.wav", "--tail", "0", "--program", "40").code());
        assertFalse(Arrays.equals(Files.readAllBytes(dir.resolve("p0.wav")), Files.readAllBytes(dir.resolve("p40.wav"))));
        Run bad = run(null, "render", "a.mel", "--out", "x.wav", "--program", "128");
        assertEquals(2, bad.code());
    }

    @Test
    void convertWritesAMidiFileWithTheScriptsEvents() throws Exception {
        write("a.mel", SONG);
        Run r = run(null, "convert", "a.mel", "a.mid");
        assertEquals(0, r.code(), r.err());
        MelodyEvents fromScript = MelodyEvents.of(Melody.parse(SONG), 48000);
        MelodyEvents fromFile = MelodyEvents.of(MidiSystem.getSequence(dir.resolve("a.mid").toFile()), 48000);
        assertEquals(fromScript.list(), fromFile.list());
        assertEquals(13, fromFile.size()); // a program change, three notes on and off, a three-note chord on and off
    }

    // ------------------------------------------------------------------ devices, play, demo, live, host

    @Test
    void devicesSaysNoneForEachEmptyList() throws Exception {
        Run r = run(null, "devices");
        assertEquals(0, r.code(), r.err());
        List<String> lines = Arrays.asList(r.out().split("\n"));
        int ins = lines.indexOf("MIDI inputs:");
        int outs = lines.indexOf("MIDI outputs:");
        int audio = lines.indexOf("Audio outputs:");
        assertTrue(ins == 0 && outs > ins + 1 && audio > outs + 1, r.out());
        assertEquals(List.of("  none"), lines.subList(audio + 1, lines.size()));
        for (String l : lines.subList(ins + 1, outs)) {
            assertTrue(l.startsWith("  ") && !l.isBlank(), l);
        }
    }

    @Test
    void playWithoutAudioOutputSuggestsRender() throws Exception {
        write("a.mel", SONG);
        Run r = run(null, "play", "a.mel");
        assertEquals(1, r.code());
        assertEquals(List.of("midirack play: no audio output available (audio output disabled by MIDIRACK_AUDIO=none);"
                + " render to a file instead: midirack render a.mel --out a.wav"), r.errLines());
    }

    @Test
    void playOnTheNullOutputRunsInRealTimeAndReportsStats() throws Exception {
        write("short.mel", "tempo 240\nC4/8 D4/8\n");
        Run r = run(null, "play", "short.mel", "--output", "null", "--tail", "0.2", "--instrument", "sine", "--stats");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("playing on null"), r.out());
        assertTrue(r.out().contains("events late 0 carried"), r.out());
    }

    @Test
    void demoWithoutAudioOutputRendersANonSilentWav() throws Exception {
        Run r = run(null, "demo");
        assertEquals(0, r.code(), r.err());
        Path wav = dir.resolve("midirack-demo.wav");
        assertTrue(r.out().startsWith("No audio output (audio output disabled by MIDIRACK_AUDIO=none): rendering the demo into "
                + wav.toRealPath().getParent().resolve("midirack-demo.wav")), r.out());
        Wav w = Wav.read(wav);
        assertEquals(48000, w.rate);
        assertTrue(w.frames() > 40 * 48000, "the whole song: " + w.frames());
        assertTrue(w.peak16() > 3000, "loud enough: " + w.peak16());
        assertTrue(w.nonSilentFraction() > 0.8, "sound most of the time: " + w.nonSilentFraction());
        assertTrue(r.out().contains("hosted: midirack.midi-arpeggiator (MIDI, MUSIC_EFFECT) -> midirack.gervill (INSTRUMENT)"),
                r.out());
    }

    @Test
    void liveWithoutMidiInputExits1() throws Exception {
        Run r = run(null, "live", "--output", "null");
        assertEquals(1, r.code());
        assertEquals(List.of("midirack live: no MIDI input found; MIDI inputs: none (see 'midirack devices')"), r.errLines());
        Run named = run(null, "live", "--in", "keyboard-that-is-not-there", "--output", "null");
        assertEquals(1, named.code());
        assertTrue(named.err().startsWith("midirack live: no MIDI input named 'keyboard-that-is-not-there'"), named.err());
        Run fx = run(null, "live", "--fx", "arp,bogus", "--output", "null");
        assertEquals(2, fx.code(), "an option's bad value is a usage error");
        assertEquals(1, fx.errLines().size(), fx.err());
        assertTrue(fx.err().startsWith("midirack live: --fx: no effect 'bogus' is installed; installed effects: midirack."), fx.err());
    }

    @Test
    void hostLoadsTracksLoopsAndSavesAStandardMidiFile() throws Exception {
        write("a.mel", SONG);
        write("b.mel", "voice 2 electric bass (finger): C2/2 G2/2\n");
        Run r = run("nodes\nload a.mel\nload b.mel\ntracks\nloop 1 2\ntempo 90\nplay\nstatus\nstop\nrewind\n"
                + "load nope.mel\nfoo\nsave song.mid\nquit\n", "host", "--interactive", "--output", "null", "--instrument", "sine");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("nodes: 1 sine, 2 drums (the graph: 'graph')"), r.out());
        assertTrue(r.out().contains("\n  sine                   INSTRUMENT    MIDI -> audio"), "'nodes' lists the types: " + r.out());
        assertTrue(r.out().contains("  1: a.mel\n  2: b.mel\n"), r.out());
        assertTrue(r.out().contains("loop bars 1 to 2"), r.out());
        assertTrue(r.out().contains("error: nope.mel: no such file"), r.out());
        assertTrue(r.out().contains("unknown command 'foo'; type 'help'"), r.out());
        assertTrue(r.out().contains("| tempo 90 | loop on |"), r.out());
        MelodyEvents saved = MelodyEvents.of(MidiSystem.getSequence(dir.resolve("song.mid").toFile()), 48000);
        // a.mel's and b.mel's notes, at 90 BPM: a tempo event holds whole microseconds (666,667 per
        // quarter), so a quarter is 32000.016 frames and each note falls on the frame after (the
        // host's TempoMap: the first frame at or after a tick's time)
        List<String> ons = saved.noteOns().stream().map(e -> e.channel() + ":" + e.data1() + "@" + e.frame()).toList();
        assertEquals(List.of("1:60@0", "2:36@0", "1:64@32001", "1:67@64001", "2:43@64001", "1:60@96001",
                "1:64@96001", "1:67@96001"), ons);
    }

    @Test
    void hostSetsAndMapsParametersFromTheBuiltJar() throws Exception {
        Run r = run("set 1 gain -6\nmap sine wave cc 7 ch 1\nmap 1 gain cc 121\nmappings\nunmap all\nmappings\nquit\n",
                "host", "--interactive", "--output", "null", "--instrument", "sine");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1 midirack.sine gain = -6 dB\n"), r.out());
        assertTrue(r.out().contains("mapped cc 7 ch 1 -> 1 midirack.sine wave\n"), r.out());
        assertTrue(r.out().contains("error: CC 121 is a channel mode message"), r.out());
        assertTrue(r.out().contains("  cc 7 ch 1 -> 1 midirack.sine wave\n> removed 1 mapping\n>   none\n"), r.out());
    }

    @Test
    void playStopsCleanlyOnCtrlC() throws Exception {
        assumeSigintReachesChildren();
        write("long.mel", "tempo 120\nrepeat 40 { C4/4 E4/4 G4/4 C5/4 | }\n");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar().toString(), "play", "long.mel", "--output", "null", "--instrument", "sine", "--stats");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertTrue(first != null && first.startsWith("playing on null"), String.valueOf(first));
        // Ctrl-C: SIGINT to the JVM, whose shutdown hook stops the output and the rack
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
        StringBuilder rest = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            rest.append(line).append('\n');
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stopped");
        assertTrue(rest.toString().startsWith("stats: cycles "), rest.toString());
        assertEquals(130, p.exitValue());
    }

    @Test
    void launcherRunsTheJarAndPassesTheExitCode() throws Exception {
        Path launcher = Path.of("").toAbsolutePath().getParent().resolve("midirack");
        assertTrue(Files.isExecutable(launcher), launcher.toString());
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "bogus").directory(dir.toFile());
        pb.environment().put("MIDIRACK_NO_BUILD", "1");
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), err);
        assertEquals("midirack: unknown command 'bogus'; commands: demo, play, render, convert, devices, live, host, gui,"
                + " serve (see 'midirack --help')\n", err);
    }

    @Test
    void launcherRebuildsWhenABundledMelodyChanges() throws Exception {
        // issue 13: the launcher did not rebuild when demos/melodies/*.mel (packed into the jar) changed.
        // A copy of the launcher in a tree of its own, with the built jar; 'mvn' on the PATH is a script that
        // only says it ran (the real build would install into ~/.m2), so what is tested is the launcher's choice.
        Path launcher = Path.of("").toAbsolutePath().getParent().resolve("midirack");
        Path root = dir.resolve("tree");
        Files.createDirectories(root.resolve("demos/target"));
        Files.createDirectories(root.resolve("demos/melodies"));
        Files.createDirectories(root.resolve("bin"));
        Files.copy(launcher, root.resolve("midirack"));
        Path pom = Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Path mel = Files.writeString(root.resolve("demos/melodies/demo.mel"), "tempo 120\nC4/4\n");
        Path jar = Files.copy(jar(), root.resolve("demos/target/midirack.jar"));
        Path mvn = Files.writeString(root.resolve("bin/mvn"), "#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/mvn-ran\"\n");
        mvn.toFile().setExecutable(true);
        long t = System.currentTimeMillis();
        Files.setLastModifiedTime(pom, java.nio.file.attribute.FileTime.fromMillis(t - 60_000));
        Files.setLastModifiedTime(mel, java.nio.file.attribute.FileTime.fromMillis(t - 60_000));
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(t - 30_000));
        String[] up = runLauncher(root);
        assertFalse(Files.exists(root.resolve("bin/mvn-ran")), "built with nothing newer than the jar: " + up[1]);
        Files.setLastModifiedTime(mel, java.nio.file.attribute.FileTime.fromMillis(t));
        String[] changed = runLauncher(root);
        assertTrue(Files.exists(root.resolve("bin/mvn-ran")), "a changed melody did not rebuild: " + changed[1]);
        assertTrue(changed[1].startsWith("midirack: building (first use or sources changed)..."), changed[1]);
    }

    /** Runs a launcher copy in {@code root} with its bin first on the PATH: {exit code, stderr}. */
    private String[] runLauncher(Path root) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("midirack").toString(), "devices").directory(dir.toFile());
        pb.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().put("MIDIRACK_AUDIO", "none");
        pb.environment().remove("MIDIRACK_NO_BUILD");
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String[] {Integer.toString(p.exitValue()), err};
    }

    @Test
    void launcherPicksZgcAndStatsNameTheCollector() throws Exception {
        Process probe = new ProcessBuilder("java", "-XX:+UseZGC", "-version").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        org.junit.jupiter.api.Assumptions.assumeTrue(probe.waitFor() == 0, "the java on the PATH has no ZGC");
        write("short.mel", "tempo 240; C4/4\n");
        Path launcher = Path.of("").toAbsolutePath().getParent().resolve("midirack");
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "play", "short.mel", "--output", "null",
                "--instrument", "sine", "--tail", "0", "--stats").directory(dir.toFile());
        pb.environment().put("MIDIRACK_NO_BUILD", "1");
        pb.environment().remove("MIDIRACK_JAVA_OPTS");
        pb.environment().remove("MIDIRACK_GC");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertTrue(out.contains(", collector ZGC"), out);
    }

    /**
     * Skips a Ctrl-C test where SIGINT is ignored in this JVM (a run started in the background of a
     * non-interactive shell): every program it starts inherits the ignored signal, and Java then installs
     * no handler, so there is no Ctrl-C to test.
     */
    static void assumeSigintReachesChildren() throws IOException {
        Path status = Path.of("/proc/self/status");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(status), "no /proc/self/status to read SigIgn from");
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                long ignored = Long.parseLong(line.substring(7).trim(), 16);
                org.junit.jupiter.api.Assumptions.assumeTrue((ignored & 2) == 0, "SIGINT is ignored in this JVM"
                        + " (started in the background?): its children inherit that, so Ctrl-C cannot be tested");
            }
        }
    }

    /** A WAV file's format and samples. */
    static final class Wav {
        int formatTag;
        int channels;
        int rate;
        int bits;
        byte[] data;

        static Wav read(Path p) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals("RIFF", tag(b, 0));
            assertEquals("WAVE", tag(b, 8));
            Wav w = new Wav();
            int pos = 12;
            while (pos + 8 <= b.limit()) {
                String id = tag(b, pos);
                int len = b.getInt(pos + 4);
                if (id.equals("fmt ")) {
                    w.formatTag = b.getShort(pos + 8) & 0xFFFF;
                    w.channels = b.getShort(pos + 10);
                    w.rate = b.getInt(pos + 12);
                    w.bits = b.getShort(pos + 22);
                    if (w.formatTag == 0xFFFE) {
                        w.formatTag = b.getShort(pos + 32) & 0xFFFF;
                    }
                } else if (id.equals("data")) {
                    w.data = Arrays.copyOfRange(b.array(), pos + 8, pos + 8 + len);
                }
                pos += 8 + len + (len & 1);
            }
            return w;
        }

        private static String tag(ByteBuffer b, int at) {
            return new String(b.array(), at, 4, StandardCharsets.US_ASCII);
        }

        int frames() {
            return data.length / (channels * bits / 8);
        }

        int peak16() {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            int peak = 0;
            for (int i = 0; i + 1 < data.length; i += 2) {
                peak = Math.max(peak, Math.abs(b.getShort(i)));
            }
            return peak;
        }

        /** Fraction of 100 ms windows whose peak is above -40 dBFS (16-bit). */
        double nonSilentFraction() {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            int window = rate / 10 * channels * 2;
            int windows = 0;
            int loud = 0;
            for (int start = 0; start + window <= data.length; start += window) {
                int peak = 0;
                for (int i = start; i < start + window; i += 2) {
                    peak = Math.max(peak, Math.abs(b.getShort(i)));
                }
                windows++;
                if (peak > 328) {
                    loud++;
                }
            }
            return windows == 0 ? 0 : loud / (double) windows;
        }
    }
}
