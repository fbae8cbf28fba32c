package org.midirack.host.render;

import org.midirack.core.EventList;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.MidiMessages;
import org.midirack.host.graph.NodeRuntime;

/**
 * How MIDI joins a node's cycle without a silent drop: events from its sources are merged into its
 * buffer, where the last {@link NodeRuntime#RELEASE_RESERVE} places are kept for releases (note-off,
 * sustain pedal up, All Sound Off, Reset All Controllers, All Notes Off and the mode messages that
 * imply it). Every event that does not fit is counted on the node; when a release does not fit the
 * node gets a release-all at the start of its next cycle, so no note is left sounding. A release-all
 * always fits: the buffer is empty when it goes in. Allocation-free; render thread only.
 */
final class MidiMerge {
    private MidiMerge() {
    }

    /** Whether a raw event ends sound: what must never be lost. @thread render */
    static boolean isRelease(long data) {
        if ((int) (data >>> 56) != EventList.TYPE_MIDI) {
            return false;
        }
        int status = (int) (data >>> 16) & 0xFF;
        int d1 = (int) (data >>> 8) & 0xFF;
        int d2 = (int) data & 0xFF;
        int cmd = status & 0xF0;
        if (cmd == MidiMessages.NOTE_OFF || (cmd == MidiMessages.NOTE_ON && d2 == 0)) {
            return true;
        }
        return cmd == MidiMessages.CONTROL_CHANGE && ((d1 == 64 && d2 < 64) || d1 >= MidiMessages.CC_ALL_SOUND_OFF);
    }

    /** Adds one event to a node's merged events, or counts it (and answers a lost release). @thread render */
    static void add(NodeRuntime rt, MidiEventBuffer m, int offset, long data) {
        boolean release = isRelease(data);
        if ((release || m.size() < m.capacity() - NodeRuntime.RELEASE_RESERVE) && m.addData(offset, data)) {
            return;
        }
        dropped(rt, release);
    }

    /** Carries an event past this cycle into the node's FIFO, or counts it. @thread render */
    static void carry(NodeRuntime rt, int offset, long data) {
        if (!rt.offerData(offset, data)) {
            dropped(rt, isRelease(data));
        }
    }

    private static void dropped(NodeRuntime rt, boolean release) {
        rt.routedDropped = rt.routedDropped + 1;
        if (release) {
            rt.releasesRecovered = rt.releasesRecovered + 1;
            rt.releaseNext = true;
        }
    }

    /**
     * Sustain pedal off and All Notes Off (and with {@code soundOff} All Sound Off) on all 16
     * channels at frame 0, into an empty buffer: they always fit.
     * @thread render
     */
    static void releaseAll(MidiEventBuffer m, boolean soundOff) {
        for (int ch = 0; ch < 16; ch++) {
            int status = MidiMessages.CONTROL_CHANGE | ch;
            m.add(0, status, 64, 0);
            m.add(0, status, MidiMessages.CC_ALL_NOTES_OFF, 0);
            if (soundOff) {
                m.add(0, status, MidiMessages.CC_ALL_SOUND_OFF, 0);
            }
        }
    }
}
