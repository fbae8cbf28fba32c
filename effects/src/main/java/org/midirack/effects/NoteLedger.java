package org.midirack.effects;

import org.midirack.core.MidiEventBuffer;
import org.midirack.core.MidiMessages;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counts the notes a node has emitted and not yet released, per output channel and key, so
 * that every note-on it sends is followed by a note-off. A note-on is sent (a retrigger when the
 * key already sounds); a note-off is sent only when the last note-on of that key is released, so
 * two inputs mapped onto one output key never cut each other short. {@link #releaseAll} sends a
 * note-off for every key still sounding. Allocation-free.
 *
 * <p>Room for releases. Everything the node sends goes through the ledger ({@link #on},
 * {@link #off}, {@link #pass}), which keeps one slot of the output list free for the note-off of
 * every key sounding ({@link #owed()}):
 * <ul>
 * <li>a note-on goes out only when the list still has room for it and for every note-off then
 *     owed; otherwise it is refused and counted ({@link #refusedNoteOns()});</li>
 * <li>any other message that is not a release goes out only when it leaves that room; otherwise
 *     it is refused and counted ({@link #refusedMessages()});</li>
 * <li>releases passed through (pedal release, All Notes Off, ...) always go to the list, which
 *     makes room for them itself (see {@link MidiEventBuffer});</li>
 * <li>a note-off that still finds the list full (it was filled with releases) is kept and sent
 *     at the first frame of the next cycle by {@link #flushDeferred} (counted:
 *     {@link #deferredReleases()}); a note-on for that key waits until its note-off went out.</li>
 * </ul>
 * The list starts each cycle empty and the ledger never owes more than it holds, so a note-off
 * is never lost.
 */
public final class NoteLedger {
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int REFUSED_NOTE_ONS = 0;
    private static final int REFUSED_MESSAGES = 1;
    private static final int DEFERRED = 2;

    private final int[] count = new int[16 * 128];
    private final boolean[] deferred = new boolean[16 * 128];
    private int sounding;
    private int deferredCount;
    private final long[] counters = new long[3];

    private void count(int which) {
        COUNT.setRelease(counters, which, (long) COUNT.getOpaque(counters, which) + 1);
    }

    /**
     * Sends a note-on and counts it; false (nothing counted as sounding) when the output has no
     * room for it and for the note-offs owed, or the key's previous note-off has not gone out yet.
     * @thread render
     */
    public boolean on(MidiEventBuffer out, int offset, int channel, int note, int velocity) {
        int k = channel << 7 | note;
        if (deferred[k] && !sendDeferred(out, offset, k)) {
            count(REFUSED_NOTE_ONS);
            return false;
        }
        int need = owed() + 1 + (count[k] == 0 ? 1 : 0);
        if (out.free() < need || !out.add(offset, 0x90 | channel, note, velocity)) {
            count(REFUSED_NOTE_ONS);
            return false;
        }
        if (count[k]++ == 0) {
            sounding++;
        }
        return true;
    }

    /**
     * Releases one note-on of a key; sends the note-off when it was the last (at the next
     * cycle's first frame when the output is full of releases).
     * @thread render
     */
    public void off(MidiEventBuffer out, int offset, int channel, int note) {
        int k = channel << 7 | note;
        if (count[k] == 0) {
            return;
        }
        if (--count[k] == 0) {
            sounding--;
            release(out, offset, k);
        }
    }

    private void release(MidiEventBuffer out, int offset, int k) {
        // held back before the list would refuse it: a deferral is no drop, for the list's counts too
        if (!out.acceptsRelease() || !out.add(offset, 0x80 | (k >> 7), k & 127, 0)) {
            deferred[k] = true;
            deferredCount++;
            count(DEFERRED);
        }
    }

    private boolean sendDeferred(MidiEventBuffer out, int offset, int k) {
        if (!out.acceptsRelease() || !out.add(offset, 0x80 | (k >> 7), k & 127, 0)) {
            return false;
        }
        deferred[k] = false;
        deferredCount--;
        return true;
    }

    /**
     * Sends the note-offs that found no room in an earlier cycle; call at the start of every cycle.
     * @thread render
     */
    public void flushDeferred(MidiEventBuffer out, int offset) {
        if (deferredCount == 0) {
            return;
        }
        for (int k = 0; k < deferred.length && deferredCount > 0; k++) {
            if (deferred[k]) {
                sendDeferred(out, offset, k);
            }
        }
    }

    /**
     * Sends any other short message: releases always (the list makes room), others only when
     * they leave room for the note-offs owed.
     * @return false when refused (counted)
     * @thread render
     */
    public boolean pass(MidiEventBuffer out, int offset, int status, int data1, int data2) {
        if (MidiMessages.isRelease(status, data1, data2)) {
            return out.add(offset, status, data1, data2);
        }
        if (out.free() <= owed()) {
            count(REFUSED_MESSAGES);
            return false;
        }
        return out.add(offset, status, data1, data2);
    }

    /** Sends a note-off for every key still sounding and forgets them. @thread render */
    public void releaseAll(MidiEventBuffer out, int offset) {
        if (sounding == 0) {
            return;
        }
        for (int k = 0; k < count.length; k++) {
            if (count[k] != 0) {
                count[k] = 0;
                release(out, offset, k);
            }
        }
        sounding = 0;
    }

    /** Forgets everything without sending anything (after a reset of the receiver). @thread render */
    public void clear() {
        java.util.Arrays.fill(count, 0);
        java.util.Arrays.fill(deferred, false);
        sounding = 0;
        deferredCount = 0;
    }

    /** Keys sounding now. @thread render */
    public int sounding() {
        return sounding;
    }

    /** Note-offs the node owes: keys sounding plus note-offs waiting for room. @thread render */
    public int owed() {
        return sounding + deferredCount;
    }

    /** Note-ons of a key not yet released. @thread render */
    public int count(int channel, int note) {
        return count[channel << 7 | note];
    }

    /** Note-ons refused because the output had no room left for them and the note-offs owed. @thread any */
    public long refusedNoteOns() {
        return (long) COUNT.getAcquire(counters, REFUSED_NOTE_ONS);
    }

    /** Other messages (not releases) refused so as to keep room for the note-offs owed. @thread any */
    public long refusedMessages() {
        return (long) COUNT.getAcquire(counters, REFUSED_MESSAGES);
    }

    /** Note-offs that found the output full of releases and went out at the next cycle's first frame. @thread any */
    public long deferredReleases() {
        return (long) COUNT.getAcquire(counters, DEFERRED);
    }
}
