package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With libjack installed but no JACK server of the name asked for, {@code play}, {@code devices}
 * and {@code demo} print midirack's own line (or nothing, where they fall back), never libjack's
 * own lines from C ({@code Cannot connect to server socket ...}); {@code --debug} still shows them.
 * Through the built jar, with the real outputs ({@code MIDIRACK_AUDIO} unset) and
 * {@code JACK_DEFAULT_SERVER} naming a server that does not run. ALSA's own configuration is kept out
 * ({@code HOME} is the test's folder): where ALSA's default device is its jack plugin, that plugin asks libjack
 * itself when Java Sound opens the device, and those lines are ALSA's, outside what midirack opens.
 */
class JackMessagesIT {
    @TempDir
    Path dir;

    private final String server = "midirack-it-absent-" + ProcessHandle.current().pid();

    @BeforeEach
    void needsLibjack() {
        boolean libjack = java.util.stream.Stream.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib",
                "/usr/lib64").map(d -> Path.of(d, "libjack.so.0")).anyMatch(JackMessagesIT::nonEmptyFile);
        String env = System.getenv("MIDIRACK_REQUIRE_JACK");
        boolean required = Boolean.getBoolean("midirack.requireJack") || "1".equals(env) || "true".equalsIgnoreCase(env);
        if (!libjack && required) {
            fail("JACK is required (MIDIRACK_REQUIRE_JACK) but libjack.so.0 is not installed");
        }
        Assumptions.assumeTrue(libjack, "libjack.so.0 is not installed (Debian jackd2): nothing native could print");
        Assumptions.assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "JACK probe is Linux's");
    }

    private CommandLineIT.Run run(String... args) throws Exception {
        // HOME is the test's folder: ALSA then reads no ~/.asoundrc, so Java Sound's default device is not
        // ALSA's jack plugin (as .ci/run sets it up), whose own libjack use is ALSA's, not midirack's
        return CommandLineIT.runIn(dir, null, Map.of("MIDIRACK_AUDIO", "", "JACK_DEFAULT_SERVER", server,
                "HOME", dir.toString()), args);
    }

    /** A library file that is there and not empty (an empty stand-in loads as nothing). */
    private static boolean nonEmptyFile(Path p) {
        try {
            return Files.isRegularFile(p) && Files.size(p) > 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void noNativeLines(CommandLineIT.Run r) {
        for (String line : r.errLines()) {
            assertTrue(line.startsWith("midirack"), "a line not midirack's on stderr: '" + line + "' in\n" + r.err());
        }
        assertTrue(!r.out().contains("server socket") && !r.out().contains("JackShm"), r.out());
    }

    @Test
    void playOnJackWithNoServerSaysSoInOneLineOfItsOwn() throws Exception {
        Files.writeString(dir.resolve("tune.mel"), CommandLineIT.SONG);
        CommandLineIT.Run r = run("play", "tune.mel", "--output", "jack");
        assertEquals(1, r.code(), r.err());
        assertEquals(List.of("midirack play: no audio output available (JACK output: no JACK server '" + server
                + "' is running (start jackd, as this user)); render to a file instead: midirack render tune.mel --out"
                + " tune.wav"), r.errLines());
    }

    @Test
    void playOnTheDefaultOutputsPrintsOnlyItsOwnLine() throws Exception {
        Files.writeString(dir.resolve("tune.mel"), CommandLineIT.SONG);
        CommandLineIT.Run r = run("play", "tune.mel");
        noNativeLines(r);
        Assumptions.assumeTrue(r.code() == 1, "a Java Sound device played it (exit " + r.code() + "): JACK was not tried");
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("no JACK server '" + server + "' is running"), r.err());
    }

    @Test
    void devicesListsNoJackServerAndPrintsNothingOnStderr() throws Exception {
        CommandLineIT.Run r = run("devices");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(), r.errLines());
        assertTrue(r.out().contains("Audio outputs:") && !r.out().contains("jack:"), r.out());
    }

    @Test
    void demoFallsBackToAFileSilently() throws Exception {
        CommandLineIT.Run r = run("demo");
        noNativeLines(r);
        assertEquals(0, r.code(), r.err());
        if (r.out().contains("No audio output")) {
            assertEquals(List.of(), r.errLines(), "the fallback to a file is said on stdout only");
            assertTrue(r.out().contains("no JACK server '" + server + "'"), r.out());
        }
    }

    @Test
    void debugStillShowsLibjacksOwnLines() throws Exception {
        Files.writeString(dir.resolve("tune.mel"), CommandLineIT.SONG);
        CommandLineIT.Run r = run("play", "tune.mel", "--output", "jack", "--debug");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("Cannot connect to server"), "libjack asked under --debug:\n" + r.err());
    }
}
