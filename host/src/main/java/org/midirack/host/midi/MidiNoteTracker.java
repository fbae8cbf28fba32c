package org.midirack.host.midi;

import org.midirack.core.MidiMessages;

/**
 * Remembers which notes (and sustain pedals) a source has started and not yet ended, so they can all
 * be released at once when the source goes away. Pre-allocated; no allocation after construction.
 * Not thread-safe: one thread tracks and releases.
 */
public final class MidiNoteTracker {
    private final int[] held = new int[16 * 128];
    private final boolean[] pedal = new boolean[16];
    private int total;

    /** @thread main */
    public MidiNoteTracker() {
    }

    /**
     * Notes the effect of a message that was delivered.
     * @thread the owning thread (render for input routes)
     */
    public void track(int status, int data1, int data2) {
        if (status >= 0xF0) {
            return;
        }
        int ch = status & 0x0F;
        if (MidiMessages.isNoteOn(status, data2)) {
            held[ch << 7 | data1]++;
            total++;
        } else if (MidiMessages.isNoteOff(status, data2)) {
            int k = ch << 7 | data1;
            if (held[k] > 0) {
                held[k]--;
                total--;
            }
        } else if ((status & 0xF0) == MidiMessages.CONTROL_CHANGE) {
            if (data1 == 64) {
                pedal[ch] = data2 >= 64;
            } else if (data1 == MidiMessages.CC_ALL_NOTES_OFF || data1 == MidiMessages.CC_ALL_SOUND_OFF) {
                for (int key = 0; key < 128; key++) {
                    total -= held[ch << 7 | key];
                    held[ch << 7 | key] = 0;
                }
            }
        }
    }

    /**
     * Notes sounding now (counting repeated note-ons of one key).
     * @thread the owning thread
     */
    public int heldCount() {
        return total;
    }

    /**
     * Sends a note-off for every held note (once per note-on) and a sustain-pedal release for every
     * channel whose pedal is down, then forgets them all.
     * @return messages the sink accepted
     * @thread the owning thread (render for input routes)
     */
    public int releaseAll(MidiInputSink sink, int offset) {
        int sent = 0;
        if (total > 0) {
            for (int k = 0; k < held.length; k++) {
                while (held[k] > 0) {
                    held[k]--;
                    total--;
                    if (sink.offer(offset, MidiMessages.NOTE_OFF | (k >>> 7), k & 0x7F, 0)) {
                        sent++;
                    }
                }
            }
        }
        for (int ch = 0; ch < 16; ch++) {
            if (pedal[ch]) {
                pedal[ch] = false;
                if (sink.offer(offset, MidiMessages.CONTROL_CHANGE | ch, 64, 0)) {
                    sent++;
                }
            }
        }
        return sent;
    }
}
