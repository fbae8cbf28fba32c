package org.midirack.effects;

import org.midirack.core.Node;
import java.util.Set;
import org.midirack.core.testkit.NodeContractTest;

class MidiVelocityCurveContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new MidiVelocityCurve();
    }

    /** A note-on after the change gets the new velocity. */
    @Override
    protected Set<String> sampleAccurateParametersOnNotes() {
        return Set.of("curve", "min", "max");
    }
}
