package org.midirack.instruments;

import java.util.Set;
import org.midirack.core.Node;
import org.midirack.core.testkit.NodeContractTest;

class InstrumentDrumMachineContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new InstrumentDrumMachine();
    }

    /** It plays its pattern whenever the host plays, with or without MIDI input. */
    @Override
    protected boolean soundsWithoutInput() {
        return true;
    }

    /** Gervill's own allocation per sounding drum voice (see InstrumentGervillContractTest). */
    @Override
    protected long allowedBytesPerProcessCall() {
        return 16384;
    }

    /**
     * Cycle 93 (frames 11,904..12,031) holds a hit at frame 12,000 (beat 0.5, step 2: the closed hi-hat),
     * so a pattern change at offset 127 of that cycle must leave that hit alone.
     */
    @Override
    protected int timingChangeCycle() {
        return 93;
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
