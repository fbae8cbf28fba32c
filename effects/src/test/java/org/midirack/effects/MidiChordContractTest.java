package org.midirack.effects;

import org.midirack.core.Node;
import java.util.Set;
import org.midirack.core.testkit.NodeContractTest;

class MidiChordContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new MidiChord();
    }

    /** A note-on after the change gets the new chord. */
    @Override
    protected Set<String> sampleAccurateParametersOnNotes() {
        return Set.of("mode", "interval1", "interval2", "interval3", "interval4");
    }
}
