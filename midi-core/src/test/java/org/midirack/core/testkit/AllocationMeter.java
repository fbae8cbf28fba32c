package org.midirack.core.testkit;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated by the current thread, through
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}.
 */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean BEAN =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {
    }

    /** @thread any (measures the calling thread) */
    public static long allocatedBytes() {
        return BEAN.getCurrentThreadAllocatedBytes();
    }

    /**
     * Bytes the calling thread allocated while running {@code body}, minus the meter's own
     * overhead (measured by an empty run, so a body that allocates nothing gives 0).
     * @thread any (measures the calling thread)
     */
    public static long measure(Runnable body) {
        Runnable empty = () -> { };
        long o0 = allocatedBytes();
        empty.run();
        long overhead = allocatedBytes() - o0;
        long t0 = allocatedBytes();
        body.run();
        long used = allocatedBytes() - t0 - overhead;
        return Math.max(0, used);
    }

    /**
     * Bytes allocated by each of {@code windows} consecutive runs of {@code body}, after one more run
     * through the same path that is not recorded: entering the meter can make the JIT charge the thread
     * a few hundred bytes once (measured in HostAllocationTest: 184 bytes in the first window after
     * 100,000 warmed-up cycles, none in the next fourteen), which is the JVM's, not the body's.
     * @thread any (measures the calling thread)
     */
    public static long[] measureWindows(Runnable body, int windows) {
        if (windows < 1) {
            throw new IllegalArgumentException("windows must be at least 1, got " + windows);
        }
        long[] bytes = new long[windows];
        measure(body); // warm-up through the measuring path itself
        for (int i = 0; i < windows; i++) {
            bytes[i] = measure(body);
        }
        return bytes;
    }

    /**
     * Bytes allocated by each of {@code windows} consecutive runs of {@code body}, recorded once the JIT has
     * settled: first the body runs, measured but not recorded, until one run allocates at most
     * {@code settled} bytes (at most {@code maxSettlingRuns} runs; at least one). The JIT compiles in the
     * background, so on a busy machine its one-time charges (a deoptimisation, a recompilation: measured 56
     * bytes in a window of a cheap node after 30,000 warm calls) can come late in wall time however many calls
     * came first; waiting for one clean run is warming up, not widening the bound. Code that allocates in
     * every run never settles and fails in every recorded window; code that allocates now and then shows in
     * a recorded window.
     * @thread any (measures the calling thread)
     */
    public static long[] measureWindowsAfterSettling(Runnable body, int windows, long settled, int maxSettlingRuns) {
        if (windows < 1 || maxSettlingRuns < 1) {
            throw new IllegalArgumentException("windows and maxSettlingRuns must be at least 1, got " + windows
                    + " and " + maxSettlingRuns);
        }
        long[] bytes = new long[windows];
        for (int i = 0; i < maxSettlingRuns && measure(body) > settled; i++) {
            // not settled yet
        }
        for (int i = 0; i < windows; i++) {
            bytes[i] = measure(body);
        }
        return bytes;
    }

    /**
     * The worst of {@code windows} consecutive runs of {@code body}: the bytes of the run that
     * allocated most. Every window counts, so allocation that happens only now and then (a
     * growing collection, a cache that fills) is caught as well as allocation in every call.
     * Warm up before measuring: when the JIT's one-time allocation (a recompilation or
     * deoptimisation) shows in a window, warm up longer rather than widen the bound.
     * @thread any (measures the calling thread)
     */
    public static long measureSteadyState(Runnable body, int windows) {
        long worst = 0;
        for (long b : measureWindows(body, windows)) {
            worst = Math.max(worst, b);
        }
        return worst;
    }
}
