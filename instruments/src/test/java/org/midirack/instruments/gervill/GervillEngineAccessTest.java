package org.midirack.instruments.gervill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GervillEngineAccessTest {

    @Test
    void testJvmHasTheFlag() {
        assertTrue(GervillEngine.gervillAccessible());
    }

    @Test
    void missingAddExportsGivesAMessageNamingTheFlag() throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                NoExportsProbe.class.getName()));
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe JVM finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("ERROR "), out);
        assertTrue(out.contains("--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED"), out);
    }
}
