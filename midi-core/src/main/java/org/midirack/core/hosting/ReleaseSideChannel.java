package org.midirack.core.hosting;

import org.midirack.core.MidiEventBuffer;
import org.midirack.core.MidiMessages;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The lossless side channel of {@link ManyToOneEventFifo}: where a release goes when the ring has
 * no room for it. One slot per release that can be pending: a note-off per (channel, key), and per
 * channel a sustain-pedal release (CC 64 &lt; 64), All Sound Off (CC 120), Reset All Controllers
 * (CC 121), All Notes Off (CC 123) and each of the mode messages that turn all notes off too
 * (CC 124..127): {@value #SLOTS} slots, fixed, so it can never be full. The set is
 * {@link MidiMessages#isRelease}.
 *
 * <p>A slot coalesces what is offered into it: it keeps the earliest and the latest offset
 * (packed into one {@code long}, {@code earliest << 32 | latest}, updated by a producer with one
 * CAS), so the earliest release acts on its frame and the last one never acts before a note-on it
 * has to end; releases in between are merged away (counted). A producer then sets the slot's bit
 * in a dirty bitmap with {@code getAndBitwiseOr}. The consumer takes a dirty word with
 * {@code getAndSet(0)} and each of its slots with {@code getAndSet(EMPTY)}: one atomic exchange per
 * slot, so a release is taken exactly once, never split, never duplicated.
 *
 * <p>Consumer side (render thread only, plain fields): a taken release is first <em>held</em>
 * until the ring has been pulled up to the claim index the consumer read after taking it, so it
 * never overtakes a ring event that its producer offered before it (see the FIFO's class doc);
 * then it joins the slot's <em>carry</em> entry, where it waits for its frame with its offset
 * reduced by each cycle's length. Held and carried entries are per slot too, so the side channel
 * never holds more than two entries per slot in each of its three places.
 */
final class ReleaseSideChannel {
    /** Controller slots per channel: pedal release, 120, 121, 123, 124, 125, 126, 127. */
    static final int CONTROLLERS = 8;
    /** Note-off slots (16 channels x 128 keys) then {@link #CONTROLLERS} slots per channel. */
    static final int SLOTS = 16 * 128 + 16 * CONTROLLERS;
    static final int WORDS = SLOTS / 64;
    static final long EMPTY = pack(Integer.MAX_VALUE, Integer.MIN_VALUE);

    private static final VarHandle RANGE = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle DIRTY = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle MESSAGE = MethodHandles.arrayElementVarHandle(int[].class);

    // shared between producers and the consumer
    private final long[] range = new long[SLOTS];
    private final int[] message = new int[SLOTS];
    private final long[] dirty = new long[WORDS];

    // consumer only
    private final long[] held = new long[SLOTS];
    private final long[] heldBits = new long[WORDS];
    private final long[] carry = new long[SLOTS];
    private final long[] carryBits = new long[WORDS];
    // bit 0: the earliest was counted as carried, bit 1: the latest (both equal while earliest == latest)
    private final byte[] carryCounted = new byte[SLOTS];
    private final int[] data = new int[SLOTS];
    private int mergedNow;
    private int carriedNow;
    private int lateNow;

    ReleaseSideChannel() {
        for (int i = 0; i < SLOTS; i++) {
            range[i] = EMPTY;
            held[i] = EMPTY;
            carry[i] = EMPTY;
        }
    }

    /**
     * The slot of a release, or -1 for a message that is no release. {@code status} is a valid
     * channel status (below 0xF0).
     */
    static int slotOf(int status, int data1, int data2) {
        final int cmd = status & 0xF0;
        final int ch = status & 0x0F;
        if (cmd == MidiMessages.NOTE_OFF || (cmd == MidiMessages.NOTE_ON && data2 == 0)) {
            return ch << 7 | data1;
        }
        if (cmd == MidiMessages.CONTROL_CHANGE) {
            final int base = 16 * 128 + ch * CONTROLLERS;
            switch (data1) {
                case 64: return data2 < 64 ? base : -1;
                case MidiMessages.CC_ALL_SOUND_OFF: return base + 1;
                case MidiMessages.CC_RESET_ALL_CONTROLLERS: return base + 2;
                case MidiMessages.CC_ALL_NOTES_OFF: return base + 3;
                case 124: case 125: case 126: case 127: return base + data1 - 120; // mode messages
                default: return -1;
            }
        }
        return -1;
    }

    static long pack(int earliest, int latest) {
        return (long) earliest << 32 | (latest & 0xFFFFFFFFL);
    }

    static int earliest(long r) {
        return (int) (r >> 32);
    }

    static int latest(long r) {
        return (int) r;
    }

    /** Events a range stands for: 0 (empty), 1 (earliest == latest) or 2. */
    static int live(long r) {
        return r == EMPTY ? 0 : earliest(r) == latest(r) ? 1 : 2;
    }

    static long merge(long a, long b) {
        if (a == EMPTY) {
            return b;
        }
        if (b == EMPTY) {
            return a;
        }
        return pack(Math.min(earliest(a), earliest(b)), Math.max(latest(a), latest(b)));
    }

    /**
     * Producer: coalesces a release into its slot and marks the slot dirty. Lock-free: one CAS
     * loop on the slot's range and one getAndBitwiseOr on the dirty word; never fails.
     * @return how many pending releases the offer merged away (0 or 1)
     */
    int publish(int slot, int offset, int packedMessage) {
        MESSAGE.setRelease(message, slot, packedMessage);
        final long one = pack(offset, offset);
        long old;
        long merged;
        do {
            old = (long) RANGE.getVolatile(range, slot);
            merged = merge(old, one);
        } while (!RANGE.compareAndSet(range, slot, old, merged));
        DIRTY.getAndBitwiseOr(dirty, slot >>> 6, 1L << slot);
        return live(old) + 1 - live(merged);
    }

    /**
     * Consumer: takes every published release into the held entries.
     * @return true when anything was taken (the caller then reads the ring's claim index)
     */
    boolean take() {
        boolean any = false;
        for (int w = 0; w < WORDS; w++) {
            if ((long) DIRTY.getAcquire(dirty, w) == 0) {
                continue;
            }
            long bits = (long) DIRTY.getAndSet(dirty, w, 0L);
            while (bits != 0) {
                final int slot = w << 6 | Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                final long r = (long) RANGE.getAndSet(range, slot, EMPTY);
                if (r == EMPTY) {
                    continue; // its release was taken with an earlier bit of the same slot
                }
                data[slot] = (int) MESSAGE.getAcquire(message, slot);
                final long h = held[slot];
                final long m = merge(h, r);
                mergedNow += live(h) + live(r) - live(m);
                held[slot] = m;
                heldBits[w] |= 1L << slot;
                any = true;
            }
        }
        return any;
    }

    /** Consumer: the held releases may be delivered now (the ring is pulled past them). */
    void releaseHeld() {
        for (int w = 0; w < WORDS; w++) {
            long bits = heldBits[w];
            heldBits[w] = 0;
            while (bits != 0) {
                final int slot = w << 6 | Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                final long h = held[slot];
                held[slot] = EMPTY;
                final long c = carry[slot];
                final long m = merge(c, h);
                mergedNow += live(c) + live(h) - live(m);
                int counted = carryCounted[slot];
                if (c == EMPTY || earliest(h) < earliest(c)) {
                    counted &= ~1; // a fresh earliest: not counted as carried yet
                }
                if (c == EMPTY || latest(h) > latest(c)) {
                    counted &= ~2;
                }
                carryCounted[slot] = (byte) counted;
                carry[slot] = m;
                carryBits[w] |= 1L << slot;
            }
        }
    }

    /**
     * Consumer: appends the releases due in a cycle of {@code frames} frames to {@code out}
     * (at frame 0 when late) and reduces the rest by {@code frames}.
     * @return how many events were appended
     */
    int deliver(int frames, MidiEventBuffer out) {
        int n = 0;
        for (int w = 0; w < WORDS; w++) {
            long bits = carryBits[w];
            while (bits != 0) {
                final int slot = w << 6 | Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                final long r = carry[slot];
                final int e = earliest(r);
                final int l = latest(r);
                final long value = data[slot] & 0xFFFFFFL;
                final int counted = carryCounted[slot];
                if (e >= frames) {
                    carry[slot] = pack(e - frames, l - frames);
                    if (e == l) {
                        carriedNow += counted == 0 ? 1 : 0; // one event: both bits move together
                    } else {
                        carriedNow += ((counted & 1) == 0 ? 1 : 0) + ((counted & 2) == 0 ? 1 : 0);
                    }
                    carryCounted[slot] = 3;
                    continue;
                }
                n += emit(out, e, value);
                if (l != e && l < frames) {
                    n += emit(out, l, value);
                } else if (l != e) {
                    carry[slot] = pack(l - frames, l - frames); // the latest is now also the earliest
                    carriedNow += (counted & 2) == 0 ? 1 : 0;
                    carryCounted[slot] = 3;
                    continue;
                }
                carry[slot] = EMPTY;
                carryCounted[slot] = 0;
                carryBits[w] &= ~(1L << slot);
            }
        }
        return n;
    }

    private int emit(MidiEventBuffer out, int offset, long value) {
        if (offset < 0) {
            lateNow++;
            offset = 0;
        }
        out.append(offset, value);
        return 1;
    }

    /**
     * Consumer, for {@link ManyToOneEventFifo#clear()}: a release from the ring joins its slot's
     * carry entry at offset 0.
     */
    void keepFromRing(int slot, long value) {
        final long c = carry[slot];
        final long m = merge(c, pack(0, 0));
        mergedNow += live(c) + 1 - live(m);
        if (c == EMPTY) {
            data[slot] = (int) value;
            carryCounted[slot] = 0;
        }
        carry[slot] = m;
        carryBits[slot >>> 6] |= 1L << slot;
    }

    /**
     * Consumer, for {@link ManyToOneEventFifo#clear()}: every held and carried release moves to
     * offset 0 (held ones stay held).
     */
    void moveToFrameZero() {
        for (int i = 0; i < SLOTS; i++) {
            if (held[i] != EMPTY) {
                mergedNow += live(held[i]) - 1;
                held[i] = pack(0, 0);
            }
            if (carry[i] != EMPTY) {
                mergedNow += live(carry[i]) - 1;
                carry[i] = pack(0, 0);
                carryCounted[i] = 0;
            }
        }
    }

    /** Consumer: releases held or carried right now. */
    int pending() {
        int n = 0;
        for (int w = 0; w < WORDS; w++) {
            long bits = heldBits[w] | carryBits[w];
            while (bits != 0) {
                final int slot = w << 6 | Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                n += live(held[slot]) + live(carry[slot]);
            }
        }
        return n;
    }

    /** Consumer: whether any release is held back behind an unpublished ring slot. */
    boolean anyHeld() {
        for (int w = 0; w < WORDS; w++) {
            if (heldBits[w] != 0) {
                return true;
            }
        }
        return false;
    }

    /** Consumer: releases merged since the last call (then zero). */
    int takeMerged() {
        final int m = mergedNow;
        mergedNow = 0;
        return m;
    }

    /** Consumer: releases carried for the first time since the last call (then zero). */
    int takeCarried() {
        final int c = carriedNow;
        carriedNow = 0;
        return c;
    }

    /** Consumer: late releases delivered since the last call (then zero). */
    int takeLate() {
        final int l = lateNow;
        lateNow = 0;
        return l;
    }
}
