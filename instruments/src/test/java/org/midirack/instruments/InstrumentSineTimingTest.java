package org.midirack.instruments;

import org.midirack.core.hosting.OfflineRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.Signals;

class InstrumentSineTimingTest {

    static float[] render(int total, int[] cycles, long[][] events) {
        try (OfflineRenderer r = new OfflineRenderer(new InstrumentSine(), 48000, 4096)) {
            for (long[] e : events) {
                r.schedule(e[0], (int) e[1], (int) e[2], (int) e[3]);
            }
            return r.render(total, cycles)[0];
        }
    }

    static int firstDifference(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void twoHundredNoteOnsAndOffsLandOnTheirExactFrames() {
        Random rnd = new Random(2024);
        int total = 8000;
        for (int t = 0; t < 200; t++) {
            int[] cycles = {1 + rnd.nextInt(2048), 1 + rnd.nextInt(300), 1 + rnd.nextInt(4096)};
            int on = rnd.nextInt(4000);
            int off = on + 1 + rnd.nextInt(3000);
            int note = 40 + rnd.nextInt(50);
            float[] held = render(total, cycles, new long[][] {{on, 0x90, note, 100}});
            float[] released = render(total, cycles, new long[][] {{on, 0x90, note, 100}, {off, 0x80, note, 0}});
            String what = "trial " + t + " cycles " + java.util.Arrays.toString(cycles);
            assertEquals(on, Signals.firstNonZero(new float[][] {held}), what + ": note-on frame");
            assertEquals(off, firstDifference(held, released), what + ": note-off frame");
        }
    }

    @Test
    void noteIsTheSameSignalWhereverItStarts() {
        float[] ref = render(6000, new int[] {128}, new long[][] {{0, 0x90, 60, 90}, {2000, 0x80, 60, 0}});
        for (int k : new int[] {1, 127, 128, 1001}) {
            float[] out = render(6000 + k, new int[] {7, 1000, 33}, new long[][] {{k, 0x90, 60, 90}, {2000 + k, 0x80, 60, 0}});
            for (int i = 0; i < k; i++) {
                assertEquals(0f, out[i]);
            }
            for (int i = 0; i < 6000; i++) {
                assertEquals(ref[i], out[i + k], "frame " + (i + k) + " for a note at " + k);
            }
        }
    }

    @Test
    void pitchBendActsOnItsExactFrame() {
        for (int k : new int[] {500, 513, 1777}) {
            float[] plain = render(4000, new int[] {64}, new long[][] {{0, 0x90, 60, 90}});
            float[] bent = render(4000, new int[] {64, 1, 999}, new long[][] {{0, 0x90, 60, 90}, {k, 0xE0, 0, 100}});
            assertEquals(k, firstDifference(plain, bent));
        }
    }

    @Test
    void bendRangeParameterSetsSemitones() {
        // full bend up with range 12: note 57 sounds like note 69 = 440 Hz: 440 periods per second
        try (OfflineRenderer r = new OfflineRenderer(new InstrumentSine(), 48000, 256)) {
            r.node().parameters().set("bendRange", 12);
            r.node().parameters().set("attack", 0);
            r.schedule(0, 0xE0, 127, 127).schedule(0, 0x90, 57, 100);
            float[] a = r.render(48000, 256)[0];
            int up = 0;
            for (int i = 1; i < a.length; i++) {
                if (a[i - 1] <= 0 && a[i] > 0) {
                    up++;
                }
            }
            // 8191/8192 of 12 semitones: 439.97 Hz
            assertTrue(up == 439 || up == 440, "periods " + up);
        }
    }

    @Test
    void allSoundOffSilencesOnItsFrameAndNotesOffReleases() {
        float[] a = render(8000, new int[] {100}, new long[][] {{0, 0x90, 60, 90}, {0, 0x91, 64, 90},
                {3000, 0xB0, 120, 0}});
        float[] onlyCh1 = render(8000, new int[] {100}, new long[][] {{0, 0x91, 64, 90}});
        // channel 0's note stops on frame 3000 exactly; channel 1 keeps sounding
        for (int i = 3000; i < 8000; i++) {
            assertEquals(onlyCh1[i], a[i], "frame " + i);
        }
        assertTrue(firstDifference(a, onlyCh1) < 3000);
    }

    @Test
    void sawIsBandLimitedAndDeterministic() {
        try (OfflineRenderer r = new OfflineRenderer(new InstrumentSine(), 48000, 128)) {
            r.node().parameters().set("wave", 1);
            r.schedule(0, 0x90, 100, 127); // 2637 Hz: aliasing would show as large jumps
            float[] a = r.render(4800, 128)[0];
            float[] b;
            try (OfflineRenderer r2 = new OfflineRenderer(new InstrumentSine(), 48000, 1000)) {
                r2.node().parameters().set("wave", 1);
                r2.schedule(0, 0x90, 100, 127);
                b = r2.render(4800, 1000)[0];
            }
            assertEquals(-1, firstDifference(a, b));
            double peak = Signals.peak(new float[][] {a}, 0, a.length);
            assertTrue(peak > 0.05 && peak < 0.5, "peak " + peak);
        }
    }
}
