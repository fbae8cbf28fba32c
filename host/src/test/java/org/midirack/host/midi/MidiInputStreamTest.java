package org.midirack.host.midi;

import org.midirack.core.EventList;
import org.midirack.core.hosting.ManyToOneEventFifo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import org.junit.jupiter.api.Test;

/**
 * The long run: 10,000 events/s for 10 s from a device thread, in real time, against a
 * render thread paced like an audio callback (128 frames at 48 kHz). Nothing may be dropped and
 * the order must hold. On a loaded machine either side may fall behind and catch up in bursts;
 * the rings (1.6 s of stream each) absorb that, so the outcome does not depend on timing.
 */
class MidiInputStreamTest {
    private static final int EVENTS = 100_000;
    private static final long SPACING_NANOS = 100_000; // 10,000 per second

    @Test
    void tenThousandEventsPerSecondForTenSecondsWithoutADrop() throws Exception {
        try (MidiTestRig rig = new MidiTestRig("stream-10k", 0, 0, 41)) {
            ManyToOneEventFifo fifo = new ManyToOneEventFifo(1 << 16);
            MidiInputRoute route = rig.router.addInput(rig.inputId(), fifo::offer, 1 << 16);
            Receiver device = rig.openSender();
            AtomicReference<Throwable> senderFailure = new AtomicReference<>();
            long t0 = System.nanoTime() + 20_000_000L;
            Thread sender = new Thread(() -> {
                try {
                    int next = 0;
                    while (next < EVENTS) {
                        long now = System.nanoTime();
                        while (next < EVENTS && t0 + next * SPACING_NANOS <= now) {
                            int seq = next++;
                            device.send(new ShortMessage(0xA0 | (seq >>> 14), seq & 0x7F, (seq >>> 7) & 0x7F), -1);
                        }
                        LockSupport.parkNanos(500_000);
                    }
                } catch (Throwable e) {
                    senderFailure.set(e);
                }
            }, "test-midi-device");
            sender.start();

            int expected = 0;
            long cycle = 0;
            long deadline = t0 + 60_000_000_000L;
            while (expected < EVENTS && System.nanoTime() < deadline) {
                long due = t0 + Math.round(cycle * MidiTestRig.FRAMES * 1e9 / MidiTestRig.RATE);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long start = cycle * MidiTestRig.FRAMES;
                rig.router.beginCycle(System.nanoTime(), start, MidiTestRig.FRAMES);
                EventList ev = fifo.drain(MidiTestRig.FRAMES);
                for (int i = 0; i < ev.size(); i++) {
                    int seq = (ev.status(i) & 0x0F) << 14 | ev.data2(i) << 7 | ev.data1(i);
                    assertEquals(expected, seq, "event order");
                    expected++;
                }
                cycle++;
            }
            sender.join(10_000);
            assertNull(senderFailure.get());
            assertEquals(EVENTS, expected, "events that reached the FIFO's consumer");
            assertEquals(EVENTS, route.received());
            assertEquals(EVENTS, route.delivered());
            assertEquals(0, route.overflowed());
            assertEquals(0, route.refused());
            assertEquals(0, fifo.dropped());
            assertTrue(cycle >= 3000, "ran in real time for about ten seconds: " + cycle + " cycles");
        }
    }
}
