package org.midirack.host;

import org.midirack.core.RemoteRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.Signals;

class HostNestingTest {
    @Test
    void playsANoteOnItsExactFrameThroughEightNestedHosts() {
        TestNodes.Impulse synth = new TestNodes.Impulse("synth", 0, false);
        TestNodes.Probe probe = new TestNodes.Probe("probe", 64);
        probe.request = RemoteRequest.TOGGLE_PLAY;
        probe.requestAt = 2;
        Host level = new Host(new HostConfig().fadeFrames(0));
        int s = level.add(synth);
        level.add(probe);
        level.connectMidi(Host.BOUNDARY, s);
        level.connectAudio(s, 0, Host.BOUNDARY, 0);
        Host innermost = level;
        for (int depth = 2; depth <= 8; depth++) {
            // one level splits its cycles into sub-blocks of 32 frames
            Host outer = new Host(new HostConfig().fadeFrames(0).subBlockFrames(depth == 5 ? 32 : 0));
            int inner = outer.add(level);
            outer.connectMidi(Host.BOUNDARY, inner);
            outer.connectAudio(inner, 0, Host.BOUNDARY, 0);
            level = outer;
        }
        Host top = new Host(new HostConfig().fadeFrames(0));
        int first = top.add(level);
        top.connectAudio(first, 0, Host.BOUNDARY, 0);
        top.activate(48_000, 128);
        top.transport().setTempo(100);
        assertTrue(top.offer(first, 77 + 128, 0x90, 60, 127));
        float[][] out = top.renderOffline(128 * 6, 128);
        assertEquals(77 + 128, Signals.firstNonZero(out));
        assertEquals(1f, out[0][77 + 128]);
        assertEquals(1, synth.eventCount);
        assertEquals(77 + 128, synth.eventFrames[0]);
        // the innermost node sees the top host's transport, per sub-block
        assertEquals(24, probe.count, "6 top cycles, 4 sub-blocks each below depth 5");
        assertEquals(100.0, probe.tempo[0]);
        assertEquals(32, probe.frames[0]);
        assertEquals(32, probe.position[1]);
        // a remote request from 8 levels down acts at the top host's next cycle boundary
        assertFalse(probe.playing[3], "sub-block 3 is still in top cycle 0");
        assertTrue(probe.playing[4], "top cycle 1 plays");
        assertTrue(probe.changed[4]);
        assertFalse(probe.changed[5], "changed only in the first sub-block of the cycle");
        assertTrue(top.transport().isPlaying());
        assertEquals(innermost.statistics().cycles(), 24);
    }
}
