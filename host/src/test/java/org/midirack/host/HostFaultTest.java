package org.midirack.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.Signals;

class HostFaultTest {
    private static Host hostWith(TestNodes.Faulty faulty, int[] slotOut) {
        Host h = new Host(new HostConfig().fadeFrames(0));
        int f = h.add(faulty);
        int ok = h.add(new TestNodes.Const("ok", 0.5f));
        h.connectAudio(f, 0, Host.BOUNDARY, 0);
        h.connectAudio(ok, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        slotOut[0] = f;
        return h;
    }

    @Test
    void mutesANodeThatThrowsAndKeepsTheRestPlaying() {
        int[] slot = new int[1];
        Host h = hostWith(new TestNodes.Faulty("bad", 3, true, 0f), slot);
        float[][] out = h.renderOffline(128 * 8, 128);
        for (int i = 0; i < 128 * 3; i++) {
            assertEquals(0.75f, out[0][i], "frame " + i);
        }
        for (int i = 128 * 3; i < 128 * 8; i++) {
            assertEquals(0.5f, out[0][i], "frame " + i);
        }
        assertTrue(h.isMuted(slot[0]));
        List<NodeError> errors = h.pollErrors();
        assertEquals(1, errors.size());
        NodeError e = errors.get(0);
        assertEquals("bad", e.nodeId());
        assertEquals(3, e.cycle());
        assertInstanceOf(IllegalStateException.class, e.cause());
        assertEquals("boom in cycle 3", e.cause().getMessage());
        assertTrue(e.toString().contains("'bad'"), e.toString());
        h.renderOffline(128 * 4, 128);
        assertTrue(h.pollErrors().isEmpty(), "reported once");
        assertEquals(1, h.statistics().mutedNodes());
    }

    @Test
    void mutesANodeThatWritesNaNWithinTheSameCycle() {
        checkNonFinite(Float.NaN);
    }

    @Test
    void mutesANodeThatWritesInfinity() {
        checkNonFinite(Float.NEGATIVE_INFINITY);
    }

    private static void checkNonFinite(float bad) {
        int[] slot = new int[1];
        Host h = hostWith(new TestNodes.Faulty("bad", 2, false, bad), slot);
        float[][] out = h.renderOffline(128 * 6, 128);
        assertNull(Signals.firstBadSample(out));
        for (int i = 0; i < 128 * 2; i++) {
            assertEquals(0.75f, out[0][i], "frame " + i);
        }
        for (int i = 128 * 2; i < 128 * 6; i++) {
            assertEquals(0.5f, out[0][i], "the whole faulty cycle is silenced, frame " + i);
        }
        List<NodeError> errors = h.pollErrors();
        assertEquals(1, errors.size());
        assertNull(errors.get(0).cause());
        assertTrue(errors.get(0).reason().contains("NaN or infinity"));
        assertEquals(2, errors.get(0).cycle());
        assertFalse(h.isMuted(slot[0] + 1));
    }

    @Test
    void aFrontEndGetsOneLineNamingTheNodeOnceEvenFromANestedHost() {
        Host inner = new Host(new HostConfig().fadeFrames(0));
        int bad = inner.add(new TestNodes.Faulty("bad", 2, true, 0f));
        int ok = inner.add(new TestNodes.Const("ok", 0.5f));
        inner.connectAudio(bad, 0, Host.BOUNDARY, 0);
        inner.connectAudio(ok, 0, Host.BOUNDARY, 0);
        Host top = new Host(new HostConfig().fadeFrames(0));
        int rack = top.add(inner);
        top.connectAudio(rack, 0, Host.BOUNDARY, 0);
        top.activate(48_000, 128);
        float[][] out = top.renderOffline(128 * 6, 128);
        assertEquals(0.5f, out[0][128 * 5], "the nested host keeps playing what did not fail");
        assertFalse(top.isMuted(rack));
        List<NodeError> errors = top.pollErrors();
        assertEquals(1, errors.size());
        assertEquals("node '" + inner.descriptor().id() + "/bad' failed: threw java.lang.IllegalStateException in process:"
                + " boom in cycle 2", errors.get(0).message());
        top.renderOffline(128 * 2, 128);
        assertTrue(top.pollErrors().isEmpty(), "reported once");
        assertTrue(inner.pollErrors().isEmpty(), "and not again by the nested host");
    }
}
