package org.midirack.host.midi;

import org.midirack.core.EventList;
import org.midirack.core.MidiMessages;
import org.midirack.core.hosting.ManyToOneEventFifo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.AllocationMeter;

class MidiInputRouteTest {

    /** One drained event, with its absolute frame on the simulated audio clock. */
    record Played(long frame, int status, int data1, int data2) {
    }

    private static void drain(ManyToOneEventFifo fifo, long cycleStart, List<Played> into) {
        EventList ev = fifo.drain(MidiTestRig.FRAMES);
        for (int i = 0; i < ev.size(); i++) {
            into.add(new Played(cycleStart + ev.offset(i), ev.status(i), ev.data1(i), ev.data2(i)));
        }
    }

    @Test
    void thousandNotesAtRandomTimesPlayAtAConstantLatencyWithinOneFrame() throws Exception {
        // audio clock 40 ppm fast against the system clock, callbacks jittered by +-40 us
        try (MidiTestRig rig = new MidiTestRig("in-thousand", 40e-6, 40_000, 1)) {
            ManyToOneEventFifo fifo = new ManyToOneEventFifo(1024);
            MidiInputRoute route = rig.router.addInput(rig.inputId(), fifo::offer);
            assertTrue(route.isBound());
            Receiver device = rig.openSender();
            Random rnd = new Random(42);
            for (int i = 0; i < 375; i++) { // one second for the time map to lock
                rig.cycle();
            }
            // 1,000 note-ons (each with its note-off 3 ms later) at random times over ~10 s
            List<long[]> sends = new ArrayList<>(); // {micros, status, key, vel}
            double t = rig.nextCycleNanos();
            for (int i = 0; i < 1000; i++) {
                t += 1_000_000 + rnd.nextDouble() * 18_000_000;
                int key = 36 + i % 60;
                long us = (long) (t / 1000);
                sends.add(new long[] {us, 0x90, key, 1 + i % 127});
                sends.add(new long[] {us + 3000, 0x80, key, 0});
            }
            sends.sort((a, b) -> Long.compare(a[0], b[0]));
            List<Played> played = new ArrayList<>();
            int next = 0;
            while (next < sends.size() || played.size() < sends.size()) {
                double cycleAt = rig.nextCycleNanos();
                while (next < sends.size() && sends.get(next)[0] * 1000.0 < cycleAt) {
                    long[] s = sends.get(next++);
                    device.send(MidiTestRig.msg((int) s[1], (int) s[2], (int) s[3]), s[0]);
                }
                long start = rig.cycle();
                drain(fifo, start, played);
                assertTrue(rig.cycles < 10_000, "all events should have played by now");
            }
            assertEquals(2000, played.size());
            assertEquals(0, route.overflowed() + route.refused() + route.late() + fifo.dropped());
            double[] latency = new double[sends.size()];
            for (int i = 0; i < sends.size(); i++) {
                long[] s = sends.get(i);
                Played p = played.get(i);
                assertEquals(s[1], p.status() & 0xF0, "order kept at " + i);
                assertEquals(s[2], p.data1(), "order kept at " + i);
                latency[i] = p.frame() - rig.frameOfNanos(s[0] * 1000.0);
            }
            double[] sorted = latency.clone();
            java.util.Arrays.sort(sorted);
            double constant = Math.rint(sorted[sorted.length / 2]);
            // one cycle, plus up to the early edge of the callback jitter (40 us = 1.9 frames)
            assertTrue(constant >= MidiTestRig.FRAMES && constant <= MidiTestRig.FRAMES + 2, "latency " + constant);
            double min = sorted[0];
            double max = sorted[sorted.length - 1];
            for (int i = 0; i < latency.length; i++) {
                assertTrue(Math.abs(latency[i] - constant) <= 1.0,
                        "event " + i + " played " + latency[i] + " frames after injection, not " + constant + " +-1");
            }
            assertTrue(max - min <= 2.0, "spread " + min + ".." + max);
        }
    }

    @Test
    void equalTimestampBurstsArriveIntactAndInOrder() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("in-burst", 0, 0, 2)) {
            ManyToOneEventFifo fifo = new ManyToOneEventFifo(1024);
            MidiInputRoute route = rig.router.addInput(rig.inputId(), fifo::offer);
            Receiver device = rig.openSender();
            for (int i = 0; i < 100; i++) {
                rig.cycle();
            }
            long us = (long) (rig.nanosOfFrame(rig.frame - 50) / 1000);
            List<Played> played = new ArrayList<>();
            for (int burst = 0; burst < 3; burst++) {
                for (int i = 0; i < 128; i++) {
                    device.send(MidiTestRig.msg(0x90 | burst, i, 1 + i % 127), us);
                }
            }
            for (int c = 0; c < 3; c++) {
                long start = rig.cycle();
                drain(fifo, start, played);
            }
            assertEquals(384, played.size());
            long frame = played.get(0).frame();
            for (int k = 0; k < 384; k++) {
                Played p = played.get(k);
                assertEquals(frame, p.frame(), "same timestamp, same frame");
                assertEquals(0x90 | k / 128, p.status());
                assertEquals(k % 128, p.data1());
            }
            assertEquals(384, route.received());
            assertEquals(384, route.delivered());
        }
    }

    @Test
    void unplugWhileTwentyNotesAreHeldLeavesNoStuckNote() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("in-unplug", 0, 0, 3)) {
            ManyToOneEventFifo fifo = new ManyToOneEventFifo(256);
            MidiInputRoute route = rig.router.addInput(rig.inputId(), fifo::offer);
            Receiver device = rig.openSender();
            List<Played> played = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                rig.cycle();
            }
            for (int i = 0; i < 20; i++) {
                device.send(MidiTestRig.msg(0x90 | (i % 3), 40 + i, 90), (long) (rig.nanosOfFrame(rig.frame - 10) / 1000));
            }
            device.send(MidiTestRig.msg(0xB1, 64, 127), (long) (rig.nanosOfFrame(rig.frame - 5) / 1000)); // pedal down ch 2
            drain(fifo, rig.cycle(), played);
            drain(fifo, rig.cycle(), played);
            assertEquals(21, played.size());
            assertEquals(20, route.heldNotes());

            rig.port.unplug();
            assertFalse(route.isBound());
            for (int i = 0; i < 3; i++) {
                drain(fifo, rig.cycle(), played);
            }
            int[] open = new int[16 * 128];
            boolean pedalDown = false;
            for (Played p : played) {
                if (MidiMessages.isNoteOn(p.status(), p.data2())) {
                    open[(p.status() & 15) << 7 | p.data1()]++;
                } else if (MidiMessages.isNoteOff(p.status(), p.data2())) {
                    open[(p.status() & 15) << 7 | p.data1()]--;
                } else if (p.status() == 0xB1 && p.data1() == 64) {
                    pedalDown = p.data2() >= 64;
                }
            }
            for (int k = 0; k < open.length; k++) {
                assertEquals(0, open[k], "stuck note ch " + (k >> 7) + " key " + (k & 127));
            }
            assertFalse(pedalDown, "sustain pedal left down");
            assertEquals(21, route.released());
            assertEquals(0, route.heldNotes());
            long releaseFrame = played.get(played.size() - 1).frame();
            assertEquals(rig.frame - 3 * MidiTestRig.FRAMES, releaseFrame, "released at the first cycle after the unplug");
        }
    }

    @Test
    void replugRebindsTheRouteByItself() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("in-replug", 0, 0, 4)) {
            ManyToOneEventFifo fifo = new ManyToOneEventFifo(256);
            String id = rig.inputId();
            MidiInputRoute route = rig.router.addInput(id, fifo::offer);
            rig.port.unplug();
            assertFalse(route.isBound());
            rig.port.replug();
            assertTrue(route.isBound());
            assertEquals(id, route.boundPort().id());
            Receiver device = rig.openSender();
            rig.cycle();
            device.send(MidiTestRig.msg(0x92, 64, 77), -1);
            List<Played> played = new ArrayList<>();
            drain(fifo, rig.cycle(), played);
            drain(fifo, rig.cycle(), played);
            assertEquals(List.of(0x92, 64, 77), List.of(played.get(0).status(), played.get(0).data1(), played.get(0).data2()));
            assertEquals(1, played.size());
        }
    }

    @Test
    void lowestLatencyModePlaysAtTheStartOfTheNextCycle() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("in-lowest", 0, 0, 5)) {
            ManyToOneEventFifo fifo = new ManyToOneEventFifo(256);
            rig.router.addInput(rig.inputId(), fifo::offer).timing(MidiInputRoute.Timing.LOWEST_LATENCY);
            Receiver device = rig.openSender();
            for (int i = 0; i < 10; i++) {
                rig.cycle();
            }
            List<Played> played = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                device.send(MidiTestRig.msg(0x90, 60 + k, 100), (long) (rig.nanosOfFrame(rig.frame - 127 + 30 * k) / 1000));
                long start = rig.cycle();
                drain(fifo, start, played);
                assertEquals(start, played.get(k).frame());
            }
        }
    }

    @Test
    void constantLatencyCanBeSetInFrames() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("in-latency", 0, 0, 6)) {
            ManyToOneEventFifo fifo = new ManyToOneEventFifo(256);
            rig.router.addInput(rig.inputId(), fifo::offer).latencyFrames(300);
            Receiver device = rig.openSender();
            for (int i = 0; i < 10; i++) {
                rig.cycle();
            }
            long injectedFrame = rig.frame - 20;
            device.send(MidiTestRig.msg(0x90, 60, 100), (long) Math.ceil(rig.nanosOfFrame(injectedFrame) / 1000));
            List<Played> played = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                drain(fifo, rig.cycle(), played);
            }
            assertEquals(1, played.size());
            assertEquals(injectedFrame + 300, played.get(0).frame());
        }
    }

    @Test
    void sysexAndClockGoToTheirListenersNotTheFifo() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("in-sysex", 0, 0, 7)) {
            ManyToOneEventFifo fifo = new ManyToOneEventFifo(256);
            List<byte[]> sysex = new ArrayList<>();
            List<Integer> realtime = new ArrayList<>();
            rig.router.addInput(rig.inputId(), fifo::offer)
                    .sysexListener((m, nanos) -> sysex.add(m.getMessage()))
                    .realtimeListener((s, d1, d2, nanos) -> realtime.add(s));
            Receiver device = rig.openSender();
            byte[] gmOn = {(byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7};
            device.send(new SysexMessage(gmOn, gmOn.length), -1);
            device.send(new ShortMessage(0xF8), -1);
            device.send(new ShortMessage(0xFE), -1);
            device.send(new ShortMessage(0xFA), -1);
            rig.cycle();
            assertEquals(0, fifo.drain(MidiTestRig.FRAMES).size());
            assertEquals(1, sysex.size());
            assertArrayEquals(gmOn, sysex.get(0));
            assertEquals(List.of(0xF8, 0xFA), realtime);
        }
    }

    @Test
    void sysexFromADeviceReachesANodeThatTakesIt() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("in-sysex-node", 0, 0, 9)) {
            List<byte[]> got = new ArrayList<>();
            List<Integer> offsets = new ArrayList<>();
            MidiInputRoute route = rig.router.addInput(rig.inputId(), new ManyToOneEventFifo(16)::offer)
                    .sysexTo((message, offset) -> {
                        got.add(message);
                        offsets.add(offset);
                        return got.size() == 1; // the node refuses the second
                    });
            Receiver device = rig.openSender();
            byte[] gsReset = {(byte) 0xF0, 0x41, 0x10, 0x42, 0x12, 0x40, 0x00, 0x7F, 0x00, 0x41, (byte) 0xF7};
            device.send(new SysexMessage(gsReset, gsReset.length), -1);
            device.send(new SysexMessage(gsReset, gsReset.length), -1);
            assertEquals(2, got.size());
            assertArrayEquals(gsReset, got.get(0));
            assertEquals(List.of(0, 0), offsets);
            assertEquals(1, route.sysexRefused());
        }
    }

    @Test
    void dispatchOnTheRenderThreadAllocatesNothing() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("in-alloc", 20e-6, 30_000, 8)) {
            ManyToOneEventFifo fifo = new ManyToOneEventFifo(1024);
            rig.router.addInput(rig.inputId(), fifo::offer);
            Receiver device = rig.openSender();
            ShortMessage[] msgs = new ShortMessage[8];
            for (int i = 0; i < msgs.length; i++) {
                msgs[i] = MidiTestRig.msg(i % 2 == 0 ? 0x90 : 0x80, 60, i % 2 == 0 ? 100 : 0);
            }
            long[] allocated = new long[1];
            java.util.function.LongSupplier round = () -> {
                allocated[0] = 0;
                for (int c = 0; c < 3000; c++) {
                    for (ShortMessage m : msgs) {
                        device.send(m, (long) (rig.nanosOfFrame(rig.frame - 64) / 1000));
                    }
                    allocated[0] += AllocationMeter.measure(() -> {
                        long start = rig.frame;
                        rig.router.beginCycle(Math.round(rig.nanosOfFrame(start)), start, MidiTestRig.FRAMES);
                        fifo.drain(MidiTestRig.FRAMES);
                    });
                    rig.frame += MidiTestRig.FRAMES;
                }
                return allocated[0];
            };
            // run until the JIT has settled: C2's one-time charges (80 to 1,200 bytes) came as late as round 11
            // of 30, and after clean rounds; four rounds in a row must allocate nothing (at most 40 rounds)
            long[] last = new long[4];
            int clean = 0;
            for (int k = 0; k < 40 && clean < last.length; k++) {
                long bytes = round.getAsLong();
                last[k % last.length] = bytes;
                clean = k > 0 && bytes == 0 ? clean + 1 : 0;
            }
            assertEquals(last.length, clean, "rounds of 3000 cycles in a row allocating nothing; the last: "
                    + java.util.Arrays.toString(last) + " bytes");
        }
    }
}
