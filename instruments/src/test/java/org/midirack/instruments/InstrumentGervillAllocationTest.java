package org.midirack.instruments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.midirack.instruments.gervill.GervillEngine;

/**
 * The framework adds no allocation to Gervill's own: engine and node allocate exactly what raw Gervill
 * ({@code SoftSynthesizer.openStream} with every property passed, no midirack code) allocates for the same
 * scene, with note-ons, note-offs, pitch bends and controllers sent inside the measured window, identically
 * to all three. Measured in a JVM limited to C1, where Gervill's allocations do not depend on how C2
 * happened to inline it (with C2, escape analysis removes some of Gervill's garbage in one calling context
 * and not in another, which would make the comparison flaky).
 */
class InstrumentGervillAllocationTest {

    @Test
    void engineAndNodeAllocateExactlyWhatRawGervillDoesWithMessagesInTheWindow() throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        int cycles = 500;
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xss4m",
                "--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), AllocationProbe.class.getName(),
                Integer.toString(cycles), "0", "1", "16"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "probe JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        int lines = 0;
        for (String line : out.split("\n")) {
            if (!line.startsWith("voices ")) {
                continue;
            }
            String[] f = line.trim().split(" ");
            long raw = Long.parseLong(f[3]);
            long engine = Long.parseLong(f[5]);
            long node = Long.parseLong(f[7]);
            long messages = Long.parseLong(f[9]);
            long quiet = Long.parseLong(f[11]);
            System.out.printf("Gervill %s voices, bytes per 128-frame cycle (C1): raw %.1f, engine %.1f, node %.1f;"
                            + " the window's %d messages (and the notes they play) add %.1f to raw Gervill's%n", f[1],
                    raw / (double) cycles, engine / (double) cycles, node / (double) cycles, messages,
                    (raw - quiet) / (double) cycles);
            assertTrue(raw > quiet, "the messages inside the window cost raw Gervill something: " + line);
            assertEquals(raw, engine, "engine vs raw Gervill: " + line);
            assertEquals(raw, node, "node vs raw Gervill: " + line);
            lines++;
        }
        assertEquals(3, lines, out);
        assertTrue(GervillEngine.gervillAccessible());
    }
}
