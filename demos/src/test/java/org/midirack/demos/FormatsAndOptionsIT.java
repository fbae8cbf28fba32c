package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * render's formats and the options that shape the sound, through the built jar: each format read back by
 * a reader that is not midirack's, --gain as an exact factor, --reverb, --chorus, --polyphony, --fx against
 * the same graph from a saved session, play's position line on a terminal only, and play's report of
 * what went past full scale.
 */
class FormatsAndOptionsIT {

    /** Two seconds at 120 BPM. */
    static final String SONG = "tempo 120\nvoice 1 piano: C4/4 E4/4 G4/4 [C4 E4 G4]/4\n";

    @TempDir
    Path dir;

    private CommandLineIT.Run run(String... args) throws Exception {
        return CommandLineIT.runIn(dir, null, args);
    }

    private void ok(String... args) throws Exception {
        CommandLineIT.Run r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
    }

    private Path song(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** The float samples of a 32-bit float WAV, read through Java Sound. */
    static float[] floats(Path wav) throws Exception {
        try (var in = AudioSystem.getAudioInputStream(wav.toFile())) {
            assertEquals(javax.sound.sampled.AudioFormat.Encoding.PCM_FLOAT, in.getFormat().getEncoding());
            ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] f = new float[b.remaining() / 4];
            b.asFloatBuffer().get(f);
            return f;
        }
    }

    static double rms(float[] stereo, double fromSec, double toSec) {
        int a = (int) (fromSec * 48000) * 2;
        int b = Math.min(stereo.length, (int) (toSec * 48000) * 2);
        double s = 0;
        for (int i = a; i < b; i++) {
            s += stereo[i] * (double) stereo[i];
        }
        return Math.sqrt(s / Math.max(1, b - a));
    }

    /** Runs a tool; skips (fails under -Dmidirack.requireTools=true) when it is not installed. */
    private String tool(String... cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            String msg = cmd[0] + " is not installed: " + e.getMessage();
            if (Boolean.getBoolean("midirack.requireTools")) {
                throw new AssertionError(msg + " but -Dmidirack.requireTools=true", e);
            }
            Assumptions.abort(msg);
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    @Test
    void aiffByItsExtensionReadsBackThroughJavaSound() throws Exception {
        song("s.mel", SONG);
        ok("render", "s.mel", "--out", "s.aiff", "--bits", "24");
        ok("render", "s.mel", "--out", "s.aif");
        ok("render", "s.mel", "--out", "s.wav");
        AudioFileFormat f = AudioSystem.getAudioFileFormat(dir.resolve("s.aiff").toFile());
        assertEquals(AudioFileFormat.Type.AIFF, f.getType());
        assertEquals(24, f.getFormat().getSampleSizeInBits());
        assertEquals(48000f, f.getFormat().getSampleRate());
        assertEquals(2, f.getFormat().getChannels());
        assertEquals(4 * 48000, f.getFrameLength(), "the song and the 2 s tail");
        AudioFileFormat a16 = AudioSystem.getAudioFileFormat(dir.resolve("s.aif").toFile());
        assertEquals(AudioFileFormat.Type.AIFF, a16.getType());
        assertEquals(16, a16.getFormat().getSampleSizeInBits());
        // the 16-bit AIFF holds the 16-bit WAV's samples, big-endian
        byte[] aiff = Files.readAllBytes(dir.resolve("s.aif"));
        byte[] wav = Files.readAllBytes(dir.resolve("s.wav"));
        int n = 4 * 48000 * 4;
        for (int i = 0; i < n; i += 2) {
            int w = wav.length - n + i;
            int a = aiff.length - n + i;
            if (wav[w] != aiff[a + 1] || wav[w + 1] != aiff[a]) {
                throw new AssertionError("sample byte " + i + " differs between the WAV and the AIFF");
            }
        }
    }

    @Test
    void flacByExtensionOrFormatDecodesWithTheFlacToolToTheWavsSamples() throws Exception {
        song("s.mel", SONG);
        ok("render", "s.mel", "--out", "s.wav");
        ok("render", "s.mel", "--out", "s.flac");
        ok("render", "s.mel", "--out", "s.snd", "--format", "flac");
        tool("flac", "--test", "s.flac");
        tool("flac", "--decode", "--silent", "--force", "-o", "d.wav", "s.flac");
        tool("flac", "--decode", "--silent", "--force", "-o", "e.wav", "s.snd");
        assertEquals(List.of("192000", "48000", "2", "16"), tool("metaflac", "--show-total-samples", "--show-sample-rate",
                "--show-channels", "--show-bps", "s.flac").lines().toList());
        byte[] wav = Files.readAllBytes(dir.resolve("s.wav"));
        int n = 192000 * 4;
        byte[] want = java.util.Arrays.copyOfRange(wav, wav.length - n, wav.length);
        for (String d : new String[] {"d.wav", "e.wav"}) {
            byte[] got = Files.readAllBytes(dir.resolve(d));
            assertArrayEquals(want, java.util.Arrays.copyOfRange(got, got.length - n, got.length), d);
        }
    }

    @Test
    void rf64ByFormatCarriesItsSizesInDs64() throws Exception {
        song("s.mel", SONG);
        ok("render", "s.mel", "--out", "s.rf64");
        ok("render", "s.mel", "--out", "t.wav", "--format", "rf64");
        for (String name : new String[] {"s.rf64", "t.wav"}) {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(name))).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals("RF64", new String(b.array(), 0, 4, StandardCharsets.US_ASCII));
            assertEquals("ds64", new String(b.array(), 12, 4, StandardCharsets.US_ASCII));
            assertEquals(b.capacity() - 8, b.getLong(20), name + ": ds64 RIFF size");
            assertEquals(192000L * 4, b.getLong(28), name + ": ds64 data size");
            assertEquals(192000L, b.getLong(36), name + ": ds64 sample count");
        }
    }

    @Test
    void anUnknownExtensionOrBitsTheFormatCannotHoldIsAOneLineUsageError() throws Exception {
        song("s.mel", SONG);
        CommandLineIT.Run r = run("render", "s.mel", "--out", "s.mp3");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("unknown extension '.mp3'"), r.err());
        assertFalse(Files.exists(dir.resolve("s.mp3")));
        CommandLineIT.Run f = run("render", "s.mel", "--out", "s.flac", "--bits", "32f");
        assertEquals(2, f.code(), f.err());
        assertEquals(1, f.errLines().size(), f.err());
        assertTrue(f.err().contains("FLAC holds 16 or 24 bits"), f.err());
        CommandLineIT.Run g = run("render", "s.mel", "--out", "s.wav", "--format", "ogg");
        assertEquals(2, g.code(), g.err());
        assertTrue(g.err().contains("--format must be wav, rf64, aiff or flac, not 'ogg'"), g.err());
        CommandLineIT.Run p = run("render", "s.mel", "--out", "s.wav", "--polyphony", "0");
        assertEquals(2, p.code(), p.err());
        assertEquals(1, p.errLines().size(), p.err());
        assertTrue(p.err().contains("--polyphony must be 1-1024"), p.err());
    }

    @Test
    void gainScalesEverySampleByTenToTheDbOverTwenty() throws Exception {
        song("s.mel", SONG);
        ok("render", "s.mel", "--out", "a.wav", "--bits", "32f");
        ok("render", "s.mel", "--out", "b.wav", "--bits", "32f", "--gain", "-7.5");
        float[] a = floats(dir.resolve("a.wav"));
        float[] b = floats(dir.resolve("b.wav"));
        assertEquals(a.length, b.length);
        float g = (float) Math.pow(10, -7.5 / 20);
        int sounding = 0;
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i] * g, b[i], Math.ulp(a[i] * g), "sample " + i);
            sounding += a[i] != 0 ? 1 : 0;
        }
        assertTrue(sounding > a.length / 4, "the song sounds");
    }

    @Test
    void gainPastFullScaleIsReportedForEveryIntegerFormat() throws Exception {
        song("s.mel", SONG);
        for (String out : new String[] {"c.wav", "c.aiff", "c.flac", "c.rf64"}) {
            CommandLineIT.Run r = run("render", "s.mel", "--out", out, "--gain", "24");
            assertEquals(0, r.code(), r.err());
            List<String> clip = r.errLines().stream().filter(l -> l.startsWith("clipped ")).toList();
            assertEquals(1, clip.size(), out + ": " + r.err());
            assertTrue(clip.get(0).matches("clipped \\d+ samples, peak \\+\\d+\\.\\d dBFS \\(16-bit \\w+;.*"), clip.get(0));
        }
    }

    @Test
    void reverbOffHasNoTailAndDiffersFromOn() throws Exception {
        song("n.mel", "tempo 120\nvoice 1 piano: C4/16 r/1\n");
        ok("render", "n.mel", "--out", "on.wav", "--bits", "32f", "--reverb", "on");
        ok("render", "n.mel", "--out", "off.wav", "--bits", "32f", "--reverb", "off");
        float[] on = floats(dir.resolve("on.wav"));
        float[] off = floats(dir.resolve("off.wav"));
        assertFalse(java.util.Arrays.equals(on, off), "--reverb on and off render the same");
        // the note is released at 0.125 s and its voice has died by 1 s: after that only reverb sounds
        assertEquals(0.0, rms(off, 1.0, 2.0), 0.0, "--reverb off leaves a tail after the voice has died");
        assertTrue(rms(on, 1.0, 2.0) > 1e-5, "--reverb on has no tail: " + rms(on, 1.0, 2.0));
    }

    @Test
    void chorusOnAndOffDifferWhenTheSongSendsToIt() throws Exception {
        // a Standard MIDI File whose channel sends all of its sound to chorus (CC 93 = 127)
        Sequence seq = new Sequence(Sequence.PPQ, 480);
        Track t = seq.createTrack();
        t.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 93, 127), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 60, 100), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, 60, 0), 480));
        MidiSystem.write(seq, 1, dir.resolve("ch.mid").toFile());
        ok("render", "ch.mid", "--out", "on.wav", "--bits", "32f", "--chorus", "on", "--reverb", "off");
        ok("render", "ch.mid", "--out", "off.wav", "--bits", "32f", "--chorus", "off", "--reverb", "off");
        assertFalse(java.util.Arrays.equals(floats(dir.resolve("on.wav")), floats(dir.resolve("off.wav"))),
                "--chorus on and off render the same");
    }

    @Test
    void polyphonyOneDropsTheSecondOfTwoSimultaneousNotes() throws Exception {
        song("two.mel", "tempo 120\nvoice 1 piano: [C4 G4]/2\n");
        song("c.mel", "tempo 120\nvoice 1 piano: C4/2\n");
        song("g.mel", "tempo 120\nvoice 1 piano: G4/2\n");
        for (String n : new String[] {"two", "c", "g"}) {
            ok("render", n + ".mel", "--out", n + "1.wav", "--bits", "32f", "--polyphony", "1", "--reverb", "off");
        }
        ok("render", "two.mel", "--out", "two64.wav", "--bits", "32f", "--reverb", "off");
        float[] two = floats(dir.resolve("two1.wav"));
        assertArrayEquals(floats(dir.resolve("c1.wav")), two, "with one voice, [C4 G4] is C4 alone");
        assertFalse(java.util.Arrays.equals(floats(dir.resolve("g1.wav")), two));
        assertFalse(java.util.Arrays.equals(floats(dir.resolve("two64.wav")), two), "--polyphony 1 changed nothing");
    }

    @Test
    void fxOnRenderIsTheSameGraphAsASessionSavedWithIt() throws Exception {
        song("s.mel", SONG);
        CommandLineIT.Run h = CommandLineIT.runIn(dir, "load s.mel\nsession save fx.session\n", "host", "--instrument",
                "sine", "--fx", "delay", "--output", "null", "--script", "-");
        assertEquals(0, h.code(), h.err());
        ok("render", "--session", "fx.session", "--out", "session.wav");
        ok("render", "s.mel", "--instrument", "sine", "--fx", "delay", "--out", "fx.wav");
        ok("render", "s.mel", "--instrument", "sine", "--out", "dry.wav");
        byte[] fx = Files.readAllBytes(dir.resolve("fx.wav"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("session.wav")), fx, "--fx delay is not the session's graph");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("dry.wav")), fx), "--fx delay changed nothing");
    }

    private static final Pattern POSITION = Pattern.compile("\r(\\d+):(\\d\\d)\\.(\\d) / 0:02\\.0  bar (\\d+)\\.(\\d)");

    @Test
    void playShowsTheEnginePositionOnATerminalOnly() throws Exception {
        song("s.mel", SONG);
        Path script = Path.of("/usr/bin/script");
        Assumptions.assumeTrue(Files.isExecutable(script), "no 'script' (util-linux) to give play a terminal");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = java + " -Djava.awt.headless=true -jar " + CommandLineIT.jar() + " play s.mel --output null";
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "-qec", cmd, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("tty.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("MIDIRACK_AUDIO", "none");
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String tty = Files.readString(dir.resolve("tty.txt"));
        assertEquals(0, p.exitValue(), tty);
        Matcher m = POSITION.matcher(tty);
        List<double[]> seen = new ArrayList<>();
        while (m.find()) {
            double sec = Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3)) / 10.0;
            seen.add(new double[] {sec, Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5))});
        }
        assertTrue(seen.size() >= 8, "position lines over 4 s: " + seen.size() + " in " + tty);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i)[0] >= seen.get(i - 1)[0], "the position went back: " + tty);
            // bar.beat follows the position: 120 BPM, 4/4, so beat = floor(sec * 2)
            long beat = (long) Math.floor(seen.get(i)[0] * 2);
            assertTrue(Math.abs((seen.get(i)[1] - 1) * 4 + seen.get(i)[2] - 1 - beat) <= 1,
                    "bar.beat does not match the time: " + tty);
        }
        assertTrue(seen.get(seen.size() - 1)[0] >= 3.5, "the last position is not near the end (4 s): " + tty);
        assertTrue(tty.matches("(?s).*bar \\d+\\.\\d\\s*\r?\n.*"), "the line is not ended by a newline: " + tty);

        CommandLineIT.Run piped = run("play", "s.mel", "--output", "null");
        assertEquals(0, piped.code(), piped.err());
        assertFalse(piped.out().contains(" bar ") || piped.err().contains(" bar "), "position line when piped: " + piped.out());
    }

    @Test
    void playReportsWhatWentPastFullScaleInOneLineWithThePeak() throws Exception {
        song("s.mel", SONG);
        // reverb on: real time warms Gervill up with chords before it plays; the warm-up reopens Gervill so its
        // reverb keeps no tail of them (before: +13.5 dBFS played against +12.8 rendered)
        CommandLineIT.Run loud = run("play", "s.mel", "--output", "null", "--gain", "24");
        assertEquals(0, loud.code(), loud.err());
        List<String> clip = loud.errLines().stream().filter(l -> l.startsWith("clipped ")).toList();
        assertEquals(1, clip.size(), loud.err());
        Matcher m = Pattern.compile("clipped (\\d+) samples, peak \\+(\\d+\\.\\d) dBFS \\(past full scale the output clips;"
                + " lower --gain\\)").matcher(clip.get(0));
        assertTrue(m.matches(), clip.get(0));
        // the peak is the offline render's at the same gain (the same engine, the same song)
        ok("render", "s.mel", "--out", "loud.wav", "--bits", "32f", "--gain", "24");
        float peak = 0;
        for (float f : floats(dir.resolve("loud.wav"))) {
            peak = Math.max(peak, Math.abs(f));
        }
        assertEquals(String.format(java.util.Locale.ROOT, "%.1f", 20 * Math.log10(peak)), m.group(2));
        CommandLineIT.Run quiet = run("play", "s.mel", "--output", "null");
        assertEquals(0, quiet.code(), quiet.err());
        assertTrue(quiet.errLines().stream().noneMatch(l -> l.startsWith("clipped")), quiet.err());
        assertNotEquals(0, Long.parseLong(m.group(1)));
    }

    @Test
    void playOnJackReportsWhatWentPastFullScale() throws Exception {
        song("s.mel", SONG);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-jar", CommandLineIT.jar().toString(), "play", "s.mel", "--output", "jack",
                "--gain", "12"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("MIDIRACK_AUDIO");
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("err.txt"));
        if (p.exitValue() == 1 && err.contains("no JACK server")) {
            String env = System.getenv("MIDIRACK_REQUIRE_JACK");
            String msg = "no JACK server to play on (" + err.lines().reduce((a, b) -> b).orElse("") + ")";
            if (Boolean.getBoolean("midirack.requireJack") || "1".equals(env) || "true".equalsIgnoreCase(env)) {
                throw new AssertionError("JACK is required but " + msg);
            }
            Assumptions.abort(msg);
        }
        assertEquals(0, p.exitValue(), err);
        assertTrue(Files.readString(dir.resolve("out.txt")).startsWith("playing on JACK"), Files.readString(dir.resolve("out.txt")));
        List<String> clip = err.lines().filter(l -> l.startsWith("clipped ")).toList();
        assertEquals(1, clip.size(), err);
        assertTrue(clip.get(0).matches("clipped [1-9]\\d* samples, peak \\+\\d+\\.\\d dBFS \\(past full scale the output"
                + " clips; lower --gain\\)"), clip.get(0));
    }
}
