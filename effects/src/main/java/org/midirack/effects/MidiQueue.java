package org.midirack.effects;

/**
 * A bounded, pre-allocated queue of short MIDI messages due at absolute frames of a node's own
 * frame counter, kept sorted by frame (stable for equal frames). Used for echoes and for
 * note-offs that fall in later cycles. Allocation-free.
 */
public final class MidiQueue {
    private final long[] frames;
    private final int[] messages;
    private int head;
    private int size;

    /** @thread main */
    public MidiQueue(int capacity) {
        frames = new long[capacity];
        messages = new int[capacity];
    }

    /** @thread render */
    public int size() {
        return size;
    }

    /** @thread any */
    public int capacity() {
        return frames.length;
    }

    /** Free slots. @thread render */
    public int free() {
        return frames.length - size;
    }

    /**
     * Adds a message (packed as status << 16 | data1 << 8 | data2) due at an absolute frame.
     * @return false when full
     * @thread render
     */
    public boolean add(long frame, int message) {
        int cap = frames.length;
        if (size == cap) {
            return false;
        }
        int i = size;
        while (i > 0) {
            int prev = (head + i - 1) % cap;
            if (frames[prev] <= frame) {
                break;
            }
            int cur = (head + i) % cap;
            frames[cur] = frames[prev];
            messages[cur] = messages[prev];
            i--;
        }
        int at = (head + i) % cap;
        frames[at] = frame;
        messages[at] = message;
        size++;
        return true;
    }

    /** Frame of the earliest message; only when size() > 0. @thread render */
    public long peekFrame() {
        return frames[head];
    }

    /** The earliest message; only when size() > 0. @thread render */
    public int peekMessage() {
        return messages[head];
    }

    /** Removes the earliest message. @thread render */
    public void poll() {
        head = (head + 1) % frames.length;
        size--;
    }

    /** @thread render */
    public void clear() {
        head = 0;
        size = 0;
    }
}
