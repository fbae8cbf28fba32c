package org.midirack.host.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MidiMappingSourceTest {

    @Test
    void textFormUsesChannelsAsPeopleCountThem() {
        assertEquals("cc 74 ch 1", MidiMappingSource.cc(74).onChannel(0).toString());
        assertEquals("bend", MidiMappingSource.bend().toString());
        assertEquals("pressure ch 16", MidiMappingSource.channelPressure().onChannel(15).toString());
        assertEquals("polypressure key 60 ch 2", MidiMappingSource.polyPressure(60).onChannel(1).toString());
        assertEquals(MidiMappingSource.polyPressure(60).onChannel(1), MidiMappingSource.parse("  PolyPressure ch 2  key 60"));
    }

    @Test
    void unreadableTextIsRefusedNamingThePart() {
        String[][] cases = {
            {"", "mapping source is empty; expected cc N [ch C], bend, pressure or polypressure"},
            {"knob 3", "unknown mapping source 'knob' in 'knob 3'; expected cc N [ch C], bend, pressure or polypressure"},
            {"cc", "'cc': cc needs a controller number 0..119"},
            {"cc x", "'cc x': controller number 'x' is not a number"},
            {"cc 7 ch 0", "'cc 7 ch 0': channel 0 is not 1..16"},
            {"cc 7 ch", "'cc 7 ch': 'ch' needs a value"},
            {"bend key 3", "'bend key 3': unexpected 'key'"},
            {"cc 7 ch 1 ch 2", "'cc 7 ch 1 ch 2': unexpected 'ch'"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], assertThrows(IllegalArgumentException.class, () -> MidiMappingSource.parse(c[0])).getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MidiMappingSource.parse("cc 123"))
                .getMessage().startsWith("CC 123 is a channel mode message"));
    }

    @Test
    void theSourceOfAMessageIsWhatLearningBinds() {
        assertEquals(MidiMappingSource.cc(1).onChannel(4), MidiMappingSource.of(0xB4, 1));
        assertEquals(MidiMappingSource.bend().onChannel(0), MidiMappingSource.of(0xE0, 5));
        assertEquals(MidiMappingSource.channelPressure().onChannel(9), MidiMappingSource.of(0xD9, 5));
        assertEquals(MidiMappingSource.polyPressure().onChannel(9), MidiMappingSource.of(0xA9, 60));
        assertNull(MidiMappingSource.of(0x90, 60));
        assertNull(MidiMappingSource.of(0xB0, 121));
        assertNull(MidiMappingSource.of(0xF8, 0));
    }

    @Test
    void overlappingSourcesAreThoseOneMessageTriggersBoth() {
        assertTrue(MidiMappingSource.cc(7).overlaps(MidiMappingSource.cc(7).onChannel(3)));
        assertFalse(MidiMappingSource.cc(7).onChannel(2).overlaps(MidiMappingSource.cc(7).onChannel(3)));
        assertFalse(MidiMappingSource.cc(7).overlaps(MidiMappingSource.cc(8)));
        assertTrue(MidiMappingSource.polyPressure().overlaps(MidiMappingSource.polyPressure(3)));
        assertFalse(MidiMappingSource.bend().overlaps(MidiMappingSource.channelPressure()));
    }
}
