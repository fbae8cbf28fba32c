package org.midirack.core;

/**
 * A bounded, pre-allocated event list kept sorted by offset; events with equal offsets keep
 * the order in which they were added (stable). Used as a node's MIDI output list and for a
 * cycle's delivered events. Adding never allocates and never throws: a full buffer or an invalid
 * message makes {@code add} return false and is counted.
 *
 * <p>Single-threaded: one writer and its readers on the same thread (the render thread).
 */
public final class MidiEventBuffer implements EventList {
    private final int capacity;
    private final int[] offsets;
    private final long[] data;
    private int size;
    private long rejected;

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

    /** Events refused since creation (full, invalid or negative offset). @thread render */
    public long rejected() {
        return rejected;
    }

    /**
     * Adds a short message at an offset, keeping the list sorted and stable.
     * @return false (and counted) when full, the bytes are invalid or the offset is negative
     * @thread render
     */
    public boolean add(int offset, int status, int data1, int data2) {
        if (!MidiMessages.isValid(status, data1, data2)) {
            rejected++;
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
     * @thread render
     */
    public boolean addData(int offset, long value) {
        if (size == capacity || offset < 0) {
            rejected++;
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
        if (size == capacity) {
            rejected++;
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
     * Copies the events of another list, shifted by {@code shift} frames.
     * @return how many were copied
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
