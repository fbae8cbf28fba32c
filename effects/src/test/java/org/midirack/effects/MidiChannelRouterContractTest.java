package org.midirack.effects;

import org.midirack.core.Node;
import org.midirack.core.testkit.NodeContractTest;

class MidiChannelRouterContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new MidiChannelRouter();
    }
}
