package org.midirack.effects;

import org.midirack.core.hosting.OfflineRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DelayTempoSyncTest {
    private static float[][] impulse(int frames, int at, float amp) {
        float[][] s = new float[2][frames];
        s[0][at] = amp;
        s[1][at] = amp;
        return s;
    }

    private static int argMax(float[] a, int from, int to) {
        int best = from;
        for (int i = from; i < to; i++) {
            if (Math.abs(a[i]) > Math.abs(a[best])) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void impulseResponsePeaksAtTheBeatDerivedFrame() {
        DelayTempoSync d = new DelayTempoSync();
        d.parameters().set("time", NoteValues.indexOf("1/8D"));
        d.parameters().set("feedback", 0.5);
        d.parameters().set("mix", 1.0);
        try (OfflineRenderer r = new OfflineRenderer(d, 48000, 128)) {
            r.input(impulse(60000, 100, 1f));
            r.tempo(100).play(0);
            float[][] out = r.render(60000, 128);
            // dotted eighth = 0.75 beat; at 100 BPM a beat is 28800 frames: 21600 frames
            for (int c = 0; c < 2; c++) {
                assertEquals(100 + 21600, argMax(out[c], 0, 30000), "first echo, channel " + c);
                assertEquals(1.0f, out[c][21700], "mix 1: the whole impulse, delayed");
                assertEquals(0.5f, out[c][100 + 43200], 1e-6f, "second echo scaled by the feedback");
                assertEquals(0f, out[c][100], "no dry signal at mix 1");
            }
        }
    }

    @Test
    void timeFollowsHostTempo() {
        DelayTempoSync d = new DelayTempoSync();
        d.parameters().set("mix", 1.0);
        d.parameters().set("feedback", 0);
        try (OfflineRenderer r = new OfflineRenderer(d, 44100, 256)) {
            r.input(impulse(30000, 0, 1f));
            r.tempo(147).play(0);
            float[][] out = r.render(30000, 256);
            // eighth at 147 BPM, 44.1 kHz: 0.5 * 60 * 44100 / 147 = 9000 frames exactly
            assertEquals(9000, argMax(out[0], 0, 30000));
            assertEquals(1.0f, out[0][9000]);
        }
    }

    @Test
    void afterResetTheDelayTakesTheNewTempoAtOnceWithoutGlidingFromTheOld() {
        DelayTempoSync d = new DelayTempoSync();
        d.parameters().set("time", NoteValues.indexOf("1/32T"));
        d.parameters().set("mix", 1.0);
        d.parameters().set("feedback", 0);
        try (OfflineRenderer r = new OfflineRenderer(d, 48000, 128)) {
            float[][] in = impulse(4800 + 6000, 100, 1f);
            in[0][4800] = in[1][4800] = 1f;
            r.input(in);
            r.tempo(150).play(0);
            r.render(4800, 128); // 1/32T at 150 BPM: 1600 frames
            d.reset(); // as a warm-up ends: the next cycle must be what a fresh node plays
            r.tempo(120);
            float[][] out = r.render(6000, 128);
            // 1/32 triplet = 1/12 beat; at 120 BPM a beat is 24000 frames: 2000 frames, at once (no 50 ms glide)
            for (int c = 0; c < 2; c++) {
                assertEquals(2000, argMax(out[c], 0, 6000), "the echo's frame, channel " + c);
                assertEquals(1.0f, out[c][2000], "the whole impulse on that frame, channel " + c);
            }
        }
    }

    @Test
    void controllerSetsMixOnItsFrame() {
        DelayTempoSync d = new DelayTempoSync();
        d.parameters().set("feedback", 0);
        d.parameters().set("mix", 0);
        try (OfflineRenderer r = new OfflineRenderer(d, 48000, 128)) {
            r.input(impulse(40000, 1000, 1f));
            r.schedule(5000, 0xB0, 22, 127);   // ccMix: mix -> 1, ramped over 20 ms (960 frames)
            r.tempo(120).play(0);
            float[][] out = r.render(40000, 128);
            assertEquals(1.0f, out[0][1000], "dry at mix 0");
            assertEquals(1.0f, out[0][13000], 1e-6f, "wet at mix 1 after the ramp");
            assertEquals(1.0, d.parameters().get("mix"), 0.0, "the controller moved the parameter itself");
        }
    }

    @Test
    void allSoundOffClearsTheLineOnItsFrame() {
        DelayTempoSync d = new DelayTempoSync();
        d.parameters().set("mix", 1.0);
        d.parameters().set("feedback", 0.9);
        try (OfflineRenderer r = new OfflineRenderer(d, 48000, 128)) {
            r.input(impulse(48000, 0, 1f));
            r.schedule(12001, 0xB0, 120, 0);
            r.tempo(120).play(0);
            float[][] out = r.render(48000, 128);
            assertEquals(1.0f, out[0][12000]);
            assertEquals(0.0, org.midirack.core.testkit.Signals.peak(out, 12001, 48000));
        }
    }
}
