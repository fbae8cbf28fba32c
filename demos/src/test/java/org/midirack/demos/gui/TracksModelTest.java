package org.midirack.demos.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

import org.junit.jupiter.api.Test;

/** The piano roll's notes come from a track's note-ons and note-offs, in beats. */
class TracksModelTest {
    private static MidiEvent ev(int cmd, int ch, int key, int vel, long tick) throws Exception {
        return new MidiEvent(new ShortMessage(cmd, ch, key, vel), tick);
    }

    @Test
    void eachNoteOnEndsAtTheNextReleaseOfItsKeyAndChannel() throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, 96);
        Track t = s.createTrack();
        t.add(ev(ShortMessage.NOTE_ON, 0, 60, 100, 0));
        t.add(ev(ShortMessage.NOTE_ON, 9, 36, 90, 48));
        t.add(ev(ShortMessage.NOTE_ON, 0, 60, 0, 96));        // note-on velocity 0 ends C4
        t.add(ev(ShortMessage.NOTE_OFF, 9, 36, 0, 72));
        t.add(ev(ShortMessage.NOTE_ON, 0, 64, 80, 192));      // never ended: lasts to the last event
        t.add(ev(ShortMessage.CONTROL_CHANGE, 0, 7, 100, 288));
        List<TracksModel.Note> n = TracksModel.notes(s);
        assertEquals(List.of(new TracksModel.Note(60, 0, 1, 1, 100), new TracksModel.Note(36, 0.5, 0.75, 10, 90),
                new TracksModel.Note(64, 2, 3, 1, 80)), n);
    }
}
