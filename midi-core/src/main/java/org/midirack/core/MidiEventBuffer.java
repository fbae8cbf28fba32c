package org.midirack.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded, pre-allocated event list kept sorted by offset; events with equal offsets keep
 * the order in which they were added (stable). Used as a node's MIDI output list, for a cycle's
 * delivered events and for node-to-node MIDI in the host. Adding never allocates and never
 * throws.
 *
 * <p>What happens when it is full. A release ({@link MidiMessages#isRelease}: note-off, pedal
 * release, All Sound Off, Reset All Controllers, All Notes Off, the mode messages that end notes)
 * still gets in: the buffer removes its non-release event with the latest offset (the latest
 * added among equal offsets) to make room, and counts it as {@link #displaced()}. Losing a
 * note-on, a controller or a parameter change this way never leaves a note sounding; losing a
 * release would. A release is refused only when every slot already holds a release
 * ({@link #releasesRefused()}). Any other event into a full buffer is refused
 * ({@link #rejectedFull()}); invalid bytes and negative offsets are refused
 * ({@link #rejectedInvalid()}). Every refusal makes {@code add} return false. The counts are
 * since creation ({@link #clear()} keeps them) and may be read from any thread.
 *
 * <p>Single writer: one thread (the render thread) adds, clears and reads the events.
 */
public final class MidiEventBuffer implements EventList {
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int FULL = 0;
    private static final int INVALID = 1;
    private static final int DISPLACED = 2;
    private static final int RELEASES_REFUSED = 3;

    private final int capacity;
    private final int[] offsets;
    private final long[] data;
    private int size;
    /** Written only by the writer thread, each with a release store, so any thread may read them. */
    private final long[] counts = new long[4];

    /**
     * @param capacity how many events a cycle can hold (at least 1)
     * @thread main (allocation)
     */
    public MidiEventBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.offsets = new int[capacity];
        this.data = new long[capacity];
    }

    /** @thread any */
    public int capacity() {
        return capacity;
    }

    /** @thread render */
    @Override
    public int size() {
        return size;
    }

    /** @thread render */
    @Override
    public int offset(int i) {
        return offsets[i];
    }

    /** @thread render */
    @Override
    public long data(int i) {
        return data[i];
    }

    /** Empties the list. @thread render */
    public void clear() {
        size = 0;
    }

    /** Free slots. @thread render */
    public int free() {
        return capacity - size;
    }

    /**
     * Whether a release added now would get in: a slot is free, or a non-release is there to
     * displace. Lets a writer that can hold a release back (and send it later) do so without the
     * buffer counting a refusal. Allocation-free; looks at every event only when full.
     * @thread render
     */
    public boolean acceptsRelease() {
        if (size < capacity) {
            return true;
        }
        for (int i = size - 1; i >= 0; i--) {
            if (!isRelease(data[i])) {
                return true;
            }
        }
        return false;
    }

    private void count(int which) {
        COUNT.setRelease(counts, which, (long) COUNT.getOpaque(counts, which) + 1);
    }

    private long counted(int which) {
        return (long) COUNT.getAcquire(counts, which);
    }

    /**
     * Events refused by {@code add} since creation: {@link #rejectedFull()} plus
     * {@link #rejectedInvalid()}.
     * @thread any
     */
    public long rejected() {
        return counted(FULL) + counted(INVALID);
    }

    /** Events refused because the buffer was full (releases refused included). @thread any */
    public long rejectedFull() {
        return counted(FULL);
    }

    /** Events refused for invalid bytes or a negative offset. @thread any */
    public long rejectedInvalid() {
        return counted(INVALID);
    }

    /** Non-release events removed to make room for a release. @thread any */
    public long displaced() {
        return counted(DISPLACED);
    }

    /** Releases refused because every slot already held a release (part of {@link #rejectedFull()}). @thread any */
    public long releasesRefused() {
        return counted(RELEASES_REFUSED);
    }

    /** Every event that did not get through: {@link #rejected()} plus {@link #displaced()}. @thread any */
    public long dropped() {
        return rejected() + displaced();
    }

    private static boolean isRelease(long value) {
        return (value >>> 56) == TYPE_MIDI
                && MidiMessages.isRelease((int) (value >>> 16) & 0xFF, (int) (value >>> 8) & 0xFF, (int) value & 0xFF);
    }

    /**
     * Called when full: removes the latest non-release to make room for a release (counted), or
     * counts the release refused.
     * @param sorted whether the list is in offset order now (then the first non-release from the
     *               end is the one), or appended unsorted (then every slot is looked at)
     * @return whether a slot is free now
     */
    private boolean makeRoomFor(long value, boolean sorted) {
        if (!isRelease(value)) {
            count(FULL);
            return false;
        }
        int victim = -1;
        int latest = Integer.MIN_VALUE;
        for (int i = size - 1; i >= 0; i--) { // latest offset; the latest added among equal ones
            if (offsets[i] > latest && !isRelease(data[i])) {
                latest = offsets[i];
                victim = i;
                if (sorted) {
                    break;
                }
            }
        }
        if (victim < 0) {
            count(FULL);
            count(RELEASES_REFUSED);
            return false;
        }
        System.arraycopy(offsets, victim + 1, offsets, victim, size - victim - 1);
        System.arraycopy(data, victim + 1, data, victim, size - victim - 1);
        size--;
        count(DISPLACED);
        return true;
    }

    /**
     * Adds a short message at an offset, keeping the list sorted and stable; a release into a
     * full buffer displaces a non-release (see the class note).
     * @return false (and counted) when refused: full, the bytes are invalid or the offset is negative
     * @thread render
     */
    public boolean add(int offset, int status, int data1, int data2) {
        if (!MidiMessages.isValid(status, data1, data2)) {
            count(INVALID);
            return false;
        }
        int len = MidiMessages.dataLength(status);
        return addData(offset, EventList.midiData(status, len >= 1 ? data1 : 0, len >= 2 ? data2 : 0));
    }

    /**
     * Adds a parameter change at an offset.
     * @return false (and counted) when full or the offset is negative
     * @thread render
     */
    public boolean addParam(int offset, int index, float value) {
        return addData(offset, EventList.paramData(index, value));
    }

    /**
     * Adds a raw event (see {@link EventList}); insertion keeps offset order, after equal offsets.
     * A release into a full buffer displaces a non-release (see the class note).
     * @return false (and counted) when refused
     * @thread render
     */
    public boolean addData(int offset, long value) {
        if (offset < 0) {
            count(INVALID);
            return false;
        }
        if (size == capacity && !makeRoomFor(value, true)) {
            return false;
        }
        int i = size;
        while (i > 0 && offsets[i - 1] > offset) {
            offsets[i] = offsets[i - 1];
            data[i] = data[i - 1];
            i--;
        }
        offsets[i] = offset;
        data[i] = value;
        size++;
        return true;
    }

    /**
     * Appends without sorting; the caller restores order with {@link #sortStable}. For hosts
     * (a FIFO's drain), not for nodes.
     * @thread render
     */
    public boolean append(int offset, long value) {
        if (size == capacity && !makeRoomFor(value, false)) {
            return false;
        }
        offsets[size] = offset;
        data[size] = value;
        size++;
        return true;
    }

    /**
     * Sorts by offset keeping insertion order for equal offsets, in place, without allocation:
     * an insertion sort, linear for the usual nearly sorted cycle, and a shell sort over
     * (offset, index) keys past a threshold so bursts stay O(n^1.3) rather than O(n^2). For hosts
     * (a FIFO's drain), not for nodes.
     * @thread render
     */
    public void sortStable(long[] scratchKeys, long[] scratchData) {
        int n = size;
        boolean sorted = true;
        for (int i = 1; i < n; i++) {
            if (offsets[i - 1] > offsets[i]) {
                sorted = false;
                break;
            }
        }
        if (sorted) {
            return;
        }
        // keys make every element distinct, so an unstable sort of keys is a stable sort of events
        for (int i = 0; i < n; i++) {
            scratchKeys[i] = (long) offsets[i] << 32 | i;
        }
        int gap = 1;
        while (gap < n / 3) {
            gap = 3 * gap + 1;
        }
        for (; gap >= 1; gap /= 3) {
            for (int i = gap; i < n; i++) {
                long k = scratchKeys[i];
                int j = i;
                while (j >= gap && scratchKeys[j - gap] > k) {
                    scratchKeys[j] = scratchKeys[j - gap];
                    j -= gap;
                }
                scratchKeys[j] = k;
            }
        }
        for (int i = 0; i < n; i++) {
            scratchData[i] = data[(int) scratchKeys[i]];
        }
        for (int i = 0; i < n; i++) {
            offsets[i] = (int) (scratchKeys[i] >> 32);
            data[i] = scratchData[i];
        }
    }

    /**
     * Copies the events of another list, shifted by {@code shift} frames; what does not fit is
     * counted as for {@link #addData}.
     * @return how many were added (some may have been displaced again by later releases)
     * @thread render
     */
    public int addAll(EventList other, int shift) {
        int copied = 0;
        for (int i = 0; i < other.size(); i++) {
            if (addData(other.offset(i) + shift, other.data(i))) {
                copied++;
            }
        }
        return copied;
    }
}
