package org.midirack.host.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.AllocationMeter;

/** Adding, replacing, rejecting and removing mappings; the input path's allocation. */
class MidiMappingTableTest {
    private final MappingFixture.Changes sink = new MappingFixture.Changes();
    private final MidiMappingTable table = new MidiMappingTable(MappingFixture.RESOLVER, sink);
    private final MidiMapping cutoff = MidiMapping.of(MidiMappingSource.cc(74).onChannel(0), 1, "cutoff");
    private final MidiMapping gain = MidiMapping.of(MidiMappingSource.bend(), 0, "gain").withRange(-12, 0);

    @Test
    void aMappingOfTheSameSourceAndTargetReplacesTheOldOne() {
        assertNull(table.put(cutoff));
        assertNull(table.put(gain));
        MidiMapping narrower = cutoff.withRange(100, 200);
        assertEquals(cutoff, table.put(narrower));
        assertEquals(List.of(narrower, gain), table.mappings());
        MidiMapping otherTarget = MidiMapping.of(cutoff.source(), 0, "gain");
        assertNull(table.put(otherTarget));
        assertEquals(List.of(narrower, gain, otherTarget), table.mappings());
    }

    @Test
    void badMappingsAreRejectedNamingTheProblemAndTheTableStaysAsItWas() {
        table.put(cutoff);
        table.put(gain);
        List<MidiMapping> before = table.mappings();
        String[][] cases = {
            {"node 7", "there is no node 7"},
            {"param", "node 1 has no parameter 'resonance' (it has: mode, cutoff, locked)"},
            {"locked", "parameter 'locked' of node 1 cannot be automated, so it cannot be mapped"},
            {"range", "range 10..30000 is outside parameter 'cutoff' (20..20000 Hz)"},
            {"step", "range 12.2..12.4 holds a single step of parameter 'bendRange'"},
        };
        List<MidiMapping> bad = List.of(
                MidiMapping.of(MidiMappingSource.cc(1), 7, "gain"),
                MidiMapping.of(MidiMappingSource.cc(1), 1, "resonance"),
                MidiMapping.of(MidiMappingSource.cc(1), 1, "locked"),
                MidiMapping.of(MidiMappingSource.cc(1), 1, "cutoff").withRange(10, 30000),
                MidiMapping.of(MidiMappingSource.cc(1), 0, "bendRange").withRange(12.2, 12.4));
        for (int i = 0; i < bad.size(); i++) {
            MidiMapping m = bad.get(i);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.put(m), cases[i][0]);
            assertEquals("mapping " + m + ": " + cases[i][1], e.getMessage());
            assertEquals(before, table.mappings());
        }
        List<MidiMapping> batch = new ArrayList<>(List.of(cutoff.withRange(30, 40), bad.get(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.replaceAll(batch));
        assertTrue(e.getMessage().startsWith("mapping 1 (cc 1 -> node 1 resonance): node 1 has no parameter"), e.getMessage());
        batch.set(1, cutoff.withRange(50, 60));
        e = assertThrows(IllegalArgumentException.class, () -> table.replaceAll(batch));
        assertEquals("mapping 1 (cc 74 ch 1 -> node 1 cutoff 50..60) has the same source and target as mapping 0", e.getMessage());
        assertEquals(before, table.mappings());
    }

    @Test
    void valuesThatCannotFormAMappingOrASourceAreRefused() {
        assertEquals("CC 120 is a channel mode message (120 All Sound Off, 121 Reset All Controllers, 122 Local Control,"
                        + " 123 All Notes Off, 124-127 Omni/Mono/Poly) and cannot be mapped; use CC 0..119",
                assertThrows(IllegalArgumentException.class, () -> MidiMappingSource.cc(120)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> MidiMappingSource.cc(128));
        assertThrows(IllegalArgumentException.class, () -> MidiMappingSource.bend().onChannel(16));
        assertThrows(IllegalArgumentException.class, () -> MidiMappingSource.polyPressure(128));
        assertEquals("mapping range 5.0..5.0 must be two finite numbers with low < high (invert with inverted),"
                        + " or NaN..NaN for the whole range",
                assertThrows(IllegalArgumentException.class, () -> cutoff.withRange(5, 5)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> cutoff.withRange(Double.NaN, 5));
        assertThrows(IllegalArgumentException.class, () -> MidiMapping.of(MidiMappingSource.bend(), -1, "gain"));
    }

    @Test
    void removalsTakeWhatTheyNameOnly() {
        MidiMapping pressure = MidiMapping.of(MidiMappingSource.channelPressure(), 1, "cutoff");
        MidiMapping wave = MidiMapping.of(MidiMappingSource.cc(74).onChannel(0), 0, "wave");
        table.replaceAll(List.of(cutoff, gain, pressure, wave));
        assertEquals(false, table.remove(cutoff.withRange(30, 40)));
        assertEquals(true, table.remove(gain));
        assertEquals(List.of(cutoff, pressure, wave), table.mappings());
        assertEquals(2, table.removeSource(cutoff.source()));
        assertEquals(List.of(pressure), table.mappings());
        table.put(gain);
        assertEquals(1, table.removeTarget(1, "cutoff"));
        assertEquals(1, table.removeNode(0));
        assertEquals(0, table.clear());
        assertEquals(List.of(), table.mappings());
    }

    @Test
    void theInputPathAllocatesNothing() {
        table.put(cutoff);
        table.put(gain);
        table.put(MidiMapping.of(MidiMappingSource.polyPressure(), 0, "bendRange"));
        table.put(MidiMapping.of(MidiMappingSource.cc(1), 1, "mode").withPassThrough(true));
        Runnable burst = () -> {
            for (int i = 0; i < 1000; i++) {
                table.handle(i & 127, 0xB0, 74, i & 127);
                table.handle(i & 127, 0xE3, i & 127, 64);
                table.handle(i & 127, 0xA0, 60, i & 127);
                table.handle(i & 127, 0xB5, 1, i & 127);
                table.handle(i & 127, 0x90, 60, 100);
                table.handle(i & 127, 0xB0, 123, 0);
            }
        };
        for (int i = 0; i < 20; i++) {
            burst.run(); // JIT
        }
        assertEquals(0, AllocationMeter.measureSteadyState(burst, 5), "bytes allocated by 6000 messages");
        assertEquals(0, table.mapped() % 4000, "four mapped messages in each group of six");
        assertTrue(table.mapped() >= 21 * 4000, "every mapped message offered its change: " + table.mapped());
        assertEquals(0, table.refused());
    }
}
