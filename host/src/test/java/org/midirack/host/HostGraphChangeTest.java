package org.midirack.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HostGraphChangeTest {
    private static void onOtherThread(Runnable r) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void connectionMadeOnAnotherThreadActsAtTheNextCycleBoundary() throws Exception {
        Host h = new Host(new HostConfig().fadeFrames(0));
        int c = h.add(new TestNodes.Const("c", 1f));
        h.activate(48_000, 128);
        float[][] before = h.renderOffline(128 * 3, 128);
        onOtherThread(() -> h.connectAudio(c, 0, Host.BOUNDARY, 0));
        float[][] after = h.renderOffline(128 * 2, 128);
        for (int i = 0; i < before[0].length; i++) {
            assertEquals(0f, before[0][i]);
        }
        for (int i = 0; i < after[0].length; i++) {
            assertEquals(1f, after[0][i], "frame " + i);
        }
        assertEquals(h.publishedGeneration(), h.appliedGeneration());
    }

    @Test
    void newConnectionFadesInAndRemovedNodeFadesOutThenIsDeactivated() throws Exception {
        Host h = new Host(new HostConfig().fadeFrames(64));
        TestNodes.Const node = new TestNodes.Const("c", 1f);
        h.activate(48_000, 128);
        h.renderOffline(128, 128);
        int[] slot = new int[1];
        onOtherThread(() -> {
            slot[0] = h.add(node);
            h.connectAudio(slot[0], 0, Host.BOUNDARY, 0);
        });
        assertTrue(node.isActive(), "activated off the render thread when added");
        float[][] in = h.renderOffline(128, 128);
        for (int i = 0; i < 128; i++) {
            assertEquals(Math.min(1f, (i + 1) / 64f), in[0][i], "fade-in frame " + i);
        }
        onOtherThread(() -> h.remove(slot[0]));
        assertTrue(node.isActive(), "still running while it fades out");
        float[][] out = h.renderOffline(128, 128);
        for (int i = 0; i < 128; i++) {
            assertEquals(Math.max(0f, 1f - (i + 1) / 64f), out[0][i], "fade-out frame " + i);
        }
        h.renderOffline(128, 128);
        assertEquals(0, h.collectRemoved());
        assertFalse(node.isActive(), "deactivated off the render thread once no cycle runs it");
        assertEquals(0, h.renderOrder().length);
    }

    @Test
    @Timeout(60)
    void neverRendersAHalfConnectedGraphWhileAnotherThreadRewires() throws Exception {
        Host h = new Host(new HostConfig().fadeFrames(0));
        int a = h.add(new TestNodes.Const("a", 1f));
        int b = h.add(new TestNodes.Const("b", 2f));
        int fx = h.add(new TestNodes.Gain("fx", 1f, 0, 1));
        h.connectAudio(a, 0, Host.BOUNDARY, 0);
        h.connectAudio(fx, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        AtomicBoolean done = new AtomicBoolean();
        Thread mutator = new Thread(() -> {
            int n = 0;
            while (!done.get() && n < 400) {
                // b reaches the output through two connections that come and go together
                h.connectAudio(b, 0, fx, 0);
                Thread.yield();
                h.disconnectAudio(b, 0, fx, 0);
                n++;
            }
        });
        mutator.start();
        float[][] out = new float[2][128];
        for (int cycle = 0; cycle < 3000; cycle++) {
            java.util.Arrays.fill(out[0], 0f);
            h.render(out, 128);
            float v = out[0][0];
            assertTrue(v == 1f || v == 3f, "cycle " + cycle + ": " + v);
            for (int i = 1; i < 128; i++) {
                assertEquals(v, out[0][i], "cycle " + cycle + " frame " + i);
            }
        }
        done.set(true);
        mutator.join();
    }
}
