package org.midirack.effects;

import org.midirack.core.Node;
import java.util.Set;
import org.midirack.core.testkit.NodeContractTest;

class GateRhythmicContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new GateRhythmic();
    }

    /** At the change the gate is open in the scene (step 2, first half), so an empty pattern starts closing it on that frame. */
    @Override
    protected Set<String> sampleAccurateParameters() {
        return Set.of("pattern");
    }

    /** The same with a note-on on the change's frame. */
    @Override
    protected Set<String> sampleAccurateParametersOnNotes() {
        return Set.of("pattern");
    }
}
