package org.midirack.instruments.gervill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;

/**
 * A song's channels spread over several Gervill engines render what one engine renders. The expected output
 * always comes from one {@link GervillEngine} fed through its own {@link GervillEngine#send} (the single-engine
 * path), never from the split's code.
 */
class GervillSplitTest {

    static final double RATE = 48000;
    static final int B = 64; // the offline block render uses
    /**
     * Render's offline settings (reverb and chorus on), with 256 voices: the equality holds while the song stays
     * within the polyphony, and this scene needs more than Gervill's 64 at its crowded moment (at 64 one engine
     * steals voices the split keeps: measured 0.5 apart).
     */
    static final GervillSettings SETTINGS = GervillSettings.defaults(RATE).withBlockFrames(B).withMaxPolyphony(256);
    static final int LATENCY = GervillEngine.requiredLatency(B, false);
    static final int TOTAL = (int) (4.5 * RATE);
    static final long RATE_FRAMES = (long) RATE; // one second
    /** The bound the docs state: −100 dBFS. */
    static final double BOUND = Math.pow(10, -100 / 20.0);

    /**
     * Eight channels: piano chords with the sustain pedal, a bass with pitch bends, strings and a flute feeding
     * the chorus (the flute rests for two seconds: an engine of its own would pause its chorus LFO), an organ changing
     * program with modulation and pan, drums; and a crowded moment where 40 controllers and 24 note-ons share
     * one frame, so Gervill pushes the note-ons' microsecond keys; and two SysEx master-volume changes, which every
     * engine must get.
     */
    static EngineRender song() {
        EngineRender s = new EngineRender();
        int beat = (int) (RATE / 4);
        s.add(0, 0xC0, 0, 0).add(0, 0xC1, 33, 0).add(0, 0xC2, 48, 0).add(0, 0xC3, 73, 0).add(0, 0xC4, 16, 0)
                .add(0, 0xC5, 56, 0).add(0, 0xC6, 11, 0);
        s.add(0, 0xB2, 93, 90).add(0, 0xB3, 93, 70).add(0, 0xB4, 10, 20);
        for (int i = 0; i < 16; i++) {
            long t = (long) i * beat + (i % 3) * 7; // off the block grid too
            s.add(t, 0xB0, 64, i % 4 == 0 ? 127 : 0);
            for (int n : new int[] {60, 64, 67, 72}) {
                s.add(t, 0x90, n + i % 5, 80).add(t + beat - 1000, 0x80, n + i % 5, 0);
            }
            s.add(t + 11, 0x91, 36 + i % 7, 100).add(t + beat / 2, 0x81, 36 + i % 7, 0);
            s.add(t + 500, 0xE1, 0, 64 + (i * 9) % 60).add(t + 3000, 0xE1, 0, 64);
            s.add(t + 3, 0x99, 36, 110).add(t + beat / 2 + 5, 0x99, 42, 70).add(t + 2 * 1000, 0x89, 36, 0);
            if (i % 2 == 0) {
                s.add(t + 20, 0x92, 55 + i % 4, 70).add(t + 2 * beat - 200, 0x82, 55 + i % 4, 0);
            }
            if (i < 4 || i >= 12) {
                s.add(t + 40, 0x93, 79, 90).add(t + beat / 2, 0x83, 79, 0); // silent for 2 s between
            }
            s.add(t + 30, 0x94, 48 + i % 12, 60).add(t + beat - 30, 0x84, 48 + i % 12, 0);
            s.add(t + 100, 0xB4, 1, (i * 8) & 0x7F).add(t + 200, 0xB4, 10, (i * 16) & 0x7F);
            if (i == 8) {
                s.add(t, 0xC4, 19, 0);
            }
            s.add(t + 7, 0x95, 62 + i % 3, 90).add(t + beat / 3, 0x85, 62 + i % 3, 0);
        }
        // SysEx acts on every channel: GM2 master volume down to about a half after a second, back after three
        s.addSysex(RATE_FRAMES, 0xF0, 0x7F, 0x7F, 0x04, 0x01, 0x00, 0x40, 0xF7);
        s.addSysex(3 * RATE_FRAMES + 5, 0xF0, 0x7F, 0x7F, 0x04, 0x01, 0x7F, 0x7F, 0xF7);
        // the crowd's Gervill frame (crowd + latency) is the second frame of a block: the 40 controllers take the
        // block's first 40 microsecond keys, so the 24 note-ons after them are pushed into later frames' windows
        long crowd = (13L * beat + LATENCY) / B * B + 1 - LATENCY;
        for (int i = 0; i < 40; i++) {
            s.add(crowd, 0xB0 | (i % 7), 11, 100 + i % 27);
        }
        for (int i = 0; i < 24; i++) {
            s.add(crowd, 0x90 | (i % 7), 60 + i, 90).add(crowd + 4000, 0x80 | (i % 7), 60 + i, 0);
        }
        return s;
    }

    /** The song as a Standard MIDI File sequence (ticks = frames), for the channel plan. */
    static Sequence sequence(EngineRender script) throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, 480);
        Track t = seq.createTrack();
        for (EngineRender.Ev e : script.events) {
            if (e.sysex() != null) {
                continue; // the plan reads channel messages only
            }
            t.add(new MidiEvent(new ShortMessage(e.status(), e.d1(), e.d2()), e.frame()));
        }
        return seq;
    }

    static float[][] single(int cycle) {
        return EngineRender.run(SETTINGS, LATENCY, TOTAL, cycle, song());
    }

    static float[][] split(int engines, int cycle) throws Exception {
        EngineRender script = song();
        try (GervillSplit sp = GervillSplit.open(SETTINGS, cycle, LATENCY, null, SongUse.unknown(),
                GervillChannelPlan.of(sequence(script)), engines)) {
            assertEquals(engines, sp.engineCount(), "engines the song's channels fill");
            float[][] out = script.render(sp, TOTAL, cycle);
            assertEquals(0, sp.lateEvents());
            return out;
        }
    }

    static double maxDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < a[c].length; i++) {
                max = Math.max(max, Math.abs((double) a[c][i] - b[c][i]));
            }
        }
        return max;
    }

    static double peak(float[][] a) {
        double max = 0;
        for (float[] ch : a) {
            for (float v : ch) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    @Test
    void splitRenderEqualsSingleEngineRenderWithin100DbAtCycles128And1000() throws Exception {
        for (int cycle : new int[] {128, 1000}) {
            float[][] one = single(cycle);
            assertTrue(peak(one) > 0.1, "the song is loud enough to compare: peak " + peak(one));
            for (int engines : new int[] {2, 3}) {
                float[][] many = split(engines, cycle);
                double d = maxDifference(one, many);
                System.out.printf("split over %d engines, cycle %d: largest difference %.3g (%.1f dBFS), peak %.3f%n",
                        engines, cycle, d, d == 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(d), peak(one));
                assertTrue(d < BOUND, engines + " engines, cycle " + cycle + ": largest difference " + d
                        + " is not below -100 dBFS (" + BOUND + ")");
            }
        }
    }

    @Test
    void splitRenderIsTheSameForEveryCycleSize() throws Exception {
        float[][] reference = split(3, 128);
        for (int cycle : new int[] {1000, 61, 64, 333}) {
            float[][] other = split(3, cycle);
            assertArrayEquals(reference[0], other[0], "left, cycle " + cycle);
            assertArrayEquals(reference[1], other[1], "right, cycle " + cycle);
        }
    }

    @Test
    void channelsThatFeedTheChorusShareOneEngineAndTheBusiestChannelsSpread() throws Exception {
        EngineRender script = song();
        try (GervillSplit sp = GervillSplit.open(SETTINGS, 128, LATENCY, null, SongUse.unknown(),
                GervillChannelPlan.of(sequence(script)), 3)) {
            assertEquals(sp.engineOf(2), sp.engineOf(3), "strings and flute (CC 93 > 0) on one engine");
            assertNotEquals(sp.engineOf(0), sp.engineOf(9), "piano chords and drums, the busiest, apart");
        }
    }

    @Test
    void aSongOnOneChannelOpensOneEngine() throws Exception {
        EngineRender script = new EngineRender().add(0, 0x90, 60, 100).add(1000, 0x80, 60, 0);
        try (GervillSplit sp = GervillSplit.open(SETTINGS, 128, LATENCY, null, SongUse.unknown(),
                GervillChannelPlan.of(sequence(script)), 4)) {
            assertEquals(1, sp.engineCount());
            assertEquals(0, sp.workerThreads().length);
        }
    }

    @Test
    void closeEndsTheWorkers() throws Exception {
        GervillSplit sp = GervillSplit.open(SETTINGS, 128, LATENCY, null, SongUse.unknown(),
                GervillChannelPlan.of(sequence(song())), 3);
        Thread[] workers = sp.workerThreads();
        assertEquals(2, workers.length);
        for (Thread t : workers) {
            assertTrue(t.isDaemon() && t.getName().startsWith("midirack-gervill-split-"), t.getName());
        }
        sp.render(new float[128], new float[128], 0, 128);
        sp.close();
        for (Thread t : workers) {
            t.join(2000);
            assertTrue(!t.isAlive(), t.getName() + " ended");
        }
    }
}
