package org.midirack.effects;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.midirack.core.Node;
import org.midirack.core.hosting.OfflineRenderer;

/**
 * {@code Node.reset} promises that nothing played before it is heard after it: a node that played
 * (a warm-up before a real-time output, as the command line's {@code play} runs) and was reset renders
 * exactly what a fresh node renders, sample for sample. The expected audio is a fresh instance's
 * render of the same input, notes and transport; the node under test first plays something else
 * (other notes, another tempo, loud noise), then is reset and gets the same input.
 */
class ResetLeavesNoStateTest {
    private static final double RATE = 48000;
    private static final int BLOCK = 128;
    private static final int WARM = 9600;
    private static final int FRAMES = 24000;

    private static float[][] noise(int frames, long seed, float amp) {
        Random r = new Random(seed);
        float[][] s = new float[2][frames];
        for (int i = 0; i < frames; i++) {
            float v = (float) ((r.nextDouble() * 2 - 1) * amp * (i % 6000 < 2000 ? 1 : 0.1));
            s[0][i] = v;
            s[1][i] = -v;
        }
        return s;
    }

    /** Notes at frames relative to {@code from}: C5 held over [1000, 5000), E5 over [9000, 15000). */
    private static void notes(OfflineRenderer r, long from, int key1, int key2) {
        r.schedule(from + 1000, 0x90, key1, 100);
        r.schedule(from + 5000, 0x80, key1, 0);
        r.schedule(from + 9000, 0x90, key2, 90);
        r.schedule(from + 15000, 0x80, key2, 0);
    }

    private static void check(String name, Supplier<Node> factory) {
        float[][] test = noise(FRAMES, 7, 0.5f);
        float[][] expected;
        Node fresh = factory.get();
        try (OfflineRenderer r = new OfflineRenderer(fresh, RATE, BLOCK, 1024)) {
            r.input(test);
            notes(r, 0, 72, 76);
            r.tempo(120).play(0);
            expected = r.render(FRAMES, BLOCK);
        }
        float[][] actual;
        Node node = factory.get();
        try (OfflineRenderer r = new OfflineRenderer(node, RATE, BLOCK, 1024)) {
            // the warm-up: other notes (the last one held), another tempo, loud noise, then stopped one cycle
            float[][] warm = noise(WARM, 3, 1.0f);
            int start = WARM + BLOCK;
            float[][] in = new float[2][start + FRAMES];
            for (int c = 0; c < 2; c++) {
                System.arraycopy(warm[c], 0, in[c], 0, WARM);
                System.arraycopy(test[c], 0, in[c], start, FRAMES);
            }
            r.input(in);
            r.schedule(500, 0x90, 48, 127);
            r.schedule(2000, 0x80, 48, 0);
            r.schedule(3000, 0x90, 96, 127);
            notes(r, start, 72, 76);
            r.tempo(150).play(1.3);
            r.render(WARM, BLOCK);
            r.stop();
            r.render(BLOCK, BLOCK);
            node.reset();
            r.tempo(120).play(0);
            actual = r.render(FRAMES, BLOCK);
        }
        assertTrue(peak(expected) > 0.01, name + ": the fresh node's render sounds");
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < FRAMES; i++) {
                if (Float.floatToRawIntBits(expected[c][i]) != Float.floatToRawIntBits(actual[c][i])
                        && !(expected[c][i] == 0 && actual[c][i] == 0)) {
                    fail(name + ": channel " + c + " frame " + i + " after reset: " + actual[c][i]
                            + ", a fresh node: " + expected[c][i]);
                }
            }
        }
    }

    private static double peak(float[][] a) {
        double p = 0;
        for (float[] c : a) {
            for (float v : c) {
                p = Math.max(p, Math.abs(v));
            }
        }
        return p;
    }

    @Test
    void aResetDelayPlaysWhatAFreshOnePlays() {
        check("delay", () -> {
            DelayTempoSync d = new DelayTempoSync();
            d.parameters().set("time", NoteValues.indexOf("1/32T"));
            d.parameters().set("feedback", 0.9);
            d.parameters().set("mix", 0.5);
            d.parameters().set("damping", 0.3);
            return d;
        });
    }

    @Test
    void aResetFilterPlaysWhatAFreshOnePlays() {
        check("filter", () -> {
            FilterStateVariable f = new FilterStateVariable();
            f.parameters().set("keyTrack", 1.0);
            f.parameters().set("envAmount", 3.0);
            f.parameters().set("q", 8.0);
            return f;
        });
    }

    @Test
    void aResetRhythmicGatePlaysWhatAFreshOnePlays() {
        check("gate (rhythm)", () -> {
            GateRhythmic g = new GateRhythmic();
            g.parameters().set("pattern", 0b1010_0110_1100_0101);
            g.parameters().set("ramp", 40);
            return g;
        });
    }

    @Test
    void aResetNoteGatePlaysWhatAFreshOnePlays() {
        check("gate (notes)", () -> {
            GateRhythmic g = new GateRhythmic();
            g.parameters().set("mode", 1);
            g.parameters().set("depth", 0.8);
            g.parameters().set("ramp", 40);
            return g;
        });
    }

    @Test
    void aResetLimiterPlaysWhatAFreshOnePlays() {
        check("limiter", () -> {
            DynamicsLimiter l = new DynamicsLimiter();
            l.parameters().set("gain", 12);
            l.parameters().set("release", 1500);
            return l;
        });
    }
}
