package org.midirack.host;

import org.midirack.core.RemoteRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostTransportTest {
    private static final double SR = 48_000;

    private static Host host(TestNodes.Probe... probes) {
        Host h = new Host(new HostConfig().fadeFrames(0));
        for (TestNodes.Probe p : probes) {
            h.add(p);
        }
        h.activate(SR, 128);
        return h;
    }

    @Test
    void preRollFromANegativeBeatPutsBeatZeroOnItsExactFrame() {
        TestNodes.Probe p = new TestNodes.Probe("p", 400);
        Host h = host(p);
        h.transport().setTempo(97);
        h.transport().playFrom(-1);
        h.renderOffline(128 * 300, 128);
        double fpb = SR * 60 / 97;
        assertEquals((long) Math.ceil(fpb), p.beatZeroFrame, "beat 0 at frame ceil(" + fpb + ")");
        assertEquals(-1.0, p.beat[0]);
        assertTrue(p.playing[0]);
        assertTrue(p.changed[0]);
        assertFalse(p.changed[1]);
        for (int k = 0; k < 300; k++) {
            assertEquals(-1.0 + k * 128 / fpb, p.beat[k], 1e-12, "cycle " + k);
            assertEquals(k * 128L, p.position[k]);
            assertEquals(128, p.frames[k]);
        }
    }

    @Test
    void computesTheBeatFromTheSamplePositionWithoutDrift() {
        TestNodes.Probe p = new TestNodes.Probe("p", 1);
        Host h = host(p);
        h.transport().play();
        h.renderOffline(128 * 20_000, 128);
        assertEquals(20_000 * 128 / 24_000.0, h.transport().beat() + 128 / 24_000.0, 1e-9);
    }

    @Test
    void appliesRemoteRequestsAtTheNextCycleBoundary() {
        TestNodes.Probe p = new TestNodes.Probe("p", 40);
        TestNodes.Probe other = new TestNodes.Probe("other", 40);
        p.request = RemoteRequest.TOGGLE_PLAY;
        p.requestAt = 4;
        Host h = host(p, other);
        h.renderOffline(128 * 8, 128);
        assertFalse(p.playing[4]);
        assertTrue(p.playing[5], "visible in the next cycle");
        assertTrue(p.changed[5]);
        assertTrue(other.playing[5], "every node sees the same transport");
        assertTrue(other.changed[5]);
        assertFalse(p.changed[6]);
        assertEquals(0.0, p.beat[5]);
        assertEquals(128 / 24_000.0, p.beat[6], 1e-15);

        p.request = RemoteRequest.TOGGLE_RECORD;
        p.requestAt = 9;
        h.renderOffline(128 * 3, 128);
        assertFalse(p.recording[9]);
        assertTrue(p.recording[10]);
        assertTrue(p.changed[10]);

        p.request = RemoteRequest.REWIND;
        p.requestAt = 11;
        h.renderOffline(128 * 2, 128);
        assertEquals(0.0, p.beat[12], "rewound");
        assertTrue(p.beat[11] > 0);
    }

    @Test
    void wrapsTheLoopRegionOnItsExactBeat() {
        TestNodes.Probe p = new TestNodes.Probe("p", 400);
        Host h = host(p);
        h.transport().setLoop(true, 0, 1);
        h.transport().play();
        h.renderOffline(128 * 200, 128);
        // 24000 frames per beat: cycle 187 starts at 23936 (beat 0.99733), cycle 188 at 24064
        assertEquals(23_936 / 24_000.0, p.beat[187], 1e-12);
        assertEquals(64 / 24_000.0, p.beat[188], 1e-12);
        assertEquals(192 / 24_000.0, p.beat[189], 1e-12);
        assertEquals(24_064, p.position[188], "the sample position keeps counting");
    }

    @Test
    void reportsTempoChangesAndBarsOfTheTimeSignature() {
        TestNodes.Probe p = new TestNodes.Probe("p", 400);
        Host h = host(p);
        h.transport().setTimeSignature(3, 4);
        h.transport().play();
        h.renderOffline(128 * 100, 128);
        double beat100 = 100 * 128 / 24_000.0;
        h.transport().setTempo(90);
        h.renderOffline(128 * 200, 128);
        assertEquals(beat100, p.beat[100], 1e-12);
        assertEquals(90.0, p.tempo[100]);
        assertEquals(beat100 + 128 * 90 / (60 * SR), p.beat[101], 1e-12);
        int k = 299;
        double expect = beat100 + (k - 100) * 128 * 90 / (60 * SR);
        assertEquals(expect, p.beat[k], 1e-12);
        assertEquals(Math.floor(expect / 3) * 3, p.barStart[k], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> h.transport().setTimeSignature(3, 5));
        assertThrows(IllegalArgumentException.class, () -> h.transport().setTempo(0));
        assertThrows(IllegalArgumentException.class, () -> h.transport().setLoop(true, 2, 1));
    }

    @Test
    void stopKeepsTheBeatAndPlayResumesFromIt() {
        TestNodes.Probe p = new TestNodes.Probe("p", 100);
        Host h = host(p);
        h.transport().play();
        h.renderOffline(128 * 10, 128);
        h.transport().stop();
        h.renderOffline(128 * 10, 128);
        assertFalse(p.playing[10]);
        assertTrue(p.changed[10]);
        assertEquals(10 * 128 / 24_000.0, p.beat[19], 1e-12);
        h.transport().play();
        h.renderOffline(128 * 2, 128);
        assertEquals(10 * 128 / 24_000.0, p.beat[20], 1e-12);
        assertEquals(11 * 128 / 24_000.0, p.beat[21], 1e-12);
    }

    /** A badly behaved node that casts around its read-only transport and scribbles on it. */
    static final class Scribbler extends TestNodes.Probe {
        Scribbler() {
            super("scribbler", 1);
        }

        @Override
        protected void beginCycle(org.midirack.core.ProcessContext ctx) {
            ((org.midirack.core.hosting.TransportState) ctx.transport()).set(8_000, 1, 1, 999, -1).setState(false, true, true);
        }
    }

    @Test
    void givesEveryNodeItsOwnCopyOfTheTransport() {
        TestNodes.Probe p = new TestNodes.Probe("p", 10);
        Host h = new Host(new HostConfig().fadeFrames(0));
        h.add(new Scribbler());
        h.add(p);
        h.activate(SR, 128);
        h.transport().play();
        h.renderOffline(128 * 3, 128);
        assertEquals(2 * 128 / 24_000.0, p.beat[2], 1e-15);
        assertTrue(p.playing[2]);
        assertFalse(p.recording[2]);
        assertEquals(256, p.position[2]);
    }
}
