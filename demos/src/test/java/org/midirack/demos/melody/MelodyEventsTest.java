package org.midirack.demos.melody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

import org.junit.jupiter.api.Test;

/** Ticks to frames through the tempo map, and the order and content of the event list. */
class MelodyEventsTest {

    private static List<String> frames(String script, double sampleRate) {
        return frames(Melody.parse(script), sampleRate);
    }

    private static List<String> frames(javax.sound.midi.Sequence sequence, double sampleRate) {
        return MelodyEvents.of(sequence, sampleRate).list().stream()
            .map(e -> e.tick() + "@" + e.frame() + String.format(" %02X %d %d", e.status(), e.data1(), e.data2()))
            .toList();
    }

    @Test
    void framesFollowTheTempo() {
        // 120 bpm: a quarter is 0.5 s = 24000 frames at 48 kHz
        assertEquals(List.of("0@0 90 60 80", "480@24000 80 60 64", "480@24000 90 62 80", "960@48000 80 62 64"),
            frames("C4 D4", 48000));
    }

    @Test
    void documentedExampleHolds() {
        MelodyEvents events = MelodyEvents.of(Melody.parse("tempo 120; C4/4 D4/4"), 48000);
        assertEquals(new MelodyEvents.Event(480, 24000, 0x90, 62, 80), events.noteOns().get(1));
        assertEquals(48000, events.lengthFrames());
    }

    @Test
    void framesFollowTempoChangesMidMelody() {
        // quarter at 120 (24000 frames), then 60 bpm: a quarter is 48000 frames
        assertEquals(List.of("0@0 90 60 80", "480@24000 80 60 64", "480@24000 90 62 80", "960@72000 80 62 64",
            "960@72000 90 64 80", "1440@120000 80 64 64"),
            frames("C4 tempo 60 D4 E4", 48000));
        MelodyEvents e = MelodyEvents.of(Melody.parse("C4 tempo 60 D4 E4 r/4"), 48000);
        assertEquals(1920, e.lengthTicks());
        assertEquals(168000, e.lengthFrames());
        assertEquals(60.0, e.tempoMap().tempoBpmAtTick(480));
        assertEquals(120.0, e.tempoMap().tempoBpmAtTick(479));
        assertEquals(3.5 * 48000, e.tempoMap().tickToFrame(1920));
    }

    @Test
    void framesAreTheFirstFrameAtOrAfterEachTicksInstant() {
        // the host's TempoMap rule (the engine plays on these frames): 120 bpm, 480 ppq, a tick is 1/960 s
        assertEquals(List.of("0@0 90 60 80", "1@1 80 60 0"), frames(oneTickNote(), 480)); // 0.5 -> 1
        assertEquals(List.of("0@0 90 60 80", "1@1 80 60 0"), frames(oneTickNote(), 479)); // 0.49896 -> 1
        assertEquals(List.of("0@0 90 60 80", "1@46 80 60 0"), frames(oneTickNote(), 44100)); // 45.9375 -> 46
        // one hour at 120 bpm does not drift by a frame
        MelodyEvents e = MelodyEvents.of(Melody.parse("C4"), 44100);
        assertEquals(3600L * 44100, e.tempoMap().tickToFrame(480L * 2 * 3600));
    }

    @Test
    void awkwardTempoFallsOnTheCeilingOfItsExactTime() {
        // 90 bpm -> 666667 us per quarter; tick 480*3 = 2.000001 s -> 88200.0441 frames at 44.1 kHz -> 88201
        MelodyEvents e = MelodyEvents.of(Melody.parse("tempo 90 C4"), 44100);
        assertEquals(88201, e.tempoMap().tickToFrame(1440));
    }

    @Test
    void ofRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> MelodyEvents.of(Melody.parse("C4"), 0));
        assertThrows(IllegalArgumentException.class, () -> MelodyEvents.of(Melody.parse("C4"), Double.NaN));
    }

    /** A note of one tick at 120 bpm, 480 ppq. */
    private static javax.sound.midi.Sequence oneTickNote() {
        try {
            javax.sound.midi.Sequence s = new javax.sound.midi.Sequence(javax.sound.midi.Sequence.PPQ, 480);
            javax.sound.midi.Track t = s.createTrack();
            t.add(new javax.sound.midi.MidiEvent(new javax.sound.midi.ShortMessage(0x90, 0, 60, 80), 0));
            t.add(new javax.sound.midi.MidiEvent(new javax.sound.midi.ShortMessage(0x80, 0, 60, 0), 1));
            return s;
        } catch (javax.sound.midi.InvalidMidiDataException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void sameTickEventsKeepTrackOrderThenTrackOrder() {
        assertEquals(List.of("0@0 C1 33 0", "0@0 91 36 80", "0@0 99 36 80", "480@24000 81 36 64",
            "480@24000 91 38 80", "480@24000 89 36 64", "960@48000 81 38 64"),
            frames("voice 10 drums: kick voice 2 bass: C2 D2", 48000));
    }

    @Test
    void readsTempoFromAnyTrackAndLetsTheLastAtATickWin() throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, 96);
        Track a = s.createTrack();
        Track b = s.createTrack();
        a.add(new MidiEvent(tempo(1_000_000), 0));
        b.add(new MidiEvent(tempo(250_000), 0)); // later track wins at tick 0
        b.add(new MidiEvent(tempo(500_000), 96));
        b.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 3, 64, 1), 192));
        MelodyEvents events = MelodyEvents.of(s, 1000);
        // 96 ticks at 250 ms per quarter, 96 more at 500 ms: 0.75 s
        assertEquals(List.of(new MelodyEvents.Event(192, 750, 0x93, 64, 1)), events.list());
        assertEquals(4, events.get(0).channel());
        assertEquals(0x90, events.get(0).command());
    }

    @Test
    void smpteSequencesUseFramesPerSecond() throws Exception {
        Sequence s = new Sequence(Sequence.SMPTE_25, 40); // 1000 ticks per second
        s.createTrack().add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 60, 90), 1500));
        assertEquals(72000, MelodyEvents.of(s, 48000).get(0).frame());
    }

    @Test
    void filtersByChannelAndKind() {
        MelodyEvents e = MelodyEvents.of(Melody.parse("voice 1: C4 voice 3: [E4 G4]"), 48000);
        assertEquals(6, e.size());
        assertEquals(3, e.noteOns().size());
        assertEquals(4, e.onChannel(3).size());
        assertEquals(3, e.where(MelodyEvents.Event::isNoteOff).size());
        assertEquals(48000.0, e.sampleRate());
    }

    @Test
    void noteOnWithVelocityZeroCountsAsNoteOff() {
        MelodyEvents.Event e = new MelodyEvents.Event(0, 0, 0x95, 60, 0);
        assertEquals(true, e.isNoteOff());
        assertEquals(false, e.isNoteOn());
        assertEquals(6, e.channel());
    }

    private static MetaMessage tempo(int mpq) throws Exception {
        return new MetaMessage(0x51, new byte[] {(byte) (mpq >> 16), (byte) (mpq >> 8), (byte) mpq}, 3);
    }
}
