package org.midirack.host.offload;

import org.midirack.core.AbstractNode;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midirack.host.Host;
import org.midirack.host.HostConfig;
import org.midirack.host.NodeError;

class OffloadNodeTest {
    /** Writes the number of its process call (1, 2, ...); can be held on a gate; can throw. */
    static final class Counter extends AbstractNode {
        final Semaphore gate = new Semaphore(0);
        volatile boolean hold;
        volatile boolean fail;
        volatile long calls;

        Counter() {
            super(new NodeDescriptor("counter", "counter", NodeKind.GENERATOR, "test", "1", new int[0], new int[] {1},
                    false, true, List.of()));
        }

        @Override
        public void reset() {
        }

        @Override
        protected void onActivate(double sampleRate, int maxFrames) {
        }

        @Override
        protected void beginCycle(ProcessContext ctx) {
            calls = calls + 1;
            if (hold) {
                gate.acquireUninterruptibly();
            }
            if (fail) {
                throw new IllegalArgumentException("heavy node failed");
            }
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
            java.util.Arrays.fill(ctx.output(0, 0), from, to, (float) calls);
        }
    }

    private static void await(LongSupplier value, long target) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (value.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("worker did not reach " + target + " (at " + value.getAsLong() + ")");
            }
            Thread.sleep(1);
        }
    }

    private static float cycle(Host h) {
        float[][] out = new float[1][128];
        h.render(out, 128);
        for (int i = 1; i < 128; i++) {
            assertEquals(out[0][0], out[0][i]);
        }
        return out[0][0];
    }

    @Test
    @Timeout(60)
    void runsOneCycleBehindRepeatsTheLastGoodBlockOnStarvationAndCountsGlitches() throws Exception {
        Counter heavy = new Counter();
        OffloadNode off = new OffloadNode(heavy, 3, 64);
        Host h = new Host(new HostConfig().fadeFrames(0));
        int s = h.add(off);
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        assertEquals(0f, cycle(h), "nothing finished yet: silence, no glitch");
        await(off::completedBlocks, 1);
        assertEquals(1f, cycle(h), "block of cycle 1, one cycle behind");
        await(off::completedBlocks, 2);
        heavy.hold = true; // the worker will hang in the block submitted now
        assertEquals(2f, cycle(h));
        assertEquals(0, off.glitches());
        assertEquals(2f, cycle(h), "starved: last good block repeated");
        assertEquals(2f, cycle(h));
        assertEquals(2f, cycle(h), "no free slot any more: submission skipped, render thread still not waiting");
        assertEquals(3, off.glitches());
        assertEquals(1, off.skippedSubmissions());
        heavy.hold = false;
        heavy.gate.release(10);
        await(off::completedBlocks, 5);
        assertEquals(2f, cycle(h), "the late blocks are thrown away");
        assertEquals(4, off.glitches());
        assertEquals(3, off.discardedBlocks());
        await(off::completedBlocks, 6);
        assertEquals(6f, cycle(h), "back in step: the sixth block");
        assertEquals(4, off.glitches());
        assertEquals(4, h.statistics().glitches());
        assertEquals(128, off.latencyFrames(), "one extra cycle");
        assertEquals(128, h.latencyFrames());
        h.deactivate();
        assertFalse(off.isActive());
        assertFalse(heavy.isActive());
    }

    @Test
    @Timeout(60)
    void reportsAThrowOnTheWorkerThroughTheHostsFaultIsolation() throws Exception {
        Counter heavy = new Counter();
        OffloadNode off = new OffloadNode(heavy);
        Host h = new Host(new HostConfig().fadeFrames(0));
        int s = h.add(off);
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        heavy.fail = true;
        cycle(h);
        await(() -> off.failure() == null ? 0 : 1, 1);
        cycle(h);
        assertTrue(h.isMuted(s));
        List<NodeError> errors = h.pollErrors();
        assertEquals(1, errors.size());
        assertSame(off.failure(), errors.get(0).cause());
        h.deactivate();
    }

    @Test
    void reportsTheCycleLengthItRunsAtAsItsExtraLatency() throws Exception {
        Counter heavy = new Counter();
        OffloadNode off = new OffloadNode(heavy);
        Host h = new Host(new HostConfig().fadeFrames(0));
        int s = h.add(off);
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 256);
        assertEquals(256, off.latencyFrames());
        h.renderOffline(64 * 4, 64);
        assertEquals(64, off.latencyFrames());
        assertEquals(64, h.latencyFrames());
        h.deactivate();
    }
}
