package org.midirack.core.hosting;

import org.midirack.core.RemoteControl;
import org.midirack.core.RemoteRequest;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A lock-free {@link RemoteControl} a host gives its nodes: requests collect as bits, latency
 * reports as the latest value; the host takes them all at the next cycle boundary with
 * {@link #takeRequests()} and {@link #takeLatencyReport()}. Requests of the same kind made in one
 * cycle merge into one.
 */
public final class RemoteMailbox implements RemoteControl {
    private static final VarHandle BITS;
    private static final VarHandle LATENCY;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            BITS = l.findVarHandle(RemoteMailbox.class, "bits", int.class);
            LATENCY = l.findVarHandle(RemoteMailbox.class, "latency", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int bits;
    private volatile int latency = -1;

    /** @thread any */
    @Override
    public boolean request(RemoteRequest request) {
        int b;
        do {
            b = bits;
        } while (!BITS.compareAndSet(this, b, b | (1 << request.ordinal())));
        return true;
    }

    /** @thread any */
    @Override
    public void latencyChanged(int frames) {
        LATENCY.setRelease(this, Math.max(0, frames));
    }

    /**
     * Takes and clears the pending requests; test with {@link #has(int, RemoteRequest)}.
     * @thread render (host, at a cycle boundary)
     */
    public int takeRequests() {
        return (int) BITS.getAndSet(this, 0);
    }

    /** Whether a bit set from {@link #takeRequests()} holds a request. @thread any */
    public static boolean has(int requests, RemoteRequest r) {
        return (requests & (1 << r.ordinal())) != 0;
    }

    /**
     * Takes the latest latency report, or -1 when none came since the last call.
     * @thread render (host)
     */
    public int takeLatencyReport() {
        return (int) LATENCY.getAndSet(this, -1);
    }
}
