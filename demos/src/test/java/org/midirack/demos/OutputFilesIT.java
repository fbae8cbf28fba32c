package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code render --out} and {@code convert OUT} write, through the built jar: devices, pipes,
 * standard output and symlinks are written through, never replaced; an output that is the input is
 * refused; SIGTERM leaves no partial file; a length WAV cannot hold is refused before rendering.
 */
class OutputFilesIT {

    /** Two seconds at 120 BPM. */
    static final String SONG = "tempo 120\nvoice 1 piano: C4/4 E4/4 G4/4 [C4 E4 G4]/4\n";

    @TempDir
    Path dir;

    private Process start(ProcessBuilder.Redirect stdout, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-jar");
        cmd.add(CommandLineIT.jar().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("MIDIRACK_AUDIO", "none");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.redirectOutput(stdout);
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        return pb.start();
    }

    private CommandLineIT.Run run(String... args) throws Exception {
        return CommandLineIT.runIn(dir, null, args);
    }

    /** A reference render of SONG into a regular file. */
    private byte[] reference() throws Exception {
        Files.writeString(dir.resolve("s.mel"), SONG);
        CommandLineIT.Run r = run("render", "s.mel", "--out", "ref.wav");
        assertEquals(0, r.code(), r.err());
        byte[] b = Files.readAllBytes(dir.resolve("ref.wav"));
        assertRiff(b);
        return b;
    }

    /** A complete RIFF/WAVE file: its RIFF size is the file's length less 8. */
    private static void assertRiff(byte[] b) {
        assertTrue(b.length > 44, "only " + b.length + " bytes");
        assertEquals("RIFF", new String(b, 0, 4, StandardCharsets.US_ASCII));
        assertEquals("WAVE", new String(b, 8, 4, StandardCharsets.US_ASCII));
        assertEquals(b.length - 8, ByteBuffer.wrap(b, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }

    private List<Path> partFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
        }
    }

    @Test
    void devNullStaysACharacterDevice() throws Exception {
        Path devNull = Path.of("/dev/null");
        Assumptions.assumeTrue(Files.exists(devNull), "no /dev/null on this system");
        Files.writeString(dir.resolve("s.mel"), SONG);
        CommandLineIT.Run r = run("render", "s.mel", "--out", "/dev/null");
        assertEquals(0, r.code(), r.err());
        PosixFileAttributes a = Files.readAttributes(devNull, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertTrue(a.isOther() && !a.isRegularFile(), "/dev/null is no longer a device");
        assertEquals(0, Files.size(devNull), "/dev/null holds data");
    }

    @Test
    void devNullAsAnOrdinaryUserIsWrittenThrough() throws Exception {
        // issue 13: as an ordinary user, --out /dev/null failed with an AccessDeniedException text
        Path setpriv = Path.of("/usr/bin/setpriv");
        Assumptions.assumeTrue(Files.isExecutable(setpriv), "no setpriv (util-linux) to run as another user");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "not root: cannot run as user nobody");
        Files.writeString(dir.resolve("s.mel"), SONG);
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(dir.resolve("s.mel"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups",
                java, "-Djava.awt.headless=true", "-Duser.home=" + dir, "-jar", CommandLineIT.jar().toString(),
                "render", "s.mel", "--out", "/dev/null").directory(dir.toFile());
        pb.environment().put("MIDIRACK_AUDIO", "none");
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
        String err = Files.readString(dir.resolve("stderr.txt"));
        assertEquals(0, p.exitValue(), err);
        assertTrue(out.startsWith("rendered /dev/null:"), out);
        assertFalse(err.contains("AccessDenied") || err.contains("Exception"), err);
        assertTrue(Files.readAttributes(Path.of("/dev/null"), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther());
    }

    @Test
    void devFullIsAOneLineErrorAndDevStdoutCarriesTheWav() throws Exception {
        // issue 13: --out /dev/full and /dev/stdout were replaced by regular files (as root), like /dev/null
        byte[] ref = reference();
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full) && Files.exists(Path.of("/dev/stdout")),
                "no /dev/full or /dev/stdout on this system");
        CommandLineIT.Run r = run("render", "s.mel", "--out", "/dev/full");
        assertEquals(1, r.code(), r.err());
        assertEquals(List.of("midirack render: cannot write WAV to /dev/full: No space left on device"), r.errLines());
        assertTrue(Files.readAttributes(full, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther(),
                "/dev/full is no longer a device");

        // standard output a pipe: /dev/stdout's link into /proc names no file, the pipe gets the WAV
        Process p = start(ProcessBuilder.Redirect.PIPE, "render", "s.mel", "--out", "/dev/stdout");
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
        String err = Files.readString(dir.resolve("stderr.txt"));
        assertEquals(0, p.exitValue(), err);
        assertArrayEquals(ref, out, "standard output differs from the regular file's render");
        assertTrue(err.startsWith("rendered /dev/stdout:"), "messages on stderr: " + err);
        assertTrue(Files.isSymbolicLink(Path.of("/dev/stdout")), "/dev/stdout is no longer a link");
    }

    @Test
    void ctrlCOnATerminalEndsTheProgressLineAndLeavesNoPartialFile() throws Exception {
        // issue 13: Ctrl-C left a .NAME.<number>.part file and the progress line without its newline
        CommandLineIT.assumeSigintReachesChildren();
        Path script = Path.of("/usr/bin/script");
        Assumptions.assumeTrue(Files.isExecutable(script), "no 'script' (util-linux) to give render a terminal");
        Files.writeString(dir.resolve("long.mel"), "tempo 4\nvoice 1 piano: C4/4 r/1*60\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = java + " -Djava.awt.headless=true -jar " + CommandLineIT.jar() + " render long.mel --out long.wav";
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "-qec", cmd, "/dev/null").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("tty.txt").toFile());
        pb.environment().put("MIDIRACK_AUDIO", "none");
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (partFiles().isEmpty() || !Files.readString(dir.resolve("tty.txt")).contains("%")) {
            assertTrue(p.isAlive(), "the render ended before it was seen running: " + Files.readString(dir.resolve("tty.txt")));
            assertTrue(System.nanoTime() < deadline, "no partial file and progress bar within 60 s");
            Thread.sleep(20);
        }
        // Ctrl-C typed on the terminal: its line discipline sends SIGINT to the render
        p.getOutputStream().write(3);
        p.getOutputStream().flush();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "did not exit after Ctrl-C");
        p.getOutputStream().close();
        String tty = Files.readString(dir.resolve("tty.txt"));
        assertEquals(130, p.exitValue(), tty);
        assertEquals(List.of(), partFiles(), "partial file left behind");
        assertFalse(Files.exists(dir.resolve("long.wav")));
        assertTrue(tty.matches("(?s).*\\[[# ]{40}\\] \\d+%(\\^C)?\\r?\\n"), "the progress line is not ended by a newline: "
                + tty.substring(Math.max(0, tty.length() - 80)).replace("\r", "\\r").replace("\n", "\\n"));
    }

    @Test
    void namedPipeGetsTheWavAndStaysAPipe() throws Exception {
        byte[] ref = reference();
        Path fifo = dir.resolve("pipe.wav");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo is not available");
        AtomicReference<byte[]> got = new AtomicReference<>();
        AtomicReference<Exception> readFailure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (InputStream in = new FileInputStream(fifo.toFile())) {
                // read(byte[]) in a loop: FileInputStream.readAllBytes seeks, which a pipe cannot
                java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                byte[] buf = new byte[65536];
                for (int n; (n = in.read(buf)) > 0; ) {
                    all.write(buf, 0, n);
                }
                got.set(all.toByteArray());
            } catch (Exception e) {
                readFailure.set(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
        CommandLineIT.Run r = run("render", "s.mel", "--out", "pipe.wav");
        reader.join(20_000);
        if (reader.isAlive()) {
            try (FileOutputStream unblock = new FileOutputStream(fifo.toFile())) {
                // the writer never opened the pipe: release the reader
            }
            fail("the pipe's reader got nothing (exit " + r.code() + ", " + r.err() + ")");
        }
        assertEquals(null, readFailure.get());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(ref, got.get(), "the pipe's reader did not get the WAV a regular file gets");
        assertTrue(Files.readAttributes(fifo, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther(),
                "the pipe was replaced by a regular file");
    }

    @Test
    void symlinkStaysALinkAndItsTargetGetsTheWav() throws Exception {
        byte[] ref = reference();
        Files.createDirectory(dir.resolve("sub"));
        Path target = dir.resolve("sub").resolve("real.wav");
        Path link = Files.createSymbolicLink(dir.resolve("link.wav"), Path.of("sub", "real.wav"));
        CommandLineIT.Run r = run("render", "s.mel", "--out", "link.wav");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isSymbolicLink(link), "the link was replaced");
        assertEquals(Path.of("sub", "real.wav"), Files.readSymbolicLink(link));
        assertArrayEquals(ref, Files.readAllBytes(target));
        try (Stream<Path> s = Files.list(dir.resolve("sub"))) {
            assertEquals(List.of(target), s.toList(), "only the target in its directory, no temporary file left");
        }
    }

    @Test
    void dashWritesTheWavToStandardOutput() throws Exception {
        byte[] ref = reference();
        Path captured = dir.resolve("captured.bin");
        Process p = start(ProcessBuilder.Redirect.to(captured.toFile()), "render", "s.mel", "--out", "-");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
        String err = Files.readString(dir.resolve("stderr.txt"));
        assertEquals(0, p.exitValue(), err);
        byte[] out = Files.readAllBytes(captured);
        assertRiff(out);
        assertArrayEquals(ref, out, "standard output differs from the regular file's render");
        assertFalse(Files.exists(dir.resolve("-")), "a file named '-' was written");
        assertTrue(err.startsWith("rendered -:"), err);
    }

    @Test
    void outputThatIsTheInputIsRefusedAndTheInputKept() throws Exception {
        Path mel = Files.writeString(dir.resolve("my.mel"), SONG);
        byte[] before = Files.readAllBytes(mel);
        CommandLineIT.Run render = run("render", "my.mel", "--out", "my.mel");
        assertEquals(2, render.code(), render.err());
        assertEquals(List.of("midirack render: --out my.mel is the same file as the input my.mel; nothing was written"
                + " (see 'midirack render --help')"), render.errLines());
        assertArrayEquals(before, Files.readAllBytes(mel));

        CommandLineIT.Run convert = run("convert", "my.mel", "my.mel");
        assertEquals(2, convert.code(), convert.err());
        assertEquals(1, convert.errLines().size(), convert.err());
        assertTrue(convert.err().contains("my.mel is the same file as the input my.mel"), convert.err());
        assertArrayEquals(before, Files.readAllBytes(mel));

        Files.createSymbolicLink(dir.resolve("alias.mid"), Path.of("my.mel"));
        CommandLineIT.Run viaLink = run("convert", "my.mel", "alias.mid");
        assertEquals(2, viaLink.code(), viaLink.err());
        assertEquals(1, viaLink.errLines().size(), viaLink.err());
        assertTrue(viaLink.err().contains("alias.mid is the same file as the input my.mel"), viaLink.err());
        assertArrayEquals(before, Files.readAllBytes(mel));
        assertTrue(Files.isSymbolicLink(dir.resolve("alias.mid")));
    }

    @Test
    void sigtermDuringRenderLeavesNoPartialFile() throws Exception {
        // 60 whole-note rests at 4 BPM: an hour of audio, several seconds to render even at 500x
        Files.writeString(dir.resolve("long.mel"), "tempo 4\nvoice 1 piano: C4/4 r/1*60\n");
        Process p = start(ProcessBuilder.Redirect.DISCARD, "render", "long.mel", "--out", "long.wav");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (partFiles().isEmpty()) {
            assertTrue(p.isAlive(), "the render ended before its partial file was seen: "
                    + Files.readString(dir.resolve("stderr.txt")));
            assertTrue(System.nanoTime() < deadline, "no partial file within 60 s");
            Thread.sleep(20);
        }
        Thread.sleep(300);
        assertTrue(p.isAlive(), "the render ended too soon to be interrupted");
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "did not exit after SIGTERM");
        assertEquals(143, p.exitValue());
        assertEquals(List.of(), partFiles(), "partial file left behind");
        assertFalse(Files.exists(dir.resolve("long.wav")));
    }

    @Test
    void aLengthAiffCannotHoldIsRefusedBeforeRendering() throws Exception {
        // 2000 whole-note rests at 4 BPM: 33 h 20 min, 23 GB of 16-bit stereo at 48 kHz (AIFF holds 4 GiB)
        Files.writeString(dir.resolve("huge.mel"), "tempo 4\nvoice 1 piano: C4/4 r/1*2000\n");
        long t0 = System.nanoTime();
        Process p = start(ProcessBuilder.Redirect.DISCARD, "render", "huge.mel", "--out", "huge.aiff");
        boolean ended = p.waitFor(15, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
            fail("still rendering after 15 s: the length was not refused up front");
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        List<String> err = Files.readAllLines(dir.resolve("stderr.txt"));
        assertEquals(1, p.exitValue(), String.join("\n", err));
        assertEquals(1, err.size(), String.join("\n", err));
        assertTrue(err.get(0).startsWith("midirack render: huge.aiff: 33:20:"), err.get(0));
        assertTrue(err.get(0).contains("longer than an AIFF file can hold"), err.get(0));
        assertFalse(Files.exists(dir.resolve("huge.aiff")));
        assertEquals(List.of(), partFiles());
        assertTrue(secs < 15, secs + " s");
    }

    @Test
    void aWavPastFourGibibytesBecomesRf64SaidInOneLineBeforeRendering() throws Exception {
        Files.writeString(dir.resolve("huge.mel"), "tempo 4\nvoice 1 piano: C4/4 r/1*2000\n");
        Process p = start(ProcessBuilder.Redirect.DISCARD, "render", "huge.mel", "--out", "huge.wav");
        Path errFile = dir.resolve("stderr.txt");
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<Path> parts = List.of();
        while (System.nanoTime() < deadline && p.isAlive() && (parts = partFiles()).isEmpty()) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "render ended: " + Files.readString(errFile));
        assertEquals(1, parts.size(), "rendering into a temporary file");
        p.destroy(); // SIGTERM: the partial file goes
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        List<String> err = Files.readAllLines(errFile);
        assertTrue(err.get(0).matches("huge\\.wav: 2304\\d{7} bytes of audio pass the 4 GiB a WAV file can hold:"
                + " writing RF64 \\(64-bit WAV, EBU Tech 3306\\) instead"), String.join("\n", err));
        assertFalse(Files.exists(dir.resolve("huge.wav")));
        assertEquals(List.of(), partFiles());
    }
}
