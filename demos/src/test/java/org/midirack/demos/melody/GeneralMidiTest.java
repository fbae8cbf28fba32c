package org.midirack.demos.melody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GeneralMidiTest {

    @Test
    void namesMatchLoosely() {
        assertEquals(0, GeneralMidi.instrument("Acoustic Grand Piano"));
        assertEquals(0, GeneralMidi.instrument("acoustic_grand_piano"));
        assertEquals(33, GeneralMidi.instrument("Electric Bass (finger)"));
        assertEquals(33, GeneralMidi.instrument("electric-bass-finger"));
        assertEquals(87, GeneralMidi.instrument("lead 8 (bass + lead)"));
        assertEquals(127, GeneralMidi.instrument("\"Gunshot\""));
    }

    @Test
    void numbersCountFromOneAsInTheGmList() {
        assertEquals(0, GeneralMidi.instrument("1"));
        assertEquals(40, GeneralMidi.instrument("41"));
        assertEquals("Violin", GeneralMidi.programName(40));
        assertEquals(127, GeneralMidi.instrument("128"));
        assertEquals("instrument number 0 is out of range 1-128",
            assertThrows(IllegalArgumentException.class, () -> GeneralMidi.instrument("0")).getMessage());
    }

    @Test
    void everyProgramNameResolvesToItsNumber() {
        for (int p = 0; p < 128; p++) {
            assertEquals(p, GeneralMidi.instrument(GeneralMidi.programName(p)), GeneralMidi.programName(p));
        }
    }

    @Test
    void aliasesAndDrums() {
        assertEquals(0, GeneralMidi.instrument("piano"));
        assertEquals(33, GeneralMidi.instrument("bass"));
        assertEquals(48, GeneralMidi.instrument("strings"));
        assertEquals(GeneralMidi.DRUMS, GeneralMidi.instrument("drums"));
        assertEquals(36, GeneralMidi.drumKey("kick"));
        assertEquals(38, GeneralMidi.drumKey("snare"));
        assertEquals(42, GeneralMidi.drumKey("hihat"));
        assertEquals(46, GeneralMidi.drumKey("Open Hi-Hat"));
        assertEquals(81, GeneralMidi.drumKey("open triangle"));
        assertEquals(-1, GeneralMidi.drumKey("piano"));
        assertEquals(-1, GeneralMidi.program("kick"));
    }

    @Test
    void suggestsTheClosestNameForTypos() {
        assertEquals("unknown instrument 'violn' (did you mean 'violin'?)",
            assertThrows(IllegalArgumentException.class, () -> GeneralMidi.instrument("violn")).getMessage());
        assertEquals("unknown instrument 'trumpett' (did you mean 'trumpet'?)",
            assertThrows(IllegalArgumentException.class, () -> GeneralMidi.instrument("trumpett")).getMessage());
    }
}
