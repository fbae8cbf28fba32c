package org.midirack.instruments.gervill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class GervillEngineAllocationTest {

    static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    static final int CYCLE = 128;

    static GervillEngine withVoices(int voices) {
        GervillEngine e = GervillEngine.open(GervillSettings.defaults(48000).withMaxPolyphony(Math.max(64, voices * 2)),
                CYCLE, 32);
        for (int v = 0; v < voices; v++) {
            // organ (program 16) sustains: every voice keeps sounding through the measurement
            e.send(0, 0xC0 | (v % 16 == 9 ? 0 : v % 16), 16, 0);
            e.send(0, 0x90 | (v % 16 == 9 ? 0 : v % 16), 36 + v % 64, 100);
        }
        return e;
    }

    static long allocated(Runnable r) {
        long t = Thread.currentThread().getId();
        long before = MX.getThreadAllocatedBytes(t);
        r.run();
        return MX.getThreadAllocatedBytes(t) - before;
    }

    @Test
    void engineAddsNoAllocationOnTopOfGervill() {
        float[] l = new float[CYCLE];
        float[] r = new float[CYCLE];
        byte[] raw = new byte[CYCLE * 8];
        int cycles = 2000;
        StringBuilder report = new StringBuilder("Gervill allocation per 128-frame cycle (B=32, 48 kHz):");
        for (int voices : new int[] {0, 1, 16, 64}) {
            try (GervillEngine framework = withVoices(voices); GervillEngine rawPull = withVoices(voices)) {
                for (int i = 0; i < 20000; i++) { // warm up both paths identically (C2 compiles Gervill's loop)
                    framework.render(l, r, 0, CYCLE);
                    rawPull.renderBytes(raw, CYCLE);
                }
                long f = Long.MAX_VALUE;
                long g = Long.MAX_VALUE;
                for (int trial = 0; trial < 5; trial++) { // minimum over trials: JIT recompilation can add noise
                    f = Math.min(f, allocated(() -> {
                        for (int i = 0; i < cycles; i++) {
                            framework.render(l, r, 0, CYCLE);
                        }
                    }));
                    g = Math.min(g, allocated(() -> {
                        for (int i = 0; i < cycles; i++) {
                            rawPull.renderBytes(raw, CYCLE);
                        }
                    }));
                }
                report.append(String.format(" %d voices: engine %.1f B, raw Gervill %.1f B;", voices,
                        f / (double) cycles, g / (double) cycles));
                assertEquals(g, f, "engine render must allocate exactly what raw Gervill pull does, " + voices + " voices");
            }
        }
        System.out.println(report);
    }
}
