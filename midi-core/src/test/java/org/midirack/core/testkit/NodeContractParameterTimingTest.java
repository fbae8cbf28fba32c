package org.midirack.core.testkit;

import org.midirack.core.AbstractNode;
import org.midirack.core.EventList;
import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.ProcessContext;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The kit's parameter-timing contract fails for the two ways a node can miss the frame of a change:
 * acting before it (the whole cycle rendered with the cycle's last value) and acting after it
 * (picked up at the next cycle) while claiming sample accuracy; and it passes a node that keeps the
 * frame.
 */
class NodeContractParameterTimingTest {
    private static final NodeDescriptor DESCRIPTOR = new NodeDescriptor("midirack.test.timing", "Timing probe",
            NodeKind.EFFECT, "midirack", "1", new int[] {2}, new int[] {2}, false, true,
            List.of(ParamDescriptor.continuous("gain", "Gain", 0, 2, 1, "")));

    private enum Timing { EXACT, EARLY, LATE }

    /** A gain effect that applies timeline changes on their frame, at the cycle's start, or a cycle late. */
    private static final class GainNode extends AbstractNode {
        private final Timing timing;
        private double gain = 1;
        private double nextCycleGain = 1;

        GainNode(Timing timing) {
            super(DESCRIPTOR);
            this.timing = timing;
        }

        @Override
        protected void onActivate(double sampleRate, int maxFrames) {
        }

        @Override
        public void reset() {
        }

        @Override
        public void parameterChanged(int index, double value) {
            gain = value;
        }

        @Override
        public void process(ProcessContext ctx) {
            if (timing == Timing.EXACT) {
                super.process(ctx);
                return;
            }
            double start = nextCycleGain;
            EventList ev = ctx.events();
            for (int i = 0; i < ev.size(); i++) {
                if (ev.isParam(i)) {
                    nextCycleGain = parameters().applyFromTimeline(ev.paramIndex(i), ev.paramValue(i));
                }
            }
            gain = timing == Timing.EARLY ? nextCycleGain : start;
            render(ctx, 0, ctx.frames());
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
            for (int c = 0; c < 2; c++) {
                for (int i = from; i < to; i++) {
                    ctx.output(0, c)[i] = (float) (ctx.input(0, c)[i] * gain);
                }
            }
        }
    }

    private static NodeContractTest kitFor(Timing timing) {
        return new NodeContractTest() {
            @Override
            protected Node createNode() {
                return new GainNode(timing);
            }

            @Override
            protected Set<String> sampleAccurateParameters() {
                return Set.of("gain");
            }
        };
    }

    @Test
    void passesANodeThatActsOnTheFrame() {
        kitFor(Timing.EXACT).parameterChangeAtOffsetActsFromThatFrameNeverBefore();
    }

    @Test
    void failsANodeThatActsBeforeTheFrame() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> kitFor(Timing.EARLY).parameterChangeAtOffsetActsFromThatFrameNeverBefore());
        assertTrue(e.getMessage().contains("3 parameter changes broke their frame"), e.getMessage());
        assertTrue(e.getMessage().contains("at offset 77 of cycle 100 (frame 12877) acted 77 frames early: "
                + "first difference at frame 12800"), e.getMessage());
        assertTrue(e.getMessage().contains("acted 127 frames early"), e.getMessage());
    }

    @Test
    void failsANodeThatClaimsSampleAccuracyButActsACycleLate() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> kitFor(Timing.LATE).parameterChangeAtOffsetActsFromThatFrameNeverBefore());
        assertTrue(e.getMessage().contains("4 parameter changes broke their frame"), e.getMessage());
        assertTrue(e.getMessage().contains("'gain' 1.0 -> 2.0 at offset 0 of cycle 100 (frame 12800) is named "
                + "sample-accurate but first shows at frame 12928"), e.getMessage());
    }
}
