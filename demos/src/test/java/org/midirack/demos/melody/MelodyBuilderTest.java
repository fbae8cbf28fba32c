package org.midirack.demos.melody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import javax.sound.midi.Sequence;

import org.junit.jupiter.api.Test;

/** The fluent API builds exactly what the equivalent script builds. */
class MelodyBuilderTest {

    @Test
    void briefExampleEqualsItsScript() {
        Sequence script = Melody.parse("tempo 120; time 4/4; voice 1 piano: C4/4 E4/8 G4/8 [C4 E4 G4]/2 r/4");
        Sequence fluent = Melody.builder().tempo(120).time(4, 4).voice(1, "piano")
            .note("C4", 1, 4).note("E4", 1, 8).note("G4", 1, 8).chord(1, 2, "C4", "E4", "G4").rest(1, 4)
            .build();
        assertEquals(MelodyDump.all(script), MelodyDump.all(fluent));
        assertEquals(List.of("0 C0 00", "0 90 3C 50", "480 80 3C 40", "480 90 40 50", "720 80 40 40",
            "720 90 43 50", "960 80 43 40", "960 90 3C 50", "960 90 40 50", "960 90 43 50", "1920 80 3C 40",
            "1920 80 40 40", "1920 80 43 40"), MelodyDump.shorts(fluent, 1));
        assertEquals(2400, fluent.getTickLength());
    }

    @Test
    void everyConstructEqualsItsScript() {
        String script = String.join("\n",
            "tempo 96; time 3/4",
            "voice 1 acoustic grand piano:",
            "  p C4/4. D4/8 E4/4 | [C4 E4@90 G4~]/2 [G4 B4]/4 |",
            "  repeat 2 { F#4/8t G4/8t A4/8t Bb4/4@ff C5/4 | }",
            "  tempo 80 v100 C5/2.~ | C5/2 r/4 |",
            "voice 2 33: ff C2/2. | r/2. | repeat 2 { C2/4 C2 C2 | } program 34 G1/2.*2 ||",
            "voice 10 drums: repeat 3 { kick/4 [hihat snare]/4 hihat | } mp ride/2.~ ~ ride/2. |",
            "voice 1: time 4/4 C4/1 |");
        Sequence fluent = Melody.builder()
            .tempo(96).time(3, 4)
            .voice(1, "acoustic grand piano")
            .dynamic("p").note("C4", 3, 8).note("D4", 1, 8).note("E4", 1, 4).bar()
            .chord(1, 2, "C4", "E4@90", "G4~").chord(1, 4, "G4", "B4").bar()
            .repeat(2, b -> b.note("F#4", 1, 12).note("G4", 1, 12).note("A4", 1, 12)
                .note("Bb4@ff", 1, 4).note("C5", 1, 4).bar())
            .tempo(80).velocity(100).note("C5", 3, 4).tie().bar().note("C5", 1, 2).rest(1, 4).bar()
            .voice(2, 33).dynamic("ff").note("C2", 3, 4).bar().rest(3, 4).bar()
            .repeat(2, b -> b.note("C2", 1, 4).note("C2", 1, 4).note("C2", 1, 4).bar())
            .program(34).note("G1", 6, 4).bar().bar()
            .voice(10, "drums")
            .repeat(3, b -> b.note("kick", 1, 4).chord(1, 4, "hihat", "snare").note("hihat", 1, 4).bar())
            .dynamic("mp").note("ride", 3, 4).tie().tie().note("ride", 3, 4).bar()
            .voice(1).time(4, 4).note(60, 1, 1).bar()
            .build();
        assertEquals(MelodyDump.all(Melody.parse(script)), MelodyDump.all(fluent));
        assertEquals(4, fluent.getTracks().length);
        // bars: piano 3/4 x 6 then 4/4 x 1; bass 2 + 2 + 2 bars of 3/4
        assertEquals(6 * 1440 + 1920, fluent.getTickLength());
    }

    @Test
    void noteByKeyEqualsNoteByName() {
        assertEquals(MelodyDump.all(Melody.builder().note("A4", 1, 8).build()),
            MelodyDump.all(Melody.builder().note(69, 1, 8).build()));
    }

    @Test
    void noteWithVelocityEqualsAccentSyntax() {
        assertEquals(MelodyDump.all(Melody.parse("C4/8@127")),
            MelodyDump.all(Melody.builder().note("C4", 1, 8, 127).build()));
    }

    @Test
    void tempoAndTimeBeforeAnyVoiceGoToTickZero() {
        Sequence s = Melody.builder().tempo(60).time(2, 4).voice(5).note("C4", 1, 2).build();
        assertEquals(List.of("0 FF 58 04 02 02 18 08", "0 FF 51 03 0F 42 40", "960 FF 2F 00"),
            MelodyDump.track(s, 0));
        assertEquals(List.of("0 94 3C 50", "960 84 3C 40"), MelodyDump.shorts(s, 1));
    }

    @Test
    void positionFollowsTheCurrentVoice() {
        MelodyBuilder b = Melody.builder();
        assertEquals(0, b.position());
        b.voice(1).note("C4", 3, 8);
        assertEquals(720, b.position());
        b.voice(2);
        assertEquals(0, b.position());
        b.rest(1, 32);
        assertEquals(60, b.position());
        b.voice(1);
        assertEquals(720, b.position());
    }

    @Test
    void rejectsBadValuesWithoutChangingWhatIsBuilt() {
        MelodyBuilder b = Melody.builder().note("C4", 1, 4);
        assertThrows(IllegalArgumentException.class, () -> b.note("C4", 0, 4));
        assertThrows(IllegalArgumentException.class, () -> b.velocity(0));
        assertThrows(IllegalArgumentException.class, () -> b.tempo(3.9));
        assertThrows(IllegalArgumentException.class, () -> b.time(4, 3));
        assertThrows(IllegalArgumentException.class, () -> b.program(0));
        assertThrows(IllegalArgumentException.class, () -> b.chord(1, 4));
        assertThrows(IllegalArgumentException.class, () -> b.chord(1, 4, "C4", "C4"));
        assertThrows(IllegalArgumentException.class, () -> b.repeat(0, x -> x.note("C4", 1, 4)));
        assertThrows(IllegalStateException.class, () -> b.time(3, 4));
        assertEquals(MelodyDump.all(Melody.parse("C4/4 D4/4")), MelodyDump.all(b.note("D4", 1, 4).build()));
    }
}
