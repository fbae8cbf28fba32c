package org.midirack.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A full event buffer makes room for a release (note-off, sustain-pedal release, All Sound Off,
 * Reset All Controllers, All Notes Off and the mode messages that end notes) by removing its
 * latest non-release event; a release is refused only when every slot already holds a release.
 * Every event that does not get through is counted under the reason.
 */
class MidiEventBufferReleaseTest {

    private static MidiEventBuffer fullOfNoteOns(int capacity) {
        MidiEventBuffer b = new MidiEventBuffer(capacity);
        for (int i = 0; i < capacity; i++) {
            assertTrue(b.add(i * 10, 0x90, 60 + i, 100));
        }
        return b;
    }

    private static int countStatus(MidiEventBuffer b, int status, int data1) {
        int n = 0;
        for (int i = 0; i < b.size(); i++) {
            if (b.status(i) == status && b.data1(i) == data1) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aNoteOffDisplacesTheLatestNoteOnWhenFull() {
        MidiEventBuffer b = fullOfNoteOns(4);
        assertTrue(b.add(5, 0x80, 60, 0), "a note-off into a full buffer gets through");
        assertEquals(4, b.size());
        assertEquals(1, countStatus(b, 0x80, 60));
        assertEquals(0, countStatus(b, 0x90, 63), "the latest note-on (offset 30) made room");
        assertEquals(1, countStatus(b, 0x90, 60), "earlier note-ons stay");
        int[] offsets = {0, 5, 10, 20};
        for (int i = 0; i < 4; i++) {
            assertEquals(offsets[i], b.offset(i), "still sorted by offset");
        }
        assertEquals(1, b.displaced());
        assertEquals(0, b.rejected());
        assertEquals(1, b.dropped());
        assertEquals(0, b.releasesRefused());
    }

    @Test
    void everyKindOfReleaseMakesRoom() {
        int[][] releases = {
            {0x81, 60, 0}, {0x92, 61, 0}, {0xB0, 64, 0}, {0xB3, 64, 63}, {0xB0, 120, 0},
            {0xB0, 121, 0}, {0xB0, 123, 0}, {0xB0, 124, 0}, {0xB0, 125, 0}, {0xB0, 126, 1}, {0xB0, 127, 0}};
        for (int[] r : releases) {
            MidiEventBuffer b = fullOfNoteOns(3);
            assertTrue(b.add(1, r[0], r[1], r[2]), String.format("0x%X %d %d is a release", r[0], r[1], r[2]));
            assertEquals(1, b.displaced());
        }
    }

    @Test
    void nonReleasesIntoAFullBufferAreRefusedAndCounted() {
        int[][] others = {{0x90, 1, 1}, {0xB0, 64, 64}, {0xB0, 7, 0}, {0xE0, 0, 64}, {0xA0, 60, 0}, {0xC0, 3, 0}};
        MidiEventBuffer b = fullOfNoteOns(2);
        for (int[] o : others) {
            assertFalse(b.add(0, o[0], o[1], o[2]), String.format("0x%X %d %d is not a release", o[0], o[1], o[2]));
        }
        assertFalse(b.addParam(0, 1, 0.5f));
        assertEquals(others.length + 1, b.rejectedFull());
        assertEquals(others.length + 1, b.rejected());
        assertEquals(0, b.displaced());
    }

    @Test
    void aParameterChangeIsDisplacedForARelease() {
        MidiEventBuffer b = new MidiEventBuffer(2);
        assertTrue(b.add(0, 0x80, 1, 0));
        assertTrue(b.addParam(3, 0, 0.25f));
        assertTrue(b.add(9, 0x80, 2, 0));
        assertEquals(2, b.size());
        assertFalse(b.isParam(0));
        assertFalse(b.isParam(1));
        assertEquals(1, b.displaced());
    }

    @Test
    void aReleaseIsRefusedOnlyWhenEverySlotHoldsARelease() {
        MidiEventBuffer b = new MidiEventBuffer(2);
        assertTrue(b.add(0, 0x80, 1, 0));
        assertTrue(b.add(1, 0xB0, 123, 0));
        assertFalse(b.add(2, 0x80, 2, 0));
        assertEquals(1, b.releasesRefused());
        assertEquals(1, b.rejectedFull());
        assertEquals(1, b.rejected());
        assertEquals(1, b.dropped());
    }

    @Test
    void invalidBytesAndNegativeOffsetsAreCountedApart() {
        MidiEventBuffer b = new MidiEventBuffer(4);
        assertFalse(b.add(0, 0x90, 128, 1));
        assertFalse(b.add(-1, 0x80, 60, 0));
        assertFalse(b.addData(-5, EventList.midiData(0x80, 60, 0)));
        assertFalse(b.addParam(-1, 0, 1f));
        assertEquals(4, b.rejectedInvalid());
        assertEquals(0, b.rejectedFull());
        assertEquals(4, b.rejected());
    }

    @Test
    void addAllCountsWhatItCouldNotCopyAndKeepsTheReleases() {
        MidiEventBuffer src = new MidiEventBuffer(8);
        for (int i = 0; i < 4; i++) {
            src.add(i, 0x90, 60 + i, 100);
            src.add(10 + i, 0x80, 60 + i, 0);
        }
        MidiEventBuffer dst = new MidiEventBuffer(4);
        assertEquals(8, dst.addAll(src, 0), "every event went in; the note-offs displaced the note-ons");
        for (int i = 0; i < 4; i++) {
            assertEquals(1, countStatus(dst, 0x80, 60 + i), "note-off of key " + (60 + i) + " kept");
        }
        assertEquals(4, dst.displaced());
    }

    @Test
    void clearKeepsTheCounts() {
        MidiEventBuffer b = fullOfNoteOns(1);
        b.add(0, 0x90, 1, 1);
        b.clear();
        assertEquals(1, b.rejected(), "counts are since creation");
    }

    @Test
    void unsortedAppendsDisplaceTheLatestOffsetToo() {
        MidiEventBuffer b = new MidiEventBuffer(3);
        assertTrue(b.append(50, EventList.midiData(0x90, 1, 100)));
        assertTrue(b.append(10, EventList.midiData(0x90, 2, 100)));
        assertTrue(b.append(30, EventList.midiData(0x80, 3, 0)));
        assertTrue(b.append(5, EventList.midiData(0x80, 4, 0)));
        b.sortStable(new long[3], new long[3]);
        assertEquals(3, b.size());
        assertEquals(5, b.offset(0));
        assertEquals(10, b.offset(1));
        assertEquals(0x90, b.status(1), "the note-on at 10 stays; the one at 50 made room");
        assertEquals(30, b.offset(2));
        assertEquals(1, b.displaced());
    }
}
