package org.midirack.host.midi;

import org.midirack.core.hosting.ManyToOneEventFifo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import org.junit.jupiter.api.Test;

class MidiClockInTest {

    /** Sends clocks whose tempo ramps linearly from 120 to 126 BPM over {@code driftTicks}, then holds. */
    private static double[] follow(String name, int driftTicks, int totalTicks, long jitterNanos) throws Exception {
        double[] error = new double[totalTicks];
        try (MidiTestRig rig = new MidiTestRig(name, 0, 0, 21)) {
            MidiClockIn clockIn = new MidiClockIn();
            rig.router.addInput(rig.inputId(), new ManyToOneEventFifo(64)::offer).realtimeListener(clockIn);
            Receiver device = rig.openSender();
            Random rnd = new Random(5);
            double t = MidiTestRig.BASE_NANOS;
            device.send(new ShortMessage(0xFA), (long) (t / 1000) - 1);
            for (int i = 0; i < totalTicks; i++) {
                double jitter = (rnd.nextDouble() * 2 - 1) * jitterNanos;
                device.send(new ShortMessage(0xF8), (long) ((t + jitter) / 1000));
                // the estimate at clock i is compared with the tempo of the interval that ended there
                error[i] = clockIn.tempo() - ramp(i - 1, driftTicks);
                t += 60e9 / (24 * ramp(i, driftTicks));
            }
            assertEquals(totalTicks, clockIn.ticks());
            assertTrue(clockIn.playing());
            assertEquals((totalTicks - 1) / 24.0, clockIn.beatAt(0), 1e-9);
        }
        return error;
    }

    private static double ramp(int i, int driftTicks) {
        return 120 + 6.0 * Math.max(0, Math.min(i, driftTicks)) / driftTicks;
    }

    @Test
    void followsClockDriftingFrom120To126BpmWithinATenthAfterOneBar() throws Exception {
        // ten bars of steady drift, arrivals jittered by +-0.2 ms
        double[] error = follow("clock-in-drift", 960, 960, 200_000);
        double worst = 0;
        for (int i = 96; i < error.length; i++) {
            assertTrue(Math.abs(error[i]) < 0.1, "clock " + i + " off by " + error[i] + " BPM");
            worst = Math.max(worst, Math.abs(error[i]));
        }
        assertTrue(worst > 1e-4, "jitter makes the estimate inexact, so the bound is what is tested");
    }

    @Test
    void settlesWithinOneBarWhenTheDriftStopsSuddenly() throws Exception {
        // eight bars of drift, then three bars held at 126
        double[] error = follow("clock-in-kink", 768, 1056, 200_000);
        for (int i = 96; i < error.length; i++) {
            if (i >= 768 && i < 768 + 96) {
                continue; // the bar in which the fit learns the drift has ended
            }
            assertTrue(Math.abs(error[i]) < 0.1, "clock " + i + " off by " + error[i] + " BPM");
        }
    }

    @Test
    void smoothedTempoMovesGraduallyAndLosesNoChange() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("clock-in-smooth", 0, 0, 22)) {
            MidiClockIn clockIn = new MidiClockIn(24, 5120);
            rig.router.addInput(rig.inputId(), new ManyToOneEventFifo(64)::offer).realtimeListener(clockIn);
            Receiver device = rig.openSender();
            double t = MidiTestRig.BASE_NANOS;
            for (int i = 0; i < 48; i++) {
                device.send(new ShortMessage(0xF8), Math.round(t / 1000));
                t += 60e9 / (24 * 100);
            }
            assertEquals(100, clockIn.smoothedTempo(128), 0.01);
            for (int i = 0; i < 48; i++) {
                device.send(new ShortMessage(0xF8), Math.round(t / 1000));
                t += 60e9 / (24 * 110);
            }
            assertEquals(110, clockIn.tempo(), 0.01);
            double first = clockIn.smoothedTempo(128);
            assertTrue(first > 100.1 && first < 109, "moves, but not at once: " + first);
            double last = first;
            for (int c = 0; c < 2000; c++) {
                last = clockIn.smoothedTempo(128);
            }
            assertEquals(110, last, 0.01);
        }
    }

    @Test
    void startStopPointerAndContinueDriveTheTransportPosition() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("clock-in-transport", 0, 0, 23)) {
            MidiClockIn clockIn = new MidiClockIn();
            rig.router.addInput(rig.inputId(), new ManyToOneEventFifo(64)::offer).realtimeListener(clockIn);
            Receiver device = rig.openSender();
            long tick = 20_833;
            long us = 1_000_000;
            assertFalse(clockIn.playing());
            device.send(new ShortMessage(0xFA), us - 1000);
            for (int i = 0; i < 25; i++) {
                device.send(new ShortMessage(0xF8), us += tick);
            }
            assertTrue(clockIn.playing());
            assertEquals(1.0, clockIn.beatAt(us * 1000), 1e-9);
            device.send(new ShortMessage(0xFC), us + 1000);
            assertFalse(clockIn.playing());
            device.send(new ShortMessage(0xF8), us += tick); // clock keeps running while stopped
            device.send(new ShortMessage(0xF2, 40 & 0x7F, 0), us + 1000); // sixteenth 40 = beat 10
            assertEquals(10.0, clockIn.beatAt(us * 1000), 1e-9);
            device.send(new ShortMessage(0xFB), us + 2000);
            device.send(new ShortMessage(0xF8), us += tick);
            assertEquals(10.0, clockIn.beatAt(us * 1000), 1e-9);
            device.send(new ShortMessage(0xF8), us += tick);
            assertEquals(10.0 + 1 / 24.0, clockIn.beatAt(us * 1000), 1e-9);
            assertEquals(10.0 + 1.5 / 24.0, clockIn.beatAt(us * 1000 + tick * 500), 1e-6);
            assertEquals(120.0, clockIn.tempo(), 0.01);
        }
    }
}
