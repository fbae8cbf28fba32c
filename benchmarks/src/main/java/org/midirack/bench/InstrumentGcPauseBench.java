package org.midirack.bench;

import org.midirack.core.MidiEventBuffer;
import org.midirack.core.hosting.CycleContext;
import org.midirack.core.hosting.TransportState;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.midirack.instruments.InstrumentGervill;
import org.midirack.instruments.gervill.GervillSettings;

/**
 * Renders the Gervill node paced in real time (128-frame cycles at 48 kHz, one every 2.667 ms) with N
 * sustained voices for a given time and reports the longest GC pause, the GC count, Gervill's allocation
 * rate and the slowest render call. Not a JMH benchmark: run it once per collector, e.g.
 * {@code java -XX:+UseG1GC -cp benchmarks/target/benchmarks.jar --add-exports
 * java.desktop/com.sun.media.sound=ALL-UNNAMED org.midirack.bench.InstrumentGcPauseBench 60 64}
 * and the same with {@code -XX:+UseZGC}.
 */
public final class InstrumentGcPauseBench {
    private InstrumentGcPauseBench() {
    }

    /**
     * Arguments: seconds (default 60), voices (default 64).
     *
     * @thread main
     */
    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int voices = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        double rate = 48000;
        int frames = 128;
        long periodNanos = Math.round(frames * 1e9 / rate);

        AtomicLong maxPauseMicros = new AtomicLong();
        AtomicLong gcCount = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    // ZGC reports its pauses through the "ZGC Pauses" bean; its "ZGC Cycles" are concurrent
                    if (info.getGcName().contains("Cycles")) {
                        return;
                    }
                    gcCount.incrementAndGet();
                    long micros = info.getGcInfo().getDuration() * 1000;
                    maxPauseMicros.accumulateAndGet(micros, Math::max);
                }
            }, null, null);
        }

        InstrumentGervill node = new InstrumentGervill(GervillSettings.defaults(rate).withMaxPolyphony(256), true);
        node.activate(rate, frames);
        CycleContext ctx = new CycleContext(node.descriptor(), frames, 16);
        TransportState transport = new TransportState().set(rate, frames, 120, 0, 0);
        MidiEventBuffer notes = new MidiEventBuffer(voices + 32);
        MidiEventBuffer none = new MidiEventBuffer(1);
        for (int ch = 0; ch < 16; ch++) {
            notes.add(0, 0xC0 | ch, 16, 0);
        }
        for (int v = 0; v < voices; v++) {
            int ch = v % 15 >= 9 ? v % 15 + 1 : v % 15;
            notes.add(v % frames, 0x90 | ch, 36 + (v * 7) % 60, 100);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long cycles = (long) (seconds * rate / frames);
        long slowest = 0;
        long late = 0;
        long alloc0 = mx.getCurrentThreadAllocatedBytes();
        long next = System.nanoTime();
        for (long c = 0; c < cycles; c++) {
            long t0 = System.nanoTime();
            ctx.begin(frames, c == 0 ? notes : none, transport, null);
            node.process(ctx);
            ctx.end();
            long took = System.nanoTime() - t0;
            if (c > 1000) {
                slowest = Math.max(slowest, took);
            }
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                late++;
            }
        }
        long alloc = mx.getCurrentThreadAllocatedBytes() - alloc0;
        node.deactivate();
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).reduce((a, b) -> a + "/" + b).orElse("?");
        System.out.printf("collector %s, %d s, %d voices: %d GCs, longest pause %.3f ms, allocation %.1f bytes/cycle"
                        + " (%.1f MB/s), slowest render %.3f ms of %.3f ms, %d cycles behind schedule%n",
                gcs, seconds, voices, gcCount.get(), maxPauseMicros.get() / 1000.0, alloc / (double) cycles,
                alloc / (double) seconds / 1e6, slowest / 1e6, periodNanos / 1e6, late);
    }
}
