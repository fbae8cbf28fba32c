package org.midirack.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import org.junit.jupiter.api.Test;

class MidiMessagesTest {

    @Test
    void packsAndConvertsToAndFromShortMessage() throws Exception {
        ShortMessage m = new ShortMessage(ShortMessage.NOTE_ON, 3, 61, 99);
        int p = MidiMessages.fromMessage(m);
        assertEquals(0x93, MidiMessages.status(p));
        assertEquals(61, MidiMessages.data1(p));
        assertEquals(99, MidiMessages.data2(p));
        ShortMessage back = MidiMessages.toShortMessage(p);
        assertEquals(m.getStatus(), back.getStatus());
        assertEquals(61, back.getData1());
        assertEquals(99, back.getData2());
        assertEquals(0xC5, MidiMessages.toShortMessage(MidiMessages.check(0xC5, 12, 0)).getStatus());
        assertEquals(0xF8, MidiMessages.toShortMessage(MidiMessages.check(0xF8, 0, 0)).getStatus());
    }

    @Test
    void rejectsBadBytesWithMessagesThatSayWhatWasWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MidiMessages.check(0x45, 0, 0));
        assertTrue(e.getMessage().contains("0x45") && e.getMessage().contains("not a status"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MidiMessages.check(0x90, 200, 0));
        assertTrue(e.getMessage().contains("data1 200"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MidiMessages.check(0x90, 60, 128));
        assertTrue(e.getMessage().contains("data2 128"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MidiMessages.check(0xF0, 0, 0));
        assertTrue(e.getMessage().contains("system-exclusive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MidiMessages.fromMessage(new SysexMessage(new byte[] {(byte) 0xF0, 0x7E, (byte) 0xF7}, 3)));
        assertTrue(e.getMessage().contains("system-exclusive"), e.getMessage());
    }

    @Test
    void validityCheckNeverThrows() {
        for (int s = -5; s < 300; s++) {
            MidiMessages.isValid(s, -1, 500);
        }
        assertFalse(MidiMessages.isValid(0x7F, 0, 0));
        assertTrue(MidiMessages.isValid(0xC0, 5, 255), "program change ignores data2");
    }

    @Test
    void velocityZeroNoteOnIsANoteOff() {
        assertTrue(MidiMessages.isNoteOff(0x90, 0));
        assertFalse(MidiMessages.isNoteOn(0x90, 0));
        assertTrue(MidiMessages.isNoteOn(0x9F, 1));
    }
}
