package org.midirack.host.midi;

import org.midirack.core.MidiEventBuffer;
import org.midirack.core.hosting.TransportState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiMessage;
import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.AllocationMeter;

class MidiOutputRouteTest {

    record Out(long frame, int status, int d1, int d2) {
    }

    private static List<Out> frames(MidiTestRig rig, MidiTestRig.Capture cap) {
        List<Out> list = new ArrayList<>();
        synchronized (cap.messages) {
            for (int i = 0; i < cap.messages.size(); i++) {
                MidiMessage m = cap.messages.get(i);
                byte[] b = m.getMessage();
                list.add(new Out(Math.round(rig.frameOfNanos(cap.stamps.get(i) * 1000.0)),
                        b[0] & 0xFF, b.length > 1 ? b[1] : 0, b.length > 2 ? b[2] : 0));
            }
        }
        return list;
    }

    @Test
    void nodeOutputReachesTheDeviceTimestampedForItsExactFrame() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("out-frames", 30e-6, 0, 31);
                MidiTestRig.Capture cap = new MidiTestRig.Capture(rig.port)) {
            MidiOutputRoute route = rig.router.addOutput(rig.outputId());
            assertTrue(route.isBound());
            for (int i = 0; i < 400; i++) {
                rig.cycle();
            }
            MidiEventBuffer nodeOut = new MidiEventBuffer(16);
            nodeOut.add(0, 0x90, 60, 100);
            nodeOut.add(17, 0x90, 64, 100);
            nodeOut.add(17, 0x90, 67, 100);
            nodeOut.add(127, 0x80, 60, 0);
            long first = rig.cycle();
            assertEquals(4, route.send(nodeOut, first));
            route.delayFrames(256);
            long second = rig.cycle();
            route.send(nodeOut, second);
            rig.router.flushOutputs();
            assertEquals(List.of(
                    new Out(first, 0x90, 60, 100), new Out(first + 17, 0x90, 64, 100),
                    new Out(first + 17, 0x90, 67, 100), new Out(first + 127, 0x80, 60, 0),
                    new Out(second + 256, 0x90, 60, 100), new Out(second + 256 + 17, 0x90, 64, 100),
                    new Out(second + 256 + 17, 0x90, 67, 100), new Out(second + 256 + 127, 0x80, 60, 0)),
                    frames(rig, cap));
            assertEquals(8, route.sent());
        }
    }

    @Test
    void sysexGoesOutIntactAndMalformedSysexIsRefusedByName() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("out-sysex", 0, 0, 32);
                MidiTestRig.Capture cap = new MidiTestRig.Capture(rig.port)) {
            MidiOutputRoute route = rig.router.addOutput(rig.outputId());
            byte[] tuning = new byte[] {(byte) 0xF0, 0x7F, 0x7F, 0x08, 0x02, 0x00, 0x01, 0x45, 0x40, 0x00, 0x00, (byte) 0xF7};
            route.sendSysex(tuning);
            assertArrayEquals(tuning, cap.messages.get(0).getMessage());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> route.sendSysex(new byte[] {0x12, 0x34}));
            assertTrue(e.getMessage().contains("system-exclusive"), e.getMessage());
            assertEquals(1, cap.messages.size());
        }
    }

    @Test
    void unplugCountsWhatCouldNotGoOutAndReplugRebinds() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("out-replug", 0, 0, 33)) {
            MidiOutputRoute route = rig.router.addOutput(rig.outputId());
            rig.cycle();
            rig.port.unplug();
            assertFalse(route.isBound());
            long f = rig.cycle();
            route.send(f, 0x90, 60, 100);
            rig.router.flushOutputs();
            assertEquals(1, route.droppedUnbound());
            rig.port.replug();
            assertTrue(route.isBound());
            try (MidiTestRig.Capture cap = new MidiTestRig.Capture(rig.port)) {
                long g = rig.cycle();
                route.send(g + 5, 0x91, 61, 101);
                rig.router.flushOutputs();
                assertEquals(List.of(new Out(g + 5, 0x91, 61, 101)), frames(rig, cap));
                assertEquals(1, route.releaseAll(), "the note sent after the replug is released");
                assertEquals(0x80, cap.messages.get(1).getStatus() & 0xF0);
                assertEquals(61, cap.messages.get(1).getMessage()[1]);
            }
        }
    }

    @Test
    void queueingOnTheRenderThreadAllocatesNothing() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("out-alloc", 0, 0, 34)) {
            MidiOutputRoute route = rig.router.addOutput(rig.outputId());
            MidiEventBuffer nodeOut = new MidiEventBuffer(16);
            nodeOut.add(3, 0x90, 60, 100);
            nodeOut.add(90, 0x80, 60, 0);
            MidiClockOut clock = new MidiClockOut(route);
            TransportState t = new TransportState();
            long[] total = new long[1];
            java.util.function.LongSupplier round = () -> {
                total[0] = 0;
                for (int c = 0; c < 3000; c++) {
                    long start = rig.frame;
                    total[0] += AllocationMeter.measure(() -> {
                        rig.router.beginCycle(Math.round(rig.nanosOfFrame(start)), start, MidiTestRig.FRAMES);
                        route.send(nodeOut, start);
                        t.set(MidiTestRig.RATE, MidiTestRig.FRAMES, 120, start / 24000.0, start);
                        t.setState(true, false, false);
                        clock.process(t, start);
                    });
                    rig.frame += MidiTestRig.FRAMES;
                    rig.router.flushOutputs();
                }
                return total[0];
            };
            // run until the JIT has settled (see MidiInputRouteTest): four rounds in a row allocate nothing
            long[] last = new long[4];
            int clean = 0;
            for (int k = 0; k < 40 && clean < last.length; k++) {
                long bytes = round.getAsLong();
                last[k % last.length] = bytes;
                clean = k > 0 && bytes == 0 ? clean + 1 : 0;
            }
            assertEquals(last.length, clean, "rounds of 3000 cycles in a row allocating nothing; the last: "
                    + java.util.Arrays.toString(last) + " bytes");
            assertEquals(0, route.overflowed());
            assertTrue(clock.ticks() > 700);
        }
    }
}
