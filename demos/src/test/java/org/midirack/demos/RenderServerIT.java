package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The render server as users meet it: {@code ./midirack render} through the launcher (a copy of it beside a copy
 * of the built jar, in a tree of its own), against {@code java -jar midirack.jar render} run by itself: the same
 * bytes in the file, the same exit code, the same messages; relative paths name files in the client's folder; a
 * client stopped with SIGINT leaves neither its file nor a temporary file; a rebuilt jar gets a server of its
 * own, and so do other JVM options; an idle server exits; a socket folder others can open is not used.
 */
class RenderServerIT {

    @TempDir
    Path dir;

    private Path root;
    private Path run;

    record Result(int code, String out, String err) {
    }

    @BeforeEach
    void tree() throws IOException {
        root = dir.resolve("tree");
        Files.createDirectories(root.resolve("demos/target"));
        Files.copy(Path.of("").toAbsolutePath().getParent().resolve("midirack"), root.resolve("midirack"));
        Files.copy(CommandLineIT.jar(), root.resolve("demos/target/midirack.jar"));
        run = dir.resolve("run");
        Files.createDirectories(run);
        Files.writeString(dir.resolve("song.mel"), CommandLineIT.SONG);
    }

    @AfterEach
    void stopServers() throws Exception {
        for (Path s : sockets()) {
            Files.deleteIfExists(s); // a server exits when its socket is removed
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!servers().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<ProcessHandle> left = servers();
        left.forEach(ProcessHandle::destroyForcibly);
        assertTrue(left.isEmpty(), "a render server outlived its socket: " + left);
    }

    @Test
    void aServedRenderWritesTheBytesOfARenderOfItsOwn() throws Exception {
        Result alone = java(dir, "render", "song.mel", "--out", "alone.wav");
        assertEquals(0, alone.code(), alone.err());
        Result first = launcher(dir, Map.of(), "render", "song.mel", "--out", "first.wav");
        assertEquals(0, first.code(), first.err());
        Result second = launcher(dir, Map.of(), "render", "song.mel", "--out", "second.wav");
        assertEquals(0, second.code(), second.err());
        byte[] want = Files.readAllBytes(dir.resolve("alone.wav"));
        assertArrayEquals(want, Files.readAllBytes(dir.resolve("first.wav")));
        assertArrayEquals(want, Files.readAllBytes(dir.resolve("second.wav")));
        assertEquals(2, served(), "both renders went through one server");
        assertEquals(1, sockets().size());
        assertTrue(second.out().startsWith("rendered second.wav: "), "the path as given: " + second.out());
    }

    @Test
    void relativePathsNameFilesInTheClientsFolder() throws Exception {
        assertEquals(0, launcher(dir, Map.of(), "render", "song.mel", "--out", "here.wav").code());
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("tune.mel"), "tempo 120\nvoice 1 piano: E4/4 G4/4\n");
        Result r = launcher(other, Map.of(), "render", "tune.mel", "--out", "tune.wav");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(other.resolve("tune.wav")), "not written in the client's folder");
        assertFalse(Files.exists(dir.resolve("tune.wav")), "written in the server's folder");
        Result alone = java(other, "render", "tune.mel", "--out", "alone.wav");
        assertArrayEquals(Files.readAllBytes(other.resolve("alone.wav")), Files.readAllBytes(other.resolve("tune.wav")));
        Result batch = launcher(other, Map.of(), "render", "tune.mel", "--out-dir", "wavs");
        assertEquals(0, batch.code(), batch.err());
        assertArrayEquals(Files.readAllBytes(other.resolve("alone.wav")),
                Files.readAllBytes(other.resolve("wavs/tune.wav")));
        assertEquals(3, served());
    }

    @Test
    void errorsAndExitCodesAreThoseOfARenderOfItsOwn() throws Exception {
        Files.write(dir.resolve("bad.mid"), "MThd but not really".getBytes(StandardCharsets.US_ASCII));
        String bad = dir.resolve("bad.mid").toString();
        String out = dir.resolve("x.wav").toString();
        assertEquals(0, launcher(dir, Map.of(), "render", "song.mel", "--out", "warm.wav").code());
        String[][] cases = {
            {"render", "bad.mid", "--out", "x.wav"},
            {"render", "./bad.mid", "--out", "sub/../x.wav"},
            {"render", "song.mel", "--out", "x.wav", "--bits", "7"},
            {"render", bad, "--out", out},
            {"render", bad, "--out", out, "--bits", "7"},
            {"render", dir.resolve("missing.mid").toString(), "--out", out},
            {"render", "--no-such-option"},
        };
        for (String[] c : cases) {
            Result alone = java(dir, c);
            Result served = launcher(dir, Map.of(), c);
            assertTrue(alone.code() != 0, String.join(" ", c));
            assertEquals(alone.code(), served.code(), String.join(" ", c) + ": " + served.err());
            assertEquals(alone.err(), served.err(), String.join(" ", c));
            assertEquals(alone.out(), served.out(), String.join(" ", c));
        }
        assertFalse(Files.exists(dir.resolve("x.wav")));
        assertEquals(1 + cases.length, served());
    }

    @Test
    void standardOutputStaysWithAJvmOfItsOwn() throws Exception {
        Result served = launcher(dir, Map.of(), "render", "song.mel", "--out", "-");
        Result alone = java(dir, "render", "song.mel", "--out", "-");
        assertEquals(0, served.code(), served.err());
        assertEquals(alone.out(), served.out());
        assertEquals(0, served(), "a WAV on standard output went through the server");
        assertEquals(List.of(), servers(), "a server was started for a render it cannot take");
    }

    @Test
    void aClientStoppedWithSigintStopsItsRenderAndLeavesNoFile() throws Exception {
        // an organ cluster of 40 keys held for an hour: a minute or more to render here, so a render that went on
        // after its client was stopped (its file then discarded all the same) is told from one that stopped
        writeHeldCluster(dir.resolve("long.mid"), 3600);
        assertEquals(0, launcher(dir, Map.of(), "render", "song.mel", "--out", "warm.wav").code());
        Process p = start(dir, Map.of(), "render", "long.mid", "--out", "long.wav");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (parts().isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(parts().isEmpty(), "no temporary file appeared while rendering");
        ProcessHandle client = p.descendants().filter(h -> h.info().commandLine().orElse("").contains("RenderClient"))
                .findFirst().orElseThrow();
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(client.pid())).start().waitFor());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!log().contains("(client gone)") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(log().contains("long.wav") && log().contains("(client gone)"),
                "the render did not end within 10 s of its client: " + log());
        assertFalse(Files.exists(dir.resolve("long.wav")), "a cancelled render was written");
        assertEquals(List.of(), parts(), "a temporary file was left");
        Result after = launcher(dir, Map.of(), "render", "song.mel", "--out", "after.wav");
        assertEquals(0, after.code(), "the server did not go on serving: " + after.err());
    }

    /** Keys 40-79 on a church organ (program 20), held {@code seconds} at 120 BPM. */
    private static void writeHeldCluster(Path file, int seconds) throws Exception {
        javax.sound.midi.Sequence s = new javax.sound.midi.Sequence(javax.sound.midi.Sequence.PPQ, 480);
        javax.sound.midi.Track t = s.createTrack();
        t.add(new javax.sound.midi.MidiEvent(new javax.sound.midi.ShortMessage(0xC0, 0, 19, 0), 0));
        for (int k = 40; k < 80; k++) {
            t.add(new javax.sound.midi.MidiEvent(new javax.sound.midi.ShortMessage(0x90, 0, k, 100), 0));
            t.add(new javax.sound.midi.MidiEvent(new javax.sound.midi.ShortMessage(0x80, 0, k, 0), 960L * seconds));
        }
        javax.sound.midi.MidiSystem.write(s, 0, file.toFile());
    }

    @Test
    void aRebuiltJarGetsAServerOfItsOwnAndTheOldOneExits() throws Exception {
        assertEquals(0, launcher(dir, Map.of(), "render", "song.mel", "--out", "a.wav").code());
        List<ProcessHandle> before = servers();
        assertEquals(1, before.size());
        Path jar = root.resolve("demos/target/midirack.jar");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals(0, launcher(dir, Map.of(), "render", "song.mel", "--out", "b.wav").code());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (before.get(0).isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(before.get(0).isAlive(), "the old jar's server is still up");
        assertEquals(1, servers().size(), "no server for the rebuilt jar");
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.wav")), Files.readAllBytes(dir.resolve("b.wav")));
    }

    @Test
    void otherJvmOptionsGetAServerOfTheirOwn() throws Exception {
        assertEquals(0, launcher(dir, Map.of(), "render", "song.mel", "--out", "a.wav").code());
        assertEquals(0, launcher(dir, Map.of("MIDIRACK_JAVA_OPTS", "-Xss2m"), "render", "song.mel", "--out", "b.wav")
                .code());
        assertEquals(0, launcher(dir, Map.of("MIDIRACK_JAVA_OPTS", "-Xss2m"), "render", "song.mel", "--out", "c.wav")
                .code());
        List<ProcessHandle> s = servers();
        assertEquals(2, s.size(), "one server for each set of JVM options");
        assertEquals(1, s.stream().filter(h -> h.info().commandLine().orElse("").contains("-Xss2m")).count());
        assertEquals(2, sockets().size());
        assertEquals(3, served());
    }

    @Test
    void anIdleServerExitsAndRemovesItsSocket() throws Exception {
        assertEquals(0, launcher(dir, Map.of("MIDIRACK_RENDER_SERVER_IDLE", "1"), "render", "song.mel", "--out", "a.wav")
                .code());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while ((!servers().isEmpty() || !sockets().isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), servers());
        assertEquals(List.of(), sockets());
    }

    @Test
    void offAndCiRenderInAJvmOfTheirOwn() throws Exception {
        Result off = launcher(dir, Map.of("MIDIRACK_RENDER_SERVER", "off"), "render", "song.mel", "--out", "off.wav");
        Result ci = launcher(dir, Map.of("MIDIRACK_RENDER_SERVER", "", "CI", "true"), "render", "song.mel", "--out",
                "ci.wav");
        assertEquals(0, off.code(), off.err());
        assertEquals(0, ci.code(), ci.err());
        assertEquals(List.of(), servers());
        assertTrue(off.out().startsWith("rendered off.wav: "), off.out());
    }

    @Test
    void aSocketFolderOthersCanOpenIsNotUsed() throws Exception {
        Path shared = run.resolve("midirack-" + uid());
        Files.createDirectories(shared);
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
        Result r = launcher(dir, Map.of(), "render", "song.mel", "--out", "a.wav");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(), servers());
        try (Stream<Path> s = Files.list(shared)) {
            assertEquals(List.of(), s.collect(Collectors.toList()));
        }
    }

    @Test
    void twoClientsAtOnceGetTheirOwnRenders() throws Exception {
        assertEquals(0, launcher(dir, Map.of(), "render", "song.mel", "--out", "warm.wav").code());
        Files.writeString(dir.resolve("tune.mel"), "tempo 90\nvoice 1 organ: E4/4 G4/4 [C4 E4]/2\n");
        Process a = start(dir, Map.of(), "render", "song.mel", "--out", "a.wav");
        Process b = start(dir, Map.of(), "render", "tune.mel", "--out", "b.wav");
        Result ra = finish(a);
        Result rb = finish(b);
        assertEquals(0, ra.code(), ra.err());
        assertEquals(0, rb.code(), rb.err());
        assertTrue(ra.out().contains("a.wav") && !ra.out().contains("b.wav"), ra.out());
        assertTrue(rb.out().contains("b.wav") && !rb.out().contains("a.wav"), rb.out());
        java(dir, "render", "song.mel", "--out", "a1.wav");
        java(dir, "render", "tune.mel", "--out", "b1.wav");
        assertArrayEquals(Files.readAllBytes(dir.resolve("a1.wav")), Files.readAllBytes(dir.resolve("a.wav")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("b1.wav")), Files.readAllBytes(dir.resolve("b.wav")));
        assertEquals(3, served());
    }

    // ---- helpers

    private Result launcher(Path cwd, Map<String, String> env, String... args) throws Exception {
        return finish(start(cwd, env, args));
    }

    private Process start(Path cwd, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("midirack").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().put("MIDIRACK_NO_BUILD", "1");
        pb.environment().put("MIDIRACK_RENDER_SERVER", "on");
        pb.environment().put("XDG_RUNTIME_DIR", run.toString());
        pb.environment().put("MIDIRACK_AUDIO", "none");
        pb.environment().remove("MIDIRACK_JAVA_OPTS");
        pb.environment().remove("MIDIRACK_RENDER_SERVER_IDLE");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static Result finish(Process p) throws Exception {
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "still running");
        return new Result(p.exitValue(), out, new String(err.get(), StandardCharsets.UTF_8));
    }

    private Result java(Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", root.resolve("demos/target/midirack.jar").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().put("MIDIRACK_AUDIO", "none");
        return finish(pb.start());
    }

    private List<Path> sockets() throws IOException {
        try (Stream<Path> s = Files.walk(run)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sock")).collect(Collectors.toList());
        }
    }

    private List<ProcessHandle> servers() {
        return ProcessHandle.allProcesses().filter(h -> {
            String c = h.info().commandLine().orElse("");
            return c.contains("render-server") && c.contains(run.toString());
        }).collect(Collectors.toList());
    }

    private String log() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".log")).collect(Collectors.toList())) {
                all.append(Files.readString(p));
            }
        }
        return all.toString();
    }

    /** Requests the server answered, by its log's lines. */
    private int served() throws IOException {
        return (int) log().lines().filter(l -> l.startsWith("render-server: [render")).count();
    }

    private List<Path> parts() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).collect(Collectors.toList());
        }
    }

    private static String uid() throws Exception {
        Process p = new ProcessBuilder("id", "-u").start();
        String u = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        p.waitFor();
        return u;
    }
}
