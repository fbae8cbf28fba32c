package org.midirack.core.hosting;

import org.midirack.core.EventList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The release rule as a property over random schedules of four producers (two of them ignore
 * refusals and send note-offs for refused note-ons), with retriggers, note-ons that never get a
 * note-off, sustain pedal on/off, All Notes Off, and drains of random length in between: after
 * draining, every key whose last offered event was a release is released, every channel whose last
 * pedal event was a release has its pedal up, and a fresh note-on finds room again.
 *
 * <p>"Last" is by the frame the producer asked for (frames drained before the offer plus the offset;
 * a late offset acts at the next cycle's first frame), ties by offer order: the order in which a
 * synth would have to apply the events.
 */
class ManyToOneEventFifoReleasePropertyTest {
    private static final int CHANNELS = 2;
    private static final int KEYS = 6;

    /**
     * A producer's action: kind 0 note (on, later off), 1 retrigger (on, on, off), 2 pad (on, no off),
     * 3 pedal down, 4 pedal up, 5 All Notes Off, 6 drain {@code offset} frames.
     */
    record Act(int producer, int kind, int ch, int key, int offset, int offOffset) {
    }

    /** An offer as the property judges it. */
    record Offered(long frame, long order, int status, int d1, int d2, boolean taken) {
    }

    @Provide
    Arbitrary<List<Act>> schedules() {
        Arbitrary<Act> produce = Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, CHANNELS - 1),
                Arbitraries.integers().between(0, KEYS - 1),
                Arbitraries.integers().between(-40, 700),
                Arbitraries.integers().between(-40, 900))
                .as(Act::new);
        Arbitrary<Act> drain = Arbitraries.integers().between(1, 512).map(n -> new Act(0, 6, 0, 0, n, 0));
        return Arbitraries.frequencyOf(Tuple.of(12, produce), Tuple.of(1, drain)).list().ofMinSize(1).ofMaxSize(600);
    }

    @Property(tries = 300)
    void releasesWinAndRoomComesBack(@ForAll("schedules") List<Act> schedule,
                                     @ForAll("capacities") int capacity) {
        ManyToOneEventFifo fifo = new ManyToOneEventFifo(capacity);
        List<Offered> offers = new ArrayList<>();
        int[] sounding = new int[16 * 128]; // delivered state: 1 sounding, 0 released
        int[] pedal = new int[16];          // delivered state: 1 down
        long[] drained = {0};
        long order = 0;
        // note-offs a producer still owes: {ch, key, offset}, sent by its next action
        List<List<int[]>> owed = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            owed.add(new ArrayList<>());
        }
        for (Act a : schedule) {
            if (a.kind() == 6) {
                apply(fifo.drain(a.offset()), sounding, pedal);
                drained[0] += a.offset();
                continue;
            }
            boolean ignoresRefusals = a.producer() < 2;
            for (int[] o : owed.get(a.producer())) {
                offers.add(offer(fifo, drained[0], order++, o[2], 0x80 | o[0], o[1], 64));
            }
            owed.get(a.producer()).clear();
            int ch = a.ch();
            int key = 60 + a.key();
            switch (a.kind()) {
                case 0, 1 -> {
                    Offered on = offer(fifo, drained[0], order++, a.offset(), 0x90 | ch, key, 100);
                    offers.add(on);
                    if (a.kind() == 1) {
                        offers.add(offer(fifo, drained[0], order++, a.offset() + 1, 0x90 | ch, key, 90));
                    }
                    if (on.taken() || ignoresRefusals) {
                        owed.get(a.producer()).add(new int[] {ch, key, a.offOffset()});
                    }
                }
                case 2 -> offers.add(offer(fifo, drained[0], order++, a.offset(), 0x90 | ch, key, 100));
                case 3 -> offers.add(offer(fifo, drained[0], order++, a.offset(), 0xB0 | ch, 64, 127));
                case 4 -> offers.add(offer(fifo, drained[0], order++, a.offset(), 0xB0 | ch, 64, a.key() * 10));
                default -> offers.add(offer(fifo, drained[0], order++, a.offset(), 0xB0 | ch, 123, 0));
            }
        }
        for (int k = 0; k < 8; k++) { // every offset is below 1,000 frames: 8 x 512 deliver everything
            apply(fifo.drain(512), sounding, pedal);
        }
        assertEquals(0, fifo.carriedNow(), "everything delivered");
        for (Offered o : offers) {
            if (isRelease(o)) {
                assertTrue(o.taken(), "a release was refused: " + o);
            }
        }
        for (int ch = 0; ch < CHANNELS; ch++) {
            for (int key = 60; key < 60 + KEYS; key++) {
                Offered last = null;
                for (Offered o : offers) {
                    if (touchesKey(o, ch, key) && (last == null || o.frame() >= last.frame())) {
                        last = o;
                    }
                }
                if (last != null && isRelease(last)) {
                    assertEquals(0, sounding[ch << 7 | key], "key " + key + " on channel " + ch
                            + " sounds after its last event, a release: " + last);
                }
            }
            Offered lastPedal = null;
            for (Offered o : offers) {
                if ((o.status() & 0xF0) == 0xB0 && (o.status() & 15) == ch && o.d1() == 64
                        && (lastPedal == null || o.frame() >= lastPedal.frame())) {
                    lastPedal = o;
                }
            }
            if (lastPedal != null && lastPedal.d2() < 64) {
                assertEquals(0, pedal[ch], "the pedal of channel " + ch + " stays down after its release");
            }
        }
        assertEquals(capacity - capacity / 8, fifo.freeCredits(), "all room back after draining");
        assertTrue(fifo.offer(0, 0x90, 72, 100), "a fresh note-on is taken");
        EventList e = fifo.drain(64);
        assertEquals(1, e.size());
        assertEquals(0x90, e.status(0));
    }

    @Provide
    Arbitrary<Integer> capacities() {
        return Arbitraries.of(4, 16, 64);
    }

    private static Offered offer(ManyToOneEventFifo f, long drained, long order, int offset, int s, int d1, int d2) {
        boolean taken = f.offer(offset, s, d1, d2);
        return new Offered(drained + Math.max(0, offset), order, s, d1, d2, taken);
    }

    private static boolean touchesKey(Offered o, int ch, int key) {
        int cmd = o.status() & 0xF0;
        if ((o.status() & 15) != ch) {
            return false;
        }
        return ((cmd == 0x80 || cmd == 0x90) && o.d1() == key) || (cmd == 0xB0 && o.d1() == 123);
    }

    private static boolean isRelease(Offered o) {
        int cmd = o.status() & 0xF0;
        if (cmd == 0xB0) {
            return (o.d1() == 64 && o.d2() < 64) || o.d1() == 120 || o.d1() == 121 || o.d1() == 123;
        }
        return cmd == 0x80 || (cmd == 0x90 && o.d2() == 0);
    }

    /** What a synth does with the delivered events, in delivery order. */
    static void apply(EventList e, int[] sounding, int[] pedal) {
        for (int i = 0; i < e.size(); i++) {
            int s = e.status(i);
            int ch = s & 15;
            int cmd = s & 0xF0;
            if (cmd == 0x90 && e.data2(i) > 0) {
                sounding[ch << 7 | e.data1(i)] = 1;
            } else if (cmd == 0x80 || cmd == 0x90) {
                sounding[ch << 7 | e.data1(i)] = 0;
            } else if (cmd == 0xB0 && (e.data1(i) == 123 || e.data1(i) == 120)) {
                for (int k = 0; k < 128; k++) {
                    sounding[ch << 7 | k] = 0;
                }
            } else if (cmd == 0xB0 && e.data1(i) == 64) {
                pedal[ch] = e.data2(i) >= 64 ? 1 : 0;
            } else if (cmd == 0xB0 && e.data1(i) == 121) {
                pedal[ch] = 0;
            }
        }
    }

    /**
     * The same with real threads: four producers flood a 64-event FIFO with retriggers, note-ons
     * without note-offs, note-offs for refused note-ons and pedal on/off, the first half against an
     * idle consumer (so it surely overflows), the second half while the consumer drains;
     * each producer ends with a note-off for every key it touched and a pedal release, at an offset
     * past every note-on it sent. Afterwards no key sounds, no pedal is down, and room is back.
     */
    @Test
    @Timeout(60)
    void fourRealProducersFloodingLeaveNothingSounding() throws Exception {
        final int capacity = 64;
        final int perProducer = capacity * 10;
        ManyToOneEventFifo fifo = new ManyToOneEventFifo(capacity);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch halfway = new CountDownLatch(4);
        AtomicInteger refusedReleases = new AtomicInteger();
        Thread[] ts = new Thread[4];
        for (int p = 0; p < 4; p++) {
            final int id = p;
            ts[p] = new Thread(() -> {
                Random r = new Random(id);
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    if (i == perProducer / 2) {
                        halfway.countDown();
                    }
                    int ch = r.nextInt(CHANNELS);
                    int key = 60 + r.nextInt(KEYS);
                    int off = r.nextInt(300);
                    switch (r.nextInt(5)) {
                        case 0 -> {
                            fifo.offer(off, 0x90 | ch, key, 100);
                            fifo.offer(off + 1, 0x90 | ch, key, 90);
                            fifo.offer(off + 2, 0x80 | ch, key, 0);
                        }
                        case 1 -> fifo.offer(off, 0x90 | ch, key, 100); // a pad: no note-off
                        case 2 -> {
                            fifo.offer(off, 0x90 | ch, key, 100); // refused or not, the note-off follows
                            fifo.offer(off + r.nextInt(100), 0x80 | ch, key, 0);
                        }
                        case 3 -> fifo.offer(off, 0xB0 | ch, 64, 127);
                        default -> fifo.offer(off, 0xB0 | ch, 64, 0);
                    }
                }
                for (int ch = 0; ch < CHANNELS; ch++) {
                    for (int key = 60; key < 60 + KEYS; key++) {
                        if (!fifo.offer(400, 0x80 | ch, key, 0)) {
                            refusedReleases.incrementAndGet();
                        }
                    }
                    if (!fifo.offer(400, 0xB0 | ch, 64, 0)) {
                        refusedReleases.incrementAndGet();
                    }
                }
            }, "producer-" + p);
            ts[p].start();
        }
        int[] sounding = new int[16 * 128];
        int[] pedal = new int[16];
        start.countDown();
        // the first half of the flood meets an idle consumer, so it surely overflows
        assertTrue(halfway.await(30, TimeUnit.SECONDS), "producers reached half of their flood");
        for (Thread t : ts) {
            while (t.isAlive()) {
                apply(fifo.drain(64), sounding, pedal);
                Thread.yield();
            }
            t.join();
        }
        for (int k = 0; k < 10; k++) { // 400 frames after the last offer: 10 x 64 deliver everything
            apply(fifo.drain(64), sounding, pedal);
        }
        assertEquals(0, fifo.carriedNow());
        assertEquals(0, refusedReleases.get(), "releases refused");
        assertTrue(fifo.refusedFull() > 0, "the flood overflowed the FIFO");
        assertTrue(fifo.releasesViaSideChannel() > 0, "releases went through the side channel");
        for (int k = 0; k < sounding.length; k++) {
            assertEquals(0, sounding[k], "stuck note " + (k & 127) + " on channel " + (k >> 7));
        }
        for (int ch = 0; ch < 16; ch++) {
            assertEquals(0, pedal[ch], "pedal down on channel " + ch);
        }
        assertEquals(fifo.accepted(), fifo.delivered() + fifo.releasesMerged(), "every accepted event accounted for");
        assertFalse(fifo.freeCredits() < capacity - capacity / 8, "all room back");
        assertTrue(fifo.offer(0, 0x90, 72, 100), "a fresh note-on is taken");
    }
}
