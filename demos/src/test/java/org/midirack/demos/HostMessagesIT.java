package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's messages through the built jar: the user's numbers, no Java exception text, output that agrees with itself. */
class HostMessagesIT {
    @TempDir
    Path dir;

    @Test
    void hostMessagesNameWhatTheUserTyped() throws Exception {
        Files.writeString(dir.resolve("two.mel"), "tempo 120\nvoice 1 piano: C4/4\nvoice 2 bass: C2/4\nvoice 10 drums: kick/4\n");
        CommandLineIT.Run r = CommandLineIT.runIn(dir, "map 1 mpeMembers cc 8\ntempo abc\nloop a 2\nrecord\nload two.mel\n"
                + "tracks\nplya\nstatus\nquit\n", "host", "--interactive", "--output", "null", "--instrument", "gervill");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        // node 1 as typed (the table's slot 0 must not show)
        assertTrue(out.contains("> error: 1 midirack.gervill mpeMembers cannot be automated"), out);
        assertFalse(out.contains("node 0"), out);
        // one line naming what was wrong, no NumberFormatException text
        assertTrue(out.contains("> error: tempo: 'abc' is not a number\n"), out);
        assertTrue(out.contains("> error: loop: 'a' is not a bar number"), out);
        assertFalse(out.contains("For input string"), out);
        // no MIDI input: record says so and makes no track
        assertTrue(out.contains("> error: record: there is no MIDI input to record from"), out);
        assertFalse(out.contains("> recording\n"), out);
        // 'load' and 'tracks' count the same things
        assertTrue(out.contains("> loaded two.mel as track 1\n>   1: two.mel\n> error"), out);
        assertTrue(out.contains("> error: unknown command 'plya' (did you mean 'play'?); type 'help'\n"), out);
        // the panel does not start like the prompt
        assertTrue(out.contains("> transport: stopped | rec off |"), out);
        assertFalse(out.contains("> > ") || out.contains("> playing"), out);
    }
}
