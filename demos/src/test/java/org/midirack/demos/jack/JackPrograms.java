package org.midirack.demos.jack;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * Runs the programs a JACK test plays against — Debian jackd2's example clients and midirack's own
 * jar — on the default JACK server ({@code JACK_DEFAULT_SERVER} picks it, as for libjack), and stops
 * them all at the end. A missing server or program skips the test with a one-line reason, and fails it
 * under {@code MIDIRACK_REQUIRE_JACK=1} / {@code midirack.requireJack=true} (.ci/run).
 */
final class JackPrograms implements AutoCloseable {
    /** A started program and everything it printed so far (stdout and stderr together). */
    record Running(Process process, ByteArrayOutputStream output, Thread pump) {
        String text() {
            synchronized (output) {
                return output.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private final List<Process> started = new ArrayList<>();

    static void unavailable(String why) {
        String env = System.getenv("MIDIRACK_REQUIRE_JACK");
        boolean required = Boolean.getBoolean("midirack.requireJack")
                || (env != null && (env.equals("1") || env.equalsIgnoreCase("true")));
        String msg = why + " -- start `jackd -d dummy -r 48000 -p 128` (Debian jackd2) or run .ci/run";
        if (required) {
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
        unavailable("no " + name + " on PATH (Debian package jackd2 has it)");
        return null;
    }

    /** Starts a program in {@code dir}; its output is collected; stopped (SIGTERM) by {@link #close}. */
    Running start(Path dir, String... command) throws IOException {
        return start(dir, java.util.Map.of(), command);
    }

    /** Starts a program with more environment variables (e.g. {@code JACK_DEFAULT_SERVER}). */
    Running start(Path dir, java.util.Map<String, String> env, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        started.add(p);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread t = new Thread(() -> pump(p.getInputStream(), out), "pump-" + command[0]);
        t.setDaemon(true);
        t.start();
        return new Running(p, out, t);
    }

    private static void pump(InputStream in, ByteArrayOutputStream out) {
        byte[] b = new byte[4096];
        try {
            for (int n; (n = in.read(b)) > 0; ) {
                synchronized (out) {
                    out.write(b, 0, n);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Waits until a program printed {@code text} (60 s at most), or fails with what it printed. */
    static void awaitOutput(Running r, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!r.text().contains(text)) {
            if (!r.process().isAlive() || System.nanoTime() - deadline > 0) {
                fail("expected '" + text + "' from the program; it printed:\n" + r.text());
            }
            Thread.sleep(20);
        }
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
        return ports(null);
    }

    /** The ports of a named server ({@code null}: the default) as {@code jack_lsp} lists them. */
    static List<String> ports(String server) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(requireProgram("jack_lsp"));
        if (server != null) {
            pb.environment().put("JACK_DEFAULT_SERVER", server);
        }
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(5, TimeUnit.SECONDS);
        return Arrays.stream(new String(out, StandardCharsets.UTF_8).split("\n")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** Runs {@code jack_connect A B}; fails when it does. */
    static void connect(String from, String to) throws Exception {
        Process p = new ProcessBuilder(requireProgram("jack_connect"), from, to).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("jack_connect " + from + " " + to + " failed: " + out);
        }
    }

    /** Sends SIGTERM and waits for the program to end (20 s at most) and for its last output; returns its exit status. */
    static int terminate(Running r) throws InterruptedException {
        r.process().toHandle().destroy();   // SIGTERM; Process.destroy would also close its output pipe
        if (!r.process().waitFor(20, TimeUnit.SECONDS)) {
            r.process().destroyForcibly();
            fail("did not end 20 s after SIGTERM; it printed:\n" + r.text());
        }
        r.pump().join(5_000);   // what it printed last
        return r.process().exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
