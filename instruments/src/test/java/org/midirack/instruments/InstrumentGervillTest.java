package org.midirack.instruments;

import org.midirack.core.hosting.ManyToOneEventFifo;
import org.midirack.core.hosting.NodeRegistry;
import org.midirack.core.hosting.OfflineRenderer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.instruments.gervill.GervillSettings;
import org.midirack.instruments.gervill.RawGervill;
import org.midirack.instruments.gervill.TinySoundfont;

class InstrumentGervillTest {

    static final GervillSettings DRY = GervillSettings.defaults(48000).dry();
    static final int B = 32;

    @TempDir
    Path dir;

    static InstrumentGervill dry(boolean aligned) {
        return new InstrumentGervill(DRY, aligned);
    }

    static int firstNonZero(float[] a, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] != 0f) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void reportsLatencyBForAlignedCyclesAnd2BMinus1Otherwise() {
        assertEquals(B, dry(true).latencyFrames());
        assertEquals(2 * B - 1, dry(false).latencyFrames());
        assertEquals(63, new InstrumentGervill().latencyFrames());
    }

    @Test
    void twoHundredNoteOnsLandExactlyAndNoteOffsOnTheFirstFrameOfTheirGervillBlock() {
        int spacing = 40000; // the organ's release ends well within this (Gervill's All Sound Off spares released voices)
        InstrumentGervill node = dry(false);
        int lat = node.latencyFrames();
        float[] ref;
        float[] held;
        try (OfflineRenderer r = new OfflineRenderer(dry(false), 48000, 4096)) {
            r.schedule(0, 0xC0, 16, 0).schedule(0, 0x90, 60, 100).schedule(4000, 0x80, 60, 0);
            ref = r.render(spacing, 128)[0];
        }
        try (OfflineRenderer r = new OfflineRenderer(dry(false), 48000, 4096)) {
            r.schedule(0, 0xC0, 16, 0).schedule(0, 0x90, 60, 100);
            held = r.render(spacing, 128)[0];
        }
        int onset = firstNonZero(ref, 0);
        int attack = RawGervill.onsetDelay(48000, B, false, 0, 16, 60, 100);
        assertEquals(lat + attack, onset, "the organ note at frame 0 sounds from the latency plus raw Gervill's attack");
        Random rnd = new Random(31);
        int trials = 200;
        long[] on = new long[trials];
        long[] off = new long[trials];
        int[] cycles = new int[97];
        for (int i = 0; i < cycles.length; i++) {
            cycles[i] = 1 + rnd.nextInt(2048);
        }
        float[] out;
        try (OfflineRenderer r = new OfflineRenderer(node, 48000, 4096)) {
            r.schedule(0, 0xC0, 16, 0);
            for (int t = 0; t < trials; t++) {
                on[t] = (long) t * spacing + 1000 + rnd.nextInt(2000);
                off[t] = on[t] + 300 + rnd.nextInt(3000);
                r.schedule(on[t], 0x90, 60, 100);
                r.schedule(off[t], 0x80, 60, 0);
            }
            out = r.render(trials * spacing + 2000, cycles)[0];
            assertEquals(0, node.engine().lateEvents());
        }
        for (int t = 0; t < trials; t++) {
            int s = (int) on[t];
            for (int i = s - 500; i < s + lat; i++) {
                assertEquals(0f, out[i], "trial " + t + ": sound at " + i + " before the note at " + s + " + latency");
            }
            int offRel = (int) (off[t] - on[t]);
            // Gervill applies a note-off where one of its blocks starts: the engine puts it into the block
            // holding frame off + latency (GervillEngineTimingTest). A voice renders its blocks shifted by
            // the frame its note-on started on inside a block, so the release shows that many frames later.
            int offActs = (int) ((off[t] + lat) / B * B + (on[t] + lat) % B - on[t]);
            // the note is the reference note shifted by its frame, bit for bit, until the note-off acts
            for (int i = 0; i < offActs; i++) {
                if (Float.floatToRawIntBits(out[s + i]) != Float.floatToRawIntBits(held[i])) {
                    throw new AssertionError("trial " + t + ": frame " + (s + i) + " (note at " + s + ", off at " + off[t]
                            + ") is " + out[s + i] + ", reference " + held[i]);
                }
            }
            // and from there on it differs: the release starts
            int first = -1;
            for (int i = 0; i < spacing - 4000; i++) { // the held reference and the trial part at the note-off
                if (Float.floatToRawIntBits(out[s + i]) != Float.floatToRawIntBits(held[i])) {
                    first = i;
                    break;
                }
            }
            assertEquals(offActs, first, "trial " + t + ": note-off at +" + offRel + " with latency " + lat
                    + " acts from the Gervill block holding +" + (offRel + lat) + ", shifted as the voice is");
            assertTrue(first > offRel, "trial " + t + ": a note-off never acts before its own frame");
        }
        assertNotEquals(-1, onset);
    }

    @Test
    void noteOnExactForCycleSizesFrom1To8192() {
        float[] ref;
        try (OfflineRenderer r = new OfflineRenderer(dry(false), 48000, 8192)) {
            r.schedule(0, 0x90, 72, 90);
            ref = r.render(30000, 8192)[0];
        }
        int[][] splits = {{1}, {8192}, {8191, 1, 2}, {5000, 3, 8192}, {63, 64, 65}};
        for (int[] split : splits) {
            for (int k : new int[] {8191, 8192, 10000}) {
                float[] out;
                try (OfflineRenderer r = new OfflineRenderer(dry(false), 48000, 8192)) {
                    r.schedule(k, 0x90, 72, 90);
                    out = r.render(30000 + k, split)[0];
                }
                for (int i = 0; i < k; i++) {
                    assertEquals(0f, out[i]);
                }
                for (int i = 0; i < 30000; i++) {
                    if (Float.floatToRawIntBits(out[k + i]) != Float.floatToRawIntBits(ref[i])) {
                        throw new AssertionError("split " + java.util.Arrays.toString(split) + ", note at " + k
                                + ": frame " + (k + i) + " is " + out[k + i] + ", reference " + ref[i]);
                    }
                }
            }
        }
    }

    @Test
    void bitIdenticalForCycleSizes32To4096() {
        float[][] first = null;
        for (int cycle : new int[] {32, 128, 1000, 4096}) {
            try (OfflineRenderer r = new OfflineRenderer(new InstrumentGervill(), 48000, 4096)) {
                Random rnd = new Random(3);
                r.schedule(0, 0xC1, 24, 0);
                for (int k = 0; k < 40; k++) {
                    int ch = rnd.nextInt(3);
                    int note = 40 + rnd.nextInt(40);
                    long at = rnd.nextInt(40000);
                    r.schedule(at, 0x90 | ch, note, 40 + rnd.nextInt(80));
                    r.schedule(at + 100 + rnd.nextInt(5000), 0x80 | ch, note, 0);
                    r.schedule(at + rnd.nextInt(3000), 0xE0 | ch, rnd.nextInt(128), rnd.nextInt(128));
                    r.schedule(at + rnd.nextInt(3000), 0xB0 | ch, 1, rnd.nextInt(128));
                }
                float[][] a = r.render(48000, cycle);
                if (first == null) {
                    first = a;
                    assertTrue(firstNonZero(a[0], 0) > 0);
                } else {
                    assertArrayEquals(first[0], a[0], "left, cycle " + cycle);
                    assertArrayEquals(first[1], a[1], "right, cycle " + cycle);
                }
            }
        }
    }

    @Test
    void unorderedAndCarriedEventsGiveTheSameOutput() {
        float[] ordered;
        try (OfflineRenderer r = new OfflineRenderer(dry(false), 48000, 256)) {
            r.schedule(700, 0x90, 60, 100).schedule(1500, 0x90, 64, 100).schedule(1800, 0x80, 60, 0);
            ordered = r.render(6000, 256)[0];
        }
        float[] shuffled;
        try (OfflineRenderer r = new OfflineRenderer(dry(false), 48000, 256)) {
            ManyToOneEventFifo fifo = r.fifo();
            // all offered at once, out of order, far beyond the first 256-frame cycle: carried
            fifo.offer(1800, 0x80, 60, 0);
            fifo.offer(1500, 0x90, 64, 100);
            fifo.offer(700, 0x90, 60, 100);
            shuffled = r.render(6000, 256)[0];
            assertTrue(fifo.carried() > 0);
        }
        assertArrayEquals(ordered, shuffled);
    }

    /**
     * A thousand gain changes in one 128-frame cycle (several per frame): none is lost, so the ramp ends
     * on the last one; from the end of its 10 ms ramp the output is bit for bit that of a single change to
     * the same value on the same frame.
     */
    @Test
    void aThousandGainChangesInOneCycleEndOnTheLast() {
        int cycle = 128;
        long at = 40L * cycle;
        float[][] many;
        float[][] one;
        try (OfflineRenderer r = new OfflineRenderer(dry(false), 48000, cycle)) {
            r.schedule(0, 0xC0, 16, 0).schedule(0, 0x90, 60, 100);
            for (int i = 0; i < 999; i++) {
                r.scheduleParam(at + i * cycle / 1000, InstrumentGervill.P_GAIN, i % 2 == 0 ? 6f : -30f);
            }
            r.scheduleParam(at + cycle - 1, InstrumentGervill.P_GAIN, -12f);
            many = r.render(60 * cycle, cycle);
            assertEquals(0, r.fifo().dropped(), "the FIFO took all of them");
        }
        try (OfflineRenderer r = new OfflineRenderer(dry(false), 48000, cycle)) {
            r.schedule(0, 0xC0, 16, 0).schedule(0, 0x90, 60, 100);
            r.scheduleParam(at + cycle - 1, InstrumentGervill.P_GAIN, -12f);
            one = r.render(60 * cycle, cycle);
        }
        int rampEnd = (int) (at + cycle - 1 + new InstrumentGervill(DRY, false).latencyFrames() + 480); // acts at k + latency
        assertTrue(firstNonZero(one[0], rampEnd) >= 0, "the note sounds after the ramp");
        for (int c = 0; c < 2; c++) {
            assertArrayEquals(java.util.Arrays.copyOfRange(one[c], rampEnd, one[c].length),
                    java.util.Arrays.copyOfRange(many[c], rampEnd, many[c].length), "channel " + c);
        }
    }

    @Test
    void mpeMemberChannelsBendIndependentlyWith48SemitoneRange() throws IOException {
        Path bank = TinySoundfont.write(dir.resolve("square.sf2"));
        GervillSettings s = DRY.withSoundbank(bank).withLoadDefaultBank(false);
        int up12 = 8192 + 8192 * 12 / 48;   // +12 semitones at a 48-semitone range
        int down12 = 8192 - 8192 * 12 / 48; // -12
        float[] a = mpe(s, new int[][] {{0xE1, up12}}, new int[][] {{0x91, 60}});
        float[] b = mpe(s, new int[][] {{0xE2, down12}}, new int[][] {{0x92, 60}});
        float[] both = mpe(s, new int[][] {{0xE1, up12}, {0xE2, down12}}, new int[][] {{0x91, 60}, {0x92, 60}});
        for (int i = 0; i < both.length; i++) {
            assertEquals(a[i] + b[i], both[i], 1e-6, "frame " + i + ": the two bent notes do not mix independently");
        }
        float[] plain72 = mpe(s, new int[0][], new int[][] {{0x95, 72}});
        float[] plain48 = mpe(s, new int[0][], new int[][] {{0x96, 48}});
        int ca = crossings(a);
        int cb = crossings(b);
        assertTrue(Math.abs(ca - crossings(plain72)) <= 2, "note 60 bent +12 sounds like note 72: " + ca + " vs " + crossings(plain72));
        assertTrue(Math.abs(cb - crossings(plain48)) <= 2, "note 60 bent -12 sounds like note 48: " + cb + " vs " + crossings(plain48));
        assertTrue(ca > 3 * cb, "the two notes are two octaves apart: " + ca + " vs " + cb);
        // the manager channel keeps the GM range of 2 semitones: a full bend up is 2 semitones, not 48
        float[] mgr = mpe(s, new int[][] {{0xE0, 16383}}, new int[][] {{0x90, 60}});
        float[] plain62 = mpe(s, new int[0][], new int[][] {{0x97, 62}});
        assertTrue(Math.abs(crossings(mgr) - crossings(plain62)) <= 2, crossings(mgr) + " vs " + crossings(plain62));
    }

    static float[] mpe(GervillSettings s, int[][] bends, int[][] notes) {
        InstrumentGervill node = new InstrumentGervill(s, false);
        node.parameters().set("mpeMembers", 15);
        try (OfflineRenderer r = new OfflineRenderer(node, 48000, 256)) {
            for (int[] b : bends) {
                r.schedule(100, b[0], b[1] & 127, b[1] >> 7);
            }
            for (int[] n : notes) {
                r.schedule(200, n[0], n[1], 100);
            }
            return r.render(24000, 256)[0];
        }
    }

    static int crossings(float[] a) {
        int n = 0;
        for (int i = 12000; i < a.length; i++) {
            if (a[i - 1] < 0 && a[i] >= 0) {
                n++;
            }
        }
        return n;
    }

    @Test
    void sysexGmResetAndTuningReachGervill() {
        // MIDI Tuning Standard single-note tuning change (real time): note 69 retuned to note 81 (an octave up)
        byte[] mts = {(byte) 0xF0, 0x7F, 0x7F, 0x08, 0x02, 0x00, 0x01, 69, 81, 0x00, 0x00, (byte) 0xF7};
        float[] tuned = sysexRender(mts);
        float[] plain = sysexRender(null);
        float[] octave;
        try (OfflineRenderer r = new OfflineRenderer(dry(false), 48000, 256)) {
            r.schedule(200, 0x90, 81, 100);
            octave = r.render(24000, 256)[0];
        }
        assertNotEquals(crossings(plain), crossings(tuned), "the tuning message changed the pitch");
        assertTrue(Math.abs(crossings(tuned) - crossings(octave)) <= 3, crossings(tuned) + " vs " + crossings(octave));
        // GM reset (F0 7E 7F 09 01 F7) is accepted and the synth keeps playing
        float[] afterReset = sysexRender(new byte[] {(byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7});
        assertTrue(firstNonZero(afterReset, 0) > 0);
    }

    static float[] sysexRender(byte[] sysex) {
        InstrumentGervill node = dry(false);
        try (OfflineRenderer r = new OfflineRenderer(node, 48000, 256)) {
            if (sysex != null) {
                assertTrue(node.sysex(sysex, 10));
            }
            // select tuning program 0 (RPN 3) so the channel follows the tuning the MTS message changes
            r.schedule(0, 0xB0, 101, 0).schedule(0, 0xB0, 100, 3).schedule(0, 0xB0, 6, 0).schedule(0, 0xB0, 38, 0);
            r.schedule(200, 0x90, 69, 100);
            return r.render(24000, 256)[0];
        }
    }

    @Test
    void malformedSysexIsRefused() {
        InstrumentGervill node = dry(false);
        assertEquals(false, node.sysex(new byte[] {0x7E, 0x01}, 0));
        assertEquals(false, node.sysex(new byte[] {(byte) 0xF0, 0x01}, 0));
        assertEquals(false, node.sysex(null, 0));
    }

    @Test
    void badBankFailsAtActivationNamingTheFileAndStaysInactive() throws IOException {
        Path junk = dir.resolve("broken.sf2");
        Files.write(junk, new byte[] {'R', 'I', 'F', 'F', 1, 2, 3});
        InstrumentGervill node = new InstrumentGervill(DRY.withSoundbank(junk), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> node.activate(48000, 128));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
        assertEquals(false, node.isActive());
        InstrumentGervill missing = new InstrumentGervill(DRY.withSoundbank(dir.resolve("gone.dls")), false);
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> missing.activate(48000, 128));
        assertTrue(m.getMessage().contains("gone.dls") && m.getMessage().contains("does not exist"), m.getMessage());
    }

    @Test
    void registeredThroughTheNodeFactorySpi() {
        NodeRegistry reg = NodeRegistry.load();
        assertTrue(reg.create(InstrumentGervill.ID) instanceof InstrumentGervill);
        assertTrue(reg.create(InstrumentSine.ID) instanceof InstrumentSine);
    }
}
