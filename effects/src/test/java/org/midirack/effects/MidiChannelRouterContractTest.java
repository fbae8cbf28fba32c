package org.midirack.effects;

import org.midirack.core.Node;
import java.util.Set;
import org.midirack.core.testkit.NodeContractTest;

class MidiChannelRouterContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new MidiChannelRouter();
    }

    /** A note-on after the change goes to the new channel (with the default split every key is in the high zone). */
    @Override
    protected Set<String> sampleAccurateParametersOnNotes() {
        return Set.of("highChannel");
    }
}
