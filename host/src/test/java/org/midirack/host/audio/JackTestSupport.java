package org.midirack.host.audio;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a running JACK server skip with a visible message when there is none, and fail
 * instead when the build says the server must be there: system property
 * {@code midirack.requireJack=true} (from the root pom) or environment {@code MIDIRACK_REQUIRE_JACK=1}
 * (set by {@code .ci/run}).
 */
final class JackTestSupport {

    private JackTestSupport() {
    }

    static boolean jackRequired() {
        String env = System.getenv("MIDIRACK_REQUIRE_JACK");
        return Boolean.getBoolean("midirack.requireJack")
                || (env != null && (env.equals("1") || env.equalsIgnoreCase("true")));
    }

    /** Skips (or fails when required) with {@code why}. */
    static void unavailable(String why) {
        String msg = why + " -- start `jackd -d dummy -r 48000 -p 128` (Debian jackd2) or run .ci/run";
        if (jackRequired()) {
            fail("JACK is required (midirack.requireJack / MIDIRACK_REQUIRE_JACK) but " + msg);
        }
        System.out.println("SKIPPED (no JACK): " + msg);
        Assumptions.abort(msg);
    }

    /** Makes sure the default JACK server answers; skips or fails otherwise. */
    static void requireDefaultServer() {
        requireServer(null);
    }

    static void requireServer(String serverName) {
        AudioOutputJack probe = new AudioOutputJack("midirack-probe", serverName, false);
        try {
            probe.open(new AudioOutputConfig(48_000, 128, 1));
        } catch (AudioOutputException e) {
            unavailable("no JACK server " + (serverName == null ? "(default)" : serverName) + " answers: " + e.getMessage());
        } finally {
            probe.close();
        }
    }

    /** The jackd binary, or skip/fail. */
    static String requireJackd() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            File f = new File(dir, "jackd");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        unavailable("no jackd binary on PATH");
        return null;
    }

    /** Allocated bytes of the calling thread so far. */
    static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
}
