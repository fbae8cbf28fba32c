package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code render --threads N} through the built jar: a song's channels spread over several Gervill engines
 * write what one engine writes, to below −100 dBFS; bad values are one-line usage errors.
 */
class RenderThreadsIT {

    /** The bound docs/BENCHMARKS.md and OfflineGervill state: −100 dBFS. */
    static final double BOUND = Math.pow(10, -100 / 20.0);

    @TempDir
    Path dir;

    /**
     * Six channels at 120 bpm (480 ticks a beat): piano chords with the sustain pedal, a bass with pitch bends,
     * strings with a chorus send, an organ that changes program under modulation, drums, and one crowded
     * beat where 30 controllers and 16 note-ons share a tick.
     */
    static Sequence song() throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, 480);
        Track t = seq.createTrack();
        int[][] programs = {{0, 0}, {1, 33}, {2, 48}, {3, 16}, {4, 73}};
        for (int[] p : programs) {
            t.add(ev(0, 0xC0 | p[0], p[1], 0));
        }
        t.add(ev(0, 0xB2, 93, 100));
        for (int beat = 0; beat < 8; beat++) {
            long at = beat * 480L;
            t.add(ev(at, 0xB0, 64, beat % 4 == 0 ? 127 : 0));
            for (int n : new int[] {60, 64, 67}) {
                t.add(ev(at, 0x90, n + beat % 3, 80));
                t.add(ev(at + 400, 0x80, n + beat % 3, 0));
            }
            t.add(ev(at + 5, 0x91, 36 + beat, 100));
            t.add(ev(at + 100, 0xE1, 0, 70 + beat * 5));
            t.add(ev(at + 300, 0xE1, 0, 64));
            t.add(ev(at + 400, 0x81, 36 + beat, 0));
            t.add(ev(at, 0x92, 55 + beat % 2, 70));
            t.add(ev(at + 470, 0x82, 55 + beat % 2, 0));
            t.add(ev(at + 10, 0x93, 48 + beat, 60));
            t.add(ev(at + 60, 0xB3, 1, beat * 15));
            t.add(ev(at + 240, 0x83, 48 + beat, 0));
            t.add(ev(at, 0x99, 36, 110));
            t.add(ev(at + 240, 0x99, 38, 90));
            t.add(ev(at + 120, 0x99, 42, 60));
            if (beat == 4) {
                t.add(ev(at, 0xC3, 19, 0));
            }
        }
        long crowd = 6 * 480L;
        for (int i = 0; i < 30; i++) {
            t.add(ev(crowd, 0xB0 | (i % 5), 11, 90 + i));
        }
        for (int i = 0; i < 16; i++) {
            t.add(ev(crowd, 0x90 | (i % 5), 60 + i, 90));
            t.add(ev(crowd + 300, 0x80 | (i % 5), 60 + i, 0));
        }
        return seq;
    }

    static MidiEvent ev(long tick, int status, int d1, int d2) throws Exception {
        return new MidiEvent(new ShortMessage(status, d1, d2), tick);
    }

    private CommandLineIT.Run run(String... args) throws Exception {
        return CommandLineIT.runIn(dir, null, args);
    }

    @Test
    void twoThreadsWriteWhatOneEngineWritesWithinMinus100Db() throws Exception {
        MidiSystem.write(song(), 1, dir.resolve("song.mid").toFile());
        CommandLineIT.Run one = run("render", "song.mid", "--out", "one.wav", "--bits", "32f", "--threads", "1");
        assertEquals(0, one.code(), one.err());
        assertFalse(one.out().contains("Gervill engines"), one.out());
        CommandLineIT.Run two = run("render", "song.mid", "--out", "two.wav", "--bits", "32f", "--threads", "2",
                "--buffer", "1000");
        assertEquals(0, two.code(), two.err());
        assertTrue(two.out().contains("real time, 2 Gervill engines)"), "the song's channels were spread: " + two.out());
        float[] a = FormatsAndOptionsIT.floats(dir.resolve("one.wav"));
        float[] b = FormatsAndOptionsIT.floats(dir.resolve("two.wav"));
        assertEquals(a.length, b.length);
        double max = 0;
        double peak = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
            peak = Math.max(peak, Math.abs(a[i]));
        }
        System.out.printf("render --threads 2 vs 1: largest difference %.3g, peak %.3f%n", max, peak);
        assertTrue(peak > 0.1, "audible: peak " + peak);
        assertTrue(max < BOUND, "largest difference " + max + " is not below -100 dBFS");
    }

    @Test
    void badThreadCountsAreOneLineUsageErrors() throws Exception {
        Files.writeString(dir.resolve("a.mel"), CommandLineIT.SONG);
        for (String bad : new String[] {"0", "17", "-1"}) {
            CommandLineIT.Run r = run("render", "a.mel", "--out", "x.wav", "--threads", bad);
            assertEquals(2, r.code(), r.err());
            assertEquals(List.of("midirack render: --threads must be 1-16, not " + bad + " (see 'midirack render --help')"),
                    r.errLines());
            assertFalse(Files.exists(dir.resolve("x.wav")));
        }
        CommandLineIT.Run word = run("render", "a.mel", "--out", "x.wav", "--threads", "many");
        assertEquals(2, word.code(), word.err());
        assertEquals(1, word.errLines().size(), word.err());
        assertTrue(word.err().contains("--threads") && word.err().contains("many"), word.err());
        CommandLineIT.Run batch = run("render", "a.mel", "--out-dir", "wav", "--threads", "99");
        assertEquals(2, batch.code(), batch.err());
        assertEquals(List.of("midirack render: --threads must be 1-16, not 99 (see 'midirack render --help')"),
                batch.errLines());
    }
}
