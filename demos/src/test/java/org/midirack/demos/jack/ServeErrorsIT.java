package org.midirack.demos.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code midirack serve} given what JACK refuses, through the built jar: no server of the name asked for,
 * a {@code --connect} to a port that is not there, a client name JACK cannot take. Each is one line naming
 * what was wrong (no native libjack output), and no port of serve's is left on the server.
 */
class ServeErrorsIT {

    @TempDir
    Path dir;

    private static String jar() {
        String p = System.getProperty("midirack.jar");
        Path jar = p != null ? Path.of(p) : Path.of("target", "midirack.jar");
        assertTrue(Files.isRegularFile(jar), "built jar missing: " + jar.toAbsolutePath());
        return jar.toAbsolutePath().toString();
    }

    private static String[] serve(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-jar", jar(), "serve", "--instrument", "sine", "--duration", "2"));
        cmd.addAll(List.of(args));
        return cmd.toArray(new String[0]);
    }

    private static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void anAbsentServerIsOneLineNamingIt() throws Exception {
        JackPrograms.requireProgram("jackd"); // libjack installed: its own lines are what must stay off
        String server = "mr-absent-" + ProcessHandle.current().pid();
        try (JackPrograms programs = new JackPrograms()) {
            JackPrograms.Running r = programs.start(dir, Map.of("JACK_DEFAULT_SERVER", server), serve());
            assertEquals(1, r.process().waitFor(), r.text());
            r.pump().join(5_000);
            List<String> out = lines(r.text());
            assertEquals(1, out.size(), "one line, nothing from libjack:\n" + r.text());
            assertTrue(out.get(0).startsWith("midirack serve: "), out.get(0));
            assertTrue(out.get(0).contains("'" + server + "'"), "names the server: " + out.get(0));
        }
    }

    @Test
    void aConnectionToAMissingPortIsOneLineNamingItAndLeavesNoPort() throws Exception {
        JackPrograms.requireServer();
        String name = "mr-refused-" + ProcessHandle.current().pid();
        try (JackPrograms programs = new JackPrograms()) {
            JackPrograms.Running r = programs.start(dir, serve("--name", name, "--connect", "nosuch:port", "midi_in"));
            assertEquals(1, r.process().waitFor(), r.text());
            r.pump().join(5_000);
            List<String> out = lines(r.text());
            assertEquals(1, out.size(), r.text());
            assertTrue(out.get(0).startsWith("midirack serve: ") && out.get(0).contains("'nosuch:port'")
                    && out.get(0).contains("'" + name + ":midi_in'"), out.get(0));
            for (String port : JackPrograms.ports()) {
                assertFalse(port.startsWith(name + ":"), "left behind: " + port);
            }
        }
    }

    @Test
    void aNameJackCannotTakeIsAUsageError() throws Exception {
        String tooLong = "x".repeat(80);
        try (JackPrograms programs = new JackPrograms()) {
            JackPrograms.Running r = programs.start(dir, serve("--name", tooLong));
            assertEquals(2, r.process().waitFor(), r.text());
            r.pump().join(5_000);
            List<String> out = lines(r.text());
            assertEquals(1, out.size(), r.text());
            assertTrue(out.get(0).startsWith("midirack serve: --name: ") && out.get(0).contains(tooLong), out.get(0));
        }
    }
}
