package org.midirack.host.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.AllocationMeter;

/** Learn mode: the next controller binds, notes never do. */
class MidiMappingLearnTest {
    private final MappingFixture.Changes sink = new MappingFixture.Changes();
    private final MidiMappingTable table = new MidiMappingTable(MappingFixture.RESOLVER, sink);
    private final List<MidiMapping> told = new ArrayList<>();

    @Test
    void learnBindsTheNextControllerOnlyAndMovesTheParameterAtItsOffset() {
        table.learn(1, "cutoff", told::add);
        assertTrue(table.isLearning());
        assertFalse(table.handle(0, 0x92, 60, 100), "a note passes and does not bind");
        assertFalse(table.handle(0, 0x82, 60, 0));
        assertFalse(table.handle(0, 0xB2, 123, 0), "All Notes Off does not bind");
        assertFalse(table.handle(0, 0xC2, 5, 0), "program change does not bind");
        assertNull(table.completeLearn());
        assertTrue(table.handle(33, 0xB2, 71, 127), "the learning event is consumed");
        assertEquals("node 1 @33 #" + MappingFixture.CUTOFF + " = 20000.0", sink.lastChange());
        assertFalse(table.handle(34, 0xB2, 72, 0), "only the first controller is captured; the second passes on");
        assertEquals(1, sink.count);
        MidiMapping learned = table.completeLearn();
        MidiMapping expected = MidiMapping.of(MidiMappingSource.cc(71).onChannel(2), 1, "cutoff");
        assertEquals(expected, learned);
        assertEquals(List.of(expected), told);
        assertEquals(List.of(expected), table.mappings());
        assertFalse(table.isLearning());
        assertEquals(1, table.learned());
        assertFalse(table.handle(0, 0xB2, 72, 0), "learning is over: CC 72 is not mapped");
        assertTrue(table.handle(5, 0xB2, 71, 0));
        assertEquals("node 1 @5 #" + MappingFixture.CUTOFF + " = 20.0", sink.lastChange());
    }

    @Test
    void learningReplacesEveryMappingTheLearnedControllerWouldTrigger() {
        MidiMapping omni = MidiMapping.of(MidiMappingSource.cc(74), 0, "gain");
        MidiMapping sameChannel = MidiMapping.of(MidiMappingSource.cc(74).onChannel(0), 0, "sustain");
        MidiMapping otherChannel = MidiMapping.of(MidiMappingSource.cc(74).onChannel(1), 0, "attack");
        MidiMapping otherCc = MidiMapping.of(MidiMappingSource.cc(75), 0, "decay");
        table.replaceAll(List.of(omni, sameChannel, otherChannel, otherCc));
        table.learn(MidiMapping.of(MidiMappingSource.cc(0), 1, "cutoff").withRange(100, 1000).withInverted(true), null);
        table.handle(0, 0xB0, 74, 0);
        MidiMapping learned = table.completeLearn();
        assertEquals(MidiMapping.of(MidiMappingSource.cc(74).onChannel(0), 1, "cutoff").withRange(100, 1000)
                .withInverted(true), learned);
        assertEquals(List.of(otherChannel, otherCc, learned), table.mappings());
        assertEquals(1000f, sink.last(), "inverted: CC 0 is the top of the range");
    }

    @Test
    void bendAndPressureBindToTheirKindOnTheirChannel() {
        table.learn(0, "gain", told::add);
        table.handle(0, 0xEF, 0, 0x40);
        table.completeLearn();
        table.learn(0, "sustain", told::add);
        table.handle(0, 0xA1, 64, 90);
        table.completeLearn();
        table.learn(0, "bendRange", told::add);
        table.handle(0, 0xD0, 90, 0);
        table.completeLearn();
        assertEquals(List.of("bend ch 16 -> node 0 gain", "polypressure ch 2 -> node 0 sustain",
                "pressure ch 1 -> node 0 bendRange"), told.stream().map(MidiMapping::toString).toList());
        assertEquals(-24f, sink.value[0], "bend centre: the middle of -60..12 dB");
    }

    @Test
    void cancelledLearningBindsNothing() {
        table.learn(0, "gain", told::add);
        assertTrue(table.cancelLearn());
        assertFalse(table.cancelLearn());
        assertFalse(table.handle(0, 0xB0, 1, 1));
        assertNull(table.completeLearn());
        table.learn(0, "gain", told::add);
        table.handle(0, 0xB0, 1, 1);
        assertTrue(table.cancelLearn(), "a capture not yet bound is dropped too");
        assertNull(table.completeLearn());
        assertEquals(List.of(), table.mappings());
        assertEquals(List.of(), told);
    }

    @Test
    void learningATargetThatCannotBeMappedFailsAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.learn(1, "locked", told::add));
        assertEquals("cannot learn node 1 locked: parameter 'locked' of node 1 cannot be automated, so it cannot be mapped",
                e.getMessage());
        assertFalse(table.isLearning());
    }

    @Test
    void awaitLearnBindsWhatAnotherThreadCaptured() throws Exception {
        table.learn(0, "gain", told::add);
        Thread input = new Thread(() -> table.handle(0, 0xB3, 10, 127));
        input.start();
        MidiMapping m = table.awaitLearn(30_000);
        input.join(30_000);
        assertEquals(MidiMapping.of(MidiMappingSource.cc(10).onChannel(3), 0, "gain"), m);
        assertEquals(List.of(m), told);
        table.learn(0, "gain", told::add);
        assertNull(table.awaitLearn(20), "nothing arrives: times out");
        assertTrue(table.cancelLearn());
        assertNull(table.awaitLearn(30_000), "cancelled: returns at once");
    }

    @Test
    void capturingOnTheInputPathAllocatesNothing() {
        java.util.function.LongSupplier batch = () -> { // the worst of 100 captures
            long worst = 0;
            for (int i = 0; i < 100; i++) {
                table.learn(1, "cutoff", null);
                int v = i;
                worst = Math.max(worst, AllocationMeter.measure(() -> table.handle(0, 0xB0, 20, v)));
                assertEquals(MidiMapping.of(MidiMappingSource.cc(20).onChannel(0), 1, "cutoff"), table.completeLearn());
            }
            return worst;
        };
        // run until the JIT has settled: ten batches of 100 captures in a row allocate nothing (at most 40)
        int clean = 0;
        long lastWorst = 0;
        for (int k = 0; k < 40 && clean < 10; k++) {
            lastWorst = batch.getAsLong();
            clean = k > 0 && lastWorst == 0 ? clean + 1 : 0;
        }
        assertEquals(10, clean, "batches of 100 captures in a row allocating nothing (the last batch's worst capture: "
                + lastWorst + " bytes)");
    }
}
