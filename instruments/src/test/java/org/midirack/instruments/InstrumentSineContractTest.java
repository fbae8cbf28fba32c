package org.midirack.instruments;

import org.midirack.core.Node;
import org.midirack.core.testkit.NodeContractTest;

class InstrumentSineContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new InstrumentSine();
    }
}
