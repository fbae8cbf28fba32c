package org.midirack.instruments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.midirack.core.Node;
import org.midirack.core.NodeState;
import org.midirack.core.StateFormatException;
import org.midirack.core.hosting.OfflineRenderer;

/**
 * A drum machine state saved before parameter {@code pattern} existed (when the built-in pattern
 * always played) loads through {@link Node#loadState} with the pattern on, as old sessions do; it
 * is not refused. The old state is written here by hand from the documented state format
 * ({@code NodeState}'s javadoc: properties, {@code format}, {@code version}, {@code node},
 * {@code param.ID}), with the parameters the drum machine had then: gain and eight lanes of
 * steps, note and velocity.
 */
class InstrumentDrumMachineOldStateTest {

    /** Lane 1 a kick on every beat (steps 0, 4, 8, 12: bits 1 + 16 + 256 + 4096), the other lanes empty. */
    private static String oldState(String extra) {
        StringBuilder t = new StringBuilder("# midirack node state\nformat=midirack-node-state\nversion=1\n"
                + "node=midirack.drums\nparam.gain=0.0\n");
        for (int lane = 1; lane <= 8; lane++) {
            t.append("param.lane").append(lane).append(".note=").append(lane == 1 ? 36 : 38).append('\n');
            t.append("param.lane").append(lane).append(".steps=").append(lane == 1 ? 4369 : 0).append('\n');
            t.append("param.lane").append(lane).append(".velocity=100\n");
        }
        return t.append(extra).toString();
    }

    /** Hits in two seconds at 120 BPM from beat 0: one bar of sixteen steps. */
    private static long hitsInOneBar(InstrumentDrumMachine m) {
        try (OfflineRenderer r = new OfflineRenderer(m, 48000, 128)) {
            r.tempo(120).play(0);
            r.render(96000, 128);
        }
        return m.hitsPlayed();
    }

    @Test
    void aStateSavedBeforeThePatternParameterLoadsWithThePatternOn() {
        InstrumentDrumMachine m = new InstrumentDrumMachine(InstrumentDrumMachineTest.DRY);
        Node node = m;
        node.loadState(NodeState.parse(oldState("")));
        assertEquals(1.0, m.parameters().get(m.parameters().indexOf("pattern")), "pattern on, as it played then");
        assertEquals(4369.0, m.parameters().get(m.parameters().indexOf("lane1.steps")), "the lanes as saved");
        assertEquals(4, hitsInOneBar(m), "the kick on each of the bar's 4 beats, as the old state played");
    }

    @Test
    void aStateThatSaysPatternOffKeepsItOff() {
        InstrumentDrumMachine m = new InstrumentDrumMachine(InstrumentDrumMachineTest.DRY);
        m.loadState(NodeState.parse(oldState("param.pattern=0\n")));
        assertEquals(0.0, m.parameters().get(m.parameters().indexOf("pattern")));
        assertEquals(0, hitsInOneBar(m), "pattern off: silent without input");
    }

    @Test
    void anyOtherMissingParameterIsStillRefusedNamingIt() {
        InstrumentDrumMachine m = new InstrumentDrumMachine(InstrumentDrumMachineTest.DRY);
        String noNote = oldState("").replace("param.lane3.note=38\n", "");
        StateFormatException e = assertThrows(StateFormatException.class, () -> m.loadState(NodeState.parse(noNote)));
        assertTrue(e.getMessage().contains("param.lane3.note"), e.getMessage());
        assertEquals(0.0, m.parameters().get(m.parameters().indexOf("pattern")), "a refused state changes nothing");
    }
}
