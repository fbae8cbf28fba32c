package org.midirack.effects;

import org.midirack.core.Node;
import java.util.Set;
import org.midirack.core.testkit.NodeContractTest;

class MidiKeyRangeFilterContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new MidiKeyRangeFilter();
    }

    /** A note-on after the change is filtered with the new range. */
    @Override
    protected Set<String> sampleAccurateParametersOnNotes() {
        return Set.of("lowKey", "highKey", "lowVelocity", "highVelocity");
    }
}
