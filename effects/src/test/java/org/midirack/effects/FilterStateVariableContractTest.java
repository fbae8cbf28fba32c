package org.midirack.effects;

import org.midirack.core.Node;
import java.util.Set;
import org.midirack.core.testkit.NodeContractTest;

class FilterStateVariableContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new FilterStateVariable();
    }

    /** Coefficients are recomputed on the frame of a change (the envelope is sounding, the last note is not 60). */
    @Override
    protected Set<String> sampleAccurateParameters() {
        return Set.of("mode", "cutoff", "q", "keyTrack", "envAmount");
    }

    /** The same with a note-on on the change's frame. */
    @Override
    protected Set<String> sampleAccurateParametersOnNotes() {
        return Set.of("mode", "cutoff", "q", "keyTrack", "envAmount");
    }
}
