package org.midirack.host.audio;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JACK server of the test's own ({@code jackd -n <name> -d dummy}), so device loss can be tested by
 * stopping it without touching the shared server of .ci/run. Realtime first, then
 * {@code --no-realtime} if realtime scheduling is refused. Always stopped by {@link #close()}.
 */
final class PrivateJackServer implements AutoCloseable {

    final String name;
    private final Path logDir;
    private Process jackd;

    PrivateJackServer(String name, Path logDir) {
        this.name = name;
        this.logDir = logDir;
    }

    /** Starts the server at {@code rate} and waits until a client can connect; skips or fails if it cannot. */
    void start(int rate) throws Exception {
        String bin = JackTestSupport.requireJackd();
        for (boolean realtime : new boolean[] {true, false}) {
            List<String> cmd = new ArrayList<>(List.of(bin));
            if (!realtime) {
                cmd.add("--no-realtime");
            }
            cmd.addAll(List.of("-n", name, "-d", "dummy", "-r", Integer.toString(rate), "-p", "128"));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("JACK_NO_AUDIO_RESERVATION", "1");
            pb.redirectErrorStream(true);
            pb.redirectOutput(new File(logDir.toFile(), "jackd-" + rate + (realtime ? "" : "-nort") + ".log"));
            jackd = pb.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (jackd.isAlive() && System.nanoTime() - deadline < 0) {
                AudioOutputJack probe = new AudioOutputJack("midirack-probe", name, false);
                try {
                    probe.open(new AudioOutputConfig(rate, 128, 1));
                    return;
                } catch (AudioOutputException e) {
                    Thread.sleep(50);
                } finally {
                    probe.close();
                }
            }
            stop();
        }
        StringBuilder logs = new StringBuilder();
        try (var files = java.nio.file.Files.list(logDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("jackd-")).sorted().toList()) {
                List<String> lines = java.nio.file.Files.readAllLines(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                logs.append("\n--- ").append(f.getFileName()).append(" (last lines) ---\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        } catch (java.io.IOException e) {
            logs.append("\n(cannot read the jackd logs: ").append(e).append(')');
        }
        JackTestSupport.unavailable("could not start a private jackd '" + name + "' at " + rate + " Hz" + logs);
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s) and waits for it to exit. */
    void stop() throws InterruptedException {
        Process p = jackd;
        jackd = null;
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
