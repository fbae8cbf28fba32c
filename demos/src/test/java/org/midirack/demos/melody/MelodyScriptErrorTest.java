package org.midirack.demos.melody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every script error, with the exact line, column and message. */
class MelodyScriptErrorTest {

    static Stream<Arguments> errors() {
        return Stream.of(
            // notes
            Arguments.of("tempo 120\nvoice 1 piano:\n   C4/4 E4/8 H4/8", 3, 14, "unknown note name 'H'"),
            Arguments.of("voice 1:\n\tC4 D4\n\tE4 Q4", 3, 5, "unknown note name 'Q'"),
            Arguments.of("C4 D", 1, 4, "note 'D' needs an octave, e.g. D4"),
            Arguments.of("C4 G#9", 1, 4, "note G#9 is outside the MIDI range C-1 to G9"),
            Arguments.of("C4 xyz", 1, 4, "unknown note or drum name 'xyz'"),
            Arguments.of("C4 120", 1, 4, "unexpected number '120'"),
            Arguments.of("C4 $", 1, 4, "unexpected character '$'"),
            Arguments.of("C4/4D4", 1, 5, "unexpected 'D'; separate notes with spaces"),
            // durations
            Arguments.of("C4/3", 1, 3, "note value must be 1, 2, 4, 8, 16 or 32, not 3"),
            Arguments.of("C4/", 1, 3, "'/' needs a note value 1, 2, 4, 8, 16 or 32, e.g. C4/8"),
            Arguments.of("C4/32...", 1, 3, "duration /32... is not a whole number of ticks at 480 per quarter"),
            Arguments.of("C4/4/8", 1, 5, "a second duration"),
            Arguments.of("C4/4*", 1, 3, "'*' needs a count, e.g. r/1*4"),
            Arguments.of("C4 /4", 1, 4, "a duration must follow a note, rest or chord directly, e.g. C4/8"),
            Arguments.of("/4", 1, 1, "a duration must follow a note, rest or chord directly, e.g. C4/8"),
            // velocity
            Arguments.of("C4@0", 1, 3, "velocity must be 1-127, not 0"),
            Arguments.of("C4@", 1, 3, "'@' needs a velocity 1-127 or a dynamic (pp..ff), e.g. C4@100"),
            Arguments.of("C4 C4/4@100@90", 1, 12, "a second velocity"),
            Arguments.of("v128 C4", 1, 1, "velocity must be 1-127, not 128"),
            Arguments.of("@", 1, 1, "a velocity must follow a note or chord directly, e.g. C4@100"),
            // rests and ties
            Arguments.of("r@100", 1, 2, "a rest has no velocity"),
            Arguments.of("r~", 1, 2, "a rest cannot be tied"),
            Arguments.of("C4~~", 1, 4, "a second '~'"),
            Arguments.of("C4~ D4", 1, 1, "C4 is tied (~) but is followed by a note or chord without C4"),
            Arguments.of("C4~ r", 1, 1, "C4 is tied (~) but is followed by a rest"),
            Arguments.of("C4 D4~", 1, 4, "D4 is tied (~) but no note follows"),
            Arguments.of("C4 [D4 E4]\n ~ voice 2: C3 voice 1: r", 2, 2,
                "D4 is tied (~) but is followed by a rest"),
            Arguments.of("~ C4", 1, 1, "'~' (tie) must follow a note or chord"),
            // chords
            Arguments.of("[C4 E4", 1, 1, "chord '[' is not closed with ']'"),
            Arguments.of("C4 []", 1, 4, "empty chord"),
            Arguments.of("[C4/4 E4]", 1, 4, "put the chord's duration after ']', e.g. [C4 E4 G4]/2"),
            Arguments.of("[C4 C4]", 1, 5, "C4 appears twice in the chord"),
            Arguments.of("[C4 5]", 1, 5, "unexpected '5' in a chord; write notes like [C4 E4 G4]/2"),
            Arguments.of("C4 ]", 1, 4, "']' without a matching '['"),
            // tempo and time
            Arguments.of("tempo", 1, 6, "tempo needs beats per minute, e.g. tempo 120"),
            Arguments.of("tempo 0", 1, 7, "tempo must be between 4 and 999 bpm, not 0"),
            Arguments.of("C4\ntempo 1000", 2, 7, "tempo must be between 4 and 999 bpm, not 1000"),
            Arguments.of("time 3-4", 1, 7, "time signature needs the form N/D, e.g. time 3/4"),
            Arguments.of("time 3/5", 1, 8, "time signature denominator must be 1, 2, 4, 8, 16 or 32, not 5"),
            Arguments.of("time 0/4", 1, 6, "time signature numerator must be 1-64, not 0"),
            Arguments.of("C4/4 time 3/4", 1, 6,
                "time signature change must start a bar, but it is 1/4 into bar 1 (time 4/4)"),
            // bar checks
            Arguments.of("C4/1 | C4/2 C4/4 |", 1, 18,
                "bar line is 3/4 into bar 2 (time 4/4): the notes before it do not fill whole bars"),
            Arguments.of("time 3/4 repeat 2 { C4/2 | }", 1, 26,
                "bar line is 1/2 into bar 1 (time 3/4): the notes before it do not fill whole bars"),
            Arguments.of("time 6/8 C4/4. C4/4. | C4/4. C4/8 |", 1, 35,
                "bar line is 1/2 into bar 2 (time 6/8): the notes before it do not fill whole bars"),
            // voices and instruments
            Arguments.of("voice 17: C4", 1, 7, "voice must be a MIDI channel 1-16, not 17"),
            Arguments.of("voice piano: C4", 1, 7, "voice needs a channel number 1-16, e.g. voice 1 piano:"),
            Arguments.of("voice 1 piano\nC4", 1, 14,
                "voice header needs ':' after the channel and instrument, e.g. voice 1 piano:"),
            Arguments.of("voice 1 pianoo: C4", 1, 9, "unknown instrument 'pianoo' (did you mean 'piano'?)"),
            Arguments.of("voice 2 129:", 1, 9, "instrument number 129 is out of range 1-128"),
            Arguments.of("voice 2 drums:", 1, 9, "drums play on channel 10 (voice 10), not on voice 2"),
            Arguments.of("program", 1, 8, "program needs an instrument, e.g. program violin or program 41"),
            Arguments.of("program \"violin", 1, 9, "instrument name in quotes is not closed with '\"'"),
            Arguments.of("voice 3: program zzzzzzzzzzzz", 1, 18,
                "unknown instrument 'zzzzzzzzzzzz' (use a General MIDI name such as 'acoustic grand piano' "
                    + "or a number 1-128)"),
            // repeats
            Arguments.of("repeat 2 { C4", 1, 10, "'{' is not closed with '}'"),
            Arguments.of("repeat { C4 }", 1, 8, "repeat needs a count, e.g. repeat 2 { C4 D4 }"),
            Arguments.of("repeat 0 { C4 }", 1, 8, "repeat count must be 1-10000, not 0"),
            Arguments.of("repeat 2 C4", 1, 10, "repeat needs '{' after its count, e.g. repeat 2 { C4 D4 }"),
            Arguments.of("repeat 2 { C4 H4 }", 1, 15, "unknown note name 'H'"),
            Arguments.of("C4 }", 1, 4, "'}' without a matching 'repeat N {'"),
            Arguments.of("C4 {", 1, 4, "'{' must follow 'repeat N'"),
            Arguments.of("C4\n  repeat 10000 { repeat 10000 { C4/32 } }", 2, 3,
                "repeat expands to more than 100000 notes and statements"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void reportsLineColumnAndReason(String script, int line, int column, String reason) {
        MelodyParseException e = assertThrows(MelodyParseException.class, () -> Melody.parse(script, "song.mel"));
        assertEquals(reason, e.getReason());
        assertEquals(line, e.getLine(), "line");
        assertEquals(column, e.getColumn(), "column");
        assertEquals("song.mel", e.getFile());
        assertEquals("song.mel:" + line + ":" + column + ": " + reason, e.getMessage());
    }

    @Test
    void namesAnonymousScripts() {
        MelodyParseException e = assertThrows(MelodyParseException.class, () -> Melody.parse("C4 H4"));
        assertEquals("<script>:1:4: unknown note name 'H'", e.getMessage());
    }

    @Test
    void loadedFileErrorsNameThePath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("song.mel");
        Files.writeString(file, "tempo 120\nvoice 1 piano:\n  C4 E4 H4\n", StandardCharsets.UTF_8);
        MelodyParseException e = assertThrows(MelodyParseException.class, () -> Melody.load(file));
        assertEquals(file + ":3:9: unknown note name 'H'", e.getMessage());
    }

    @Test
    void builderErrorsSayWhatIsWrong() {
        assertEquals("unknown note name 'H'", assertThrows(IllegalArgumentException.class,
            () -> Melody.builder().note("H4", 1, 4)).getMessage());
        assertEquals("duration 1/7 is not a whole number of ticks at 480 ticks per quarter",
            assertThrows(IllegalArgumentException.class, () -> Melody.builder().note("C4", 1, 7)).getMessage());
        assertEquals("C4 is tied (~) but no note follows",
            assertThrows(IllegalStateException.class, () -> Melody.builder().note("C4~", 1, 4).build()).getMessage());
        assertEquals("this builder has already built its sequence", assertThrows(IllegalStateException.class, () -> {
            MelodyBuilder b = Melody.builder().note("C4", 1, 4);
            b.build();
            b.note("D4", 1, 4);
        }).getMessage());
        assertEquals("voice must be a MIDI channel 1-16, not 0",
            assertThrows(IllegalArgumentException.class, () -> Melody.builder().voice(0)).getMessage());
        assertEquals("unknown dynamic 'fp' (use ppp, pp, p, mp, mf, f, ff or fff)",
            assertThrows(IllegalArgumentException.class, () -> Melody.builder().dynamic("fp")).getMessage());
    }
}
