package org.midirack.core;

import org.midirack.core.testkit.NodeContractTest;

/** Runs the contract kit on the core's own test effect. */
class TestGainEffectContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new TestGainEffect();
    }
}
