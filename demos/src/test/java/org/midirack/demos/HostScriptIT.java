package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code host --script FILE} through the built jar: commands in order, {@code wait}, the first error's status. */
class HostScriptIT {
    @TempDir
    Path dir;

    private CommandLineIT.Run run(String stdin, String... args) throws Exception {
        return CommandLineIT.runIn(dir, stdin, args);
    }

    /** The bars of every transport panel ({@code status}) in the output, in order. */
    private static java.util.List<Integer> panelBars(String out) {
        Matcher m = Pattern.compile("\\| (\\d{3}):(\\d):(\\d{3}) \\|").matcher(out);
        java.util.List<Integer> bars = new java.util.ArrayList<>();
        while (m.find()) {
            bars.add(Integer.parseInt(m.group(1)));
        }
        return bars;
    }

    @Test
    void aScriptLoadsPlaysWaitsForTheEndAndSavesASession() throws Exception {
        // 4 quarters at 120 BPM: the song ends at the start of bar 2, 2 s in
        Files.writeString(dir.resolve("tune.mel"), "tempo 120\nvoice 1 piano: C4/4 E4/4 G4/4 C5/4\n");
        Files.writeString(dir.resolve("run.txt"), "# load, play to the end, save\nload tune.mel\n\nplay\nwait\n"
                + "status\nsession save tune.session\n");
        long t0 = System.nanoTime();
        CommandLineIT.Run r = run(null, "host", "--output", "null", "--instrument", "sine", "--script", "run.txt");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("waited for the end of the song\n"), r.out());
        assertFalse(r.out().contains("> "), "no prompt in a script: " + r.out());
        assertTrue(seconds >= 2.0, "the song is 2 s long, the script took " + seconds + " s");
        assertEquals(1, panelBars(r.out()).size(), r.out());
        assertTrue(panelBars(r.out()).get(0) >= 2, "waited until bar 2 at least: " + r.out());
        String session = Files.readString(dir.resolve("tune.session"));
        assertTrue(session.contains("\ntrack.1.name=tune.mel\n"), session);

        // wait N bars from the start: 1 bar at 120 BPM is 2 s of the transport
        Files.writeString(dir.resolve("bars.txt"), "load tune.mel\nloop 1 3\nplay\nwait 1 bars\nstatus\nwait 0.5 s\nquit\n"
                + "nonsense\n");
        CommandLineIT.Run b = run(null, "host", "--output", "null", "--instrument", "sine", "--script", "bars.txt");
        assertEquals(0, b.code(), b.out() + b.err());
        assertTrue(panelBars(b.out()).get(0) >= 2, b.out());
        assertTrue(b.out().contains("waited 1 bars\n") && b.out().contains("waited 0.5 s\n"), b.out());
    }

    @Test
    void theFirstBadLineStopsTheScriptWithItsNumberAndStatus() throws Exception {
        Files.writeString(dir.resolve("tune.mel"), "tempo 120\nvoice 1 piano: C4/4\n");
        Files.writeString(dir.resolve("bad.txt"), "load tune.mel\n# a comment\nload missing.mel\nsession save never.session\n");
        CommandLineIT.Run bad = run(null, "host", "--output", "null", "--instrument", "sine", "--script", "bad.txt");
        assertEquals(1, bad.code(), bad.out() + bad.err());
        assertEquals("midirack host: bad.txt:3: missing.mel: no such file\n", bad.err());
        assertFalse(Files.exists(dir.resolve("never.session")), "the lines after the error did not run");

        CommandLineIT.Run usage = run("load tune.mel\nplya\nsession save never.session\n",
                "host", "--output", "null", "--instrument", "sine", "--script", "-");
        assertEquals(2, usage.code(), usage.out() + usage.err());
        assertTrue(usage.err().startsWith("midirack host: <stdin>:2: unknown command 'plya' (did you mean 'play'?)"), usage.err());
        assertFalse(Files.exists(dir.resolve("never.session")));

        CommandLineIT.Run stopped = run("wait\n", "host", "--output", "null", "--instrument", "sine", "--script", "-");
        assertEquals(1, stopped.code());
        assertEquals("midirack host: <stdin>:1: wait: the transport is stopped ('play' first)\n", stopped.err());

        CommandLineIT.Run none = run(null, "host", "--output", "null", "--script", "nothing.txt");
        assertEquals(1, none.code());
        assertEquals("midirack host: nothing.txt: no such file\n", none.err());
    }

    @Test
    void pipedStandardInputIsAScriptThatStopsAtItsFirstFailingLine() throws Exception {
        // 2 quarters at 120 BPM: the song is 1 s long; no --script, standard input a pipe
        Files.writeString(dir.resolve("tune.mel"), "tempo 120\nvoice 1 piano: C4/4 E4/4\n");
        long t0 = System.nanoTime();
        CommandLineIT.Run ok = run("load tune.mel\nplay\nwait\nsession save piped.session\n",
                "host", "--output", "null", "--instrument", "sine");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertEquals("", ok.err());
        assertTrue(ok.out().contains("waited for the end of the song\n"), "play ran and the host waited: " + ok.out());
        assertTrue(seconds >= 1.0, "the song is 1 s long, the host ended after " + seconds + " s");
        assertTrue(Files.exists(dir.resolve("piped.session")), "the last line ran");
        assertFalse(ok.out().contains("> ") || ok.out().contains("type 'help'"), "no prompt for a pipe: " + ok.out());

        CommandLineIT.Run bad = run("load tune.mel\nload missing.mel\nsession save never.session\n",
                "host", "--output", "null", "--instrument", "sine");
        assertEquals(1, bad.code(), bad.out() + bad.err());
        assertEquals("midirack host: <stdin>:2: missing.mel: no such file\n", bad.err());
        assertFalse(Files.exists(dir.resolve("never.session")), "the lines after the error did not run");

        CommandLineIT.Run usage = run("plya\nsession save never.session\n", "host", "--output", "null", "--instrument", "sine");
        assertEquals(2, usage.code(), usage.out() + usage.err());
        assertTrue(usage.err().startsWith("midirack host: <stdin>:1: unknown command 'plya'"), usage.err());
        assertFalse(Files.exists(dir.resolve("never.session")));

        // --interactive: the prompt's way for a pipe too, an error is said and the next line runs
        CommandLineIT.Run typed = run("plya\nsession save typed.session\n", "host", "--interactive", "--output", "null",
                "--instrument", "sine");
        assertEquals(0, typed.code(), typed.out() + typed.err());
        assertTrue(typed.out().contains("error: unknown command 'plya'"), typed.out());
        assertTrue(Files.exists(dir.resolve("typed.session")), typed.out());
    }
}
