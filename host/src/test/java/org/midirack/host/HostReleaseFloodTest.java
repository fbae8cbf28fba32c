package org.midirack.host;

import org.midirack.core.Node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.midirack.instruments.InstrumentGervill;
import org.midirack.instruments.InstrumentSine;

/**
 * Issue 12, point 7, permanent in the suite: four producer threads flood a node's FIFO with ten
 * times its capacity each, with retriggers, note-ons that never get a note-off, note-offs for
 * refused note-ons and sustain pedal on/off, through {@link Host#offer} into a real instrument
 * (InstrumentSine, InstrumentGervill on a sustaining organ), on FIFO capacities 64 and 1,024. Then,
 * with the FIFO full again, a note-off for every key and a pedal release from one more thread; then
 * the same flood again and, with the FIFO full, {@link Host#allNotesOff()}. Each time, once the
 * instrument's release time has passed, the output is silent; then normal notes (a chord) are
 * taken, sound, and stop.
 *
 * <p>Deterministic on a loaded machine: every count is bounded, the first half of the flood runs
 * while nothing drains (so it surely overflows: 20 times the capacity against an idle consumer),
 * the second half while the test thread renders, producers are joined, and nothing depends on
 * timing. Silence is judged on samples rendered after the release time, whatever the wall clock.
 *
 * <p>The threshold, 1e-4 (-80 dBFS), is checked against the quietest note the flood plays: the test
 * first renders one such note held on the same instrument and asserts its peak is at least ten
 * times the threshold, so a single stuck note cannot pass for silence.
 */
class HostReleaseFloodTest {
    private static final int RATE = 48_000;
    private static final int CYCLE = 128;
    private static final float SILENCE = 1e-4f;
    private static final int QUIETEST_VELOCITY = 40;
    private static final int CHANNELS = 2;
    private static final int LOWEST = 48;
    private static final int KEYS = 24;

    static Stream<Arguments> rigs() {
        Supplier<Node> sine = InstrumentSine::new;
        Supplier<Node> gervill = InstrumentGervill::new;
        return Stream.of(
                Arguments.of("sine", sine, 64),
                Arguments.of("sine", sine, 1024),
                Arguments.of("gervill", gervill, 64),
                Arguments.of("gervill", gervill, 1024));
    }

    private static Host host(Supplier<Node> instrument, int capacity, int[] slot) {
        Host h = new Host(new HostConfig().fifoCapacity(capacity).fadeFrames(0));
        slot[0] = h.add(instrument.get());
        h.connectAudio(slot[0], 0, Host.BOUNDARY, 0);
        h.activate(RATE, CYCLE);
        for (int ch = 0; ch < CHANNELS; ch++) {
            assertTrue(h.offer(slot[0], 0, 0xC0 | ch, 16, 0), "program 16, an organ: it sustains while held");
        }
        h.renderOffline(CYCLE);
        return h;
    }

    private static float peak(float[][] audio) {
        float p = 0;
        for (float[] c : audio) {
            for (float v : c) {
                p = Math.max(p, Math.abs(v));
            }
        }
        return p;
    }

    private static int releaseFrames(Host h, int slot) {
        return (int) Math.ceil(h.node(slot).tailSeconds() * RATE);
    }

    @ParameterizedTest(name = "{0}, FIFO capacity {2}")
    @MethodSource("rigs")
    @Timeout(300)
    void floodThenAllNotesOffLeavesSilenceAndRoomForTheNextNote(String name, Supplier<Node> instrument, int capacity)
            throws Exception {
        int[] slot = new int[1];
        // the threshold can see one stuck note: the quietest note of the flood, held
        Host probe = host(instrument, capacity, slot);
        assertTrue(probe.offer(slot[0], 0, 0x90, 60, QUIETEST_VELOCITY));
        probe.renderOffline(RATE / 2);
        float held = peak(probe.renderOffline(RATE / 4));
        assertTrue(held >= 10 * SILENCE, name + ": a held note at velocity " + QUIETEST_VELOCITY
                + " peaks at " + held + ", not ten times the silence threshold " + SILENCE);
        probe.shutdown(null, 0);

        Host h = host(instrument, capacity, slot);
        final int s = slot[0];

        // round 1: the flood, then, with the FIFO full, a note-off for every key and a pedal release
        flood(name, h, s, capacity, 1000);
        fill(h, s, capacity);
        for (int ch = 0; ch < CHANNELS; ch++) {
            for (int key = LOWEST; key < LOWEST + KEYS; key++) {
                assertTrue(h.offer(s, 0, 0x80 | ch, key, 0), name + ": note-off " + key + " refused");
            }
            assertTrue(h.offer(s, 0, 0xB0 | ch, 64, 0), name + ": pedal release refused");
        }
        assertSilentAfterRelease(name + ", round 1 (note-offs)", h, s, capacity);

        // round 2: the flood again, then, with the FIFO full, Host.allNotesOff (CC 64 = 0, CC 123)
        flood(name, h, s, capacity, 2000);
        fill(h, s, capacity);
        long refusedBefore = h.statistics().droppedEvents();
        h.allNotesOff();
        assertEquals(refusedBefore, h.statistics().droppedEvents(), name + ": allNotesOff's releases were refused");
        assertSilentAfterRelease(name + ", round 2 (allNotesOff)", h, s, capacity);

        // normal notes again: a chord of capacity / 4 notes (16 at most), offered in one cycle
        int chord = Math.min(16, capacity / 4);
        for (int k = 0; k < chord; k++) {
            assertTrue(h.offer(s, k, 0x90, 60 + k, 100), name + ": note-on " + k + " of a chord after the flood");
        }
        h.renderOffline(RATE / 10);
        float sounding = peak(h.renderOffline(RATE / 10));
        assertTrue(sounding >= 10 * SILENCE, name + ": the new notes sound, peak " + sounding);
        for (int k = 0; k < chord; k++) {
            assertTrue(h.offer(s, k, 0x80, 60 + k, 0));
        }
        h.renderOffline(releaseFrames(h, s));
        assertFalse(peak(h.renderOffline(RATE / 10)) >= SILENCE, name + ": and stops");
        h.shutdown(null, 0);
    }

    /**
     * Four producers, {@code 10 * capacity} actions each: the first half against an idle consumer,
     * the second while this thread renders; joined; then everything they offered is delivered.
     */
    private static void flood(String name, Host h, int s, int capacity, long seed) throws InterruptedException {
        final int perProducer = 10 * capacity;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch halfway = new CountDownLatch(4);
        AtomicInteger refusedReleases = new AtomicInteger();
        Thread[] producers = new Thread[4];
        for (int p = 0; p < 4; p++) {
            final int id = p;
            producers[p] = new Thread(() -> {
                Random r = new Random(seed + id);
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
                    int key = LOWEST + r.nextInt(KEYS);
                    int vel = QUIETEST_VELOCITY + r.nextInt(88);
                    int off = r.nextInt(3 * CYCLE);
                    int release;
                    switch ((id + r.nextInt(4)) % 4) {
                        case 0 -> { // retrigger: on, on, off
                            h.offer(s, off, 0x90 | ch, key, vel);
                            h.offer(s, off + 1, 0x90 | ch, key, vel);
                            release = h.offer(s, off + 2, 0x80 | ch, key, 0) ? 0 : 1;
                        }
                        case 1 -> { // a pad: a note-on that never gets a note-off
                            h.offer(s, off, 0x90 | ch, key, vel);
                            release = 0;
                        }
                        case 2 -> { // ignores refusals: the note-off follows a refused note-on too
                            h.offer(s, off, 0x90 | ch, key, vel);
                            release = h.offer(s, off + r.nextInt(CYCLE), 0x90 | ch, key, 0) ? 0 : 1;
                        }
                        default -> { // sustain pedal down or up
                            if (r.nextBoolean()) {
                                h.offer(s, off, 0xB0 | ch, 64, 127);
                                release = 0;
                            } else {
                                release = h.offer(s, off, 0xB0 | ch, 64, r.nextInt(64)) ? 0 : 1;
                            }
                        }
                    }
                    refusedReleases.addAndGet(release);
                }
            }, name + "-producer-" + p);
            producers[p].start();
        }
        long refusedBefore = h.statistics().droppedEvents();
        start.countDown();
        assertTrue(halfway.await(120, TimeUnit.SECONDS), "producers reached half of their flood");
        for (Thread t : producers) {
            while (t.isAlive()) {
                h.renderOffline(CYCLE);
                Thread.yield();
            }
            t.join();
        }
        assertEquals(0, refusedReleases.get(), name + ": releases refused by Host.offer");
        assertTrue(h.statistics().droppedEvents() > refusedBefore, name + ": the flood overflowed the FIFO");
        h.renderOffline(RATE / 4); // every offset of the flood is below 4 cycles: all delivered
    }

    /**
     * Fills the FIFO from this thread: ordinary events (CC 91, reverb send) until it refuses one,
     * then as many note-offs on channel 16 (where nothing plays) as the FIFO's capacity, more than
     * any room it keeps for releases: what follows finds it completely full.
     */
    private static void fill(Host h, int s, int capacity) {
        int filled = 0;
        while (h.offer(s, 0, 0xB0, 91, 40)) {
            filled++;
            assertTrue(filled <= capacity, "the FIFO took more ordinary events than its capacity");
        }
        for (int i = 0; i < capacity; i++) {
            assertTrue(h.offer(s, 0, 0x8F, i % 128, 0), "a note-off refused");
        }
    }

    private static void assertSilentAfterRelease(String what, Host h, int s, int capacity) {
        h.renderOffline(releaseFrames(h, s));
        float after = peak(h.renderOffline(RATE / 4));
        assertTrue(after < SILENCE, what + ", capacity " + capacity + ": output peak " + after
                + " after the release time of " + h.node(s).tailSeconds() + " s, a note still sounds");
    }
}
