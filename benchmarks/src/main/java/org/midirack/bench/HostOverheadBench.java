package org.midirack.bench;

import org.midirack.core.AbstractNode;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.midirack.host.Host;
import org.midirack.host.HostConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The host's own cost per 128-frame cycle at 48 kHz (period 2.667 ms): an empty graph, and an
 * 8-node chain of trivial nodes (a generator writing a constant into seven pass-through effects,
 * the last into the host's stereo output). Everything the host does per cycle is in it: graph swap
 * check, remote mailboxes, latency poll, transport, FIFO drains, input summing through the
 * compensation delay lines, the finite-output check, the output mix.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar HostOverheadBench -f 1 -wi 2 -i 3 -prof gc}
 * (gc.alloc.rate.norm is the bytes allocated per cycle). Fraction of the period = ns / 2,666,667.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HostOverheadBench {
    /** Period of a 128-frame cycle at 48 kHz, in ns. */
    public static final double PERIOD_NANOS = 128 * 1e9 / 48_000;

    @Param({"empty", "chain8"})
    public String graph;

    private Host host;
    private float[][] out;

    static NodeDescriptor desc(String id, NodeKind kind, int[] ins) {
        return new NodeDescriptor(id, id, kind, "bench", "1", ins, new int[] {2}, false, true, List.of());
    }

    /** Writes a constant. */
    public static final class Source extends AbstractNode {
        public Source() {
            super(desc("bench.source", NodeKind.GENERATOR, new int[0]));
        }

        @Override
        public void reset() {
        }

        @Override
        protected void onActivate(double sampleRate, int maxFrames) {
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
            java.util.Arrays.fill(ctx.output(0, 0), from, to, 0.1f);
            java.util.Arrays.fill(ctx.output(0, 1), from, to, 0.1f);
        }
    }

    /** Copies input to output. */
    public static final class Through extends AbstractNode {
        public Through(int i) {
            super(desc("bench.through" + i, NodeKind.EFFECT, new int[] {2}));
        }

        @Override
        public void reset() {
        }

        @Override
        protected void onActivate(double sampleRate, int maxFrames) {
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
            System.arraycopy(ctx.input(0, 0), from, ctx.output(0, 0), from, to - from);
            System.arraycopy(ctx.input(0, 1), from, ctx.output(0, 1), from, to - from);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        host = new Host(new HostConfig().fadeFrames(0));
        if (graph.equals("chain8")) {
            int prev = host.add(new Source());
            for (int i = 1; i < 8; i++) {
                int s = host.add(new Through(i));
                host.connectAudio(prev, 0, s, 0);
                prev = s;
            }
            host.connectAudio(prev, 0, Host.BOUNDARY, 0);
        }
        host.activate(48_000, 128);
        host.transport().play();
        out = new float[2][128];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.println();
        System.out.println("host statistics: " + host.statistics());
        host.deactivate();
    }

    @Benchmark
    public float[][] cycle() {
        host.render(out, 128);
        return out;
    }
}
