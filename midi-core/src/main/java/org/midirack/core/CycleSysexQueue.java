package org.midirack.core;


/**
 * The pre-allocated queue behind a {@link CycleSysexReceiver}: system-exclusive messages handed over on
 * the render thread between a node's cycles, kept with the frame where each acts, taken out by the same
 * thread during the node's next cycle. One thread only (the render thread), so no lock and no atomics;
 * all memory is taken in the constructor.
 *
 * <p>Order: first in, first out. A message whose frame has not come yet holds back the ones after it
 * (a SysEx never overtakes an earlier one, whatever their offsets say), so a consumer reads the head
 * with {@link #headOffset()} and takes it with {@link #pop()} once its frame is reached. At the end of
 * each of the node's cycles {@link #carry(int)} moves the messages still waiting into the next one.
 *
 * <p>Counted refusals: a malformed message or one longer than a slot ({@link #refusedMalformed()}), a
 * full queue ({@link #refusedFull()}).
 */
public final class CycleSysexQueue {
    private final byte[][] data;
    private final int[] length;
    private final int[] offset;
    private final int maxBytes;
    private int head;
    private int count;
    private volatile long refusedFull;
    private volatile long refusedMalformed;

    /**
     * A queue of {@code slots} messages of at most {@code maxBytes} bytes each.
     *
     * @param slots 1 .. 4096
     * @param maxBytes 2 .. 1 MiB
     * @throws IllegalArgumentException outside those ranges
     * @thread main
     */
    public CycleSysexQueue(int slots, int maxBytes) {
        if (slots < 1 || slots > 4096) {
            throw new IllegalArgumentException("SysEx queue slots " + slots + " outside 1 .. 4096");
        }
        if (maxBytes < 2 || maxBytes > (1 << 20)) {
            throw new IllegalArgumentException("SysEx queue message size " + maxBytes + " outside 2 .. 1048576");
        }
        this.data = new byte[slots][maxBytes];
        this.length = new int[slots];
        this.offset = new int[slots];
        this.maxBytes = maxBytes;
    }

    /**
     * Copies a message in, to act at {@code offset} frames into the next cycle (negative: frame 0).
     *
     * @param message the bytes, 0xF0 ... 0xF7 in {@code message[0 .. len)}
     * @param len the message's length
     * @param at the frame in the next cycle
     * @return false when malformed, too long or the queue is full (counted)
     * @thread render
     */
    public boolean offer(byte[] message, int len, int at) {
        if (!CycleSysexReceiver.wellFormed(message, len) || len > maxBytes) {
            refusedMalformed = refusedMalformed + 1;
            return false;
        }
        if (count == data.length) {
            refusedFull = refusedFull + 1;
            return false;
        }
        int slot = (head + count) % data.length;
        System.arraycopy(message, 0, data[slot], 0, len);
        length[slot] = len;
        offset[slot] = Math.max(0, at);
        count++;
        return true;
    }

    /**
     * Messages waiting.
     *
     * @return the count
     * @thread render
     */
    public int size() {
        return count;
    }

    /**
     * The frame in the current cycle where the head message acts (call only when {@link #size()} &gt; 0).
     *
     * @return the frame (may lie past the cycle: it waits)
     * @thread render
     */
    public int headOffset() {
        return offset[head];
    }

    /**
     * The head message's bytes, in {@code [0, headLength())}; valid until {@link #pop()}.
     *
     * @return the slot's array (do not keep it)
     * @thread render
     */
    public byte[] headData() {
        return data[head];
    }

    /**
     * The head message's length.
     *
     * @return bytes
     * @thread render
     */
    public int headLength() {
        return length[head];
    }

    /**
     * Removes the head message.
     *
     * @thread render
     */
    public void pop() {
        if (count > 0) {
            head = (head + 1) % data.length;
            count--;
        }
    }

    /**
     * Ends a cycle of {@code frames}: every message still waiting acts that many frames earlier in the
     * next one (at frame 0 at the earliest).
     *
     * @param frames the length of the cycle that ended
     * @thread render
     */
    public void carry(int frames) {
        for (int k = 0; k < count; k++) {
            int slot = (head + k) % data.length;
            offset[slot] = Math.max(0, offset[slot] - frames);
        }
    }

    /**
     * Forgets every message waiting (a reset, a deactivation).
     *
     * @thread render, or main while the node is not active
     */
    public void clear() {
        head = 0;
        count = 0;
    }

    /**
     * Messages refused because the queue was full.
     *
     * @return the count
     * @thread any
     */
    public long refusedFull() {
        return refusedFull;
    }

    /**
     * Messages refused as malformed or longer than a slot.
     *
     * @return the count
     * @thread any
     */
    public long refusedMalformed() {
        return refusedMalformed;
    }
}
