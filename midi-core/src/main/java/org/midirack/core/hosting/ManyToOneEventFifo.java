package org.midirack.core.hosting;

import org.midirack.core.EventList;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.MidiMessages;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The real-time event FIFO between many producers (host render thread, MIDI device threads,
 * UI and script threads) and one consumer (a node's render thread). Lock-free, bounded,
 * pre-allocated, with a power-of-two capacity; producers never block and never allocate.
 *
 * <p>An event carries an offset in frames relative to the start of the consumer's next cycle.
 * At the start of each cycle the consumer calls {@link #drain(int)} and gets this cycle's events
 * sorted by offset, equal offsets in arrival order. Offsets below 0 (late) are delivered at
 * frame 0 and counted; offsets at or past the cycle length are carried into later cycles with
 * the offset reduced by each cycle's length, and counted once; a full FIFO refuses the offer,
 * returns false and counts it. Offers are never out of bounds in any other way.
 *
 * <p>No stuck notes: every accepted note-on reserves one slot for a note-off on its channel and
 * key. The matching note-off (or an All Notes Off / All Sound Off on its channel) uses that
 * reserved slot, so it is accepted even when the FIFO is otherwise full. Reservations are
 * counted per (channel, key), so a producer whose note-off follows its own note-on always
 * gets it through.
 *
 * <p>Memory ordering: a producer takes credit with a CAS on {@code credits}, claims a ring
 * position with getAndAdd on {@code tail}, writes the slot, then publishes it with a release store
 * of the slot's sequence; the consumer reads the sequence with acquire, copies the slot and frees
 * it with a release store before returning the credit (release). Delivered events stay accounted
 * until they are handed out, so the ring plus the consumer's carry store never exceed capacity.
 */
public final class ManyToOneEventFifo extends FifoCounters {
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle OPEN = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int KEYS = 16 * 128;

    private final int capacity;
    private final int mask;
    private final long[] sequence;
    private final long[] slotData;
    private final int[] slotOffset;
    private final int[] open = new int[KEYS];

    // consumer-only state
    private long head;
    private int pendingCount;
    private final int[] pendingOffset;
    private final long[] pendingData;
    private final boolean[] pendingCarried;
    private final MidiEventBuffer out;
    private final long[] scratchKeys;
    private final long[] scratchData;

    /**
     * @param capacity events the FIFO holds, ring and carried together; a power of two, 2..2^24
     * @thread main (allocation)
     */
    public ManyToOneEventFifo(int capacity) {
        super(capacity);
        if (capacity < 2 || capacity > (1 << 24) || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 2.." + (1 << 24)
                    + ", was " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.sequence = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            sequence[i] = i;
        }
        this.slotData = new long[capacity];
        this.slotOffset = new int[capacity];
        this.pendingOffset = new int[capacity];
        this.pendingData = new long[capacity];
        this.pendingCarried = new boolean[capacity];
        this.out = new MidiEventBuffer(capacity);
        this.scratchKeys = new long[capacity];
        this.scratchData = new long[capacity];
        VarHandle.releaseFence();
    }

    /** @thread any */
    public int capacity() {
        return capacity;
    }

    /**
     * Offers a short MIDI message at a frame offset relative to the consumer's next cycle.
     * @return false when the bytes are not a short message (counted as invalid) or the FIFO is
     *     full (counted as dropped); never blocks, throws or allocates
     * @thread any (producer)
     */
    public boolean offer(int offset, int status, int data1, int data2) {
        countOffered();
        if (!MidiMessages.isValid(status, data1, data2)) {
            countInvalid();
            return false;
        }
        int len = MidiMessages.dataLength(status);
        long value = EventList.midiData(status, len >= 1 ? data1 : 0, len >= 2 ? data2 : 0);
        if (status < 0xF0) {
            int cmd = status & 0xF0;
            int ch = status & 0x0F;
            if (MidiMessages.isNoteOn(status, data2)) {
                if (!takeCredit(2)) {
                    countDropped();
                    return false;
                }
                claimAndPublish(offset, value);
                OPEN.getAndAdd(open, ch << 7 | data1, 1); // after the claim: see class doc
                return true;
            }
            if (MidiMessages.isNoteOff(status, data2)) {
                if (useReservation(ch << 7 | data1) || takeCredit(1)) {
                    claimAndPublish(offset, value);
                    return true;
                }
                countDropped();
                return false;
            }
            if (cmd == MidiMessages.CONTROL_CHANGE
                    && (data1 == MidiMessages.CC_ALL_NOTES_OFF || data1 == MidiMessages.CC_ALL_SOUND_OFF)) {
                int released = releaseChannel(ch);
                if (released > 0) {
                    if (released > 1) {
                        returnCredit(released - 1);
                    }
                    claimAndPublish(offset, value);
                    return true;
                }
            }
        }
        return offerData(offset, value);
    }

    /**
     * Offers a parameter change (see {@link Parameters}) at a frame offset.
     * @return false when full (counted as dropped)
     * @thread any (producer)
     */
    public boolean offerParam(int offset, int paramIndex, float value) {
        countOffered();
        if (paramIndex < 0 || paramIndex > 0xFFFF) {
            countInvalid();
            return false;
        }
        return offerData(offset, EventList.paramData(paramIndex, value));
    }

    private boolean offerData(int offset, long value) {
        if (!takeCredit(1)) {
            countDropped();
            return false;
        }
        claimAndPublish(offset, value);
        return true;
    }

    private boolean useReservation(int key) {
        int c;
        do {
            c = (int) OPEN.getVolatile(open, key);
            if (c <= 0) {
                return false;
            }
        } while (!OPEN.compareAndSet(open, key, c, c - 1));
        return true;
    }

    private int releaseChannel(int ch) {
        int released = 0;
        int base = ch << 7;
        for (int k = 0; k < 128; k++) {
            if ((int) OPEN.getVolatile(open, base + k) > 0) {
                released += (int) OPEN.getAndSet(open, base + k, 0);
            }
        }
        return released;
    }

    private void claimAndPublish(int offset, long value) {
        long p = getAndIncrementTail();
        int i = (int) (p & mask);
        slotData[i] = value;
        slotOffset[i] = offset;
        SEQ.setRelease(sequence, i, p + 1);
        countAccepted();
    }

    /**
     * Drains the events for a cycle of {@code frames} frames: everything published so far plus
     * what was carried, sorted by offset (stable), offsets clamped into [0, frames). Events at or
     * past {@code frames} stay for later cycles. The returned list is owned by the FIFO and valid
     * until the next drain. Never allocates, locks or throws; {@code frames < 1} is treated as 1.
     * @thread render (the single consumer)
     */
    public EventList drain(int frames) {
        if (frames < 1) {
            frames = 1;
        }
        pullRing();
        out.clear();
        int kept = 0;
        int delivered = 0;
        int late = 0;
        int carried = 0;
        for (int i = 0; i < pendingCount; i++) {
            int off = pendingOffset[i];
            if (off < frames) {
                if (off < 0) {
                    off = 0;
                    late++;
                }
                out.append(off, pendingData[i]);
                delivered++;
            } else {
                pendingOffset[kept] = off - frames;
                pendingData[kept] = pendingData[i];
                if (!pendingCarried[i]) {
                    carried++;
                }
                pendingCarried[kept] = true;
                kept++;
            }
        }
        pendingCount = kept;
        out.sortStable(scratchKeys, scratchData);
        countDrained(delivered, late, carried);
        if (delivered > 0) {
            returnCredit(delivered);
        }
        return out;
    }

    /**
     * Discards everything queued and carried (for a reset); reservations of open notes stay, so
     * their note-offs still get through.
     * @return how many events were discarded
     * @thread render (the single consumer)
     */
    public int clear() {
        pullRing();
        int n = pendingCount;
        pendingCount = 0;
        countDiscarded(n);
        if (n > 0) {
            returnCredit(n);
        }
        out.clear();
        return n;
    }

    /** Events carried into later cycles right now (consumer's view). @thread render */
    public int carriedNow() {
        return pendingCount;
    }

    private void pullRing() {
        long h = head;
        while (pendingCount < capacity) {
            int i = (int) (h & mask);
            long s = (long) SEQ.getAcquire(sequence, i);
            if (s != h + 1) {
                break; // empty, or claimed but not yet published: next cycle
            }
            pendingOffset[pendingCount] = slotOffset[i];
            pendingData[pendingCount] = slotData[i];
            pendingCarried[pendingCount] = false;
            pendingCount++;
            SEQ.setRelease(sequence, i, h + capacity);
            h++;
        }
        head = h;
    }
}
