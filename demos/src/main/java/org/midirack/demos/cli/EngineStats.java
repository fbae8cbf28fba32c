package org.midirack.demos.cli;

import org.midirack.core.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.midirack.host.CycleListener;
import org.midirack.host.Host;

/**
 * An {@link Engine}'s figures for {@code --stats} and the demo host's panel: the render time of
 * each host cycle as a fraction of the cycle's period (measured from the cycle's start to its
 * end, on the render thread, allocation-free), and the host's event counters, both counted from
 * the last {@link #reset} (so a warm-up or pre-roll is left out).
 */
final class EngineStats implements CycleListener {
    private final Host host;
    private final double sampleRate;
    private long t0;
    private volatile boolean reset;
    private volatile long cycles;
    private volatile double maxLoad;
    private volatile double sumLoad;
    private volatile long maxNanos;
    private long lateBase;
    private long carriedBase;
    private long droppedBase;

    /** @thread main */
    EngineStats(Host host, double sampleRate) {
        this.host = host;
        this.sampleRate = sampleRate;
    }

    /** Counts afresh from the next cycle. @thread main */
    void reset() {
        reset = true;
        lateBase = host.statistics().lateEvents();
        carriedBase = host.statistics().carriedEvents();
        droppedBase = host.statistics().droppedEvents();
    }

    /** @thread render */
    @Override
    public void cycleStart(Transport cycle) {
        t0 = System.nanoTime();
    }

    /** @thread render */
    @Override
    public void cycleEnd(Transport cycle) {
        long dt = System.nanoTime() - t0;
        if (reset) {
            reset = false;
            cycles = 0;
            maxLoad = 0;
            sumLoad = 0;
            maxNanos = 0;
        }
        double load = dt / (cycle.frames() * 1e9 / sampleRate);
        cycles = cycles + 1;
        sumLoad = sumLoad + load;
        if (load > maxLoad) {
            maxLoad = load;
        }
        if (dt > maxNanos) {
            maxNanos = dt;
        }
    }

    /** Largest render time as a fraction of the cycle period. @thread any (racy) */
    double maxLoad() {
        return maxLoad;
    }

    /** Mean render time as a fraction of the cycle period. @thread any (racy) */
    double meanLoad() {
        long n = cycles;
        return n == 0 ? 0 : sumLoad / n;
    }

    /**
     * A one-line summary of the render load and the event counters.
     * @param underruns device callbacks that took longer than their period (the engine was late)
     * @param xruns     xruns the audio server reported (any client late, or the server itself)
     * @param glitches  late offloaded blocks counted outside the host, added to the host's own
     *                  ({@code Host.glitches()}: blocks an offloaded node's worker did not finish in time, its
     *                  previous block played again, summed over nested hosts); printed as "late offloaded blocks"
     * @thread main
     */
    String line(long underruns, long xruns, long glitches) {
        long n = cycles;
        return String.format(Locale.ROOT,
                "stats: cycles %d, render time max %.3f mean %.3f of the cycle period (max %.1f µs), underruns %d"
                        + " (server xruns %d), events late %d carried %d dropped %d, late offloaded blocks %d, muted nodes %d,"
                        + " collector %s",
                n, maxLoad, meanLoad(), maxNanos / 1000.0, underruns, xruns,
                host.statistics().lateEvents() - lateBase, host.statistics().carriedEvents() - carriedBase,
                host.statistics().droppedEvents() - droppedBase, glitches + host.glitches(),
                host.statistics().mutedNodes(), collector());
    }

    /** The garbage collector the JVM runs: "ZGC", "Shenandoah", "G1" or the first bean's name. @thread any */
    static String collector() {
        List<String> names = new ArrayList<>();
        for (java.lang.management.GarbageCollectorMXBean b : java.lang.management.ManagementFactory
                .getGarbageCollectorMXBeans()) {
            names.add(b.getName());
        }
        String all = String.join(" ", names);
        for (String known : List.of("ZGC", "Shenandoah", "G1")) {
            if (all.contains(known)) {
                return known;
            }
        }
        return names.isEmpty() ? "unknown" : names.get(0);
    }
}
