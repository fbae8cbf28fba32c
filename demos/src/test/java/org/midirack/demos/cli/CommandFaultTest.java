package org.midirack.demos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.demos.Main;

/**
 * A node that fails in a command (test nodes {@code test.fault-throw} and {@code test.fault-nan},
 * see {@link FaultyEffect}) is muted and reported once on stderr with its name; the command goes on.
 */
class CommandFaultTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void renderWritesTheFileAndExits1NamingTheNodeThatFailed() throws Exception {
        Path song = Files.writeString(dir.resolve("a.mel"), "tempo 120; C4/4 E4/4 G4/4 C5/4\n");
        Path wav = dir.resolve("a.wav");
        Run r = run("render", song.toString(), "--out", wav.toString(), "--instrument", "sine", "--fx", "fault-throw",
                "--tail", "0.5");
        assertEquals(1, r.code(), r.err());
        assertTrue(Files.size(wav) > 44 + 4 * 48000 * 2, "the whole file is written");
        List<String> lines = r.errLines();
        assertEquals(2, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("midirack: node 2 'test.fault-throw' threw java.lang.IllegalStateException"
                + " in process (thrower fails on purpose); it is muted"), lines.get(0));
        assertEquals("midirack render: " + wav + " was written, but node 2 'test.fault-throw' failed and played muted",
                lines.get(1));
    }

    @Test
    void playReportsANodeWritingNanOnceAndExits0() throws Exception {
        Path song = Files.writeString(dir.resolve("b.mel"), "tempo 120; C4/4 E4/4\n");
        Run r = run("play", song.toString(), "--output", "null", "--instrument", "sine", "--fx", "fault-nan",
                "--tail", "0.2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("playing on null"), r.out());
        assertEquals(List.of("midirack: node 2 'test.fault-nan' wrote NaN or infinity to its audio output; it is muted,"
                + " the others play on"), r.errLines());
    }
}
