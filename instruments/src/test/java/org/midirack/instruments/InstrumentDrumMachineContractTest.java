package org.midirack.instruments;

import org.midirack.core.Node;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.hosting.OfflineRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.midirack.core.testkit.NodeContractTest;
import org.midirack.instruments.gervill.GervillSettings;
import org.midirack.instruments.gervill.RawGervill;

class InstrumentDrumMachineContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new InstrumentDrumMachine();
    }

    /**
     * A new drum machine has its pattern off: it sounds only for its MIDI input (pads), so the kit's silence
     * checks apply. The pattern's own timing is checked through parameter {@code pattern} below.
     */
    @Override
    protected boolean soundsWithoutInput() {
        return false;
    }

    private static long gervillOwnBytesPerCall = -1;

    /**
     * Gervill's own allocation, measured: raw Gervill (no midirack code) fed what the drum machine sends its
     * Gervill in the kit's allocation scene (its pattern's hits, taken from its MIDI out, and the scene's
     * notes and controllers on channel 10) at the node's latency; its worst window in bytes per call, in a
     * C1-only JVM where all of Gervill's allocation is real (see InstrumentGervillContractTest).
     */
    @Override
    protected long allowedBytesPerProcessCall() {
        if (gervillOwnBytesPerCall < 0) {
            List<long[]> scene = allocationSceneMidi();
            List<long[]> sent = new ArrayList<>();
            InstrumentDrumMachine drums = new InstrumentDrumMachine();
            int latency;
            int calls = ALLOCATION_WARMUP_CALLS + ALLOCATION_SCENE_WINDOWS * ALLOCATION_WINDOW_CALLS; // as the scene
            try (OfflineRenderer r = new OfflineRenderer(drums, 48000, ALLOCATION_CYCLE, 8192)) {
                r.collectMidiOut(100_000);
                for (long[] e : scene) {
                    r.schedule(e[0], (int) e[1], (int) e[2], (int) e[3]);
                }
                r.tempo(120).play(0);
                for (int c = 0; c < calls; c++) {
                    r.renderCycle(ALLOCATION_CYCLE);
                }
                latency = drums.latencyFrames(); // of this activation
                for (int i = 0; i < r.midiOutCount(); i++) {
                    long d = r.midiOutData(i);
                    if (((d >>> 16) & 0xFF) == 0x99) { // a hit: the drum machine plays it on its Gervill
                        sent.add(new long[] {r.midiOutFrame(i), 0x99, (d >>> 8) & 0x7F, d & 0x7F});
                    }
                }
            }
            int hits = sent.size();
            for (long[] e : scene) {
                int st = (int) e[1] & 0xF0;
                if (st == 0x80 || st == 0x90 || st == 0xA0 || st == 0xB0) { // pads and controllers, on channel 10
                    sent.add(new long[] {e[0], st | 9, e[2], e[3]});
                }
            }
            sent.sort((a, b) -> Long.compare(a[0], b[0]));
            gervillOwnBytesPerCall = RawGervill.worstBytesPerCallWithoutEscapeAnalysis(48000, GervillSettings.DEFAULT_BLOCK_FRAMES,
                    latency, sent, ALLOCATION_CYCLE, ALLOCATION_WARMUP_CALLS, ALLOCATION_WINDOW_CALLS,
                    ALLOCATION_SCENE_WINDOWS - 1);
            System.out.println("raw Gervill's own allocation for the drum machine's " + hits + " hits and the kit's "
                    + "scene: " + gervillOwnBytesPerCall + " bytes per process call");
        }
        return gervillOwnBytesPerCall;
    }

    /**
     * Cycle 93 (frames 11,904..12,031) holds a hit at frame 12,000 (beat 0.5, step 2: the closed hi-hat),
     * so a pattern change at offset 127 of that cycle must leave that hit alone.
     */
    @Override
    protected int timingChangeCycle() {
        return 93;
    }

    /** A sixteenth note at 120 BPM and 48 kHz. */
    private static final long STEP_FRAMES = 6000;

    /**
     * The gain acts on the audio from k + latency (its ramp starts there, with a note sent at k). With the
     * pattern off (a new machine) the lanes' parameters change nothing (the kit still checks they never act
     * early); turning {@code pattern} on plays the default pattern's hit at frame 12,000 (lane 3, the closed
     * hi-hat, step 2) when changed at or before it, and nothing in the scene when changed at offset 127 (after
     * it; the next step is at 18,000).
     */
    @Override
    protected Set<String> sampleAccurateParameters() {
        return new TreeSet<>(Set.of("gain", "pattern"));
    }

    /** The same with a note-on (a pad) on the change's frame. */
    @Override
    protected Set<String> sampleAccurateParametersOnNotes() {
        return sampleAccurateParameters();
    }

    /** A lane parameter first shows on the first grid step at or after its frame (steps every 6,000 frames from 0). */
    @Override
    protected long timingFirstEffectFrame(ParamDescriptor pd, long changeFrame) {
        if (pd.id().startsWith("lane") || pd.id().equals("pattern")) {
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
