package org.midirack.demos.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.midirack.core.AbstractNode;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import org.midirack.core.RemoteRequest;
import org.midirack.host.Host;

/** The transport panel shows the transport of the host's last cycle, read through a cycle listener. */
class TransportProbeTest {
    /** A generator that asks its host to toggle play in the cycle after {@link #ask} is set. */
    static final class Asker extends AbstractNode {
        volatile boolean ask;

        Asker() {
            super(new NodeDescriptor("test.asker", "Asker", NodeKind.GENERATOR, "test", "1", new int[0], new int[] {2},
                    false, true, List.of()));
        }

        @Override
        protected void onActivate(double sampleRate, int maxFrames) {
        }

        @Override
        public void reset() {
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
            if (ask) {
                ask = false;
                ctx.remote().request(RemoteRequest.TOGGLE_PLAY);
            }
        }
    }

    @Test
    void theProbeShowsTheTempoSignatureAndBeatTheHostGaveTheCycle() {
        Host h = new Host();
        TransportProbe probe = new TransportProbe();
        h.addCycleListener(probe);
        h.add(new Asker());
        h.activate(48000, 128);
        assertNull(probe.read(), "no cycle yet");
        h.transport().setTempo(90);
        h.transport().setTimeSignature(3, 4);
        h.transport().locate(7.5);
        h.render(new float[2][128], 128);
        TransportProbe.Snapshot s = probe.read();
        assertEquals(90, s.tempo(), 1e-9);
        assertEquals(3, s.timeSigNumerator());
        assertEquals(4, s.timeSigDenominator());
        assertEquals(7.5, s.beat(), 1e-9);
        assertEquals(6.0, s.barStartBeat(), 1e-9, "bars of 3 quarters: the bar holding beat 7.5 starts at 6");
        assertFalse(s.playing());
        assertEquals(1, s.cycle());
        // bar 3 (beats 6..9), its second beat (7..8), half way: 240 of 480 ticks
        assertEquals("003:2:240", TransportModel.position(s.beat(), s.timeSigNumerator(), s.timeSigDenominator()));
        h.deactivate();
    }

    @Test
    void aNodesRemoteTogglePlayShowsInTheNextCycle() {
        Host h = new Host();
        TransportProbe probe = new TransportProbe();
        h.addCycleListener(probe);
        Asker a = new Asker();
        h.add(a);
        h.activate(48000, 128);
        float[][] buf = new float[2][128];
        h.render(buf, 128);
        assertFalse(probe.read().playing());
        a.ask = true;
        h.render(buf, 128); // the node asks during this cycle
        assertFalse(probe.read().playing(), "the cycle in which it asked still shows stopped");
        h.render(buf, 128);
        TransportProbe.Snapshot s = probe.read();
        assertTrue(s.playing(), "the next cycle plays");
        assertEquals(3, s.cycle());
        h.deactivate();
    }

    @Test
    void theRenderThreadsCopyAllocatesNothing() {
        Host h = new Host();
        TransportProbe probe = new TransportProbe();
        h.add(new Asker());
        h.addCycleListener(probe);
        h.activate(48000, 128);
        float[][] buf = new float[2][128];
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        org.midirack.host.CycleListener only = probe; // the probe alone, without the host around it
        TransportProbe.Snapshot first;
        h.render(buf, 128);
        first = probe.read();
        org.midirack.core.Transport t = transportOf(h, buf);
        for (int i = 0; i < 20_000; i++) {
            only.cycleStart(t); // warm up the JIT
        }
        // the JIT may charge a late one-time allocation to a window (a deoptimisation, a recompile):
        // the promise is a steady state that allocates nothing, so some window of 100,000 calls must be 0
        long bytes = -1;
        List<Long> windows = new java.util.ArrayList<>();
        for (int w = 0; w < 40 && bytes != 0; w++) {
            long before = mx.getThreadAllocatedBytes(id);
            for (int i = 0; i < 100_000; i++) {
                only.cycleStart(t);
            }
            bytes = mx.getThreadAllocatedBytes(id) - before;
            windows.add(bytes);
        }
        assertEquals(0, bytes, "bytes allocated by each window of 100,000 cycleStart calls: " + windows);
        assertTrue(probe.read().cycle() > first.cycle());
        h.deactivate();
    }

    /** The transport a cycle listener gets, captured from one host cycle. */
    private static org.midirack.core.Transport transportOf(Host h, float[][] buf) {
        org.midirack.core.Transport[] got = new org.midirack.core.Transport[1];
        org.midirack.host.CycleListener l = new org.midirack.host.CycleListener() {
            @Override
            public void cycleStart(org.midirack.core.Transport cycle) {
                got[0] = cycle;
            }
        };
        h.addCycleListener(l);
        h.render(buf, 128);
        h.removeCycleListener(l);
        return got[0];
    }
}
