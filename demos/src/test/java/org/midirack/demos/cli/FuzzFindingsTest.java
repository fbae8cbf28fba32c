package org.midirack.demos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * What the fuzzers found (docs/FUZZING.md), each as a hand-made input of the same kind with the
 * one-line error it now gets; the crashing inputs themselves are seeds the fuzz tests replay
 * ({@code *FuzzTestInputs/.../found-*}). Expected texts come from the inputs' bytes: which track,
 * which tick, which byte.
 */
class FuzzFindingsTest {

    /** A Standard MIDI File: header (format, tracks, ticks per quarter) and one track of these event bytes. */
    private static byte[] smf(int format, int division, int... trackBytes) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, (byte) format, 0, 1, (byte) (division >> 8),
                (byte) division});
        b.writeBytes(new byte[] {'M', 'T', 'r', 'k', 0, 0, 0, (byte) (trackBytes.length + 4)});
        for (int x : trackBytes) {
            b.write(x);
        }
        b.writeBytes(new byte[] {0, (byte) 0xFF, 0x2F, 0}); // end of track
        return b.toByteArray();
    }

    private static String error(byte[] bytes) {
        CliError e = assertThrows(CliError.class, () -> Inputs.read("x.mid", bytes, true));
        return e.getMessage();
    }

    @Test
    void aDataByteAbove127IsACorruptFileNotAnInternalError() {
        // a note-on of velocity 224 (0xE0) at tick 0: Java Sound keeps it, the engine cannot play it
        assertEquals("x.mid: corrupt MIDI file: track 1, tick 0: data2 224 of status 0x90 is out of range 0..127",
                error(smf(0, 96, 0x00, 0x90, 0x3C, 0xE0)));
    }

    @Test
    void aTempoOfZeroIsACorruptFile() {
        assertEquals("x.mid: corrupt MIDI file: track 1, tick 0: a tempo of 0 microseconds per quarter note",
                error(smf(0, 96, 0x00, 0xFF, 0x51, 0x03, 0, 0, 0)));
    }

    @Test
    void aDeltaTimeSoLongTheSongLastsThousandsOfHoursIsRefusedBeforeItsFramesOverflow() {
        // delta 8F FF FF FF 7F: five bytes (SMF allows four) = 2^32 - 1 ticks; at 96 per quarter and the
        // default 120 BPM that is (2^32 - 1) / 96 / 2 s = 6213.8 hours
        assertEquals("x.mid: corrupt MIDI file: its last event is 6214 hours from its start (tick 4294967295), more"
                + " than the 1000 hours midirack plays", error(smf(0, 96, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F, 0x90, 0x3C,
                0x40)));
    }

    @Test
    void aCarriageReturnInAScriptIsShownEscapedInItsOneLineError() {
        byte[] script = "voice 2 elo\rectric:\n".getBytes(StandardCharsets.UTF_8);
        CliError e = assertThrows(CliError.class, () -> Inputs.read("x.mel", script, false));
        assertTrue(e.getMessage().startsWith("x.mel:1:9: unknown instrument 'elo\\rectric'"), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20), e.getMessage());
    }

    @Test
    void aControlCharacterInASessionKeyIsShownEscapedInItsOneLineError() throws Exception {
        byte[] seed;
        try (java.io.InputStream in = FuzzFindingsTest.class.getResourceAsStream(
                "SessionReaderFuzzTestInputs/everySessionLoadsOrFailsWithOneCleanLine/v2-graph-mappings-track.session")) {
            seed = in.readAllBytes();
        }
        // a byte 0x8E in a key (properties files are ISO-8859-1: U+008E, a C1 control character)
        String bad = new String(seed, StandardCharsets.ISO_8859_1) + "node.1.param.rel\u008ease=1\n";
        SessionDocumentException e = assertThrows(SessionDocumentException.class,
                () -> SessionDocument.parse(bad.getBytes(StandardCharsets.ISO_8859_1), SessionFixtures.REGISTRY));
        assertTrue(e.getMessage().startsWith("node.1.param.rel\\u008ease: "), e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20 || c >= 0x7F && c <= 0x9F), e.getMessage());
    }

    @Test
    void aScriptThatExpandsToMoreThan100000NotesIsRefusedAtOnceChordsCountingEachNote() {
        // 10000 times a chord of 21 notes: 210,000 notes (a chord used to count once: 10,000)
        byte[] script = "repeat 10000 { [C4 D4 E4 F4 G4 A4 B4 C5 D5 E5 F5 G5 A5 B5 C6 D6 E6 F6 G6 A6 B6]/16 }\n"
                .getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        CliError e = assertThrows(CliError.class, () -> Inputs.read("x.mel", script, false));
        assertEquals("x.mel:1:1: repeat expands to more than 100000 notes and statements", e.getMessage());
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "refused before building anything");
    }
}
