package org.midirack.instruments;

import org.midirack.core.hosting.OfflineRenderer;
import java.lang.management.ManagementFactory;
import org.midirack.instruments.gervill.GervillEngine;
import org.midirack.instruments.gervill.GervillSettings;

/**
 * Measures, in its own JVM, the bytes allocated per 128-frame cycle by the Gervill engine, by the Gervill
 * node and by a raw Gervill pull of the same notes. Run with C1 only ({@code -XX:TieredStopAtLevel=1}):
 * without C2's escape analysis Gervill's own allocations are the same in every calling context, so any
 * difference is the framework's.
 */
public final class AllocationProbe {
    private AllocationProbe() {
    }

    static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static long allocated(Runnable r) {
        long before = MX.getCurrentThreadAllocatedBytes();
        r.run();
        return MX.getCurrentThreadAllocatedBytes() - before;
    }

    static void voices(int voices, Sender s) {
        for (int v = 0; v < voices; v++) {
            int ch = v % 16 == 9 ? 0 : v % 16;
            s.send(0xC0 | ch, 16, 0); // organ: sustains through the measurement
            s.send(0x90 | ch, 36 + v % 64, 100);
        }
    }

    interface Sender {
        void send(int status, int d1, int d2);
    }

    public static void main(String[] args) {
        int cycles = Integer.parseInt(args[0]);
        GervillSettings settings = GervillSettings.defaults(48000).withMaxPolyphony(128);
        float[] l = new float[128];
        float[] r = new float[128];
        byte[] raw = new byte[128 * 8];
        for (int n = 1; n < args.length; n++) {
            int voices = Integer.parseInt(args[n]);
            GervillEngine engine = GervillEngine.open(settings, 128, 63);
            GervillEngine rawPull = GervillEngine.open(settings, 128, 63);
            InstrumentGervill node = new InstrumentGervill(settings, false);
            OfflineRenderer renderer = new OfflineRenderer(node, 48000, 128);
            voices(voices, (st, a, b) -> engine.send(0, st, a, b));
            voices(voices, (st, a, b) -> rawPull.send(0, st, a, b));
            voices(voices, (st, a, b) -> renderer.schedule(0, st, a, b));
            for (int i = 0; i < 2000; i++) {
                engine.render(l, r, 0, 128);
                rawPull.renderBytes(raw, 128);
                renderer.renderCycle(128);
            }
            long e = allocated(() -> {
                for (int i = 0; i < cycles; i++) {
                    engine.render(l, r, 0, 128);
                }
            });
            long g = allocated(() -> {
                for (int i = 0; i < cycles; i++) {
                    rawPull.renderBytes(raw, 128);
                }
            });
            long k = allocated(() -> {
                for (int i = 0; i < cycles; i++) {
                    renderer.renderCycle(128);
                }
            });
            System.out.println("voices " + voices + " engine " + e + " raw " + g + " node " + k);
            renderer.close();
            engine.close();
            rawPull.close();
        }
    }
}
