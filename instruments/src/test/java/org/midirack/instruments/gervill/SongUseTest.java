package org.midirack.instruments.gervill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import javax.sound.midi.Track;

import org.junit.jupiter.api.Test;

/**
 * What a song moves and plays, judged from its messages; the status bytes are written out from the MIDI 1.0
 * specification (90 Note On, 80 Note Off, B0 Control Change, D0 Channel Pressure, A0 Polyphonic Key Pressure,
 * F0 7F universal real-time SysEx), not taken from the class.
 */
class SongUseTest {

    private static ShortMessage sm(int status, int d1, int d2) throws InvalidMidiDataException {
        return new ShortMessage(status, d1, d2);
    }

    private static SysexMessage sysex(int... bytes) throws InvalidMidiDataException {
        final byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new SysexMessage(b, b.length);
    }

    private static SongUse of(MidiMessage... messages) {
        return SongUse.ofMessages(List.of(messages));
    }

    @Test
    void aSongOfNotesAndProgramsLeavesEveryModulationQuietButWhatMidirackSendsItself() throws Exception {
        final SongUse q = of(sm(0xC0, 5, 0), sm(0x90, 60, 100), sm(0x80, 60, 0), sm(0xE0, 0, 80));
        assertTrue(q.channelPressureQuiet());
        assertTrue(q.polyPressureQuiet());
        assertTrue(q.masterTuningQuiet());
        final List<Integer> moved = new ArrayList<>();
        for (int cc = 0; cc < 128; cc++) {
            if (!q.controllerQuiet(cc)) {
                moved.add(cc);
            }
        }
        // data entry, sustain, RPN select, all sound off, reset all controllers, all notes off: midirack's own
        assertEquals(List.of(6, 38, 64, 100, 101, 120, 121, 123), moved);
        assertFalse(q.nothingQuiet());
    }

    @Test
    void aControllerOnAnyChannelMovesThatControllerOnly() throws Exception {
        final SongUse q = of(sm(0xB9, 1, 0), sm(0xB3, 77, 64));
        assertFalse(q.controllerQuiet(1), "modulation wheel sent (even at 0, on channel 10)");
        assertFalse(q.controllerQuiet(77));
        assertTrue(q.controllerQuiet(2));
        assertTrue(q.controllerQuiet(76));
        assertTrue(q.channelPressureQuiet());
    }

    @Test
    void pressureMessagesMoveTheirPressureOnly() throws Exception {
        final SongUse channel = of(sm(0xD4, 30, 0));
        assertFalse(channel.channelPressureQuiet());
        assertTrue(channel.polyPressureQuiet());
        final SongUse poly = of(sm(0xA0, 60, 30));
        assertTrue(poly.channelPressureQuiet());
        assertFalse(poly.polyPressureQuiet());
    }

    @Test
    void aUniversalRealTimeSysexMovesEverything() throws Exception {
        // master fine tuning (F0 7F 7F 04 03 lsb msb F7)
        assertTrue(of(sm(0x90, 60, 100), sysex(0xF0, 0x7F, 0x7F, 0x04, 0x03, 0x00, 0x40, 0xF7)).nothingQuiet());
        // a SysEx continuation cannot be judged alone
        assertTrue(of(sysex(0xF7, 0x01, 0xF7)).nothingQuiet());
    }

    @Test
    void otherSysexMovesNothing() throws Exception {
        // GM System On (universal non-real-time: a reset to power-on values) and a GS reset (Roland)
        final SongUse q = of(sysex(0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7),
                sysex(0xF0, 0x41, 0x10, 0x42, 0x12, 0x40, 0x00, 0x7F, 0x00, 0x41, 0xF7));
        assertTrue(q.masterTuningQuiet());
        assertTrue(q.controllerQuiet(1));
    }

    @Test
    void noneLeavesNothingQuiet() {
        final SongUse q = SongUse.unknown();
        assertTrue(q.nothingQuiet());
        assertFalse(q.channelPressureQuiet());
        assertFalse(q.masterTuningQuiet());
        for (int cc = 0; cc < 128; cc++) {
            assertFalse(q.controllerQuiet(cc), "controller " + cc);
        }
    }

    @Test
    void theNotesPlayedAreTheirKeysAndVelocities() throws Exception {
        // 90 3C 64: key 60 at velocity 100; 99 24 7F: key 36 at 127 on channel 10; 90 3E 00: a note-off
        final SongUse u = of(sm(0x90, 60, 100), sm(0x99, 36, 127), sm(0x90, 62, 0), sm(0x80, 64, 100));
        assertTrue(u.playsIn(60, 60, 100, 100));
        assertTrue(u.playsIn(59, 61, 90, 110));
        assertTrue(u.playsIn(0, 127, 0, 127));
        assertTrue(u.playsIn(36, 36, 127, 127), "on any channel");
        assertFalse(u.playsIn(60, 60, 0, 99), "key 60 only at 100");
        assertFalse(u.playsIn(60, 60, 101, 127));
        assertFalse(u.playsIn(61, 61, 0, 127));
        assertFalse(u.playsIn(62, 62, 0, 127), "a note-on at velocity 0 is a note-off");
        assertFalse(u.playsIn(64, 64, 0, 127), "a note-off starts nothing");
        assertFalse(u.playsIn(37, 59, 0, 127));
        assertTrue(u.playsIn(-5, 200, -1, 300), "ranges beyond 0..127 are clamped");
    }

    @Test
    void unknownNotesMayAllBePlayed() throws Exception {
        assertTrue(SongUse.unknown().playsIn(0, 0, 0, 0));
        assertTrue(SongUse.unknown().playsIn(127, 127, 127, 127));
        // a song that moves everything still says what it plays
        final SongUse u = of(sysex(0xF0, 0x7F, 0x7F, 0x04, 0x03, 0x00, 0x40, 0xF7), sm(0x90, 60, 100));
        assertTrue(u.nothingQuiet());
        assertFalse(u.playsIn(61, 127, 0, 127));
    }

    @Test
    void aSequenceIsJudgedFromEveryTrack() throws Exception {
        final Sequence seq = new Sequence(Sequence.PPQ, 480);
        seq.createTrack().add(new MidiEvent(sm(0x90, 60, 100), 0));
        final Track second = seq.createTrack();
        second.add(new MidiEvent(sm(0xB1, 1, 90), 960));
        second.add(new MidiEvent(sm(0xD1, 60, 0), 1000));
        final SongUse q = SongUse.of(seq);
        assertFalse(q.controllerQuiet(1));
        assertFalse(q.channelPressureQuiet());
        assertTrue(q.polyPressureQuiet());
    }
}
