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
     * Bytes allocated by the last {@code windows} of consecutive runs of {@code body}: the body runs,
     * measured, until {@code windows} runs in a row allocated at most {@code settled} bytes each, or
     * {@code maxRuns} runs were made; the first run never counts. The JIT compiles in the background, so on
     * a busy machine its one-time charges (a deoptimisation, a recompilation: 56 to 1,200 bytes, measured
     * in windows well after the first, and again after a clean one) come late in wall time however many
     * calls came first; running on until the steady state is warming up, not widening the bound. Code that
     * allocates in every run, or in one run out of a few, never gets {@code windows} clean runs in a row,
     * and the last ones, returned, show it.
     * @thread any (measures the calling thread)
     */
    public static long[] measureWindowsAfterSettling(Runnable body, int windows, long settled, int maxRuns) {
        if (windows < 1 || maxRuns <= windows) {
            throw new IllegalArgumentException("need 1 <= windows < maxRuns, got " + windows + " and " + maxRuns);
        }
        long[] last = new long[windows];
        int runs = 0;
        int clean = 0;
        while (runs < maxRuns) {
            long b = measure(body);
            runs++;
            if (runs == 1) {
                continue; // the first run enters the meter: warm-up
            }
            last[(runs - 2) % windows] = b;
            clean = b <= settled ? clean + 1 : 0;
            if (clean >= windows) {
                break;
            }
        }
        int recorded = runs - 1;
        long[] bytes = new long[Math.min(windows, recorded)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = last[(recorded - bytes.length + i) % windows];
        }
        return bytes;
    }

    /**
     * The worst of {@code windows} consecutive runs of {@code body}: the bytes of the run that
     * allocated most. Every window counts, so allocation that happens only now and then (a
     * growing collection, a cache that fills) is caught as well as allocation in every call.
     * For code that must allocate nothing: the runs go on until {@code windows} in a row allocated
     * nothing (at most 20 more, {@link #measureWindowsAfterSettling}), so the JIT's one-time charges
     * fall into the warm-up rather than widen the bound.
     * @thread any (measures the calling thread)
     */
    public static long measureSteadyState(Runnable body, int windows) {
        long worst = 0;
        for (long b : measureWindowsAfterSettling(body, windows, 0, windows + 20)) {
            worst = Math.max(worst, b);
        }
        return worst;
    }
}
