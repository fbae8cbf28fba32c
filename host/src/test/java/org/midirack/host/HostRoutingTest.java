package org.midirack.host;

import org.midirack.core.MidiMessages;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.Signals;

class HostRoutingTest {
    private static Host host() {
        Host h = new Host(new HostConfig().fadeFrames(0));
        return h;
    }

    @Test
    void routesMidiDownstreamInTheSameCycleWithOffsetsKept() {
        Host h = host();
        TestNodes.Impulse b = new TestNodes.Impulse("b", 0, false);
        TestNodes.Impulse a = new TestNodes.Impulse("a", 0, true);
        a.transpose = 12;
        int sb = h.add(b); // added first: the order must still put a before b
        int sa = h.add(a);
        h.connectMidi(sa, sb);
        h.connectAudio(sb, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        assertArrayEquals(new int[] {sa, sb}, h.renderOrder());
        assertTrue(h.offer(sa, 300, 0x90, 60, 127)); // carried: lands at frame 44 of the third cycle
        float[][] out = h.renderOffline(512, 128);
        assertEquals(1, a.eventCount);
        assertEquals(300, a.eventFrames[0]);
        assertEquals(1, b.eventCount);
        assertEquals(300, b.eventFrames[0], "same cycle, same frame downstream");
        assertEquals(MidiMessages.pack(0x90, 72, 127), b.eventMessages[0]);
        assertEquals(300, Signals.firstNonZero(out));
        assertEquals(1f, out[0][300]);
        assertEquals(1f, out[1][300], "mono instrument fills both host channels");
        assertEquals(1, h.statistics().carriedEvents());
    }

    @Test
    void carriesRoutedEventsEmittedPastTheCycleIntoTheNextCycle() {
        Host h = host();
        TestNodes.Impulse a = new TestNodes.Impulse("a", 0, true);
        a.shift = 100;
        TestNodes.Impulse b = new TestNodes.Impulse("b", 0, false);
        int sa = h.add(a);
        int sb = h.add(b);
        h.connectMidi(sa, sb);
        h.connectAudio(sb, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        h.offer(sa, 50, 0x90, 64, 127);
        float[][] out = h.renderOffline(384, 128);
        assertEquals(50, a.eventFrames[0]);
        assertEquals(150, b.eventFrames[0]);
        assertEquals(150, Signals.firstNonZero(out));
    }

    @Test
    void refusesMidiIntoAnEffectAtConnectionTime() {
        Host h = host();
        int sa = h.add(new TestNodes.Impulse("a", 0, true));
        int fx = h.add(new TestNodes.Gain("fx", 1, 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.connectMidi(sa, fx));
        assertTrue(e.getMessage().contains("'fx'") && e.getMessage().contains("takes no MIDI input"), e.getMessage());
        int gen = h.add(new TestNodes.Const("gen", 1f));
        e = assertThrows(IllegalArgumentException.class, () -> h.connectMidi(gen, sa));
        assertTrue(e.getMessage().contains("emits no MIDI"), e.getMessage());
        // nothing was connected: the refused links left the model as it was
        int c = h.add(new TestNodes.Impulse("c", 0, false));
        h.connectMidi(sa, c);
        h.activate(48_000, 64);
        assertArrayEquals(new int[] {sa, fx, gen, c}, h.renderOrder());
    }

    @Test
    void refusesACycleAndAMissingPortWithClearErrors() {
        Host h = host();
        int g1 = h.add(new TestNodes.Gain("g1", 1, 0, 1));
        int g2 = h.add(new TestNodes.Gain("g2", 1, 0, 1));
        h.connectAudio(g1, 0, g2, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.connectAudio(g2, 0, g1, 0));
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> h.connectAudio(g1, 3, g2, 0));
        assertTrue(e.getMessage().contains("no audio output port 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> h.connectAudio(g1, 0, 99, 0));
        assertTrue(e.getMessage().contains("no node at slot 99"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> h.connectAudio(g1, 0, g2, 0));
        assertTrue(e.getMessage().contains("already connected"), e.getMessage());
        h.activate(48_000, 64);
        assertArrayEquals(new int[] {g1, g2}, h.renderOrder());
    }

    @Test
    void sumsParallelBranchesAtTheMixer() {
        Host h = host();
        int c1 = h.add(new TestNodes.Const("c1", 0.25f));
        int c2 = h.add(new TestNodes.Const("c2", 0.25f));
        int fx1 = h.add(new TestNodes.Gain("fx1", 2f, 0, 1));
        int fx2 = h.add(new TestNodes.Gain("fx2", 3f, 0, 1));
        h.connectAudio(c1, 0, fx1, 0);
        h.connectAudio(c2, 0, fx2, 0);
        h.connectAudio(fx1, 0, Host.BOUNDARY, 0);
        h.connectAudio(fx2, 0, Host.BOUNDARY, 0, 0.5);
        h.activate(48_000, 128);
        float[][] out = h.renderOffline(256, 128);
        for (int i = 0; i < 256; i++) {
            assertEquals(0.5f + 0.375f, out[0][i]);
        }
    }

    @Test
    void rendersANodeWithTwoConnectedOutputPortsOncePerCycle() {
        Host h = host();
        TestNodes.Const two = new TestNodes.Const("two", 0.5f, 0.25f);
        int s = h.add(two);
        int fx1 = h.add(new TestNodes.Gain("fx1", 1f, 0, 1));
        int fx2 = h.add(new TestNodes.Gain("fx2", 2f, 0, 1));
        h.connectAudio(s, 0, fx1, 0);
        h.connectAudio(s, 1, fx2, 0);
        h.connectAudio(fx1, 0, Host.BOUNDARY, 0);
        h.connectAudio(fx2, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        float[][] out = h.renderOffline(1280, 128);
        assertEquals(10, two.calls);
        assertEquals(1280, two.frames);
        assertEquals(1f, out[0][1279]);
    }

    @Test
    void rendersOncePerCycleAlsoWhenANestedHostSplitsTheCycle() {
        Host inner = new Host(new HostConfig().fadeFrames(0).subBlockFrames(32));
        TestNodes.Const two = new TestNodes.Const("two", 0.5f, 0.25f);
        int s = inner.add(two);
        inner.connectAudio(s, 0, Host.BOUNDARY, 0);
        inner.connectAudio(s, 1, Host.BOUNDARY, 0);
        Host outer = host();
        int si = outer.add(inner);
        outer.connectAudio(si, 0, Host.BOUNDARY, 0);
        outer.activate(48_000, 128);
        float[][] out = outer.renderOffline(1280, 128);
        assertEquals(40, two.calls, "4 inner cycles of 32 frames per outer cycle of 128, one call each");
        assertEquals(1280, two.frames);
        assertEquals(40, inner.statistics().cycles());
        assertEquals(10, outer.statistics().cycles());
        for (int i = 0; i < 1280; i++) {
            assertEquals(0.75f, out[0][i]);
        }
    }
}
