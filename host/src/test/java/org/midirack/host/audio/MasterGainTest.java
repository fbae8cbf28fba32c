package org.midirack.host.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.AllocationMeter;

class MasterGainTest {

    /** 0.1, 0.2, ... 0.8 on the left, negated on the right, every block. */
    static final class Ramp implements AudioRenderer {
        @Override
        public void render(float[][] out, int frames) {
            for (int f = 0; f < frames; f++) {
                out[0][f] = 0.1f * (f % 8 + 1);
                out[1][f] = -0.1f * (f % 8 + 1);
            }
        }
    }

    @Test
    void gainMultipliesEverySampleAndCountsThosePastFullScale() {
        MasterGain g = new MasterGain(new Ramp(), MasterGain.fromDecibels(6));
        float[][] b = new float[2][8];
        g.render(b, 8);
        float factor = (float) Math.pow(10, 6 / 20.0); // 1.9953
        for (int f = 0; f < 8; f++) {
            assertEquals(0.1f * (f + 1) * factor, b[0][f], 0f);
            assertEquals(-0.1f * (f + 1) * factor, b[1][f], 0f);
        }
        // |0.6 * 1.995| = 1.197 > 1 ... 0.8: frames 6..8 on both channels (0.5 * 1.995 = 0.998 is not)
        assertEquals(6, g.clippedSamples());
        assertEquals(0.8f * factor, g.peak(), 0f);
        g.render(b, 8);
        assertEquals(12, g.clippedSamples(), "counts add up over blocks");
    }

    @Test
    void unityGainLeavesSamplesBitForBit() {
        float[][] a = new float[2][8];
        float[][] b = new float[2][8];
        new Ramp().render(a, 8);
        MasterGain g = new MasterGain(new Ramp(), MasterGain.fromDecibels(0));
        g.render(b, 8);
        assertArrayEquals(a[0], b[0]);
        assertArrayEquals(a[1], b[1]);
        assertEquals(0, g.clippedSamples());
    }

    @Test
    void renderingAndCountingAllocateNothing() {
        MasterGain g = new MasterGain(new Ramp(), MasterGain.fromDecibels(12));
        float[][] b = new float[2][128];
        Runnable tenThousandBlocks = () -> {
            for (int i = 0; i < 10_000; i++) {
                g.render(b, 128);
            }
        };
        long[] windows = AllocationMeter.measureWindowsAfterSettling(tenThousandBlocks, 3, 0, 40);
        for (long w : windows) {
            assertEquals(0, w, "bytes allocated by 10,000 blocks");
        }
        assertTrue(g.clippedSamples() > 0);
    }
}
