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
     * Bytes allocated by the steadiest of up to {@code attempts} runs of {@code body}: runs until
     * one allocates nothing. A JIT recompilation or deoptimisation early in a run can make the
     * JVM itself allocate a few hundred bytes once (seen with C2, never with -Xint); allocation
     * that the code really does per call shows up in every run, so this still fails for it.
     * @thread any (measures the calling thread)
     */
    public static long measureSteadyState(Runnable body, int attempts) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < attempts && least > 0; i++) {
            least = Math.min(least, measure(body));
        }
        return least;
    }
}
