package org.midirack.instruments;

import org.midirack.core.Node;
import java.util.Set;
import org.midirack.core.testkit.NodeContractTest;
import org.midirack.instruments.gervill.GervillSettings;
import org.midirack.instruments.gervill.RawGervill;

class InstrumentGervillContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new InstrumentGervill();
    }

    private static long gervillOwnBytesPerCall = -1;

    /**
     * Gervill's own allocation, measured: raw Gervill (no midirack code) fed the kit's allocation scene at
     * the node's latency, its worst window in bytes per call (about 216 bytes per sounding voice per 32-frame
     * block, plus its receiver's copy of each timestamped message). Measured in a C1-only JVM, where all of
     * Gervill's allocation is real: C2's escape analysis can only remove some of it, so the figure bounds
     * Gervill's share in the node. InstrumentGervillAllocationTest compares the two exactly, under C1.
     */
    @Override
    protected long allowedBytesPerProcessCall() {
        if (gervillOwnBytesPerCall < 0) {
            gervillOwnBytesPerCall = RawGervill.worstBytesPerCallWithoutEscapeAnalysis(48000, GervillSettings.DEFAULT_BLOCK_FRAMES,
                    new InstrumentGervill().latencyFrames(), allocationSceneMidi(), ALLOCATION_CYCLE,
                    ALLOCATION_WARMUP_CALLS, ALLOCATION_WINDOW_CALLS, ALLOCATION_SCENE_WINDOWS - 1);
            System.out.println("raw Gervill's own allocation for the kit's scene: " + gervillOwnBytesPerCall
                    + " bytes per process call");
        }
        return gervillOwnBytesPerCall;
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
