package org.midirack.effects;

import org.midirack.core.Node;
import java.util.Set;
import org.midirack.core.testkit.NodeContractTest;

class DelayTempoSyncContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new DelayTempoSync();
    }

    /** The mix ramp and the read-position glide start on the change's frame (the line already holds signal at frame 12,800). */
    @Override
    protected Set<String> sampleAccurateParameters() {
        return Set.of("time", "mix");
    }

    /** The same with a note-on on the change's frame. */
    @Override
    protected Set<String> sampleAccurateParametersOnNotes() {
        return Set.of("time", "mix");
    }
}
