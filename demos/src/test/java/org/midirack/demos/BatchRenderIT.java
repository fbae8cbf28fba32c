package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code render} over several inputs and folders ({@code --out-dir}, {@code --jobs}), through the built jar:
 * a corrupt file among good ones is named in one line, the good ones are written (each byte-identical to
 * its single render), the exit status is 1 at the end; piped, nothing else is printed.
 */
class BatchRenderIT {

    static final String SONG_A = "tempo 120\nvoice 1 piano: C4/4 E4/4 G4/4 [C4 E4 G4]/4\n";
    static final String SONG_B = "tempo 90\nvoice 1 piano: A3/8 C4/8 E4/8 A4/8 [A3 C4 E4]/2\n";

    @TempDir
    Path dir;

    private CommandLineIT.Run run(String... args) throws Exception {
        return CommandLineIT.runIn(dir, null, args);
    }

    private Path songs() throws Exception {
        Path songs = Files.createDirectories(dir.resolve("songs"));
        Files.writeString(songs.resolve("a.mel"), SONG_A);
        Files.writeString(songs.resolve("b.mel"), SONG_B);
        assertEquals(0, run("convert", "songs/b.mel", "songs/c.mid").code());
        // a Standard MIDI File cut off after its header chunk's first bytes: corrupt
        byte[] c = Files.readAllBytes(songs.resolve("c.mid"));
        Files.write(songs.resolve("broken.mid"), java.util.Arrays.copyOf(c, 30));
        Files.writeString(songs.resolve("notes.txt"), "not a song: a folder contributes only song names\n");
        return songs;
    }

    @Test
    void aCorruptFileAmongGoodOnesIsNamedTheOthersAreWrittenAndTheExitIsOne() throws Exception {
        songs();
        CommandLineIT.Run r = run("render", "songs", "--out-dir", "wav", "--instrument", "sine", "--jobs", "2");
        assertEquals(1, r.code(), r.err());
        assertEquals("", r.out(), "piped: no progress, no summary on standard output");
        List<String> err = r.errLines();
        assertEquals(2, err.size(), r.err());
        assertTrue(err.get(0).startsWith("midirack render: songs/broken.mid: "), err.get(0));
        assertEquals("midirack render: 1 of 4 inputs failed; the others were written to wav", err.get(1));
        try (Stream<Path> s = Files.list(dir.resolve("wav"))) {
            assertEquals(List.of("a.wav", "b.wav", "c.wav"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "no partial or temporary files either");
        }
        // each output is what a single render of its input writes
        for (String name : List.of("a.mel", "c.mid")) {
            String wav = name.substring(0, name.indexOf('.')) + ".wav";
            assertEquals(0, run("render", "songs/" + name, "--out", "single-" + wav, "--instrument", "sine").code());
            assertArrayEquals(Files.readAllBytes(dir.resolve("single-" + wav)), Files.readAllBytes(dir.resolve("wav").resolve(wav)),
                    wav + " differs from the single render");
        }
        assertTrue(Files.size(dir.resolve("wav/b.wav")) > Files.size(dir.resolve("wav/a.wav")), "b is longer than a");
    }

    @Test
    void allGoodExitsZeroAndTheJobCountDoesNotChangeTheBytes() throws Exception {
        Path songs = songs();
        Files.delete(songs.resolve("broken.mid"));
        assertEquals(0, run("render", "songs/a.mel", "songs/b.mel", "songs/c.mid", "--out-dir", "one",
                "--instrument", "sine", "--jobs", "1").code());
        CommandLineIT.Run three = run("render", "songs", "--out-dir", "three", "--instrument", "sine", "--jobs", "3");
        assertEquals(0, three.code(), three.err());
        assertEquals("", three.out() + three.err());
        for (String wav : List.of("a.wav", "b.wav", "c.wav")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(wav)),
                    Files.readAllBytes(dir.resolve("three").resolve(wav)), wav);
        }
    }

    @Test
    void optionsThatDoNotFitABatchAreUsageErrors() throws Exception {
        songs();
        Files.writeString(dir.resolve("songs/a.mid"), "tempo 120\nC4/4\n"); // a.mel and a.mid: both a.wav
        CommandLineIT.Run clash = run("render", "songs/a.mel", "songs/a.mid", "--out-dir", "wav", "--instrument", "sine");
        assertEquals(2, clash.code(), clash.err());
        assertTrue(clash.err().contains("songs/a.mel and songs/a.mid would both be written to "), clash.err());
        assertFalse(Files.exists(dir.resolve("wav/a.wav")), "nothing rendered");
        CommandLineIT.Run out = run("render", "songs/a.mel", "songs/b.mel", "--out", "x.wav");
        assertEquals(2, out.code());
        assertEquals(List.of("midirack render: --out names one file; several inputs or a folder need --out-dir DIR"
                + " (see 'midirack render --help')"), out.errLines());
        CommandLineIT.Run jobs = run("render", "songs", "--out-dir", "wav", "--jobs", "0");
        assertEquals(2, jobs.code());
        assertTrue(jobs.err().contains("--jobs must be 1-256, not 0"), jobs.err());
    }
    @Test
    void formatAndGainReachEveryFileOfABatch() throws Exception {
        Path songs = songs();
        Files.delete(songs.resolve("broken.mid"));
        CommandLineIT.Run r = run("render", "songs/a.mel", "songs/b.mel", "--out-dir", "flac", "--format", "flac",
                "--gain", "-6", "--instrument", "sine");
        assertEquals(0, r.code(), r.err());
        try (Stream<Path> s = Files.list(dir.resolve("flac"))) {
            assertEquals(List.of("a.flac", "b.flac"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (String name : List.of("a", "b")) {
            byte[] batch = Files.readAllBytes(dir.resolve("flac").resolve(name + ".flac"));
            assertEquals("fLaC", new String(batch, 0, 4, java.nio.charset.StandardCharsets.US_ASCII), name);
            assertEquals(0, run("render", "songs/" + name + ".mel", "--out", name + "-gain.flac", "--gain", "-6",
                    "--instrument", "sine").code());
            assertArrayEquals(Files.readAllBytes(dir.resolve(name + "-gain.flac")), batch, name + ": batch differs from its single render");
            assertEquals(0, run("render", "songs/" + name + ".mel", "--out", name + "-plain.flac", "--instrument", "sine").code());
            assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve(name + "-plain.flac")), batch),
                    name + ": --gain -6 did not reach the batch");
        }
        CommandLineIT.Run bits = run("render", "songs", "--out-dir", "x", "--format", "aiff", "--bits", "32f");
        assertEquals(2, bits.code(), bits.err());
        assertTrue(bits.err().contains("AIFF holds 16 or 24 bits"), bits.err());
    }
}
