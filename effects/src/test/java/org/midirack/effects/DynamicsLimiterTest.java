package org.midirack.effects;

import org.midirack.core.hosting.OfflineRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DynamicsLimiterTest {
    @Test
    void latencyEqualsLookaheadAndSignalIsDelayedByIt() {
        DynamicsLimiter l = new DynamicsLimiter();
        l.parameters().set("lookahead", 5);
        try (OfflineRenderer r = new OfflineRenderer(l, 48000, 128)) {
            assertEquals(240, l.latencyFrames(), "5 ms at 48 kHz");
            float[][] in = new float[2][4000];
            in[0][1000] = 0.25f;
            in[1][1000] = -0.25f;
            r.input(in);
            float[][] out = r.render(4000, 128);
            assertEquals(0.25f, out[0][1240], "below the ceiling: unchanged, 240 frames later");
            assertEquals(-0.25f, out[1][1240]);
            assertEquals(0.25, org.midirack.core.testkit.Signals.peak(out, 0, 4000));
        }
        DynamicsLimiter k = new DynamicsLimiter();
        k.parameters().set("lookahead", 2);
        k.activate(44100, 64);
        assertEquals(88, k.latencyFrames(), "round(2 ms * 44100)");
    }

    @Test
    void peakNeverExceedsCeilingWithHotInput() {
        DynamicsLimiter l = new DynamicsLimiter();
        l.parameters().set("gain", 18);
        l.parameters().set("ceiling", -3);
        l.parameters().set("release", 20);
        int frames = 96000;
        float[][] in = new float[2][frames];
        Random rnd = new Random(3);
        for (int i = 0; i < frames; i++) {
            double burst = (i / 4000) % 2 == 0 ? 1 : 0.05;
            in[0][i] = (float) (burst * (0.6 * Math.sin(i * 0.01) + 0.4 * (rnd.nextDouble() * 2 - 1)));
            in[1][i] = (float) (burst * (rnd.nextDouble() * 2 - 1));
        }
        in[0][50000] = 1f; // a lone full-scale spike
        try (OfflineRenderer r = new OfflineRenderer(l, 48000, 128)) {
            r.input(in);
            float[][] out = r.render(frames, new int[] {128, 7, 500});
            float ceil = (float) Math.pow(10, -3 / 20.0);
            double peak = org.midirack.core.testkit.Signals.peak(out, 0, frames);
            assertTrue(peak <= ceil, "peak " + peak + " above ceiling " + ceil);
            assertTrue(peak > 0.9 * ceil, "and the limiter is working near the ceiling: " + peak);
            // the quiet stretches come back to plain gain after the release
            double quiet = Math.abs(out[0][4000 * 3 + 3000 + 240]);
            double expected = Math.abs(in[0][4000 * 3 + 3000] * Math.pow(10, 18 / 20.0));
            assertEquals(expected, quiet, 1e-3 + expected * 0.01);
        }
    }

    /**
     * A ceiling change at frame k acts with the input at k: on a steady 0.5 input the reduction's ramp starts
     * on frame k (a lookahead early, as for a peak arriving at k), reaches the new ceiling on frame k + 240
     * (the latency, when the input at k comes out) and not before; frames before k are untouched.
     */
    @Test
    void ceilingChangeActsWithTheInputAtItsFrame() {
        int total = 14000;
        long k = 12877;
        float[][] with = renderSteady(total, k, -24f);
        float[][] without = renderSteady(total, -1, 0f);
        float ceiling = (float) Math.pow(10, -24 / 20.0);
        for (int i = 0; i < k; i++) {
            assertEquals(without[0][i], with[0][i], "frame " + i + " before the change");
        }
        assertEquals(0.5f, without[0][(int) k], "no limiting without the change");
        assertTrue(with[0][(int) k] < 0.5f, "the reduction starts on frame k: " + with[0][(int) k]);
        assertTrue(with[0][(int) k + 239] > ceiling * 1.01f, "still above the new ceiling a frame before k + latency: "
                + with[0][(int) k + 239]);
        for (int i = (int) k + 240; i < total; i++) {
            assertTrue(with[0][i] <= ceiling, "frame " + i + " from k + latency on: " + with[0][i]);
        }
    }

    private static float[][] renderSteady(int total, long changeFrame, float ceilingDb) {
        DynamicsLimiter l = new DynamicsLimiter();
        try (OfflineRenderer r = new OfflineRenderer(l, 48000, 128)) {
            assertEquals(240, l.latencyFrames());
            float[][] in = new float[2][total];
            java.util.Arrays.fill(in[0], 0.5f);
            java.util.Arrays.fill(in[1], 0.5f);
            r.input(in);
            if (changeFrame >= 0) {
                r.scheduleParam(changeFrame, DynamicsLimiter.P_CEILING, ceilingDb);
            }
            return r.render(total, 128);
        }
    }
}
