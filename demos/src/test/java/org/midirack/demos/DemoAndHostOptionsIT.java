package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file formats and the sound options on the two commands that did not take them: {@code demo}
 * (whose file is written as {@code render} writes its own, by --format or the extension, --bits) and
 * {@code host} (--gain, --reverb, --chorus, --polyphony at start), through the built jar. Files are read
 * back by Java Sound or by their headers read here by hand, never by midirack's writer.
 */
class DemoAndHostOptionsIT {

    @TempDir
    Path dir;

    private CommandLineIT.Run run(String... args) throws Exception {
        return CommandLineIT.runIn(dir, null, args);
    }

    private void ok(String... args) throws Exception {
        CommandLineIT.Run r = run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
    }

    /** The 16-bit samples of a PCM file (WAV or AIFF) as Java Sound decodes them, interleaved. */
    static int[] pcm16(Path file) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat f = in.getFormat();
            assertEquals(AudioFormat.Encoding.PCM_SIGNED, f.getEncoding());
            assertEquals(16, f.getSampleSizeInBits());
            byte[] b = in.readAllBytes();
            int[] s = new int[b.length / 2];
            for (int i = 0; i < s.length; i++) {
                int lo = f.isBigEndian() ? b[2 * i + 1] & 0xFF : b[2 * i] & 0xFF;
                int hi = f.isBigEndian() ? b[2 * i] : b[2 * i + 1];
                s[i] = hi << 8 | lo;
            }
            return s;
        }
    }

    @Test
    void demoWritesAiffByExtensionAndFlacByFormatHoldingTheWavsAudio() throws Exception {
        ok("demo");
        int[] wav = pcm16(dir.resolve("midirack-demo.wav"));
        assertTrue(wav.length > 40 * 48000 * 2, "the whole song: " + wav.length / 2 + " frames");

        ok("demo", "--out", "d.aif");
        AudioFileFormat a = AudioSystem.getAudioFileFormat(dir.resolve("d.aif").toFile());
        assertEquals(AudioFileFormat.Type.AIFF, a.getType());
        assertEquals(48000f, a.getFormat().getSampleRate());
        assertEquals(2, a.getFormat().getChannels());
        assertArrayEquals(wav, pcm16(dir.resolve("d.aif")), "the AIFF holds the WAV's samples");

        // --format flac names the default file after it; its STREAMINFO read here bit by bit
        CommandLineIT.Run f = run("demo", "--format", "flac", "--bits", "24");
        assertEquals(0, f.code(), f.err());
        Path flac = dir.resolve("midirack-demo.flac");
        assertTrue(f.out().contains("wrote " + flac.toRealPath()), f.out());
        byte[] h = Files.readAllBytes(flac);
        assertEquals("fLaC", new String(h, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0, h[4] & 0x7F, "the first metadata block is STREAMINFO");
        assertEquals(34, (h[5] & 0xFF) << 16 | (h[6] & 0xFF) << 8 | (h[7] & 0xFF));
        long bits = 0;
        for (int i = 18; i < 26; i++) {
            bits = bits << 8 | (h[i] & 0xFF);
        }
        assertEquals(48000, (int) (bits >>> 44), "sample rate");
        assertEquals(2, (int) (bits >>> 41 & 7) + 1, "channels");
        assertEquals(24, (int) (bits >>> 36 & 31) + 1, "bits per sample");
        assertEquals(wav.length / 2, bits & 0xF_FFFF_FFFFL, "frames: the WAV's");
    }

    @Test
    void demoRefusesWhatRenderRefusesWithRendersMessage() throws Exception {
        Files.writeString(dir.resolve("s.mel"), FormatsAndOptionsIT.SONG);
        List<List<String>> bad = List.of(List.of("--out", "x.ogg"), List.of("--format", "ogg"),
                List.of("--format", "aiff", "--bits", "32f"), List.of("--out", "x.flac", "--bits", "32f"),
                List.of("--bits", "8"), List.of("--gain", "60"), List.of("--reverb", "maybe"),
                List.of("--chorus", "1"), List.of("--polyphony", "0"));
        for (List<String> opts : bad) {
            List<String> demo = new ArrayList<>(List.of("demo"));
            demo.addAll(opts);
            List<String> render = new ArrayList<>(List.of("render", "s.mel"));
            if (!opts.contains("--out")) {
                render.addAll(List.of("--out", "r.wav"));
            }
            render.addAll(opts);
            CommandLineIT.Run d = run(demo.toArray(String[]::new));
            CommandLineIT.Run r = run(render.toArray(String[]::new));
            assertEquals(2, r.code(), render + ": " + r.err());
            assertEquals(2, d.code(), demo + ": " + d.err());
            assertEquals(1, d.errLines().size(), d.err());
            assertEquals(r.err().replace("midirack render", "midirack demo"), d.err(), "demo " + opts);
        }
        assertTrue(Files.notExists(dir.resolve("midirack-demo.wav")), "nothing rendered");
    }

    @Test
    void demoGainScalesEverySampleByTenToTheDbOverTwenty() throws Exception {
        ok("demo", "--out", "a.wav");
        ok("demo", "--out", "b.wav", "--gain", "-6");
        int[] a = pcm16(dir.resolve("a.wav"));
        int[] b = pcm16(dir.resolve("b.wav"));
        double g = Math.pow(10, -6 / 20.0);
        int peakA = 0;
        int peakB = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            assertTrue(Math.abs(a[i]) < 32767, "the 0 dB demo does not clip: sample " + i);
            // each file rounds its own sample: at most half a step from the exact value each
            assertTrue(Math.abs(b[i] - g * a[i]) <= 0.5 + 0.5 * g + 1e-9,
                    "sample " + i + ": " + b[i] + " against " + a[i] + " x " + g);
            peakA = Math.max(peakA, Math.abs(a[i]));
            peakB = Math.max(peakB, Math.abs(b[i]));
        }
        assertTrue(peakA > 3000, "loud enough to measure: " + peakA);
        assertEquals(g, peakB / (double) peakA, 1.0 / peakA, "peak ratio");
    }

    @Test
    void demoReverbOffReachesGervill() throws Exception {
        ok("demo", "--out", "on.wav");
        ok("demo", "--out", "off.wav", "--reverb", "off", "--chorus", "off");
        int[] on = pcm16(dir.resolve("on.wav"));
        int[] off = pcm16(dir.resolve("off.wav"));
        int differ = 0;
        for (int i = 0; i < Math.min(on.length, off.length); i++) {
            differ += on[i] != off[i] ? 1 : 0;
        }
        assertTrue(differ > on.length / 4, "reverb and chorus off change most samples: " + differ + " of " + on.length);
    }

    @Test
    void hostTakesTheSoundOptionsAtStart() throws Exception {
        Files.writeString(dir.resolve("s.mel"), FormatsAndOptionsIT.SONG);
        Files.writeString(dir.resolve("go.txt"), "load s.mel\nplay\nwait\nsession save h.session\nquit\n");
        CommandLineIT.Run h = run("host", "--output", "null", "--reverb", "off", "--chorus", "off", "--polyphony", "7",
                "--script", "go.txt");
        assertEquals(0, h.code(), h.err());
        // Gervill was made with the options: its saved state says so
        String session = Files.readString(dir.resolve("h.session"));
        Matcher gervill = Pattern.compile("node\\.(\\d+)\\.id=midirack\\.gervill\n").matcher(session);
        assertTrue(gervill.find(), session);
        String n = "node." + gervill.group(1) + ".data.";
        assertTrue(session.contains(n + "reverb=false\n"), session);
        assertTrue(session.contains(n + "chorus=false\n"), session);
        assertTrue(session.contains(n + "polyphony=7\n"), session);

        // --gain: what went past full scale is reported at the end, with render's peak at the same gain
        // (Gervill's defaults: with --polyphony 7 the voices stolen differ between an offline render and real time)
        CommandLineIT.Run loud = run("host", "--output", "null", "--gain", "24", "--script", "go.txt");
        assertEquals(0, loud.code(), loud.err());
        List<String> clip = loud.errLines().stream().filter(l -> l.startsWith("clipped ")).toList();
        assertEquals(1, clip.size(), loud.err());
        Matcher m = Pattern.compile("clipped [1-9]\\d* samples, peak \\+(\\d+\\.\\d) dBFS \\(past full scale the output"
                + " clips; lower --gain\\)").matcher(clip.get(0));
        assertTrue(m.matches(), clip.get(0));
        ok("render", "s.mel", "--out", "loud.wav", "--bits", "32f", "--gain", "24");
        float peak = 0;
        for (float f : FormatsAndOptionsIT.floats(dir.resolve("loud.wav"))) {
            peak = Math.max(peak, Math.abs(f));
        }
        assertEquals(String.format(Locale.ROOT, "%.1f", 20 * Math.log10(peak)), m.group(1));

        CommandLineIT.Run quiet = run("host", "--output", "null", "--script", "go.txt");
        assertEquals(0, quiet.code(), quiet.err());
        assertTrue(quiet.errLines().stream().noneMatch(l -> l.startsWith("clipped")), quiet.err());
        CommandLineIT.Run withSession = run("host", "--output", "null", "--session", "h.session", "--reverb", "on");
        assertEquals(2, withSession.code(), withSession.err());
        assertEquals(List.of("midirack host: --reverb cannot be given with --session (the session's nodes keep their own"
                + " settings) (see 'midirack host --help')"), withSession.errLines());
        CommandLineIT.Run sine = run("host", "--output", "null", "--instrument", "sine", "--polyphony", "3");
        assertEquals(2, sine.code(), sine.err());
        assertEquals(List.of("midirack host: --polyphony needs --instrument gervill (see 'midirack host --help')"),
                sine.errLines());
    }

    @Test
    void hostReportsWhatANodesGainPushedPastFullScale() throws Exception {
        // issue 13: "clipping after `set 1 gain 12` is silent"
        Files.writeString(dir.resolve("s.mel"), FormatsAndOptionsIT.SONG);
        Files.writeString(dir.resolve("g.txt"), "load s.mel\nset 1 gain 12\nplay\nwait\nsession save g.session\nquit\n");
        CommandLineIT.Run h = run("host", "--output", "null", "--script", "g.txt");
        assertEquals(0, h.code(), h.err());
        List<String> clip = h.errLines().stream().filter(l -> l.startsWith("clipped ")).toList();
        assertEquals(1, clip.size(), h.err());
        Matcher m = Pattern.compile("clipped [1-9]\\d* samples?, peak \\+(\\d+\\.\\d) dBFS \\(past full scale the output"
                + " clips; lower --gain\\)").matcher(clip.get(0));
        assertTrue(m.matches(), clip.get(0));
        // the peak is the one the same session renders in 32-bit float, which keeps it
        ok("render", "--session", "g.session", "--out", "g.wav", "--bits", "32f");
        float peak = 0;
        for (float f : FormatsAndOptionsIT.floats(dir.resolve("g.wav"))) {
            peak = Math.max(peak, Math.abs(f));
        }
        assertTrue(peak > 1, "the session goes past full scale: " + peak);
        assertEquals(String.format(Locale.ROOT, "%.1f", 20 * Math.log10(peak)), m.group(1));
    }
}
