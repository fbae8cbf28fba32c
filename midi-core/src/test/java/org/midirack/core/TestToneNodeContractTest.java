package org.midirack.core;

import org.midirack.core.testkit.NodeContractTest;

/** Runs the contract kit on the core's own test instrument: the kit tests itself. */
class TestToneNodeContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new TestToneNode();
    }
}
