package org.midirack.core;

import org.midirack.core.dsp.SmoothedValue;
import java.util.List;

/** A minimal effect (gain) used to test effect paths of the core and the kit. Not shipped. */
final class TestGainEffect extends AbstractNode {
    static final NodeDescriptor DESCRIPTOR = new NodeDescriptor("midirack.test.gain", "Test gain",
            NodeKind.EFFECT, "midirack", "1", new int[] {2}, new int[] {2, 1}, false, true,
            List.of(ParamDescriptor.continuous("gain", "Gain", 0, 2, 1, "").smoothed(5)));

    private final SmoothedValue gain = new SmoothedValue(1);
    int processCalls;

    TestGainEffect() {
        super(DESCRIPTOR);
    }

    @Override
    protected void onActivate(double sampleRate, int maxFrames) {
        gain.setRampMillis(5, sampleRate);
        gain.reset(parameters().value(0));
    }

    @Override
    public void reset() {
        gain.reset(parameters().value(0));
    }

    @Override
    public double tailSeconds() {
        return 0;
    }

    @Override
    public void parameterChanged(int index, double value) {
        gain.setTarget(value);
    }

    @Override
    protected void beginCycle(ProcessContext ctx) {
        processCalls++;
    }

    @Override
    protected void render(ProcessContext ctx, int from, int to) {
        for (int i = from; i < to; i++) {
            float g = (float) gain.next();
            float l = ctx.input(0, 0)[i] * g;
            float r = ctx.input(0, 1)[i] * g;
            ctx.output(0, 0)[i] = l;
            ctx.output(0, 1)[i] = r;
            ctx.output(1, 0)[i] = 0.5f * (l + r);
        }
    }
}
