package org.midirack.instruments.gervill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GervillEngineTimingTest {

    static final double RATE = 48000;
    static final int B = 32;
    static final GervillSettings DRY = GervillSettings.defaults(RATE).dry();

    @Test
    void defaultBlockIs32FramesAt48k() {
        try (GervillEngine e = GervillEngine.open(GervillSettings.defaults(RATE), 128, B)) {
            assertEquals(32, e.blockFrames());
            assertEquals(1500f, e.controlRate());
            assertEquals(32, (int) (48000f / e.controlRate()));
        }
    }

    @Test
    void controlRateGivesExactBlockAtCommonRates() {
        for (double rate : new double[] {22050, 44100, 48000, 88200, 96000, 192000}) {
            for (int b : new int[] {1, 7, 16, 32, 64, 100, 326, 1024}) {
                float cr = GervillEngine.controlRateFor(rate, b);
                assertEquals(b, (int) ((float) rate / cr), rate + " Hz, B=" + b);
            }
        }
    }

    /**
     * A note-on at frame k sounds from output frame k + latency, at every rate and block size, on every
     * part of a block and seconds into the stream: its first non-zero sample is where raw Gervill's is for
     * a note started on a block's first frame (measured by {@link RawGervill#onsetDelay}), moved to
     * k + latency. The expectation shares nothing with the engine's timestamp arithmetic.
     */
    @Test
    void noteOnSoundsOnItsFrameAtEveryRateAndBlockSize() {
        for (double rate : new double[] {22050, 44100, 48000, 96000, 192000}) {
            for (int b : new int[] {16, 32, 64}) {
                int attack = RawGervill.onsetDelay(rate, b, false, 0, 0, 60, 100);
                GervillSettings s = GervillSettings.defaults(rate).withBlockFrames(b).dry();
                int lat = GervillEngine.requiredLatency(b, false);
                long far = (long) (3 * rate) / b * b; // three seconds in
                for (long base : new long[] {0, 7L * b, far}) {
                    for (int j = 0; j < b; j += base == 7L * b ? 1 : b / 2 - 1) { // every frame of one block
                        long k = base + j;
                        int total = (int) (k + lat + attack + 64);
                        float[][] out = EngineRender.run(s, lat, total, 100, new EngineRender().add(k, 0x90, 60, 100));
                        assertEquals(k + lat + attack, EngineRender.firstNonZero(out[0]), rate + " Hz, B=" + b
                                + ": a note-on at frame " + k + " with latency " + lat + " (raw Gervill's attack "
                                + attack + " frames)");
                    }
                }
            }
        }
    }

    @Test
    void noteOnLandsOnExactFrameForAlignedCycles() {
        int total = 4096;
        float[][] ref = EngineRender.run(DRY, B, total, 128, new EngineRender().add(0, 0x90, 60, 100));
        int attack = RawGervill.onsetDelay(RATE, B, false, 0, 0, 60, 100);
        assertEquals(B + attack, EngineRender.firstNonZero(ref[0]), "a note at frame 0 sounds from the latency B plus "
                + "raw Gervill's attack of " + attack + " frames");
        for (int cycle : new int[] {32, 64, 128, 4096}) {
            for (int k : new int[] {1, 5, 31, 32, 33, 127, 128, 129, 1000, 2047}) {
                float[][] out = EngineRender.run(DRY, B, total, cycle, new EngineRender().add(k, 0x90, 60, 100));
                assertShifted(ref, out, k, "cycle " + cycle + " k " + k);
            }
        }
    }

    @Test
    void noteOnLandsOnExactFrameForAnyCycleLengthWithLatency2BMinus1() {
        int lat = GervillEngine.requiredLatency(B, false);
        assertEquals(63, lat);
        int total = 3000;
        float[][] ref = EngineRender.run(DRY, lat, total, 1, new EngineRender().add(0, 0x90, 64, 90));
        assertEquals(lat + RawGervill.onsetDelay(RATE, B, false, 0, 0, 64, 90), EngineRender.firstNonZero(ref[0]),
                "a note at frame 0 sounds from the latency 2B - 1 plus raw Gervill's attack");
        Random r = new Random(7);
        for (int i = 0; i < 12; i++) {
            int cycle = 1 + r.nextInt(1500);
            int k = r.nextInt(1500);
            float[][] out = EngineRender.run(DRY, lat, total, cycle, new EngineRender().add(k, 0x90, 64, 90));
            assertShifted(ref, out, k, "cycle " + cycle + " k " + k);
        }
    }

    @Test
    void eventAtCycleStartIsLateWithLessThanOneBlockOfLatency() {
        for (int lat : new int[] {0, B - 1}) {
            try (GervillEngine e = GervillEngine.open(DRY, 128, lat)) {
                float[] l = new float[128];
                float[] rr = new float[128];
                e.render(l, rr, 0, 128);
                e.send(0, 0x90, 60, 100);
                e.render(l, rr, 0, 128);
                assertEquals(1, e.lateEvents(), "latency " + lat);
            }
        }
        try (GervillEngine e = GervillEngine.open(DRY, 128, B)) {
            float[] l = new float[128];
            float[] rr = new float[128];
            e.render(l, rr, 0, 128);
            e.send(0, 0x90, 60, 100);
            e.render(l, rr, 0, 128);
            assertEquals(0, e.lateEvents());
        }
    }

    @Test
    void sameEventsGiveBitIdenticalOutputForCycleSizes32To4096() {
        EngineRender script = randomScript(new Random(42), 48000, 60);
        int lat = GervillEngine.requiredLatency(B, false);
        GervillSettings wet = GervillSettings.defaults(RATE).withAutoGainControl(true); // reverb, chorus and limiter on
        float[][] first = EngineRender.run(wet, lat, 48000, 32, script);
        assertTrue(EngineRender.firstNonZero(first[0]) >= 0);
        for (int cycle : new int[] {128, 1000, 4096}) {
            float[][] out = EngineRender.run(wet, lat, 48000, cycle, script);
            assertArrayEquals(first[0], out[0], "left, cycle " + cycle);
            assertArrayEquals(first[1], out[1], "right, cycle " + cycle);
        }
    }

    /**
     * Gervill applies a note-off, bend or controller only at the start of one of its blocks. The engine puts
     * a message at frame k into the block holding Gervill frame k + latency, so it acts exactly from that
     * block's first frame, (k + B) / B * B with latency B: never before the message's own frame, and up to
     * B - 1 frames before k + latency. A bend shows two frames after the block starts (Gervill's pitch
     * change reaches the interpolated samples then, measured at 48 kHz); everything else on the block's
     * first frame.
     */
    @Test
    void otherMessagesActFromTheFirstFrameOfTheirGervillBlock() {
        int total = 8192;
        EngineRender base = new EngineRender().add(0, 0x90, 60, 100).add(0, 0x91, 67, 100);
        float[][] ref = EngineRender.run(DRY, B, total, 128, base);
        int[][] msgs = {{0x80, 60, 0}, {0xE0, 0, 127}, {0xB0, 7, 10}, {0xB0, 123, 0}, {0xB1, 120, 0}};
        for (int[] m : msgs) {
            int shows = m[0] == 0xE0 ? 2 : 0;
            for (int k : new int[] {2000, 2001, 2015, 2016, 2031, 2032, 3333}) {
                EngineRender s = new EngineRender().add(0, 0x90, 60, 100).add(0, 0x91, 67, 100).add(k, m[0], m[1], m[2]);
                float[][] out = EngineRender.run(DRY, B, total, 128, s);
                int f = EngineRender.firstDifference(ref[0], out[0]);
                int fr = EngineRender.firstDifference(ref[1], out[1]);
                int first = f < 0 ? fr : fr < 0 ? f : Math.min(f, fr);
                int blockStart = (k + B) / B * B;
                assertEquals(blockStart + shows, first, String.format(
                        "message %02X %d %d at frame %d (latency %d, Gervill block starting at %d)", m[0], m[1], m[2], k, B, blockStart));
                assertTrue(first > k, "never before its own frame");
            }
        }
    }

    @Test
    void programChangeAppliesToANoteOnTheSameFrame() {
        for (int k : new int[] {2000, 2017, 2047}) {
            EngineRender early = new EngineRender().add(0, 0xC2, 40, 0).add(k, 0x92, 60, 100);
            EngineRender same = new EngineRender().add(k, 0xC2, 40, 0).add(k, 0x92, 60, 100);
            EngineRender none = new EngineRender().add(k, 0x92, 60, 100);
            float[][] a = EngineRender.run(DRY, B, 6000, 128, early);
            float[][] b = EngineRender.run(DRY, B, 6000, 128, same);
            float[][] c = EngineRender.run(DRY, B, 6000, 128, none);
            assertArrayEquals(a[0], b[0], "k " + k);
            int diff = EngineRender.firstDifference(a[0], c[0]);
            assertTrue(diff >= k, "program 40 must sound different from program 0 from frame " + k + ": " + diff);
        }
    }

    static EngineRender randomScript(Random r, int frames, int notes) {
        EngineRender s = new EngineRender();
        s.add(0, 0xC1, 48, 0);
        for (int i = 0; i < notes; i++) {
            int ch = r.nextInt(3);
            int note = 40 + r.nextInt(40);
            long on = r.nextInt(frames - 4000);
            s.add(on, 0x90 | ch, note, 30 + r.nextInt(97));
            s.add(on + 200 + r.nextInt(3000), 0x80 | ch, note, 0);
            if (r.nextInt(4) == 0) {
                s.add(on + r.nextInt(1000), 0xE0 | ch, r.nextInt(128), r.nextInt(128));
            }
            if (r.nextInt(4) == 0) {
                s.add(on + r.nextInt(1000), 0xB0 | ch, 1, r.nextInt(128));
            }
        }
        return s;
    }

    /** out must be silent before k and equal ref shifted by k, bit for bit. */
    static void assertShifted(float[][] ref, float[][] out, int k, String what) {
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < k; i++) {
                assertEquals(0f, out[c][i], what + ": sound before the note at frame " + i);
            }
            for (int i = k; i < out[c].length; i++) {
                if (Float.floatToRawIntBits(out[c][i]) != Float.floatToRawIntBits(ref[c][i - k])) {
                    throw new AssertionError(what + ": channel " + c + " frame " + i + " is " + out[c][i]
                            + ", reference shifted by " + k + " is " + ref[c][i - k]);
                }
            }
        }
    }
}
