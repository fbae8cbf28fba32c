package org.midirack.instruments;

import org.midirack.core.Node;
import java.util.Set;
import org.midirack.core.testkit.NodeContractTest;

class InstrumentSineContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new InstrumentSine();
    }

    /** The reference synth: waveform, gain (its ramp starts on the frame) and bend range act on the sounding notes from their frame. */
    @Override
    protected Set<String> sampleAccurateParameters() {
        return Set.of("wave", "gain", "bendRange");
    }

    /** ... and the attack time on a note starting on the change's frame. */
    @Override
    protected Set<String> sampleAccurateParametersOnNotes() {
        return Set.of("wave", "gain", "bendRange", "attack");
    }
}
