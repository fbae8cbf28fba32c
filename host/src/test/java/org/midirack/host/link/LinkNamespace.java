package org.midirack.host.link;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Link tests where they can send nothing onto a real network: inside a private network
 * namespace the test creates ({@code unshare -n}, loopback up, a multicast route on loopback), with
 * every peer inside it. Ableton's side is a small peer compiled here from Debian's
 * ableton-link-dev headers ({@code src/test/cpp/link_test_peer.cpp}, into {@code target/}).
 * Without root, {@code unshare}, {@code ip}, {@code g++} or the headers the tests skip with the
 * reason; with {@code MIDIRACK_REQUIRE_LINK=1} (set by {@code .ci/run}) they fail instead.
 */
final class LinkNamespace {
    private static final Path MODULE = findModule();
    private static final Path SOURCE = MODULE.resolve("src/test/cpp/link_test_peer.cpp");
    private static final Path BINARY = MODULE.resolve("target/link-test-peer");

    private LinkNamespace() {
    }

    static boolean required() {
        String env = System.getenv("MIDIRACK_REQUIRE_LINK");
        return Boolean.getBoolean("midirack.requireLink")
                || (env != null && (env.equals("1") || env.equalsIgnoreCase("true")));
    }

    static void unavailable(String why) {
        String msg = why + " -- run as root with util-linux, iproute2, g++ and ableton-link-dev (.ci/run installs them)";
        if (required()) {
            fail("Link interop tests are required (MIDIRACK_REQUIRE_LINK) but " + msg);
        }
        System.out.println("SKIPPED (Link interop): " + msg);
        Assumptions.abort(msg);
    }

    private static Path findModule() {
        Path p = Path.of("").toAbsolutePath();
        if (Files.isDirectory(p.resolve("src/test/cpp"))) {
            return p;
        }
        return p.resolve("host");
    }

    /** Checks the tools, builds Ableton's test peer when it is missing or older than its source. */
    static Path peer() throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            unavailable("not root: a network namespace needs root");
        }
        for (String tool : List.of("/usr/bin/unshare", "/usr/sbin/ip", "/usr/bin/g++")) {
            if (!Files.isExecutable(Path.of(tool)) && !Files.isExecutable(Path.of(tool.replace("/usr/sbin", "/sbin")))) {
                unavailable("no " + tool);
            }
        }
        if (!Files.isRegularFile(Path.of("/usr/include/ableton/Link.hpp"))) {
            unavailable("no /usr/include/ableton/Link.hpp (Debian ableton-link-dev)");
        }
        if (!Files.isRegularFile(BINARY)
                || Files.getLastModifiedTime(BINARY).compareTo(Files.getLastModifiedTime(SOURCE)) < 0) {
            Files.createDirectories(BINARY.getParent());
            Path tmp = BINARY.resolveSibling("link-test-peer.tmp");
            Process p = new ProcessBuilder("g++", "-std=c++14", "-O1", "-DLINK_PLATFORM_LINUX=1", "-o", tmp.toString(),
                    SOURCE.toString(), "-lpthread").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                fail("building Ableton's test peer failed:\n" + out);
            }
            Files.move(tmp, BINARY, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Process check = new ProcessBuilder("unshare", "-n", "true").redirectErrorStream(true).start();
        String why = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (check.waitFor() != 0) {
            unavailable("unshare -n does not work here: " + why);
        }
        return BINARY;
    }

    /**
     * Runs {@code mainClass} of this module's test classpath with {@code args} inside a new network
     * namespace, and returns its RESULT lines by name (FAIL lines fail the test).
     */
    static Map<String, Double> run(Class<?> mainClass, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        String cp = MODULE.resolve("target/test-classes") + File.pathSeparator + MODULE.resolve("target/classes");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder cmd = new StringBuilder("ip link set lo up && ip route add 224.0.0.0/4 dev lo && exec ");
        List<String> words = new ArrayList<>(List.of(java, "-cp", cp, mainClass.getName()));
        words.addAll(List.of(args));
        for (String w : words) {
            cmd.append('\'').append(w.replace("'", "'\\''")).append("' ");
        }
        Process p = new ProcessBuilder("unshare", "-n", "sh", "-c", cmd.toString()).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("(reading failed: ").append(e).append(')');
            }
        });
        reader.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(2000);
            fail("the namespace run did not end within " + timeoutSeconds + " s:\n" + out);
        }
        reader.join(5000);
        System.out.print(out);
        Map<String, Double> results = new HashMap<>();
        for (String line : out.toString().split("\n")) {
            if (line.startsWith("FAIL ")) {
                fail(line.substring(5));
            }
            if (line.startsWith("RESULT ")) {
                String[] f = line.split(" ");
                results.put(f[1], Double.parseDouble(f[2]));
            }
        }
        if (p.exitValue() != 0 || !out.toString().contains("DONE")) {
            fail("the namespace run exited with " + p.exitValue() + ":\n" + out);
        }
        return results;
    }
}
