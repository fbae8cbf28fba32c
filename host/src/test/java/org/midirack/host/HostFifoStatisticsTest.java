package org.midirack.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What the nodes' FIFOs refused or took through their release side channel shows in
 * {@link HostStatistics}, by reason. The expected counts come from the FIFO's documented rule
 * (ordinary events may fill the ring up to capacity - capacity/8, releases take the rest and then
 * the side channel) and from what the node received, not from the counters.
 */
class HostFifoStatisticsTest {
    private static final int CAPACITY = 64;
    private static final int ORDINARY_ROOM = CAPACITY - CAPACITY / 8; // 56

    @Test
    void refusalsAndSideChannelReleasesAreCountedByReason() {
        Host h = new Host(new HostConfig().fadeFrames(0).fifoCapacity(CAPACITY));
        HostDropStatisticsTest.Recorder rec = new HostDropStatisticsTest.Recorder();
        int slot = h.add(rec);
        h.activate(48_000, 128);

        int offeredOn = 0;
        for (int k = 0; k < ORDINARY_ROOM; k++) {
            assertTrue(h.offer(slot, 0, 0x90, k, 100), "note-on " + k + " fits the ordinary room");
            offeredOn++;
        }
        assertFalse(h.offer(slot, 0, 0x90, 100, 100), "a note-on past the ordinary room is refused");
        assertFalse(h.offer(slot, 0, 0xB0, 7, 100), "a volume change past the ordinary room is refused");
        assertFalse(h.offer(slot, 0, 0x90, 200, 100), "a key above 127 is no MIDI message");
        // 8 note-offs fill the ring's headroom, 5 more go through the side channel, 2 of them on
        // a key that already has a side-channel release at another offset (kept: first and last)
        // and 1 in between them (merged away)
        for (int k = 0; k < 8; k++) {
            assertTrue(h.offer(slot, 0, 0x80, k, 0));
        }
        assertTrue(h.offer(slot, 10, 0x80, 8, 0));
        assertTrue(h.offer(slot, 30, 0x80, 8, 0));
        assertTrue(h.offer(slot, 20, 0x80, 8, 0));
        assertTrue(h.offer(slot, 0, 0x80, 9, 0));
        assertTrue(h.offer(slot, 0, 0xB0, 64, 0));

        HostStatistics s = h.statistics();
        assertEquals(2, s.droppedEvents(), "refused for a full FIFO: the note-on and the volume change");
        assertEquals(1, s.invalidEvents(), "refused as no MIDI message");
        assertEquals(5, s.releasesViaSideChannel(), "releases past the ring's headroom");

        h.renderOffline(128, 128);
        assertEquals(1, s.releasesMerged(), "the middle release of key 8 is merged into its first and last");
        assertEquals(offeredOn, rec.count(0x90, -1), "every accepted note-on arrives");
        assertEquals(8 + 2 + 1, rec.count(0x80, -1), "8 ring note-offs, key 8's first and last, key 9's");
        assertEquals(1, rec.count(0xB0, 64), "the pedal release arrives");
        assertTrue(s.toString().contains("releases via side channel 5 (merged 1)"), s.toString());
    }
}
