package org.midirack.instruments.gervill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The split's hand-off between threads allocates nothing per cycle. Gervill's own allocation is separated from
 * the hand-off's by the scene: rendering silence with no messages, one engine allocates a fixed amount (32
 * bytes a Gervill block, measured here on one engine), so a split over three engines must allocate exactly that
 * on the calling thread (engine 0) and twice that on its two workers; any byte more over 500 cycles would be
 * the hand-off's or the sum's. A sounding scene is printed for the record (Gervill
 * allocates per voice, per message and by queue state, so there the totals differ a little). Measured by
 * {@link SplitAllocationProbe} in a JVM limited to C1 (see {@code InstrumentGervillAllocationTest} for why).
 */
class GervillSplitAllocationTest {

    @Test
    void theHandOffAllocatesNothingPerCycleOnTheCallerOrTheWorkers() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        int cycles = 500;
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xss4m",
                "--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), SplitAllocationProbe.class.getName(),
                Integer.toString(cycles), "3"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "probe JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        for (String line : out.split("\n")) {
            if (!line.startsWith("silent ") && !line.startsWith("sounding ")) {
                continue;
            }
            String[] f = line.trim().split(" ");
            long single = Long.parseLong(f[2]);
            long caller = Long.parseLong(f[4]);
            long workers = Long.parseLong(f[6]);
            int engines = Integer.parseInt(f[8]);
            System.out.printf("%s, bytes per 128-frame cycle (C1): one engine %.1f; split over %d engines %.1f on the"
                    + " calling thread + %.1f on the workers%n", f[0], single / (double) cycles, engines,
                    caller / (double) cycles, workers / (double) cycles);
            assertEquals(3, engines, "the scene spread over 3 engines: " + line);
            if (f[0].equals("silent")) {
                // each engine's Gervill allocates the same for silence (32 bytes a block, measured on one engine):
                // anything beyond that per engine would be the hand-off's or the sum's
                assertEquals(single, caller, "silent, split, the calling thread (engine 0, hand-off, sum): " + line);
                assertEquals((engines - 1) * single, workers, "silent, split, the workers (their engines, hand-off): " + line);
            } else {
                assertTrue(single > 0 && workers > 0, "sounding: Gervill allocates on every thread that renders: " + line);
            }
        }
        assertTrue(out.contains("silent ") && out.contains("sounding "), out);
    }
}
