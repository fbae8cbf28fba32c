package org.midirack.core.hosting;

import org.midirack.core.EventList;
import org.midirack.core.MidiMessages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.AllocationMeter;

class ManyToOneEventFifoTest {

    @Test
    void deliversCarriedEventOnExactFrame() {
        ManyToOneEventFifo f = new ManyToOneEventFifo(16);
        assertTrue(f.offer(300, 0x90, 60, 100));
        assertEquals(0, f.drain(128).size());
        assertEquals(0, f.drain(128).size());
        EventList third = f.drain(128);
        assertEquals(1, third.size());
        assertEquals(44, third.offset(0), "300 - 128 - 128");
        assertEquals(1, f.carried(), "carried once, counted once");
    }

    @Test
    void playsLateEventAtFrameZeroAndCountsIt() {
        ManyToOneEventFifo f = new ManyToOneEventFifo(16);
        f.offer(-5, 0x90, 60, 100);
        EventList e = f.drain(64);
        assertEquals(0, e.offset(0));
        assertEquals(1, f.late());
    }

    @Test
    void sortsStablyByOffset() {
        ManyToOneEventFifo f = new ManyToOneEventFifo(16);
        f.offer(10, 0xB0, 1, 1);
        f.offer(5, 0xB0, 1, 2);
        f.offer(10, 0xB0, 1, 3);
        f.offer(-3, 0xB0, 1, 4);
        f.offer(0, 0xB0, 1, 5);
        EventList e = f.drain(64);
        int[] want = {4, 5, 2, 1, 3};
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], e.data2(i), "event " + i);
        }
        assertEquals(0, e.offset(0));
        assertEquals(0, e.offset(1));
        assertEquals(5, e.offset(2));
        assertEquals(10, e.offset(4));
    }

    @Test
    void refusesWhenFullWithoutBlockingAndCountsIt() {
        ManyToOneEventFifo f = new ManyToOneEventFifo(4);
        for (int i = 0; i < 4; i++) {
            assertTrue(f.offer(0, 0xB0, 7, i));
        }
        assertFalse(f.offer(0, 0xB0, 7, 9));
        assertEquals(1, f.refusedFull());
        assertEquals(4, f.drain(8).size());
        assertTrue(f.offer(0, 0xB0, 7, 9), "room again after the drain");
    }

    @Test
    void keepsTheLastEighthOfTheRingForReleases() {
        ManyToOneEventFifo f = new ManyToOneEventFifo(16);
        for (int i = 0; i < 14; i++) {
            assertTrue(f.offer(i, 0x90, 40 + i, 100), "note-on " + i + " of the 16 - 16 / 8 ordinary slots");
        }
        assertFalse(f.offer(0, 0x90, 62, 100), "the last two slots are the releases' headroom");
        assertFalse(f.offer(0, 0xB0, 1, 0), "for every ordinary event");
        assertEquals(2, f.refusedFull());
        assertTrue(f.offer(20, 0x80, 40, 0));
        assertTrue(f.offer(21, 0x90, 41, 0), "note-on with velocity 0 is a note-off");
        assertEquals(0, f.releasesViaSideChannel(), "both fit in the ring's headroom, in exact order");
        assertTrue(f.offer(22, 0x80, 42, 0), "the ring is full: the side channel takes it");
        assertEquals(1, f.releasesViaSideChannel());
        EventList e = f.drain(64);
        assertEquals(17, e.size());
        assertEquals(22, e.offset(16));
        assertEquals(42, e.data1(16));
        assertEquals(14, f.freeCredits(), "all room back after the drain");
    }

    @Test
    void rejectsInvalidBytesAndCountsThem() {
        ManyToOneEventFifo f = new ManyToOneEventFifo(4);
        assertFalse(f.offer(0, 0x40, 1, 1));
        assertFalse(f.offer(0, 0x90, 128, 1));
        assertFalse(f.offer(0, 0xF0, 0, 0));
        assertFalse(f.offer(0, 0xF7, 0, 0));
        assertFalse(f.offerParam(0, 65536, 1f));
        assertEquals(5, f.refusedInvalid());
        assertEquals(0, f.refusedFull());
        assertEquals(0, f.accepted());
    }

    @Test
    void refusesCapacityThatIsNoPowerOfTwo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ManyToOneEventFifo(1000));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
    }

    @Test
    void clearDiscardsOrdinaryEventsAndDeliversEveryReleaseAtFrameZero() {
        ManyToOneEventFifo f = new ManyToOneEventFifo(4);
        assertTrue(f.offer(0, 0x90, 60, 100));
        assertTrue(f.offer(500, 0xB0, 1, 1));
        assertTrue(f.offer(600, 0xB0, 7, 90));
        assertTrue(f.offer(700, 0x80, 60, 0), "a far-future note-off in the ring");
        assertTrue(f.offer(900, 0xB0, 64, 0), "a pedal release: the ring is full, the side channel takes it");
        assertEquals(1, f.releasesViaSideChannel());
        assertEquals(3, f.clear(), "the note-on, CC 1 and CC 7");
        assertEquals(3, f.discarded());
        EventList e = f.drain(64);
        assertEquals(2, e.size(), "both releases survive the reset");
        assertEquals(0, e.offset(0));
        assertEquals(0x80, e.status(0));
        assertEquals(0, e.offset(1));
        assertEquals(0xB0, e.status(1));
        assertEquals(64, e.data1(1));
        assertEquals(f.accepted(), f.delivered() + f.discarded() + f.releasesMerged());
    }

    @Test
    void offerAndDrainAllocateNothing() {
        ManyToOneEventFifo f = new ManyToOneEventFifo(1024);
        Runnable cycle = () -> {
            for (int i = 0; i < 64; i++) {
                f.offer((i * 37) % 300 - 20, 0x90, 60 + (i & 7), 100);
                f.offer((i * 53) % 400, 0x80, 60 + (i & 7), 0);
            }
            EventList e = f.drain(128);
            e.size();
        };
        for (int i = 0; i < 5000; i++) {
            cycle.run();
        }
        long bytes = AllocationMeter.measureSteadyState(() -> {
            for (int i = 0; i < 10_000; i++) {
                cycle.run();
            }
        }, 3);
        assertEquals(0, bytes, "bytes allocated by 1.28 M offers and 10,000 drains");
    }

    @Test
    void overflowThroughTheSideChannelAllocatesNothing() {
        ManyToOneEventFifo f = new ManyToOneEventFifo(64);
        int[] n = {0};
        Runnable cycle = () -> {
            for (int i = 0; i < 64; i++) {
                f.offer((i * 37) % 300 - 20, 0x90 | (i & 3), 60 + (i & 15), 100);
                f.offer((i * 53) % 400, 0x80 | (i & 3), 60 + (i & 15), 0);
                f.offer(i, 0xB0 | (i & 15), 64, i & 1);
                f.offer(i * 7, 0xB0 | (i & 15), 123, 0);
            }
            EventList e = f.drain(128);
            e.size();
            if ((++n[0] & 63) == 0) {
                f.clear();
            }
        };
        for (int i = 0; i < 5000; i++) {
            cycle.run();
        }
        assertTrue(f.releasesViaSideChannel() > 0 && f.releasesMerged() > 0, "the side channel was used");
        long bytes = AllocationMeter.measureSteadyState(() -> {
            for (int i = 0; i < 10_000; i++) {
                cycle.run();
            }
        }, 3);
        assertEquals(0, bytes, "bytes allocated by 2.56 M offers, 10,000 drains and 156 clears");
    }

    @Test
    void fourProducersMillionEventsEachDeliveredExactlyOnceInProducerOrder() throws Exception {
        final int producers = 4;
        final int perProducer = 1_000_000;
        ManyToOneEventFifo f = new ManyToOneEventFifo(4096);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean failed = new AtomicBoolean();
        Thread[] ts = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            final int id = p;
            ts[p] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                // sequence number in the 14 bits of a pitch bend (never a release, so always in
                // the ring, in FIFO order) + low status nibble: channel = producer id
                for (int i = 0; i < perProducer; i++) {
                    int seq = i & 0x3FFF;
                    while (!f.offer(0, 0xE0 | id, seq >> 7, seq & 0x7F)) {
                        Thread.onSpinWait(); // full: the test retries; the FIFO never blocks
                    }
                }
            });
            ts[p].start();
        }
        start.countDown();
        int[] next = new int[producers];
        long total = 0;
        long want = (long) producers * perProducer;
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (total < want && System.nanoTime() < deadline) {
            EventList e = f.drain(128);
            for (int i = 0; i < e.size(); i++) {
                int id = e.status(i) & 15;
                int seq = e.data1(i) << 7 | e.data2(i);
                if (seq != (next[id] & 0x3FFF)) {
                    failed.set(true);
                }
                next[id]++;
            }
            total += e.size();
        }
        for (Thread t : ts) {
            t.join(10_000);
        }
        assertFalse(failed.get(), "events of one producer with equal offsets came out of order");
        assertEquals(want, total, "every accepted event delivered exactly once");
        assertEquals(want, f.accepted());
        assertEquals(want, f.delivered());
        for (int p = 0; p < producers; p++) {
            assertEquals(perProducer, next[p], "events of producer " + p);
        }
    }

    @Test
    void overflowStormLeavesNoStuckNote() throws Exception {
        final int capacity = 256;
        final int pairsPerThread = capacity * 10 / 4;
        ManyToOneEventFifo f = new ManyToOneEventFifo(capacity);
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[4];
        for (int p = 0; p < 4; p++) {
            final int id = p;
            ts[p] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                java.util.Random r = new java.util.Random(id);
                for (int i = 0; i < pairsPerThread; i++) {
                    int ch = r.nextInt(2);
                    int key = 60 + r.nextInt(12);
                    f.offer(0, 0x90 | ch, key, 100);
                    if ((i & 7) == 0) {
                        Thread.yield();
                    }
                    f.offer(0, 0x80 | ch, key, 0);
                }
            });
            ts[p].start();
        }
        start.countDown();
        int[] sounding = new int[2 * 128];
        // let the storm fill the FIFO before the consumer starts draining, so it surely overflows
        while (f.dropped() == 0 && (ts[0].isAlive() || ts[1].isAlive() || ts[2].isAlive() || ts[3].isAlive())) {
            Thread.onSpinWait();
        }
        boolean done = false;
        while (!done) {
            done = true;
            for (Thread t : ts) {
                done &= !t.isAlive();
            }
            EventList e = f.drain(64);
            for (int i = 0; i < e.size(); i++) {
                int s = e.status(i);
                int k = (s & 1) << 7 | e.data1(i);
                if (MidiMessages.isNoteOn(s, e.data2(i))) {
                    sounding[k]++;
                } else {
                    sounding[k] = 0; // a note-off releases the key, as in a synth
                }
            }
            if ((f.accepted() & 1) == 0) {
                Thread.yield(); // drain slowly so the storm really overflows
            }
        }
        EventList e = f.drain(64);
        for (int i = 0; i < e.size(); i++) {
            int s = e.status(i);
            int k = (s & 1) << 7 | e.data1(i);
            sounding[k] = MidiMessages.isNoteOn(s, e.data2(i)) ? sounding[k] + 1 : 0;
        }
        assertTrue(f.dropped() > 0, "the storm must overflow the FIFO");
        for (int k = 0; k < sounding.length; k++) {
            assertEquals(0, sounding[k], "stuck note " + (k & 127) + " on channel " + (k >> 7));
        }
    }
}
