package org.midirack.effects;

import org.midirack.core.MidiEventBuffer;

/**
 * Counts the notes a node has emitted and not yet released, per output channel and key, so
 * that every note-on it sends is followed by a note-off. A note-on is always sent (a retrigger
 * when the key already sounds); a note-off is sent only when the last note-on of that key is
 * released, so two inputs mapped onto one output key never cut each other short.
 * {@link #releaseAll} sends a note-off for every key still sounding. Allocation-free.
 */
public final class NoteLedger {
    private final int[] count = new int[16 * 128];
    private int sounding;

    /**
     * Sends a note-on and counts it; false when the output list was full (nothing counted).
     * @thread render
     */
    public boolean on(MidiEventBuffer out, int offset, int channel, int note, int velocity) {
        if (!out.add(offset, 0x90 | channel, note, velocity)) {
            return false;
        }
        int k = channel << 7 | note;
        if (count[k]++ == 0) {
            sounding++;
        }
        return true;
    }

    /**
     * Releases one note-on of a key; sends the note-off when it was the last.
     * @thread render
     */
    public void off(MidiEventBuffer out, int offset, int channel, int note) {
        int k = channel << 7 | note;
        if (count[k] == 0) {
            return;
        }
        if (--count[k] == 0) {
            sounding--;
            out.add(offset, 0x80 | channel, note, 0);
        }
    }

    /** Sends a note-off for every key still sounding and forgets them. @thread render */
    public void releaseAll(MidiEventBuffer out, int offset) {
        if (sounding == 0) {
            return;
        }
        for (int k = 0; k < count.length; k++) {
            if (count[k] != 0) {
                count[k] = 0;
                out.add(offset, 0x80 | (k >> 7), k & 127, 0);
            }
        }
        sounding = 0;
    }

    /** Forgets everything without sending anything (after a reset of the receiver). @thread render */
    public void clear() {
        java.util.Arrays.fill(count, 0);
        sounding = 0;
    }

    /** Keys sounding now. @thread render */
    public int sounding() {
        return sounding;
    }

    /** Note-ons of a key not yet released. @thread render */
    public int count(int channel, int note) {
        return count[channel << 7 | note];
    }
}
