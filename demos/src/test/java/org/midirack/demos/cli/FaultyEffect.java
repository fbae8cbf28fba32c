package org.midirack.demos.cli;

import org.midirack.core.AbstractNode;
import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeFactory;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import java.util.List;

/**
 * An audio effect that passes its input through for a quarter of a second, then fails: it throws
 * ({@code test.fault-throw}) or writes NaN ({@code test.fault-nan}). Installed for the demos tests
 * through {@code META-INF/services} (test classpath only), so a command can be given it with
 * {@code --fx fault-throw}.
 */
public final class FaultyEffect extends AbstractNode {
    private final boolean nan;
    private long frames;
    private long failAt;

    FaultyEffect(boolean nan) {
        super(new NodeDescriptor(nan ? "test.fault-nan" : "test.fault-throw", nan ? "NaN writer" : "Thrower",
                NodeKind.EFFECT, "tests", "1", new int[] {2}, new int[] {2}, false, true, List.of()));
        this.nan = nan;
    }

    @Override
    protected void onActivate(double sampleRate, int maxFrames) {
        failAt = (long) (sampleRate / 4);
    }

    @Override
    public void reset() {
        // keeps counting: a warm-up must not hide the fault
    }

    @Override
    protected void render(ProcessContext ctx, int from, int to) {
        for (int c = 0; c < 2; c++) {
            float[] in = ctx.input(0, c);
            float[] out = ctx.output(0, c);
            for (int i = from; i < to; i++) {
                out[i] = frames + (i - from) >= failAt && nan ? Float.NaN : in[i];
            }
        }
        frames += to - from;
        if (!nan && frames >= failAt) {
            throw new IllegalStateException("thrower fails on purpose");
        }
    }

    /** Publishes the thrower. */
    public static final class ThrowFactory implements NodeFactory {
        @Override
        public NodeDescriptor descriptor() {
            return new FaultyEffect(false).descriptor();
        }

        @Override
        public Node create() {
            return new FaultyEffect(false);
        }
    }

    /** Publishes the NaN writer. */
    public static final class NanFactory implements NodeFactory {
        @Override
        public NodeDescriptor descriptor() {
            return new FaultyEffect(true).descriptor();
        }

        @Override
        public Node create() {
            return new FaultyEffect(true);
        }
    }
}
