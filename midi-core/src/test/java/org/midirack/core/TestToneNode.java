package org.midirack.core;

import java.util.List;

/**
 * A minimal deterministic instrument used to test the core and the kit itself: one sine voice
 * per key with a 10 ms linear release, and a gain parameter. Not shipped.
 */
final class TestToneNode extends AbstractNode {
    static final NodeDescriptor DESCRIPTOR = new NodeDescriptor("midirack.test.tone", "Test tone",
            NodeKind.INSTRUMENT, "midirack", "1", new int[0], new int[] {2}, false, true,
            List.of(ParamDescriptor.continuous("gain", "Gain", 0, 1, 0.5, "")));

    private final double[] phase = new double[128];
    private final double[] level = new double[128];
    private final boolean[] held = new boolean[128];
    private double release;

    TestToneNode() {
        super(DESCRIPTOR);
    }

    @Override
    protected void onActivate(double sampleRate, int maxFrames) {
        release = 1.0 / (0.01 * sampleRate);
        reset();
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(phase, 0);
        java.util.Arrays.fill(level, 0);
        java.util.Arrays.fill(held, false);
    }

    @Override
    public double tailSeconds() {
        return 0.02;
    }

    @Override
    protected void onMidi(ProcessContext ctx, int frame, int status, int d1, int d2) {
        if (MidiMessages.isNoteOn(status, d2)) {
            held[d1] = true;
            level[d1] = d2 / 127.0;
            phase[d1] = 0;
        } else if (MidiMessages.isNoteOff(status, d2)) {
            held[d1] = false;
        } else if ((status & 0xF0) == 0xB0 && (d1 == 120 || d1 == 123)) {
            java.util.Arrays.fill(held, false);
            if (d1 == 120) {
                java.util.Arrays.fill(level, 0);
            }
        }
    }

    @Override
    protected void render(ProcessContext ctx, int from, int to) {
        float[] l = ctx.output(0, 0);
        float[] r = ctx.output(0, 1);
        double gain = parameters().value(0) * 0.2;
        double sr = sampleRate();
        for (int k = 0; k < 128; k++) {
            if (level[k] <= 0) {
                continue;
            }
            double inc = 2 * Math.PI * 440 * Math.pow(2, (k - 69) / 12.0) / sr;
            for (int i = from; i < to; i++) {
                float v = (float) (Math.sin(phase[k]) * level[k] * gain);
                l[i] += v;
                r[i] += v;
                phase[k] += inc;
                if (phase[k] > 2 * Math.PI) {
                    phase[k] -= 2 * Math.PI;
                }
                if (!held[k]) {
                    level[k] -= release;
                    if (level[k] <= 0) {
                        level[k] = 0;
                        break;
                    }
                }
            }
        }
    }

    /** Factory for the ServiceLoader test. */
    public static final class Factory implements NodeFactory {
        @Override
        public NodeDescriptor descriptor() {
            return DESCRIPTOR;
        }

        @Override
        public Node create() {
            return new TestToneNode();
        }
    }
}
