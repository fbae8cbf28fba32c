package org.midirack.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.midirack.core.OfflineRenderer;

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
}
