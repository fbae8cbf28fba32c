package org.midirack.core.dsp;

/**
 * Parameter changes waiting for the output frame they act on, for a node with latency: a change at
 * offset k of a cycle acts on the output at frame k + {@link Node#latencyFrames()}, together with a
 * note sent at offset k (see {@link Node}). The node adds each change with its due frame (counted
 * in frames since activation) and, while rendering, takes the changes due at or before each frame.
 *
 * <p>A ring of primitives sized at activation: no allocation, no locks; render thread only. Changes
 * must be added in due-frame order (a cycle's events are sorted, the latency is fixed while active).
 * A change of the same parameter due on the same frame as one still waiting replaces it (the last
 * at a frame wins), so {@code (maxFrames + latency + 1) × delayed parameters} entries always
 * suffice; when full anyway, {@link #add} refuses and the caller applies the change at once.
 */
public final class ParamDelayQueue {
    private final long[] due;
    private final int[] index;
    private final double[] value;
    private int head;
    private int size;

    /**
     * @param capacity changes that can wait at once, at least 1
     * @throws IllegalArgumentException when capacity is below 1
     * @thread main
     */
    public ParamDelayQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("parameter delay queue capacity " + capacity + " must be at least 1");
        }
        due = new long[capacity];
        index = new int[capacity];
        value = new double[capacity];
    }

    /**
     * The capacity that always suffices for a node activated with {@code maxFrames} and
     * {@code latencyFrames} delaying {@code params} parameters.
     * @thread any
     */
    public static int capacityFor(int maxFrames, int latencyFrames, int params) {
        return (maxFrames + Math.max(0, latencyFrames) + 1) * Math.max(1, params);
    }

    /**
     * Queues a change of parameter {@code paramIndex} to {@code v} acting at output frame
     * {@code dueFrame}; replaces a waiting change of the same parameter due on the same frame.
     * @return false when the queue is full (the change was not queued)
     * @thread render
     */
    public boolean add(long dueFrame, int paramIndex, double v) {
        int cap = due.length;
        for (int i = size - 1; i >= 0; i--) {
            int slot = (head + i) % cap;
            if (due[slot] != dueFrame) {
                break;
            }
            if (index[slot] == paramIndex) {
                value[slot] = v;
                return true;
            }
        }
        if (size == cap) {
            return false;
        }
        int slot = (head + size) % cap;
        due[slot] = dueFrame;
        index[slot] = paramIndex;
        value[slot] = v;
        size++;
        return true;
    }

    /** Whether the oldest waiting change is due at or before {@code frame}. @thread render */
    public boolean hasDue(long frame) {
        return size > 0 && due[head] <= frame;
    }

    /** The parameter of the oldest waiting change; only when one waits. @thread render */
    public int headIndex() {
        return index[head];
    }

    /** The value of the oldest waiting change; only when one waits. @thread render */
    public double headValue() {
        return value[head];
    }

    /** Drops the oldest waiting change. @thread render */
    public void pop() {
        if (size > 0) {
            head = (head + 1) % due.length;
            size--;
        }
    }

    /** Changes waiting. @thread render */
    public int size() {
        return size;
    }

    /** Drops every waiting change. @thread render (between cycles) */
    public void clear() {
        head = 0;
        size = 0;
    }
}
