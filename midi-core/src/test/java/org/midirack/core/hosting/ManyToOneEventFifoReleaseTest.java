package org.midirack.core.hosting;

import org.midirack.core.EventList;
import org.midirack.core.MidiMessages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The FIFO's release rule, one adversarial schedule at a time: a note-off, a sustain-pedal release
 * and All Notes Off / All Sound Off / Reset All Controllers are never lost whatever other producers
 * do, and note-ons without note-offs never shrink the room for later notes (issue 12, point 1).
 */
class ManyToOneEventFifoReleaseTest {

    /** A delivered event in delivery order, with the absolute frame it was delivered on. */
    record Got(long frame, int status, int d1, int d2) {
        boolean noteOn() {
            return (status & 0xF0) == 0x90 && d2 > 0;
        }

        boolean noteOff() {
            return (status & 0xF0) == 0x80 || ((status & 0xF0) == 0x90 && d2 == 0);
        }
    }

    /** Drains {@code cycles} cycles of {@code frames}, collecting every event with its absolute frame. */
    private static List<Got> drainAll(ManyToOneEventFifo f, int cycles, int frames) {
        List<Got> got = new ArrayList<>();
        for (int c = 0; c < cycles; c++) {
            EventList e = f.drain(frames);
            for (int i = 0; i < e.size(); i++) {
                got.add(new Got((long) c * frames + e.offset(i), e.status(i), e.data1(i), e.data2(i)));
            }
        }
        return got;
    }

    /** Offers ordinary events (CC 7) until the FIFO refuses one: the FIFO is then full for them. */
    private static int fill(ManyToOneEventFifo f) {
        int n = 0;
        while (f.offer(0, 0xB0, 7, 100)) {
            n++;
            assertTrue(n <= f.capacity(), "the FIFO took more ordinary events than its capacity");
        }
        return n;
    }

    /** Fills the ring completely: ordinary events, then releases of channel 16 into the headroom. */
    private static void fillCompletely(ManyToOneEventFifo f) {
        fill(f);
        for (int k = 0; f.releasesViaSideChannel() == 0; k++) {
            assertTrue(k < f.capacity(), "the headroom took more releases than the capacity");
            assertTrue(f.offer(0, 0x8F, k, 0));
        }
    }

    @ParameterizedTest(name = "ring completely full: {0}")
    @ValueSource(booleans = {false, true})
    void aNoteOffForARefusedNoteOnDoesNotStealTheRoomOfAnotherProducersNoteOff(boolean completely) {
        ManyToOneEventFifo f = new ManyToOneEventFifo(16);
        assertTrue(f.offer(500, 0x90, 60, 100), "producer A's note-on");
        if (completely) {
            fillCompletely(f);
        } else {
            fill(f);
        }
        assertFalse(f.offer(0, 0x90, 60, 90), "producer B's note-on for the same key: the FIFO is full");
        f.offer(20, 0x80, 60, 0); // B ignores the refusal and sends its note-off anyway
        assertTrue(f.offer(600, 0x80, 60, 0), "producer A's own note-off must be taken");
        assertEquals(2, f.refusedFull(), "the CC that found the FIFO full and B's note-on, counted as full");
        List<Got> got = drainAll(f, 4, 256);
        Got last = null;
        boolean offAt20 = false;
        for (Got g : got) {
            if (g.d1() == 60 && (g.noteOn() || g.noteOff())) {
                last = g;
                offAt20 |= g.noteOff() && g.frame() == 20;
            }
        }
        assertTrue(last != null && last.noteOff(), "key 60 ends released, got " + got);
        assertTrue(last.frame() >= 600, "A's note sounds until its note-off at 600, never ended before: " + last);
        assertTrue(offAt20, "B's note-off keeps its own frame 20: " + got);
    }

    @Test
    void noteOnsWithoutNoteOffsNeverShrinkTheRoomForLaterNotes() {
        ManyToOneEventFifo f = new ManyToOneEventFifo(64);
        for (int i = 0; i < 1000; i++) {
            assertTrue(f.offer(0, 0x99, 36 + (i % 8), 100), "drum pad note-on #" + i + " (no note-offs)");
            assertEquals(1, f.drain(128).size());
        }
    }

    @Test
    void aNoteOnRefusedForRoomIsCountedAsFull() {
        ManyToOneEventFifo f = new ManyToOneEventFifo(64);
        int taken = fill(f);
        assertEquals(56, taken, "ordinary events take 64 - 64 / 8 slots");
        assertFalse(f.offer(0, 0x90, 60, 100));
        assertEquals(2, f.refusedFull(), "the CC that found it full, then the note-on");
        assertEquals(0, f.refusedInvalid());
        assertEquals(58, f.offered());
    }

    @Test
    void retriggersNeverShrinkTheRoomForLaterNotes() {
        ManyToOneEventFifo f = new ManyToOneEventFifo(64);
        for (int i = 0; i < 1000; i++) {
            assertTrue(f.offer(0, 0x90, 60, 100), "first note-on of retrigger #" + i);
            assertTrue(f.offer(1, 0x90, 60, 100), "second note-on of retrigger #" + i);
            assertTrue(f.offer(2, 0x80, 60, 0), "note-off of retrigger #" + i);
            assertEquals(3, f.drain(128).size());
        }
    }

    @Test
    void aSustainPedalReleaseIsTakenWhenTheFifoIsFull() {
        ManyToOneEventFifo f = new ManyToOneEventFifo(16);
        assertTrue(f.offer(0, 0xB0, 64, 127), "pedal down");
        assertTrue(f.offer(0, 0x90, 60, 100));
        assertTrue(f.offer(5, 0x80, 60, 0), "the note-off: held by the pedal in the synth");
        fillCompletely(f);
        assertTrue(f.offer(10, 0xB0, 64, 0), "pedal up must be taken with the FIFO full");
        assertTrue(f.offer(10, 0xB0, 64, 63), "63 is a pedal release too");
        List<Got> got = drainAll(f, 2, 64);
        Got lastPedal = null;
        for (Got g : got) {
            if ((g.status() & 0xF0) == 0xB0 && g.d1() == 64) {
                lastPedal = g;
            }
        }
        assertTrue(lastPedal != null && lastPedal.d2() < 64, "the pedal ends up: " + got);
        assertEquals(10, lastPedal.frame(), "on its own frame");
    }

    @Test
    void channelModeReleasesAreTakenWhenTheFifoIsFull() {
        ManyToOneEventFifo f = new ManyToOneEventFifo(16);
        fillCompletely(f);
        // what Host.allNotesOff sends, plus the other channel-mode releases, on all 16 channels
        for (int ch = 0; ch < 16; ch++) {
            assertTrue(f.offer(0, 0xB0 | ch, 64, 0), "sustain off on channel " + ch);
            assertTrue(f.offer(0, 0xB0 | ch, 123, 0), "All Notes Off on channel " + ch);
            assertTrue(f.offer(0, 0xB0 | ch, 120, 0), "All Sound Off on channel " + ch);
            assertTrue(f.offer(0, 0xB0 | ch, 121, 0), "Reset All Controllers on channel " + ch);
            for (int mode = 124; mode <= 127; mode++) {
                assertTrue(f.offer(0, 0xB0 | ch, mode, 0), "mode message CC " + mode + " on channel " + ch);
            }
        }
        List<Got> got = drainAll(f, 1, 64);
        boolean[][] seen = new boolean[16][128];
        for (Got g : got) {
            if ((g.status() & 0xF0) == 0xB0) {
                seen[g.status() & 15][g.d1()] = true;
            }
        }
        for (int ch = 0; ch < 16; ch++) {
            for (int cc : new int[] {64, 120, 121, 123, 124, 125, 126, 127}) {
                assertTrue(seen[ch][cc], "CC " + cc + " on channel " + ch + " delivered");
            }
        }
    }

    /**
     * A producer stopped between claiming a ring slot and publishing it (made here by claiming a
     * position through the FIFO's own fields, as {@code offer} does, and publishing it later):
     * ring events behind it wait, and a side-channel note-off offered after its note-on, which is
     * behind the stalled slot, must wait too, or the note-on would come after its note-off.
     */
    @Test
    void aSideChannelReleaseWaitsForTheRingNoteOnsOfferedBeforeIt() throws Exception {
        ManyToOneEventFifo f = new ManyToOneEventFifo(16);
        VarHandle tail = MethodHandles.privateLookupIn(FifoProducerFields.class, MethodHandles.lookup())
                .findVarHandle(FifoProducerFields.class, "tail", long.class);
        VarHandle credits = MethodHandles.privateLookupIn(FifoProducerFields.class, MethodHandles.lookup())
                .findVarHandle(FifoProducerFields.class, "credits", long.class);
        credits.getAndAdd(f, -1L);                  // the stalled producer took its credit
        long stalled = (long) tail.getAndAdd(f, 1L); // and claimed its slot, then stopped
        assertTrue(f.offer(10, 0x90, 60, 100), "producer P's note-on, behind the stalled slot");
        fillCompletely(f);
        assertTrue(f.offer(20, 0x80, 60, 0), "P's note-off: through the side channel");
        assertTrue(f.releasesViaSideChannel() >= 2);
        EventList first = f.drain(64);
        for (int i = 0; i < first.size(); i++) {
            assertFalse(first.data1(i) == 60 && (first.status(i) & 0xF0) == 0x80,
                    "the note-off overtook its note-on, which waits behind the stalled slot");
        }
        // the stalled producer resumes and publishes its slot, as offer does
        Field seqF = ManyToOneEventFifo.class.getDeclaredField("sequence");
        Field dataF = ManyToOneEventFifo.class.getDeclaredField("slotData");
        Field offF = ManyToOneEventFifo.class.getDeclaredField("slotOffset");
        seqF.setAccessible(true);
        dataF.setAccessible(true);
        offF.setAccessible(true);
        int i = (int) (stalled & 15);
        ((long[]) dataF.get(f))[i] = EventList.midiData(0xB0, 7, 99);
        ((int[]) offF.get(f))[i] = 0;
        MethodHandles.arrayElementVarHandle(long[].class).setRelease((long[]) seqF.get(f), i, stalled + 1);
        List<Got> got = drainAll(f, 2, 64);
        Got on = null;
        Got off = null;
        for (Got g : got) {
            if (g.d1() == 60 && g.noteOn()) {
                on = g;
            }
            if (g.d1() == 60 && g.noteOff()) {
                off = g;
            }
        }
        assertTrue(on != null && off != null, "both delivered: " + got);
        assertEquals(10, on.frame());
        assertEquals(20, off.frame(), "the note-off after its note-on, on its own frame");
    }

    @Test
    void theFifosReleasesAreExactlyMidiMessagesIsRelease() {
        int releases = 0;
        for (int status = 0x80; status < 0xF0; status++) {
            for (int d1 = 0; d1 < 128; d1++) {
                for (int d2 = 0; d2 < 128; d2++) {
                    boolean release = MidiMessages.isRelease(status, d1, d2);
                    assertEquals(release, ReleaseSideChannel.slotOf(status, d1, d2) >= 0,
                            String.format("status 0x%X, %d, %d", status, d1, d2));
                    releases += release ? 1 : 0;
                }
            }
        }
        // note-off: 16 x 128 x 128; note-on velocity 0: 16 x 128; pedal up: 16 x 64; 120, 121, 123..127: 16 x 7 x 128
        assertEquals(16 * 128 * 128 + 16 * 128 + 16 * 64 + 16 * 7 * 128, releases);
    }
}
