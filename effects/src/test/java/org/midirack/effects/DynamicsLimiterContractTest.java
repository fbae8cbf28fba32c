package org.midirack.effects;

import java.util.Set;
import org.midirack.core.Node;
import org.midirack.core.testkit.NodeContractTest;

class DynamicsLimiterContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new DynamicsLimiter();
    }

    /** The ceiling acts on the output at once. The gain acts on the input, so it shows a lookahead later (not named). */
    @Override
    protected Set<String> sampleAccurateParameters() {
        return Set.of("ceiling");
    }

    /** The same with a note-on on the change's frame. */
    @Override
    protected Set<String> sampleAccurateParametersOnNotes() {
        return Set.of("ceiling");
    }
}
