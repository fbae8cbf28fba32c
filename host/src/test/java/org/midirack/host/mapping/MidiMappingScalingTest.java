package org.midirack.host.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.midirack.host.mapping.MappingFixture.BEND_RANGE;
import static org.midirack.host.mapping.MappingFixture.CUTOFF;
import static org.midirack.host.mapping.MappingFixture.GAIN;
import static org.midirack.host.mapping.MappingFixture.MODE;
import static org.midirack.host.mapping.MappingFixture.WAVE;

import org.junit.jupiter.api.Test;

/** Source values scaled onto parameter ranges, through the table's input path. */
class MidiMappingScalingTest {
    private final MappingFixture.Changes sink = new MappingFixture.Changes();
    private final MidiMappingTable table = new MidiMappingTable(MappingFixture.RESOLVER, sink);

    private float cc(int ch, int cc, int value) {
        assertTrue(table.handle(17, 0xB0 | ch, cc, value), "consumed");
        return sink.last();
    }

    @Test
    void controllerSweepsTheWholeRangeAtTheEventsOffset() {
        table.put(MidiMapping.of(MidiMappingSource.cc(7), 0, "gain"));
        assertEquals(-60f, cc(0, 7, 0));
        assertEquals(12f, cc(0, 7, 127));
        assertEquals(-23.716536f, cc(0, 7, 64));
        assertEquals("node 0 @17 #" + GAIN + " = -23.716536", sink.lastChange());
        assertEquals(3, table.mapped());
    }

    @Test
    void pitchBendIsFourteenBitWithItsCentreOnTheMiddleOfTheRange() {
        table.put(MidiMapping.of(MidiMappingSource.bend(), 0, "gain"));
        int[][] bends = {{0, 0}, {0, 0x40}, {0x7F, 0x7F}, {0, 0x20}, {0, 0x60}};
        float[] expected = {-60f, -24f, 12f, -42f, -5.9978023f};
        for (int i = 0; i < bends.length; i++) {
            assertTrue(table.handle(3, 0xE5, bends[i][0], bends[i][1]));
            assertEquals(expected[i], sink.last(), "bend " + (bends[i][0] | bends[i][1] << 7));
        }
    }

    @Test
    void channelPressureAndPolyPressureDriveTheirParameters() {
        table.put(MidiMapping.of(MidiMappingSource.channelPressure().onChannel(3), 1, "cutoff"));
        table.put(MidiMapping.of(MidiMappingSource.polyPressure(60), 0, "gain"));
        assertTrue(table.handle(0, 0xD3, 127, 0));
        assertEquals(20000f, sink.last());
        assertFalse(table.handle(0, 0xD4, 127, 0), "other channel");
        assertTrue(table.handle(0, 0xA0, 60, 0));
        assertEquals(-60f, sink.last());
        assertFalse(table.handle(0, 0xA0, 61, 127), "other key");
        table.put(MidiMapping.of(MidiMappingSource.polyPressure(), 0, "sustain"));
        assertTrue(table.handle(0, 0xA9, 61, 127), "any key, any channel");
        assertEquals(1f, sink.last());
        assertEquals(3, sink.count);
    }

    @Test
    void choiceParametersSplitTheTravelIntoEqualParts() {
        table.put(MidiMapping.of(MidiMappingSource.cc(20), 0, "wave"));
        table.put(MidiMapping.of(MidiMappingSource.cc(21), 1, "mode"));
        assertEquals(0f, cc(0, 20, 63));
        assertEquals(1f, cc(0, 20, 64));
        int[] cc = {0, 42, 43, 84, 85, 127};
        float[] mode = {0, 0, 1, 1, 2, 2};
        for (int i = 0; i < cc.length; i++) {
            assertEquals(mode[i], cc(0, 21, cc[i]), "CC value " + cc[i]);
            assertEquals(MODE, sink.index[(sink.count - 1) & 4095]);
        }
    }

    @Test
    void integerParametersGetOneEqualPartPerStep() {
        table.put(MidiMapping.of(MidiMappingSource.cc(1), 0, "bendRange"));
        int[] cc = {0, 2, 3, 64, 126, 127};
        float[] semis = {0, 0, 1, 24, 48, 48}; // floor(v / 127 * 49)
        for (int i = 0; i < cc.length; i++) {
            assertEquals(semis[i], cc(0, 1, cc[i]), "CC value " + cc[i]);
        }
        assertEquals(BEND_RANGE, sink.index[(sink.count - 1) & 4095]);
    }

    @Test
    void inversionAndSubRangesSweepWhereTheyAreTold() {
        table.put(MidiMapping.of(MidiMappingSource.cc(74), 1, "cutoff").withInverted(true));
        assertEquals(20000f, cc(0, 74, 0));
        assertEquals(20f, cc(0, 74, 127));
        assertEquals(4267.7163f, cc(0, 74, 100));
        table.put(MidiMapping.of(MidiMappingSource.cc(75), 1, "cutoff").withRange(200, 8000));
        assertEquals(200f, cc(0, 75, 0));
        assertEquals(8000f, cc(0, 75, 127));
        assertEquals(6341.7324f, cc(0, 75, 100));
        table.put(MidiMapping.of(MidiMappingSource.cc(76), 0, "bendRange").withRange(12, 24).withInverted(true));
        assertEquals(24f, cc(0, 76, 0));
        assertEquals(12f, cc(0, 76, 127));
        assertEquals(18f, cc(0, 76, 63)); // 24 - floor(64 / 127 * 13)
        assertEquals(CUTOFF, sink.index[0]);
    }

    @Test
    void channelModeMessagesNotesAndOtherChannelsPassUntouched() {
        table.put(MidiMapping.of(MidiMappingSource.cc(74).onChannel(1), 1, "cutoff"));
        table.put(MidiMapping.of(MidiMappingSource.channelPressure(), 1, "cutoff").withPassThrough(true));
        assertFalse(table.handle(0, 0xB0, 74, 10), "channel 1 mapping, message on channel 0");
        assertTrue(table.handle(0, 0xB1, 74, 10));
        assertFalse(table.handle(0, 0xB1, 123, 0), "All Notes Off");
        assertFalse(table.handle(0, 0xB1, 120, 0), "All Sound Off");
        assertFalse(table.handle(0, 0x91, 74, 100), "note on");
        assertFalse(table.handle(0, 0x81, 74, 0), "note off");
        assertFalse(table.handle(0, 0xC1, 74, 0), "program change");
        assertFalse(table.handle(0, 0xF8, 0, 0), "clock");
        assertFalse(table.handle(0, 0xD1, 64, 0), "pressure is mapped, but passed on");
        assertEquals(2, sink.count);
    }

    @Test
    void oneControllerDrivesEveryParameterMappedToIt() {
        table.put(MidiMapping.of(MidiMappingSource.cc(16), 0, "gain"));
        table.put(MidiMapping.of(MidiMappingSource.cc(16).onChannel(0), 1, "cutoff").withPassThrough(true));
        assertTrue(table.handle(9, 0xB0, 16, 127), "consumed by the first, though the second passes it on");
        assertEquals(2, sink.count);
        assertEquals(12f, sink.value[0]);
        assertEquals(20000f, sink.value[1]);
        assertEquals(9, sink.offset[1]);
        assertFalse(table.handle(9, 0xB0, 17, 127));
    }

    @Test
    void refusedChangesAreCounted() {
        table.put(MidiMapping.of(MidiMappingSource.cc(16), 0, "gain"));
        sink.accept = false;
        assertTrue(table.handle(0, 0xB0, 16, 1));
        assertEquals(0, table.mapped());
        assertEquals(1, table.refused());
    }
}
