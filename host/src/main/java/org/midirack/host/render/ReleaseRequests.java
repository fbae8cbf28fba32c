package org.midirack.host.render;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests to release every note of every node, from any thread, and when the render thread
 * delivered them. A release goes into each node's cycle directly (not through its FIFO), so a full
 * FIFO cannot refuse it; whoever asked can wait for the frame that carried it.
 */
public final class ReleaseRequests {
    /** Sustain pedal off and All Notes Off on all 16 channels: releases ring out. */
    public static final int RELEASE = 1;
    /** As {@link #RELEASE}, plus All Sound Off: the sound stops at once. */
    public static final int SILENCE = 2;

    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger kinds = new AtomicInteger();
    private volatile long delivered;
    private volatile long deliveredEndFrame = -1;

    // render thread
    private long taken;

    /**
     * Asks for a release in the next cycle.
     * @param kind {@link #RELEASE} or {@link #SILENCE}
     * @return the request's number, for {@link #deliveredThrough}
     * @thread any
     */
    public long request(int kind) {
        kinds.getAndAccumulate(kind, Math::max);
        return requested.incrementAndGet();
    }

    /**
     * The kind of release this cycle carries (0 when none was asked); call once per cycle.
     * @thread render
     */
    public int take() {
        long r = requested.get();
        if (r == taken) {
            return 0;
        }
        taken = r;
        int k = kinds.getAndSet(0);
        return k == 0 ? RELEASE : k;
    }

    /**
     * The cycle that carried the last taken request has been rendered.
     * @param endFrame the host's frame count at the end of that cycle
     * @thread render
     */
    public void rendered(long endFrame) {
        if (delivered != taken) {
            deliveredEndFrame = endFrame;
            delivered = taken;
        }
    }

    /** The number of the last request delivered to every node and rendered. @thread any */
    public long deliveredThrough() {
        return delivered;
    }

    /** The host's frame count at the end of the cycle that carried it (-1 before any). @thread any */
    public long deliveredEndFrame() {
        return deliveredEndFrame;
    }
}
