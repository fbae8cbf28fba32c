package org.midirack.core;

import java.util.Set;
import org.midirack.core.testkit.NodeContractTest;

/** Runs the contract kit on the core's own test instrument: the kit tests itself. */
class TestToneNodeContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new TestToneNode();
    }

    /** Read per sub-block: acts from its frame. */
    @Override
    protected Set<String> sampleAccurateParameters() {
        return Set.of("gain");
    }

    /** The same with a note-on on the change's frame. */
    @Override
    protected Set<String> sampleAccurateParametersOnNotes() {
        return Set.of("gain");
    }
}
