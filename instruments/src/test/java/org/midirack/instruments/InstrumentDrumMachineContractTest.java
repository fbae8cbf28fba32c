package org.midirack.instruments;

import org.midirack.core.Node;
import org.midirack.core.ParamDescriptor;
import java.util.Set;
import java.util.TreeSet;
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

    /** Lane 3 (the closed hi-hat) plays step 2 at frame 12,000; the other lanes do not. */
    private static final int HIT_LANE = 3;
    /** A sixteenth note at 120 BPM and 48 kHz. */
    private static final long STEP_FRAMES = 6000;

    /**
     * The gain acts on the audio from k + latency (its ramp starts there, with a note sent at k). Every
     * lane's steps (flipping step 2, see {@link #timingChangeValue}) and the hitting lane's note and
     * velocity act on the hit at frame 12,000 when changed at or before it, and on nothing in the scene when
     * changed at offset 127 (after it; the next step is at 18,000).
     */
    @Override
    protected Set<String> sampleAccurateParameters() {
        Set<String> s = new TreeSet<>(Set.of("gain", "lane" + HIT_LANE + ".note", "lane" + HIT_LANE + ".velocity"));
        for (int l = 1; l <= InstrumentDrumMachine.LANES; l++) {
            s.add("lane" + l + ".steps");
        }
        return s;
    }

    /** The same with a note-on (a pad) on the change's frame. */
    @Override
    protected Set<String> sampleAccurateParametersOnNotes() {
        return sampleAccurateParameters();
    }

    /** A lane parameter first shows on the first grid step at or after its frame (steps every 6,000 frames from 0). */
    @Override
    protected long timingFirstEffectFrame(ParamDescriptor pd, long changeFrame) {
        if (pd.id().startsWith("lane")) {
            return (changeFrame + STEP_FRAMES - 1) / STEP_FRAMES * STEP_FRAMES;
        }
        return changeFrame;
    }

    /** A pattern change flips step 2 (the kit's default, all 16 steps on, leaves the hi-hat's step 2 as it was). */
    @Override
    protected double timingChangeValue(ParamDescriptor pd) {
        if (pd.id().endsWith(".steps")) {
            return (int) pd.defaultValue() ^ (1 << 2);
        }
        return super.timingChangeValue(pd);
    }
}
