package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import javax.sound.midi.MidiSystem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.demos.CommandLineIT.Run;
import org.midirack.demos.CommandLineIT.Wav;

/**
 * What the user hears from the built jar: nothing the song did not ask for (the drum machine's pattern is
 * off unless asked for), a render that ends when its sound has died away, no hidden clamp in 32-bit float,
 * and clipping in an integer format counted and reported in one line.
 */
class SoundIT {

    /** -96 dBFS: below half a 16-bit step. */
    static final double SILENCE = 1.0 / 65536;

    /** Two seconds at 120 BPM (four quarter notes, the last a chord). */
    static final String SONG = CommandLineIT.SONG;

    /** One bar at 120 BPM (2 s) of three ten-note chords at fff on the piano: far louder than full scale. */
    static final String LOUD = "tempo 120\n"
            + "voice 1 piano:\n  fff [C3 E3 G3 C4 E4 G4 C5 E5 G5 C6]/1 |\n"
            + "voice 2 piano:\n  fff [C3 E3 G3 C4 E4 G4 C5 E5 G5 C6]/1 |\n"
            + "voice 3 piano:\n  fff [C3 E3 G3 C4 E4 G4 C5 E5 G5 C6]/1 |\n";

    @TempDir
    Path dir;

    Run run(String stdin, String... args) throws Exception {
        return CommandLineIT.runIn(dir, stdin, args);
    }

    /** Every sample (all channels, interleaved) as a float in [-1, 1] (16-bit) or as written (32-bit float). */
    static float[] samples(Wav w) {
        ByteBuffer b = ByteBuffer.wrap(w.data).order(ByteOrder.LITTLE_ENDIAN);
        float[] s = new float[w.data.length / (w.bits / 8)];
        for (int i = 0; i < s.length; i++) {
            if (w.formatTag == 3) {
                s[i] = b.getFloat(4 * i);
            } else {
                assertEquals(16, w.bits);
                s[i] = b.getShort(2 * i) / 32768f;
            }
        }
        return s;
    }

    /** The largest magnitude from frame {@code from} on. */
    static double peakFrom(Wav w, long from) {
        float[] s = samples(w);
        double p = 0;
        for (long i = from * w.channels; i < s.length; i++) {
            p = Math.max(p, Math.abs(s[(int) i]));
        }
        return p;
    }

    /** A session saved by the host with the options' graph (the sine and the drum machine), with these commands first. */
    Path hostSession(String name, String commands) throws Exception {
        Run h = run(commands + "session save " + name + "\nquit\n", "host", "--interactive", "--instrument", "sine", "--output", "null");
        assertEquals(0, h.code(), h.out() + h.err());
        assertTrue(h.out().contains("nodes: 1 sine, 2 drums"), "the host's graph has the drum machine: " + h.out());
        return dir.resolve(name);
    }

    @Test
    void aShortSongWithTheDrumMachineRendersSilenceAfterTheSong() throws Exception {
        Files.writeString(dir.resolve("a.mel"), SONG);
        hostSession("s.session", "load a.mel\n");
        Run r = run(null, "render", "--session", "s.session", "--out", "s.wav", "--bits", "32f", "--tail", "2");
        assertEquals(0, r.code(), r.err());
        Wav w = Wav.read(dir.resolve("s.wav"));
        assertEquals(4 * 48000, w.frames(), "2 s of song and the 2 s tail asked for");
        assertTrue(peakFrom(w, 0) > 0.05, "the song sounds");
        // the sine's chord ends at 2 s and releases within a second; nothing else was asked for
        double after = peakFrom(w, 3 * 48000);
        assertTrue(after < SILENCE, "silence from 1 s after the song's end, but the peak is "
                + String.format(Locale.ROOT, "%.1f dBFS", 20 * Math.log10(after)));
    }

    @Test
    void anEmptySessionRendersSilence() throws Exception {
        hostSession("e.session", "");
        Run r = run(null, "render", "--session", "e.session", "--out", "e.wav", "--bits", "32f", "--tail", "2");
        assertEquals(0, r.code(), r.err());
        Wav w = Wav.read(dir.resolve("e.wav"));
        assertEquals(2 * 48000, w.frames());
        double p = peakFrom(w, 0);
        assertTrue(p == 0, "no song: nothing to hear, but the peak is "
                + String.format(Locale.ROOT, "%.1f dBFS", 20 * Math.log10(p)));
    }

    @Test
    void theDemoEndsWhenItsSoundHasDiedAwayAfterTheSong() throws Exception {
        Run r = run(null, "demo");
        assertEquals(0, r.code(), r.err());
        Wav w = Wav.read(dir.resolve("midirack-demo.wav"));
        // the song's length as Java Sound reads the bundled script converted to a Standard MIDI File
        Run c = run(null, "convert", Path.of("melodies", "demo.mel").toAbsolutePath().toString(), "demo.mid");
        assertEquals(0, c.code(), c.err());
        double song = MidiSystem.getSequence(dir.resolve("demo.mid").toFile()).getMicrosecondLength() / 1e6;
        double length = w.frames() / (double) w.rate;
        assertTrue(length >= song, "the whole song (" + song + " s): " + length + " s");
        // its release: Gervill's and the drum machine's voices die away in a few seconds (the drum machine
        // names 4 s), then a second of silence ends the file
        assertTrue(length <= song + 4 + 1 + 0.1, "ends within the release tail after the song's " + song
                + " s: " + length + " s");
        double last = peakFrom(w, w.frames() - w.rate);
        assertTrue(last < SILENCE, "the last second is silence, not cut mid-sound: peak "
                + String.format(Locale.ROOT, "%.1f dBFS", 20 * Math.log10(last)));
    }

    @Test
    void aLoudChordKeepsItsPeaksIn32BitFloatAnd16BitCountsWhatItClips() throws Exception {
        Files.writeString(dir.resolve("loud.mel"), LOUD);
        Run f = run(null, "render", "loud.mel", "--out", "loud32.wav", "--bits", "32f");
        assertEquals(0, f.code(), f.err());
        assertEquals("", f.err(), "32-bit float clips nothing: no clipping line");
        float[] s = samples(Wav.read(dir.resolve("loud32.wav")));
        long above99 = 0;
        long above1 = 0;
        double peak = 0;
        for (float x : s) {
            double a = Math.abs(x);
            above99 += a > 0.99 ? 1 : 0;
            above1 += a > 1.0 ? 1 : 0;
            peak = Math.max(peak, a);
        }
        assertTrue(above99 > 0 && peak > 1.0, "no clamp at 0.99: " + above99 + " samples above 0.99, peak " + peak);

        Run i = run(null, "render", "loud.mel", "--out", "loud16.wav");
        assertEquals(0, i.code(), i.err());
        String expected = String.format(Locale.ROOT, "clipped %d samples, peak %+.1f dBFS", above1,
                20 * Math.log10(peak));
        assertEquals(1, i.errLines().size(), "one line: " + i.err());
        assertTrue(i.err().startsWith(expected), "expected '" + expected + "...', got: " + i.err());
        // the 16-bit file holds full scale where the float render went beyond it
        float[] q = samples(Wav.read(dir.resolve("loud16.wav")));
        long full = 0;
        for (float x : q) {
            full += Math.abs(x) >= 32767 / 32768f ? 1 : 0;
        }
        assertTrue(full >= above1, full + " samples at full scale, " + above1 + " clipped");
    }
}
