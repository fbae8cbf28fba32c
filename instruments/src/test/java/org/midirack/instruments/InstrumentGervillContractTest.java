package org.midirack.instruments;

import org.midirack.core.Node;
import java.util.Set;
import org.midirack.core.testkit.NodeContractTest;

class InstrumentGervillContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new InstrumentGervill();
    }

    /**
     * Gervill's own allocation: about 216 bytes per sounding voice per 32-frame block (4 blocks per
     * 128-frame call) plus its receiver's copy of each message; the kit's scene holds a few voices.
     * The node's own share is proven zero by GervillEngineAllocationTest and InstrumentGervillTest.
     */
    @Override
    protected long allowedBytesPerProcessCall() {
        return 16384;
    }

    /** The gain acts on the rendered output from its frame (its ramp starts there). */
    @Override
    protected Set<String> sampleAccurateParameters() {
        return Set.of("gain");
    }

    /** The same with a note-on on the change's frame. */
    @Override
    protected Set<String> sampleAccurateParametersOnNotes() {
        return Set.of("gain");
    }
}
