package org.midirack.core;

import org.midirack.core.hosting.NodeRegistry;
import org.midirack.core.hosting.OfflineRenderer;
import org.midirack.core.hosting.RemoteMailbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.Signals;

class NodeContractBasicsTest {

    @Test
    void noteOnActsOnItsExactFrameThroughSubBlocks() {
        for (int cycle : new int[] {1, 7, 64, 1000}) {
            try (OfflineRenderer r = new OfflineRenderer(new TestToneNode(), 48000, 1000)) {
                r.schedule(777, 0x90, 69, 127);
                float[][] a = r.render(2000, cycle);
                assertEquals(778, Signals.firstNonZero(a), "sin(0) is 0 at the note-on frame; cycle " + cycle);
            }
        }
    }

    @Test
    void parameterChangeAtOffsetActsFromThatFrame() {
        try (OfflineRenderer r = new OfflineRenderer(new TestGainEffect(), 48000, 256)) {
            float[][] dc = new float[2][4000];
            java.util.Arrays.fill(dc[0], 0.5f);
            java.util.Arrays.fill(dc[1], 0.5f);
            r.input(dc);
            r.scheduleParam(1000, 0, 0f);
            float[][] a = r.render(4000, 256);
            assertEquals(0.5f, a[0][999]);
            assertTrue(a[0][1000] < 0.5f, "ramp starts on frame 1000");
            assertEquals(0f, a[0][1000 + 240], "5 ms ramp done");
        }
    }

    @Test
    void everyOutputPortIsFilledByOneProcessCall() {
        TestGainEffect fx = new TestGainEffect();
        try (OfflineRenderer r = new OfflineRenderer(fx, 48000, 128)) {
            r.input(Signals.testSignal(2, 1280, 48000, 1));
            r.render(1280, 128);
            assertEquals(10, fx.processCalls);
            assertTrue(Signals.peak(new float[][] {r.context().output(1, 0)}, 0, 128) > 0);
        }
    }

    @Test
    void unconnectedOutputPortIsSilenced() {
        TestGainEffect fx = new TestGainEffect();
        try (OfflineRenderer r = new OfflineRenderer(fx, 48000, 128)) {
            r.input(Signals.testSignal(2, 1280, 48000, 1));
            r.context().setOutputConnected(1, false);
            r.renderCycle(128);
            assertEquals(0.0, Signals.peak(new float[][] {r.context().output(1, 0)}, 0, 128));
            assertTrue(Signals.peak(new float[][] {r.context().output(0, 0)}, 0, 128) > 0);
        }
    }

    @Test
    void midiIntoAKindThatTakesNoneFailsAtConnection() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, TestGainEffect.DESCRIPTOR::requireMidiIn);
        assertTrue(e.getMessage().contains("midirack.test.gain") && e.getMessage().contains("EFFECT"), e.getMessage());
    }

    @Test
    void registryFindsPublishedNodesByIdAndName() {
        NodeRegistry reg = NodeRegistry.load();
        assertTrue(reg.list().stream().anyMatch(d -> d.id().equals("midirack.test.tone")));
        assertEquals("midirack.test.tone", reg.create("Test Tone").descriptor().id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reg.create("nope"));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("midirack.test.tone"), e.getMessage());
    }

    @Test
    void descriptorRefusesInconsistentPorts() {
        assertThrows(IllegalArgumentException.class, () -> new NodeDescriptor("x", "X", NodeKind.EFFECT, "v", "1",
                new int[0], new int[] {2}, false, true, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new NodeDescriptor("x", "X", NodeKind.INSTRUMENT, "v", "1",
                new int[] {2}, new int[] {2}, false, true, List.of()));
    }

    @Test
    void remoteRequestsMergeAndAreTakenOnce() {
        RemoteMailbox m = new RemoteMailbox();
        m.request(RemoteRequest.TOGGLE_PLAY);
        m.request(RemoteRequest.REWIND);
        int bits = m.takeRequests();
        assertTrue(RemoteMailbox.has(bits, RemoteRequest.TOGGLE_PLAY));
        assertTrue(RemoteMailbox.has(bits, RemoteRequest.REWIND));
        assertTrue(!RemoteMailbox.has(bits, RemoteRequest.TOGGLE_RECORD));
        assertEquals(0, m.takeRequests());
        m.latencyChanged(64);
        assertEquals(64, m.takeLatencyReport());
        assertEquals(-1, m.takeLatencyReport());
    }
}
