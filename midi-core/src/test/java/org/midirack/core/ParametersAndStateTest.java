package org.midirack.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParametersAndStateTest {
    private final Parameters p = new Parameters(List.of(
            ParamDescriptor.continuous("gain", "Gain", 0, 2, 1, ""),
            ParamDescriptor.choice("wave", "Waveform", 0, "sine", "saw"),
            ParamDescriptor.integer("octave", "Octave", -2, 2, 0, "oct")));

    @Test
    void clampsRejectsAndCountsBadValues() {
        assertFalse(p.set(0, Double.NaN));
        assertFalse(p.set(0, Double.POSITIVE_INFINITY));
        assertFalse(p.set(7, 1));
        assertEquals(3, p.rejected());
        assertTrue(p.set(0, 5));
        assertEquals(1, p.clamped());
        assertEquals(2.0, p.get(0));
        assertTrue(p.set(2, 0.6));
        assertEquals(1.0, p.get(2), "integer parameters snap to steps");
        assertTrue(p.set(1, 0.7));
        assertEquals(1.0, p.get(1), "choices snap to steps");
        assertEquals(1, p.clamped(), "snapping an in-range value to its step is not clamping");
        assertTrue(p.set(2, -2.5));
        assertEquals(-2.0, p.get(2));
        assertEquals(2, p.clamped());
        assertEquals(-2.0, p.applyFromTimeline(2, -7));
        assertEquals(1.0, p.applyFromTimeline(2, 1.4));
        assertEquals(3, p.clamped(), "the timeline counts the same way");
    }

    @Test
    void renderThreadSeesChangesAtTheNextCycle() {
        p.set(0, 0.25);
        assertEquals(1.0, p.value(0), "not before the cycle boundary");
        double[] seen = new double[1];
        p.applyPending((i, v) -> seen[0] = v);
        assertEquals(0.25, p.value(0));
        assertEquals(0.25, seen[0]);
    }

    @Test
    void timelineChangesClampAndRejectToo() {
        assertEquals(2.0, p.applyFromTimeline(0, 9));
        assertTrue(Double.isNaN(p.applyFromTimeline(0, Double.NaN)));
        assertEquals(2.0, p.value(0), "a rejected value never reaches the DSP");
    }

    @Test
    void descriptorsRefuseNonsenseWithClearMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParamDescriptor.continuous("x", "X", 1, 0, 0.5, ""));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ParamDescriptor.continuous("9x", "X", 0, 1, 0, ""));
        assertTrue(e.getMessage().contains("9x"), e.getMessage());
    }

    @Test
    void stateDocumentIsReadableSortedAndRoundTrips() {
        NodeState s = new NodeState("midirack.test").putParam("gain", 0.5).putData("pattern", "x..x = tricky: #!\n\\ é");
        String text = s.toText();
        assertTrue(text.startsWith("# midirack node state\nformat=midirack-node-state\nversion=1\nnode=midirack.test\n"), text);
        assertEquals(s, NodeState.parse(text));
        assertEquals("x..x = tricky: #!\n\\ é", NodeState.parse(text).data("pattern"));
    }

    @Test
    void stateErrorsNameWhatIsWrong() {
        StateFormatException e = assertThrows(StateFormatException.class, () -> NodeState.parse("hello"));
        assertTrue(e.getMessage().contains("format"), e.getMessage());
        e = assertThrows(StateFormatException.class,
                () -> NodeState.parse("format=midirack-node-state\nversion=2\nnode=x"));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        e = assertThrows(StateFormatException.class,
                () -> NodeState.parse("format=midirack-node-state\nversion=1\nnode=x\nparam.a=zz").requireParam("a"));
        assertTrue(e.getMessage().contains("param.a"), e.getMessage());
        e = assertThrows(StateFormatException.class,
                () -> NodeState.parse("format=midirack-node-state\nversion=1\nnode=x").requireParam("gain"));
        assertTrue(e.getMessage().contains("missing field param.gain"), e.getMessage());
        e = assertThrows(StateFormatException.class,
                () -> NodeState.parse("format=midirack-node-state\nversion=1\nnode=x\nparam.a=\\uZZZZ"));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }
}
