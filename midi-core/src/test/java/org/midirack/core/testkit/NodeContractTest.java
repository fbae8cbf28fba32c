package org.midirack.core.testkit;

import org.midirack.core.EventList;
import org.midirack.core.MidiMessages;
import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeState;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.Parameters;
import org.midirack.core.StateFormatException;
import org.midirack.core.hosting.ManyToOneEventFifo;
import org.midirack.core.hosting.OfflineRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The node contract test kit: one abstract test per contract, and a tiny subclass per node
 * (Agrona/JCTools style). Subclass it, implement {@link #createNode()}, and override the hooks
 * where a node differs. Every node in midirack runs it; users run it on their own nodes.
 */
public abstract class NodeContractTest {
    protected static final int[] BLOCK_SIZES = {1, 2, 3, 7, 31, 64, 127, 128, 1000, 4096};
    protected static final double[] SAMPLE_RATES = {22050, 44100, 48000, 96000, 192000};
    protected static final double SILENCE = 1e-4;

    /** A new, inactive node. */
    protected abstract Node createNode();

    /** MIDI notes the kit plays on instruments and music effects. */
    protected int[] testNotes() {
        return new int[] {48, 60, 64, 67, 72};
    }

    /**
     * Bytes a 128-frame process call of {@link #allocatesNothingOverTenThousandProcessCalls()} may
     * allocate in code the node does not own and cannot avoid, as measured for that code alone: a
     * node that renders through Gervill returns raw Gervill's own worst per-call figure for the same
     * scene ({@link #allocationSceneMidi()}). Default 0: the framework and every node's own code
     * allocate nothing.
     */
    protected long allowedBytesPerProcessCall() {
        return 0;
    }

    /** Cycle length of the allocation check. */
    protected static final int ALLOCATION_CYCLE = 128;
    /** Process calls the allocation check makes before it measures (class loading, JIT). */
    protected static final int ALLOCATION_WARMUP_CALLS = 20_000;
    /** Process calls in each measured window of the allocation check. */
    protected static final int ALLOCATION_WINDOW_CALLS = 10_000;
    /** Measured windows of the allocation check; the worst of them is bounded. */
    protected static final int ALLOCATION_WINDOWS = 3;
    /**
     * Windows of {@link #ALLOCATION_WINDOW_CALLS} calls the allocation check may run, beyond its recorded
     * ones, until the JIT has settled ({@link AllocationMeter#measureWindowsAfterSettling}).
     */
    protected static final int ALLOCATION_MAX_SETTLING_WINDOWS = 5;
    /**
     * Windows of {@link #ALLOCATION_WINDOW_CALLS} calls the allocation scene covers after the warm-up: the
     * recorded windows are {@link #ALLOCATION_WINDOWS} consecutive ones among windows 2 to this (the first
     * always warms up), so a baseline measured for the scene takes the worst of all of those.
     */
    protected static final int ALLOCATION_SCENE_WINDOWS = ALLOCATION_MAX_SETTLING_WINDOWS + ALLOCATION_WINDOWS;

    /**
     * The MIDI the allocation check plays (MIDI-in nodes): {frame, status, data1, data2}, sorted by
     * frame (stable), over the warm-up and {@link #ALLOCATION_SCENE_WINDOWS} windows: a test note every 4,800 frames with its
     * note-off, a pitch bend and a modulation change between them.
     */
    protected final List<long[]> allocationSceneMidi() {
        List<long[]> events = new ArrayList<>();
        long total = (long) (ALLOCATION_SCENE_WINDOWS * ALLOCATION_WINDOW_CALLS + ALLOCATION_WARMUP_CALLS) * ALLOCATION_CYCLE;
        int[] notes = testNotes();
        for (long f = 0, k = 0; f < total; f += 4800, k++) {
            int note = notes[(int) (k % notes.length)];
            events.add(new long[] {f, 0x90, note, 90});
            events.add(new long[] {f + 3000, 0x80, note, 0});
            events.add(new long[] {f + 1000, 0xE0, 0, 64 + (int) (k % 32)});
            events.add(new long[] {f + 1500, 0xB0, 1, (int) (k % 128)});
        }
        events.sort((a, b) -> Long.compare(a[0], b[0]));
        return events;
    }

    /** Whether the node keeps sounding with no events and no input (e.g. a running generator). */
    protected boolean soundsWithoutInput() {
        return createDescriptor().kind() == org.midirack.core.NodeKind.GENERATOR;
    }

    /**
     * Ids of automatable parameters whose change at offset k first shows in the output exactly
     * where the node's convention puts it, in the kit's timing scene: the test notes held and a
     * pitch bend up (MIDI-in nodes), the test signal flowing (audio-in nodes), and a further note-on
     * earlier in the change's cycle. The convention (see {@link org.midirack.core.Node}): a change
     * at offset k acts together with an event at offset k, so it shows in the audio output at frame
     * k + {@link Node#latencyFrames()} (minus {@link #timingLookaheadFrames(Node)}) and in the MIDI
     * output at frame k; the kit reads the latency after activation. A smoothed parameter
     * qualifies: its ramp starts on that frame. Name only what honestly holds; every other
     * automatable parameter is still checked never to act before its frame. Default: none.
     */
    protected Set<String> sampleAccurateParameters() {
        return Set.of();
    }

    /**
     * Like {@link #sampleAccurateParameters()}, for the timing scene that also has a note-on
     * ({@link #timingProbeNote()}, velocity 100) on the change's frame, arriving right after the
     * change: parameters that act on the notes that start after them (a transpose, a key range, an
     * attack time). MIDI-in nodes only. Default: none.
     */
    protected Set<String> sampleAccurateParametersOnNotes() {
        return Set.of();
    }

    /**
     * The 128-frame cycle of the timing scene in which the timing tests change a parameter; default
     * 100 (frame 12,800: late enough for a delay line to hold signal). A node whose output depends
     * on where the cycle falls (a step sequencer) picks one in which it plays something before the
     * cycle's last frame, so that a change late in the cycle has something it must not alter.
     */
    protected int timingChangeCycle() {
        return 100;
    }

    /**
     * Frames by which the active node's audio output reacts to an input before that input itself
     * comes out, at most its latency: a lookahead limiter starts reducing its gain a lookahead
     * before a peak leaves it, so it reacts to anything arriving at offset k (a note, a parameter
     * change) from output frame k + latency - lookahead. Default 0.
     */
    protected int timingLookaheadFrames(Node active) {
        return 0;
    }

    /**
     * Where, in input frames, a change of a parameter named in {@link #sampleAccurateParameters()}
     * (or {@link #sampleAccurateParametersOnNotes()}) at absolute frame {@code changeFrame} first
     * shows in the timing scene (tempo 120, playing from beat 0 at frame 0); the kit expects the
     * audio output to differ from this frame plus the node's latency on, or the MIDI output from
     * this frame on, whichever comes first. Default: {@code changeFrame}. A step sequencer whose
     * parameters act on the steps due at or after their frame returns its first such step (model it
     * independently of the node's code); a frame past the end of the scene means the change must
     * not show at all.
     */
    protected long timingFirstEffectFrame(ParamDescriptor pd, long changeFrame) {
        return changeFrame;
    }

    /** The note the timing scene's probe note-on plays (default 61, C#4: off the C major scale). */
    protected int timingProbeNote() {
        return 61;
    }

    /**
     * The value the timing tests change a parameter to; default: the end of its range farther from
     * its default, so the change is as large as the parameter allows.
     */
    protected double timingChangeValue(ParamDescriptor pd) {
        double d = pd.defaultValue();
        return pd.max() - d >= d - pd.min() ? pd.max() : pd.min();
    }

    private NodeDescriptor createDescriptor() {
        return createNode().descriptor();
    }

    // ---- helpers -------------------------------------------------------------------------

    /** Schedules a short phrase of the test notes (on at start, off after {@code len}). */
    protected void schedulePhrase(OfflineRenderer r, long start, long len) {
        if (!r.node().descriptor().midiIn()) {
            return;
        }
        int[] notes = testNotes();
        for (int i = 0; i < notes.length; i++) {
            long on = start + i * len / (2L * notes.length);
            r.schedule(on, 0x90, notes[i], 70 + i * 7);
            r.schedule(on + len / 2, 0x80, notes[i], 0);
        }
    }

    /** Renders a test scene with a given cycle size: phrase, parameter-free, input signal. */
    protected float[][] renderScene(Node node, double rate, int frames, int[] cycles) {
        try (OfflineRenderer r = new OfflineRenderer(node, rate, 4096)) {
            setUpScene(r, rate, frames);
            return r.render(frames, cycles);
        }
    }

    private void setUpScene(OfflineRenderer r, double rate, int frames) {
        NodeDescriptor d = r.node().descriptor();
        if (d.audioInputPorts() > 0) {
            r.input(Signals.testSignal(d.audioInputChannels(0), frames / 2, rate, 7));
        }
        schedulePhrase(r, 17, frames / 2);
        r.tempo(120).play(0);
    }

    private static void assertClean(float[][] audio, String what) {
        String bad = Signals.firstBadSample(audio);
        assertNull(bad, what + ": bad sample at " + bad);
    }

    // ---- the contract ----------------------------------------------------------------------

    @Test
    void descriptorIsConsistent() {
        Node n = createNode();
        NodeDescriptor d = n.descriptor();
        assertFalse(n.isActive(), "a new node must be inactive");
        assertEquals(d.params().size(), n.parameters().count(), "parameters match the descriptor");
        for (int i = 0; i < d.params().size(); i++) {
            assertEquals(d.params().get(i).id(), n.parameters().descriptor(i).id());
        }
        if (!d.midiIn()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, d::requireMidiIn);
            assertTrue(e.getMessage().contains(d.id()), "error names the node: " + e.getMessage());
        } else {
            d.requireMidiIn();
        }
    }

    @Test
    void activatesDeactivatesAndActivatesAgain() {
        Node n = createNode();
        n.activate(48000, 256);
        assertTrue(n.isActive());
        assertThrows(IllegalStateException.class, () -> n.activate(48000, 256), "double activate is refused");
        n.deactivate();
        assertFalse(n.isActive());
        n.activate(44100, 1024);
        float[][] a = renderScene(n, 44100, 8192, new int[] {128});
        assertClean(a, "after re-activation");
        n.deactivate();
        n.activate(96000, 64);
        n.deactivate();
        assertThrows(IllegalArgumentException.class, () -> n.activate(0, 128));
        assertThrows(IllegalArgumentException.class, () -> n.activate(48000, 0));
        assertFalse(n.isActive(), "a refused activation leaves the node inactive");
    }

    @Test
    void rendersFiniteWithoutDenormalsAtEveryBlockSizeAndRate() {
        for (double rate : SAMPLE_RATES) {
            for (int block : BLOCK_SIZES) {
                Node n = createNode();
                float[][] a;
                try (OfflineRenderer r = new OfflineRenderer(n, rate, Math.max(block, 1))) {
                    setUpScene(r, rate, 6000);
                    a = r.render(6000, block);
                }
                assertClean(a, rate + " Hz, block " + block);
            }
        }
    }

    @Test
    void survivesUnorderedDuplicateNegativeAndFarOffsets() {
        Node n = createNode();
        Random rnd = new Random(42);
        int[] notes = testNotes();
        try (OfflineRenderer r = new OfflineRenderer(n, 48000, 512)) {
            setUpScene(r, 48000, 48000);
            ManyToOneEventFifo fifo = r.fifo();
            float[][] out = new float[r.context().descriptor().audioOutputPorts() > 0
                    ? r.context().descriptor().audioOutputChannels(0) : 0][];
            for (int c = 0; c < 400; c++) {
                int cycle = 1 + rnd.nextInt(512);
                if (n.descriptor().midiIn()) {
                    for (int k = 0; k < 4; k++) {
                        int note = notes[rnd.nextInt(notes.length)];
                        int off = rnd.nextInt(4 * cycle) - cycle; // negative .. beyond the cycle
                        fifo.offer(off, 0x90, note, 1 + rnd.nextInt(127));
                        fifo.offer(off, 0x90, note, 100); // duplicate
                        fifo.offer(off + rnd.nextInt(2 * cycle), 0x80, note, 0);
                        fifo.offer(off, 0xE0, rnd.nextInt(128), rnd.nextInt(128));
                    }
                }
                int params = n.parameters().count();
                if (params > 0) {
                    for (int k = 0; k < 2; k++) {
                        int idx = rnd.nextInt(params);
                        ParamDescriptor pd = n.parameters().descriptor(idx);
                        float v = (float) (pd.min() + rnd.nextDouble() * (pd.max() - pd.min()));
                        fifo.offerParam(rnd.nextInt(4 * cycle) - cycle, idx, v);
                    }
                }
                r.renderCycle(cycle);
                for (int ch = 0; ch < out.length; ch++) {
                    float[] buf = Arrays.copyOf(r.context().output(0, ch), cycle);
                    for (float v : buf) {
                        if (!Float.isFinite(v)) {
                            fail("non-finite sample in cycle " + c);
                        }
                    }
                }
            }
            if (n.descriptor().midiIn() || n.parameters().count() > 0) {
                assertTrue(fifo.late() > 0, "the scene did send late events");
                assertTrue(fifo.carried() > 0, "the scene did send far events");
            }
        }
    }

    @Test
    void silentWithinTailAfterAllNotesOff() {
        assertSilentAfter(MidiMessages.CC_ALL_NOTES_OFF);
    }

    @Test
    void silentWithinTailAfterAllSoundOff() {
        assertSilentAfter(MidiMessages.CC_ALL_SOUND_OFF);
    }

    private void assertSilentAfter(int cc) {
        Node n = createNode();
        Assumptions.assumeFalse(soundsWithoutInput(), n.descriptor().id()
                + " sounds without input (soundsWithoutInput): silence after CC " + cc + " does not apply");
        double rate = 48000;
        int stop = 24000;
        int tail = (int) Math.ceil(n.tailSeconds() * rate);
        int total = stop + tail + 4096;
        try (OfflineRenderer r = new OfflineRenderer(n, rate, 256)) {
            NodeDescriptor d = n.descriptor();
            if (d.audioInputPorts() > 0) {
                r.input(Signals.testSignal(d.audioInputChannels(0), stop, rate, 3));
            }
            if (d.midiIn()) {
                for (int note : testNotes()) {
                    r.schedule(100, 0x90, note, 100); // held: no note-off but the CC
                }
                for (int ch = 0; ch < 16; ch++) {
                    r.schedule(stop, 0xB0 | ch, cc, 0);
                }
            }
            r.tempo(120).play(0);
            float[][] a = r.render(total, 256);
            assertClean(a, "after CC " + cc);
            double peak = Signals.peak(a, stop + tail, total);
            assertTrue(peak < SILENCE, "not silent " + n.tailSeconds() + " s after CC " + cc + ": peak " + peak);
            assertNoStuckMidiOut(r);
        }
    }

    private static void assertNoStuckMidiOut(OfflineRenderer r) {
        int[] open = new int[16 * 128];
        for (int i = 0; i < r.midiOutCount(); i++) {
            long d = r.midiOutData(i);
            if ((d >>> 56) != EventList.TYPE_MIDI) {
                continue;
            }
            int s = (int) (d >>> 16) & 0xFF;
            int d1 = (int) (d >>> 8) & 0xFF;
            int d2 = (int) d & 0xFF;
            if (MidiMessages.isNoteOn(s, d2)) {
                open[(s & 15) << 7 | d1]++;
            } else if (MidiMessages.isNoteOff(s, d2)) {
                open[(s & 15) << 7 | d1] = 0;
            } else if ((s & 0xF0) == 0xB0 && (d1 == 123 || d1 == 120)) {
                Arrays.fill(open, (s & 15) << 7, ((s & 15) << 7) + 128, 0);
            }
        }
        for (int k = 0; k < open.length; k++) {
            assertEquals(0, open[k], "MIDI out left note " + (k & 127) + " on channel " + (k >> 7) + " hanging");
        }
    }

    @Test
    void noStuckNotesAfterNoteOffs() {
        Node n = createNode();
        Assumptions.assumeFalse(soundsWithoutInput(), n.descriptor().id()
                + " sounds without input (soundsWithoutInput): silence after the last note-off does not apply");
        double rate = 48000;
        int tail = (int) Math.ceil(n.tailSeconds() * rate);
        int phrase = 24000;
        int total = phrase + tail + 8192;
        try (OfflineRenderer r = new OfflineRenderer(n, rate, 128)) {
            r.collectMidiOut(100_000);
            NodeDescriptor d = n.descriptor();
            if (d.audioInputPorts() > 0) {
                r.input(Signals.testSignal(d.audioInputChannels(0), phrase, rate, 5));
            }
            schedulePhrase(r, 0, phrase);
            r.tempo(120).play(0);
            float[][] a = r.render(total, 128);
            assertClean(a, "phrase");
            double peak = Signals.peak(a, phrase + tail, total);
            assertTrue(peak < SILENCE, "still sounding " + n.tailSeconds() + " s after the last note-off: peak " + peak);
            // a MIDI processor may keep a latched or echoing note: release it with all-notes-off
            r.stop();
            if (d.midiIn()) {
                for (int ch = 0; ch < 16; ch++) {
                    r.schedule(r.position(), 0xB0 | ch, 123, 0);
                }
            }
            r.render(tail + 4096, 128);
            assertNoStuckMidiOut(r);
        }
    }

    @Test
    void sameOutputForEveryCycleSplit() {
        Assumptions.assumeTrue(createDescriptor().deterministic(), createDescriptor().id()
                + " is not deterministic: renders cannot be compared sample for sample");
        int frames = 30000;
        float[][] ref = renderScene(createNode(), 48000, frames, new int[] {128});
        int[][] splits = {{32}, {1000}, {4096}, {1, 7, 31, 127, 1000, 3}, {64, 4096, 2}};
        for (int[] s : splits) {
            float[][] a = renderScene(createNode(), 48000, frames, s);
            for (int c = 0; c < ref.length; c++) {
                if (!Arrays.equals(ref[c], a[c])) {
                    int i = 0;
                    while (ref[c][i] == a[c][i]) {
                        i++;
                    }
                    fail("cycle split " + Arrays.toString(s) + " differs from 128-frame cycles at channel " + c
                            + " frame " + i + ": " + a[c][i] + " vs " + ref[c][i]);
                }
            }
        }
    }

    @Test
    void fourProducersWhileRendering() throws Exception {
        Node n = createNode();
        try (OfflineRenderer r = new OfflineRenderer(n, 48000, 128, 1024)) {
            ManyToOneEventFifo fifo = r.fifo();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong offered = new AtomicLong();
            int[] notes = testNotes();
            boolean midi = n.descriptor().midiIn();
            Thread[] producers = new Thread[4];
            for (int t = 0; t < 4; t++) {
                final int id = t;
                producers[t] = new Thread(() -> {
                    Random rnd = new Random(id);
                    while (!stop.get()) {
                        int note = notes[rnd.nextInt(notes.length)] + id;
                        if (midi) {
                            fifo.offer(rnd.nextInt(256), 0x90 | id, note, 90);
                            fifo.offer(256 + rnd.nextInt(256), 0x80 | id, note, 0);
                        } else {
                            fifo.offer(rnd.nextInt(256), 0xB0, 1, rnd.nextInt(128));
                        }
                        offered.addAndGet(2);
                        Thread.onSpinWait();
                    }
                    for (int k = 0; k < notes.length; k++) {
                        fifo.offer(0, 0x80 | id, notes[k] + id, 0);
                    }
                }, "producer-" + t);
            }
            NodeDescriptor d = n.descriptor();
            if (d.audioInputPorts() > 0) {
                r.input(Signals.testSignal(d.audioInputChannels(0), 48000, 48000, 9));
            }
            for (Thread p : producers) {
                p.start();
            }
            int outCh = d.audioOutputPorts() > 0 ? d.audioOutputChannels(0) : 0;
            // at least 3000 cycles, and on until the producers have offered while the node renders
            // (a fast node can finish 3000 cycles before a producer thread was first scheduled)
            long until = System.nanoTime() + 10_000_000_000L;
            for (int c = 0; c < 3000 || (offered.get() < 4_000 && System.nanoTime() < until); c++) {
                r.renderCycle(128);
                for (int ch = 0; ch < outCh; ch++) {
                    float[] b = r.context().output(0, ch);
                    for (int i = 0; i < 128; i++) {
                        if (!Float.isFinite(b[i])) {
                            stop.set(true);
                            fail("non-finite output in cycle " + c);
                        }
                    }
                }
            }
            stop.set(true);
            for (Thread p : producers) {
                p.join(10_000);
                assertFalse(p.isAlive(), "a producer blocked");
            }
            // drain what is left: every accepted event is delivered or still carried
            int guard = 0;
            // releases merged in the FIFO's side channel are accounted for, not delivered on their own
            while (fifo.carriedNow() > 0 || fifo.accepted() > fifo.delivered() + fifo.releasesMerged()) {
                r.renderCycle(128);
                assertTrue(++guard < 100, "events left undelivered");
            }
            assertEquals(fifo.accepted(), fifo.delivered() + fifo.releasesMerged(), "every accepted event delivered once");
            assertTrue(offered.get() > 0, "the producers offered nothing while the node rendered");
        }
    }

    @Test
    void allocatesNothingOverTenThousandProcessCalls() {
        Node n = createNode();
        try (OfflineRenderer r = new OfflineRenderer(n, 48000, 128, 8192)) {
            r.collectMidiOut(0);
            NodeDescriptor d = n.descriptor();
            int cycles = ALLOCATION_WINDOW_CALLS;
            if (d.audioInputPorts() > 0) {
                r.input(Signals.testSignal(d.audioInputChannels(0), 4096, 48000, 1));
            }
            if (d.midiIn()) {
                for (long[] e : allocationSceneMidi()) {
                    r.schedule(e[0], (int) e[1], (int) e[2], (int) e[3]);
                }
            }
            r.tempo(120).play(0);
            for (int c = 0; c < ALLOCATION_WARMUP_CALLS; c++) {
                r.renderCycle(ALLOCATION_CYCLE); // warm-up: class loading, JIT
            }
            long allowed = allowedBytesPerProcessCall() * cycles;
            long[] windows = AllocationMeter.measureWindowsAfterSettling(() -> {
                for (int c = 0; c < cycles; c++) {
                    r.renderCycle(ALLOCATION_CYCLE);
                }
            }, ALLOCATION_WINDOWS, allowed, ALLOCATION_SCENE_WINDOWS);
            long worst = Arrays.stream(windows).max().getAsLong();
            System.out.println(d.id() + ": bytes allocated per window of " + cycles + " process calls "
                    + Arrays.toString(windows) + ", allowed " + allowed);
            assertTrue(worst <= allowed, d.id() + " allocated " + worst + " bytes in its worst window of " + cycles
                    + " process calls " + Arrays.toString(windows) + " (allowed " + allowed
                    + (allowed == 0 ? "" : ": " + allowedBytesPerProcessCall() + " per call, outside the node's own code")
                    + ")");
        }
    }

    @Test
    void randomParameterChangesKeepOutputFinite() {
        Node n = createNode();
        int count = n.parameters().count();
        Assumptions.assumeTrue(count > 0, n.descriptor().id() + " has no parameters to change");
        Random rnd = new Random(11);
        try (OfflineRenderer r = new OfflineRenderer(n, 48000, 256)) {
            NodeDescriptor d = n.descriptor();
            int frames = 96000;
            if (d.audioInputPorts() > 0) {
                r.input(Signals.testSignal(d.audioInputChannels(0), frames, 48000, 2));
            }
            schedulePhrase(r, 0, frames);
            float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1e30f, 1e30f};
            for (int k = 0; k < 600; k++) {
                int idx = rnd.nextInt(count);
                ParamDescriptor pd = n.parameters().descriptor(idx);
                float v;
                switch (rnd.nextInt(4)) {
                    case 0: v = (float) pd.min(); break;
                    case 1: v = (float) pd.max(); break;
                    case 2: v = specials[rnd.nextInt(specials.length)]; break;
                    default: v = (float) (pd.min() + (pd.max() - pd.min()) * (rnd.nextDouble() * 1.4 - 0.2));
                }
                r.scheduleParam(rnd.nextInt(frames), idx, v);
                if (k % 10 == 0) {
                    n.parameters().set(idx, v); // from "another" thread's API too
                }
            }
            r.tempo(120).play(0);
            float[][] a = r.render(frames, 256);
            assertClean(a, "random parameter changes");
            for (int i = 0; i < count; i++) {
                double v = n.parameters().value(i);
                ParamDescriptor pd = n.parameters().descriptor(i);
                assertTrue(v >= pd.min() && v <= pd.max(), pd.id() + " = " + v + " reached the DSP out of range");
            }
            assertTrue(n.parameters().rejected() > 0, "non-finite values are counted as rejected");
        }
    }

    @Test
    void stateRoundTripGivesIdenticalOutput() {
        Node a = createNode();
        Random rnd = new Random(5);
        for (int i = 0; i < a.parameters().count(); i++) {
            ParamDescriptor pd = a.parameters().descriptor(i);
            if (pd.automatable()) {
                a.parameters().set(i, pd.clamp(pd.min() + rnd.nextDouble() * (pd.max() - pd.min())));
            }
        }
        NodeState saved = a.saveState();
        String text = saved.toText();
        NodeState parsed = NodeState.parse(text);
        assertEquals(saved, parsed, "the document reads back to the same state");
        Node b = createNode();
        b.loadState(parsed);
        assertEquals(text, b.saveState().toText(), "a restored node saves the same document");
        if (a.descriptor().deterministic()) {
            float[][] x = renderScene(a, 48000, 20000, new int[] {128});
            float[][] y = renderScene(b, 48000, 20000, new int[] {128});
            for (int c = 0; c < x.length; c++) {
                assertTrue(Arrays.equals(x[c], y[c]), "restored node renders differently on channel " + c);
            }
        }
    }

    @Test
    void fuzzedStateNeverCrashesTheLoaderAndLeavesTheNodeUnchanged() {
        Node n = createNode();
        String good = n.saveState().toText();
        byte[] bytes = good.getBytes(StandardCharsets.ISO_8859_1);
        Random rnd = new Random(99);
        Node target = createNode();
        String before = target.saveState().toText();
        for (int k = 0; k < 2000; k++) {
            byte[] f = bytes.clone();
            int edits = 1 + rnd.nextInt(4);
            for (int e = 0; e < edits; e++) {
                f[rnd.nextInt(f.length)] = (byte) rnd.nextInt(256);
            }
            String text = new String(f, StandardCharsets.ISO_8859_1);
            try {
                target.loadState(NodeState.parse(text));
                before = target.saveState().toText(); // a mutation that is still valid is applied
            } catch (StateFormatException expected) {
                assertEquals(before, target.saveState().toText(), "a refused document changed the node");
            }
        }
        StateFormatException newer = assertThrows(StateFormatException.class,
                () -> NodeState.parse(good.replace("version=1", "version=99")));
        assertTrue(newer.getMessage().contains("99"), newer.getMessage());
    }

    @Test
    void unconnectedInputNeverPlaysThrough() {
        Node n = createNode();
        NodeDescriptor d = n.descriptor();
        Assumptions.assumeTrue(d.audioInputPorts() > 0, d.id() + " has no audio input to leave unconnected");
        try (OfflineRenderer r = new OfflineRenderer(n, 48000, 256)) {
            r.input(Signals.testSignal(d.audioInputChannels(0), 48000, 48000, 4));
            r.context().setInputConnected(0, false);
            float[][] a = r.render(24000, 256);
            assertEquals(0.0, Signals.peak(a, 0, 24000), "an unconnected input port must read silence");
        }
    }

    // ---- parameter timing ------------------------------------------------------------------

    /** Cycle length of the timing scene. */
    protected static final int TIMING_CYCLE = 128;
    /** Offset of the scene's extra note-on in the change cycle: it splits the cycle into sub-blocks. */
    protected static final int TIMING_NOTE_OFFSET = 40;
    /**
     * Offsets of the change inside its cycle: the first frame; the frame of the scene's note-on
     * (the change arrives after it); a frame inside the sub-block that note-on starts, where only
     * the change itself splits the block; the cycle's last frame.
     */
    protected static final int[] TIMING_OFFSETS = {0, TIMING_NOTE_OFFSET, 77, TIMING_CYCLE - 1};

    /**
     * One render of the timing scene: audio port 0, the MIDI out at absolute frames, and the
     * frames from an input event to its first audible reaction (latency minus lookahead), read from
     * the active node.
     */
    private record Take(float[][] audio, long[] midiFrames, long[] midiData, int audioShift) {
    }

    /**
     * Renders the timing scene up to the end of the cycle after the change's, with a change of
     * parameter {@code param} (none when negative) to {@code value} at absolute frame
     * {@code changeFrame}, scheduled through the renderer so it travels the node's FIFO (offered two
     * cycles ahead and carried) like any timeline change.
     */
    private Take renderTimingScene(long changeFrame, int param, double value, boolean probe) {
        Node n = createNode();
        NodeDescriptor d = n.descriptor();
        int total = (timingChangeCycle() + 2) * TIMING_CYCLE;
        long cycleStart = (long) timingChangeCycle() * TIMING_CYCLE;
        try (OfflineRenderer r = new OfflineRenderer(n, 48000, TIMING_CYCLE)) {
            r.collectMidiOut(8192);
            if (d.audioInputPorts() > 0) {
                // four times longer than the render, so it is still loud at the change
                r.input(Signals.testSignal(d.audioInputChannels(0), 4 * total, 48000, 13));
            }
            int[] notes = testNotes();
            if (d.midiIn() && notes.length > 0) {
                for (int i = 0; i < notes.length; i++) {
                    r.schedule(17 + 11 * i, 0x90, notes[i], 70 + 7 * i); // held to the end
                }
                r.schedule(23, 0xE0, 0, 80); // bend up, held
                r.schedule(cycleStart + TIMING_NOTE_OFFSET, 0x90, Math.min(127, notes[0] + 2), 90);
            }
            r.tempo(120).play(0);
            if (param >= 0) {
                r.scheduleParam(changeFrame, param, (float) value); // after the scene's events on its frame
            }
            if (probe) {
                r.schedule(changeFrame, 0x90, timingProbeNote(), 100); // after the change
            }
            float[][] audio = r.render(total, TIMING_CYCLE);
            long[] frames = new long[r.midiOutCount()];
            long[] data = new long[frames.length];
            for (int i = 0; i < frames.length; i++) {
                frames[i] = r.midiOutFrame(i);
                data[i] = r.midiOutData(i);
            }
            int latency = n.latencyFrames(); // still active: the latency of this activation
            int lookahead = timingLookaheadFrames(n);
            assertTrue(latency >= 0 && lookahead >= 0 && lookahead <= latency, d.id() + ": latency " + latency
                    + " and lookahead " + lookahead + " frames must satisfy 0 <= lookahead <= latency");
            return new Take(audio, frames, data, latency - lookahead);
        }
    }

    /** The first frame where two takes differ, audio (bit for bit) or MIDI out, or -1; what differs goes to {@code what[0]}. */
    private static long firstDifference(Take a, Take b, String[] what) {
        long audio = firstAudioDifference(a, b, what);
        String[] midiWhat = new String[1];
        long midi = firstMidiDifference(a, b, midiWhat);
        if (midi >= 0 && (audio < 0 || midi < audio)) {
            what[0] = midiWhat[0];
            return midi;
        }
        return audio;
    }

    /**
     * The first input frame at which take {@code b} reacts differently from take {@code a}: the
     * first differing audio frame less the audio shift (latency minus lookahead), or the first
     * differing MIDI out frame, whichever is earlier; or -1 (when equal, the audio is reported).
     * {@code where[0]} gets the output frame and what differs there.
     */
    private static long firstReaction(Take a, Take b, String[] where) {
        String[] aw = new String[1];
        String[] mw = new String[1];
        long audio = firstAudioDifference(a, b, aw);
        long midi = firstMidiDifference(a, b, mw);
        long audioIn = audio < 0 ? Long.MAX_VALUE : audio - b.audioShift();
        long midiIn = midi < 0 ? Long.MAX_VALUE : midi;
        if (audio < 0 && midi < 0) {
            return -1;
        }
        if (audioIn <= midiIn) {
            where[0] = "frame " + audio + (b.audioShift() == 0 ? "" : " = " + audioIn + " + latency "
                    + b.audioShift()) + ", " + aw[0];
            return audioIn;
        }
        where[0] = "frame " + midi + ", " + mw[0];
        return midiIn;
    }

    private static long firstAudioDifference(Take a, Take b, String[] what) {
        long first = -1;
        int n = a.audio().length == 0 ? 0 : a.audio()[0].length;
        for (int i = 0; i < n && first < 0; i++) {
            for (int c = 0; c < a.audio().length; c++) {
                if (Float.floatToRawIntBits(a.audio()[c][i]) != Float.floatToRawIntBits(b.audio()[c][i])) {
                    first = i;
                    what[0] = "audio channel " + c + ": " + b.audio()[c][i] + " instead of " + a.audio()[c][i];
                    break;
                }
            }
        }
        return first;
    }

    private static long firstMidiDifference(Take a, Take b, String[] what) {
        long first = -1;
        int m = Math.min(a.midiFrames().length, b.midiFrames().length);
        int i = 0;
        while (i < m && a.midiFrames()[i] == b.midiFrames()[i] && a.midiData()[i] == b.midiData()[i]) {
            i++;
        }
        if (i < a.midiFrames().length || i < b.midiFrames().length) {
            long fa = i < a.midiFrames().length ? a.midiFrames()[i] : Long.MAX_VALUE;
            long fb = i < b.midiFrames().length ? b.midiFrames()[i] : Long.MAX_VALUE;
            long f = Math.min(fa, fb);
            if (first < 0 || f < first) {
                first = f;
                what[0] = "MIDI out event " + i + " at frame " + f + ": "
                        + (fb == Long.MAX_VALUE ? "missing" : String.format("%06x", b.midiData()[i] & 0xFFFFFF))
                        + " instead of " + (fa == Long.MAX_VALUE ? "none" : String.format("%06x", a.midiData()[i] & 0xFFFFFF));
            }
        }
        return first;
    }

    /**
     * A parameter change at offset k acts from frame k, never before, and together with an event at
     * offset k: for every automatable parameter, at each of {@link #TIMING_OFFSETS}, the scene
     * rendered with the change is bit for bit the scene without it up to audio frame k + L - 1
     * (L = the active node's {@link Node#latencyFrames()} less {@link #timingLookaheadFrames(Node)})
     * and MIDI out frame k - 1; and for the parameters the node names in
     * {@link #sampleAccurateParameters()} (and, with a note-on on the change's frame,
     * {@link #sampleAccurateParametersOnNotes()}) the first difference is exactly there (see
     * {@link #timingFirstEffectFrame}). Deterministic nodes only (the comparison needs identical
     * renders).
     */
    @Test
    void parameterChangeAtOffsetActsFromThatFrameNeverBefore() {
        Node node = createNode();
        NodeDescriptor d = node.descriptor();
        Parameters ps = node.parameters();
        Set<String> exact = sampleAccurateParameters();
        Set<String> exactOnNotes = sampleAccurateParametersOnNotes();
        Set<String> named = new TreeSet<>(exact);
        named.addAll(exactOnNotes);
        for (String id : named) {
            int i = ps.indexOf(id);
            assertTrue(i >= 0, d.id() + " names unknown parameter '" + id + "' as sample-accurate");
            assertTrue(ps.descriptor(i).automatable(), d.id() + " names parameter '" + id
                    + "' as sample-accurate, but it is not automatable");
        }
        assertTrue(exactOnNotes.isEmpty() || d.midiIn(), d.id() + " takes no MIDI: no note-on can follow a change");
        boolean any = false;
        for (int p = 0; p < ps.count(); p++) {
            any |= ps.descriptor(p).automatable();
        }
        Assumptions.assumeTrue(any, d.id() + " has no automatable parameter whose timing could be checked");
        Assumptions.assumeTrue(d.deterministic(), d.id()
                + " is not deterministic: a change's first frame cannot be found by comparing renders");
        List<String> problems = new ArrayList<>();
        long total = (long) (timingChangeCycle() + 2) * TIMING_CYCLE;
        boolean[] variants = d.midiIn() ? new boolean[] {false, true} : new boolean[] {false};
        for (boolean probe : variants) {
            for (int k : TIMING_OFFSETS) {
                long f = (long) timingChangeCycle() * TIMING_CYCLE + k;
                String scene = (probe ? "with a note-on after it, " : "") + "at offset " + k + " of cycle "
                        + timingChangeCycle() + " (frame " + f + ")";
                Take ref = renderTimingScene(f, -1, 0, probe);
                if (k == 0) {
                    String[] what = new String[1];
                    long again = firstDifference(ref, renderTimingScene(f, -1, 0, probe), what);
                    assertEquals(-1, again, d.id() + " renders the same timing scene differently twice (frame "
                            + again + ", " + what[0] + "): the comparison needs a reproducible node");
                }
                for (int p = 0; p < ps.count(); p++) {
                    ParamDescriptor pd = ps.descriptor(p);
                    if (!pd.automatable()) {
                        continue;
                    }
                    double v = timingChangeValue(pd);
                    String[] where = new String[1];
                    long first = firstReaction(ref, renderTimingScene(f, p, v, probe), where);
                    String change = "'" + pd.id() + "' " + pd.defaultValue() + " -> " + v + " " + scene;
                    if (first >= 0 && first < f) {
                        problems.add(change + " acted " + (f - first) + " frames early: first difference at "
                                + where[0]);
                    } else if ((probe ? exactOnNotes : exact).contains(pd.id())) {
                        long expected = timingFirstEffectFrame(pd, f);
                        boolean shows = expected < total;
                        if (shows && first != expected) {
                            problems.add(change + " is named sample-accurate but "
                                    + (first < 0 ? "changed nothing" : "first shows at " + where[0])
                                    + (expected == f ? "" : " (expected from input frame " + expected + ")"));
                        } else if (!shows && first >= 0) {
                            problems.add(change + " should not show before input frame " + expected
                                    + " but first shows at " + where[0]);
                        }
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), d.id() + ": " + problems.size() + " parameter changes broke their frame:\n"
                + String.join("\n", problems));
    }
}
