package org.midirack.core;

import java.util.Set;
import org.midirack.core.testkit.NodeContractTest;

/** Runs the contract kit on the core's own test effect. */
class TestGainEffectContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new TestGainEffect();
    }

    /** Its ramp starts on the change's frame. */
    @Override
    protected Set<String> sampleAccurateParameters() {
        return Set.of("gain");
    }
}
