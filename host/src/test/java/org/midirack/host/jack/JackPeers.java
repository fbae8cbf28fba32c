package org.midirack.host.jack;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputException;
import org.midirack.host.audio.AudioOutputJack;

/**
 * The real JACK programs the JACK MIDI tests play against (Debian jackd2's example clients), run as
 * processes on the default server (the one {@code JACK_DEFAULT_SERVER} names, as libjack picks it).
 * A missing server or program skips the test with a one-line reason, and fails it instead under
 * {@code MIDIRACK_REQUIRE_JACK=1} / {@code midirack.requireJack=true} (set by .ci/run).
 */
final class JackPeers implements AutoCloseable {
    private final List<Process> started = new ArrayList<>();

    static boolean required() {
        String env = System.getenv("MIDIRACK_REQUIRE_JACK");
        return Boolean.getBoolean("midirack.requireJack")
                || (env != null && (env.equals("1") || env.equalsIgnoreCase("true")));
    }

    static void unavailable(String why) {
        String msg = why + " -- start `jackd -d dummy -r 48000 -p 128` (Debian jackd2) or run .ci/run";
        if (required()) {
            fail("JACK is required (midirack.requireJack / MIDIRACK_REQUIRE_JACK) but " + msg);
        }
        System.out.println("SKIPPED (no JACK): " + msg);
        Assumptions.abort(msg);
    }

    /** Skips (or fails when required) unless the default server answers at 48 kHz. */
    static void requireServer() {
        AudioOutputJack probe = new AudioOutputJack("midirack-probe", null, false);
        try {
            var info = probe.open(new AudioOutputConfig(48_000, 128, 1));
            if (info.sampleRate() != 48_000) {
                unavailable("the JACK server runs at " + info.sampleRate() + " Hz, the test needs 48000");
            }
        } catch (AudioOutputException e) {
            unavailable("no JACK server answers: " + e.getMessage());
        } finally {
            probe.close();
        }
    }

    /** The path of a program on PATH, or skip/fail. */
    static String requireProgram(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        unavailable("no " + name + " on PATH (Debian package " + (name.startsWith("jack") ? "jackd2" : name) + " has it)");
        return null;
    }

    /** Starts a program with its output in a log file; stopped by {@link #close}. */
    Process start(Path log, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** Waits until {@code jack_lsp} lists a port (10 s at most), or fails naming it. */
    static void awaitPort(String port) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() - deadline < 0) {
            if (ports().contains(port)) {
                return;
            }
            Thread.sleep(50);
        }
        fail("JACK port " + port + " did not appear in 10 s; ports: " + ports());
    }

    /** The server's ports as {@code jack_lsp} lists them. */
    static List<String> ports() throws Exception {
        Process p = new ProcessBuilder(requireProgram("jack_lsp")).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(5, TimeUnit.SECONDS);
        return Arrays.stream(new String(out, StandardCharsets.UTF_8).split("\n")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** Runs {@code jack_connect A B} and fails when it does. */
    static void connect(String from, String to) throws Exception {
        Process p = new ProcessBuilder(requireProgram("jack_connect"), from, to).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("jack_connect " + from + " " + to + " failed: " + out);
        }
    }

    static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        }
    }
}
