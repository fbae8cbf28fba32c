package org.midirack.demos.melody;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import javax.sound.midi.Sequence;

import org.junit.jupiter.api.Test;

/** Every construct of the script language, with exact ticks, keys and velocities. */
class MelodyScriptTest {

    private static List<String> voice1(String script) {
        return MelodyDump.shorts(Melody.parse(script), 1);
    }

    @Test
    void producesPpq480SequenceWithConductorTrackFirst() {
        Sequence s = Melody.parse("C4");
        assertEquals(Sequence.PPQ, s.getDivisionType());
        assertEquals(480, s.getResolution());
        assertEquals(2, s.getTracks().length);
        // defaults: 4/4 (clocks 24, 8 32nds) and 120 bpm (500000 us per quarter) at tick 0
        assertEquals(List.of("0 FF 58 04 04 02 18 08", "0 FF 51 03 07 A1 20", "480 FF 2F 00"),
            MelodyDump.track(s, 0));
        assertEquals(List.of("0 FF 03 07 76 6F 69 63 65 20 31", "0 90 3C 50", "480 80 3C 40", "480 FF 2F 00"),
            MelodyDump.track(s, 1));
    }

    @Test
    void readsNoteNamesOctavesAndAccidentals() {
        List<String> on = noteOnKeys("C4/16 C#4/16 Db4/16 F#3/16 Bb5/16 B#3/16 Cb4/16 E##4/16 Ebb4/16 "
            + "C-1/16 G9/16 a4/16 bb4/16 e4/16");
        assertEquals(List.of("0 60", "120 61", "240 61", "360 54", "480 82", "600 60", "720 59", "840 66",
            "960 62", "1080 0", "1200 127", "1320 69", "1440 70", "1560 64"), on);
    }

    private static List<String> noteOnKeys(String script) {
        return MelodyEvents.of(Melody.parse(script), 48000).noteOns().stream()
            .map(e -> e.tick() + " " + e.data1()).toList();
    }

    @Test
    void readsDrumNamesAsPercussionKeys() {
        assertEquals(List.of("0 36", "480 38", "960 42", "1440 46", "1920 49", "2400 51", "2880 39", "3360 35"),
            noteOnKeys("voice 10 drums: kick snare hihat openhat crash ride clap acoustic-bass-drum"));
    }

    @Test
    void givesEveryNoteValueItsTicks() {
        assertEquals(List.of("0 90 3C 50", "1920 80 3C 40", "1920 90 3C 50", "2880 80 3C 40",
            "2880 90 3C 50", "3360 80 3C 40", "3360 90 3C 50", "3600 80 3C 40", "3600 90 3C 50",
            "3720 80 3C 40", "3720 90 3C 50", "3780 80 3C 40"),
            voice1("C4/1 C4/2 C4/4 C4/8 C4/16 C4/32"));
    }

    @Test
    void dotsTripletsAndMultipliersScaleTheDuration() {
        // /4. 720, /4.. 840, /8. 360, /32. 90, /8t 160 (x3), /4*3 1440
        assertEquals(List.of("0 60", "720 62", "1560 64", "1920 65", "2010 67", "2170 67", "2330 67",
            "2490 69"),
            noteOnKeys("C4/4. D4/4.. E4/8. F4/32. G4/8t G4/8t G4/8t A4/4*3"));
        assertEquals(2490 + 1440, Melody.parse("C4/4. D4/4.. E4/8. F4/32. G4/8t G4/8t G4/8t A4/4*3")
            .getTickLength());
    }

    @Test
    void noteWithoutDurationRepeatsThePreviousOneOfItsVoice() {
        // voice 2 starts at 0 with its own default; voice 1's A4 is a quarter again
        String script = "C4 D4/8 E4 F4/4 r G4 voice 2: A4/2 voice 1: A4";
        assertEquals(List.of("0 60", "0 69", "480 62", "720 64", "960 65", "1920 67", "2400 69"),
            noteOnKeys(script));
        assertEquals(2880, Melody.parse(script).getTickLength());
    }

    @Test
    void restsAdvanceTimeAndCountAtTheEnd() {
        Sequence s = Melody.parse("r/4 C4/4 r/2 r/8");
        assertEquals(List.of("480 90 3C 50", "960 80 3C 40"), MelodyDump.shorts(s, 1));
        assertEquals(480 + 480 + 960 + 240, s.getTickLength());
        assertEquals("2160 FF 2F 00", MelodyDump.track(s, 1).get(3));
        assertEquals("2160 FF 2F 00", MelodyDump.track(s, 0).get(2));
    }

    @Test
    void chordsSoundTogetherAndEndTogether() {
        assertEquals(List.of("0 90 3C 50", "0 90 40 50", "0 90 43 50", "960 80 3C 40", "960 80 40 40",
            "960 80 43 40", "960 90 3E 50", "1440 80 3E 40"),
            voice1("[C4 E4 G4]/2 D4/4"));
    }

    @Test
    void tiesJoinNotesOfTheSamePitch() {
        assertEquals(List.of("0 90 3C 50", "1200 80 3C 40"), voice1("C4/2~ C4/8"));
        assertEquals(List.of("0 90 3C 50", "1200 80 3C 40"), voice1("C4/2 ~ C4/8"));
        assertEquals(List.of("0 90 3C 50", "2880 80 3C 40"), voice1("C4/1~ | C4/4~ C4/4"));
        // across a bar line with the right bar length
        assertEquals(List.of("960 90 3C 50", "2400 80 3C 40"), voice1("r/2 C4/2~ | C4/4"));
    }

    @Test
    void tiesInChordsCarryOnlyTheTiedNotes() {
        assertEquals(List.of("0 90 3C 50", "0 90 40 50", "960 80 3C 40", "960 80 40 40"),
            voice1("[C4 E4]/4~ [C4 E4]/4"));
        assertEquals(List.of("0 90 3C 50", "0 90 40 50", "480 80 40 40", "480 90 43 50", "960 80 3C 40",
            "960 80 43 40"),
            voice1("[C4~ E4]/4 [C4 G4]/4"));
        // a tied note keeps its first velocity
        assertEquals(List.of("0 90 3C 64", "960 80 3C 40"), voice1("C4/4@100~ ff C4/4"));
    }

    @Test
    void repeatedPitchEndsBeforeItStartsAgain() {
        assertEquals(List.of("0 90 3C 50", "480 80 3C 40", "480 90 3C 50", "960 80 3C 40"),
            voice1("C4 C4"));
    }

    @Test
    void dynamicsVelocityAndAccentsSetNoteOnVelocity() {
        assertEquals(List.of("0 16", "480 33", "960 49", "1440 64", "1920 80", "2400 96", "2880 112",
            "3360 127", "3840 100", "4320 5", "4800 112", "5280 100"),
            MelodyEvents.of(Melody.parse(
                "ppp C4 pp C4 p C4 mp C4 mf C4 f C4 ff C4 fff C4 v100 C4 C4@5 C4@ff C4"), 48000)
                .noteOns().stream().map(e -> e.tick() + " " + e.data2()).toList());
    }

    @Test
    void chordVelocityAppliesToNotesWithoutTheirOwn() {
        assertEquals(List.of("0 90 3C 1E", "0 90 40 64", "0 90 43 64", "480 80 3C 40", "480 80 40 40",
            "480 80 43 40"),
            voice1("[C4@30 E4 G4]/4@100"));
    }

    @Test
    void tempoStatementsPlaceTempoMetaEventsAtTheVoicePosition() {
        Sequence s = Melody.parse("tempo 90\nC4/2 tempo 96.5 C4/2 tempo 240");
        // 90 bpm: 666667 us = 0A2C2B; 96.5 bpm: 621762 us = 097CC2; 240 bpm: 250000 = 03D090
        assertEquals(List.of("0 FF 58 04 04 02 18 08", "0 FF 51 03 0A 2C 2B", "960 FF 51 03 09 7C C2",
            "1920 FF 51 03 03 D0 90", "1920 FF 2F 00"), MelodyDump.track(s, 0));
    }

    @Test
    void timeSignaturesGoToTheConductorTrack() {
        Sequence s = Melody.parse("time 6/8; C4/4. C4/4. | time 3/4 C4/2. | time 2/2 C4/1 |");
        assertEquals(List.of("0 FF 58 04 06 03 0C 08", "0 FF 51 03 07 A1 20", "1440 FF 58 04 03 02 18 08",
            "2880 FF 58 04 02 01 30 08", "4800 FF 2F 00"), MelodyDump.track(s, 0));
    }

    @Test
    void barLinesPassOnBarBoundaries() {
        assertEquals(4 * 1920, Melody.parse("C4/1 | C4/2 C4/2 | [C4 E4]/1 | r/4 C4/4 C4/2 |").getTickLength());
        assertEquals(3 * 1440, Melody.parse("time 3/4 C4/2. | C4/4 C4/2 | r/2. |").getTickLength());
    }

    @Test
    void voiceHeaderSelectsChannelAndInstrument() {
        Sequence s = Melody.parse("voice 2 electric bass (finger): C2/4\n"
            + "voice 3 \"String Ensemble 1\": C4/4\n"
            + "voice 4 74: C5/4\n"
            + "voice 10 drums: kick/4");
        assertEquals(5, s.getTracks().length);
        assertEquals(List.of("0 C1 21", "0 91 24 50", "480 81 24 40"), MelodyDump.shorts(s, 1));
        assertEquals(List.of("0 C2 30", "0 92 3C 50", "480 82 3C 40"), MelodyDump.shorts(s, 2));
        assertEquals(List.of("0 C3 49", "0 93 48 50", "480 83 48 40"), MelodyDump.shorts(s, 3));
        assertEquals(List.of("0 99 24 50", "480 89 24 40"), MelodyDump.shorts(s, 4));
        assertEquals("voice 2 (Electric Bass (finger))", trackName(s, 1));
        assertEquals("voice 3 (String Ensemble 1)", trackName(s, 2));
        assertEquals("voice 4 (Flute)", trackName(s, 3));
        assertEquals("voice 10 (drums)", trackName(s, 4));
    }

    private static String trackName(Sequence s, int track) {
        javax.sound.midi.MetaMessage m = (javax.sound.midi.MetaMessage) s.getTracks()[track].get(0).getMessage();
        assertEquals(0x03, m.getType());
        return new String(m.getData(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void programStatementChangesInstrumentAtTheCursor() {
        assertEquals(List.of("0 C0 00", "0 90 3C 50", "480 80 3C 40", "480 C0 28", "480 90 3C 50", "960 80 3C 40",
            "960 C0 21", "960 90 3C 50", "1440 80 3C 40", "1440 C0 38", "1440 90 3C 50", "1920 80 3C 40"),
            voice1("voice 1 piano: C4 program violin C4 program 34 C4 program \"Trumpet\" C4"));
    }

    @Test
    void reenteringAVoiceWithItsInstrumentSendsNoNewProgramChange() {
        assertEquals(List.of("0 C0 00", "0 90 3C 50", "480 80 3C 40", "480 90 3E 50", "960 80 3E 40",
            "960 90 40 50", "1440 80 40 40", "1440 C0 28", "1440 C0 00", "1440 90 41 50", "1920 80 41 40"),
            voice1("voice 1 piano: C4 voice 2 bass: C2 voice 1 piano: D4 voice 1 1: E4/4 program violin "
                + "program 41 voice 1 piano: F4"));
    }

    @Test
    void voicesKeepTheirOwnCursorsAndTracksAreInChannelOrder() {
        Sequence s = Melody.parse("voice 3: C4/2 voice 1: D4/4 voice 3: E4/4 voice 1: F4/4");
        assertEquals(3, s.getTracks().length);
        assertEquals(List.of("0 90 3E 50", "480 80 3E 40", "480 90 41 50", "960 80 41 40"),
            MelodyDump.shorts(s, 1));
        assertEquals(List.of("0 92 3C 50", "960 82 3C 40", "960 92 40 50", "1440 82 40 40"),
            MelodyDump.shorts(s, 2));
    }

    @Test
    void notesBeforeAnyVoiceGoToVoiceOne() {
        Sequence s = Melody.parse("C4 voice 1: D4");
        assertEquals(2, s.getTracks().length);
        assertEquals(List.of("0 90 3C 50", "480 80 3C 40", "480 90 3E 50", "960 80 3E 40"),
            MelodyDump.shorts(s, 1));
    }

    @Test
    void repeatsPlayTheirBodyAgainIncludingNestedAndMultiVoiceBodies() {
        assertEquals(List.of("0 60", "240 62", "480 60", "720 62", "960 60", "1200 62"),
            noteOnKeys("repeat 3 { C4/8 D4/8 }"));
        assertEquals(List.of("0 60", "240 62", "480 62", "720 60", "960 62", "1200 62", "1440 64"),
            noteOnKeys("repeat 2 { C4/8 repeat 2 { D4/8 } } E4/8"));
        Sequence s = Melody.parse("repeat 2 { voice 1: C4/2 voice 2: E3/4 E3/4 }");
        assertEquals(List.of("0 90 3C 50", "960 80 3C 40", "960 90 3C 50", "1920 80 3C 40"),
            MelodyDump.shorts(s, 1));
        assertEquals(4, MelodyEvents.of(s, 48000).onChannel(2).stream().filter(MelodyEvents.Event::isNoteOn).count());
    }

    @Test
    void commentsSemicolonsAndNewlinesAreSeparators() {
        String a = "tempo 100; time 3/4; voice 1 piano: F#4/4 G4 A4 |";
        String b = "# a comment line\n"
            + "tempo 100 // tempo in bpm\n"
            + "time 3/4\n"
            + "voice 1 piano:   # instrument\n"
            + "  F#4/4 G4   # sharp, not a comment\n"
            + "  A4 |\r\n";
        assertEquals(MelodyDump.all(Melody.parse(a)), MelodyDump.all(Melody.parse(b)));
    }

    @Test
    void sameTickEventsOrderNoteOffsBeforeProgramChangesBeforeNoteOns() {
        assertEquals(List.of("0 90 3C 50", "480 80 3C 40", "480 C0 18", "480 90 3C 50", "960 80 3C 40"),
            voice1("C4 program 25 C4"));
    }

    @Test
    void byteOrderMarkIsIgnored() {
        assertEquals(MelodyDump.all(Melody.parse("C4 D4")), MelodyDump.all(Melody.parse("\uFEFFC4 D4")));
    }
}
