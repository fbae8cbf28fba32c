package org.midirack.demos.melody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MelodyPitchTest {

    @Test
    void middleCIsSixtyAndOctavesAreTwelveApart() {
        assertEquals(60, MelodyPitch.key("C4"));
        assertEquals(72, MelodyPitch.key("C5"));
        assertEquals(0, MelodyPitch.key("C-1"));
        assertEquals(127, MelodyPitch.key("G9"));
        assertEquals(21, MelodyPitch.key("A0"));
        assertEquals(69, MelodyPitch.key("a4"));
    }

    @Test
    void accidentalsShiftBySemitones() {
        assertEquals(61, MelodyPitch.key("C#4"));
        assertEquals(62, MelodyPitch.key("C##4"));
        assertEquals(59, MelodyPitch.key("Cb4"));
        assertEquals(58, MelodyPitch.key("Cbb4"));
        assertEquals(70, MelodyPitch.key("Bb4"));
        assertEquals(70, MelodyPitch.key("bb4"));
    }

    @Test
    void namesKeysWithSharps() {
        assertEquals("C4", MelodyPitch.name(60));
        assertEquals("C#4", MelodyPitch.name(61));
        assertEquals("C-1", MelodyPitch.name(0));
        assertEquals("G9", MelodyPitch.name(127));
        for (int k = 0; k < 128; k++) {
            assertEquals(k, MelodyPitch.key(MelodyPitch.name(k)));
        }
    }

    @Test
    void rejectsWhatIsNotANote() {
        assertEquals("unknown note name 'H'", assertThrows(IllegalArgumentException.class,
            () -> MelodyPitch.key("H4")).getMessage());
        assertEquals("note 'C#' needs an octave, e.g. C#4", assertThrows(IllegalArgumentException.class,
            () -> MelodyPitch.key("C#")).getMessage());
        assertEquals("note Cb-1 is outside the MIDI range C-1 to G9", assertThrows(IllegalArgumentException.class,
            () -> MelodyPitch.key("Cb-1")).getMessage());
        assertEquals("octave of 'C100' is out of range -1 to 9", assertThrows(IllegalArgumentException.class,
            () -> MelodyPitch.key("C100")).getMessage());
        assertEquals("unknown note or drum name 'C#b4'", assertThrows(IllegalArgumentException.class,
            () -> MelodyPitch.key("C#b4")).getMessage());
        assertEquals("unknown note or drum name 'BB4'", assertThrows(IllegalArgumentException.class,
            () -> MelodyPitch.key("BB4")).getMessage());
    }
}
