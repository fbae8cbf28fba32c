package org.midirack.effects;

import org.midirack.core.Node;
import java.util.Set;
import org.midirack.core.testkit.NodeContractTest;

class MidiTransposeContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new MidiTranspose();
    }

    /** A note-on after the change is mapped with it (the probe note 61 is off the C major scale). */
    @Override
    protected Set<String> sampleAccurateParametersOnNotes() {
        return Set.of("semitones", "quantize");
    }
}
