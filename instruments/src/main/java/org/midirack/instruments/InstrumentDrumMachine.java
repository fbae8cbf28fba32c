package org.midirack.instruments;

import org.midirack.core.AbstractNode;
import org.midirack.core.EventList;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.NodeState;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.ProcessContext;
import org.midirack.core.Transport;
import org.midirack.core.dsp.ParamDelayQueue;
import org.midirack.core.dsp.SmoothedValue;
import org.midirack.core.sync.HostSync;
import org.midirack.core.sync.RelocationDetector;
import org.midirack.core.sync.TempoSmoother;
import java.util.ArrayList;
import java.util.List;
import org.midirack.instruments.gervill.GervillEngine;
import org.midirack.instruments.gervill.GervillSettings;

/**
 * A 16-step drum machine that follows host sync (seed 004) and plays General MIDI percussion through
 * Gervill's channel 10.
 *
 * <p>The pattern plays only when asked for: parameter {@code pattern} is off by default, and then the
 * machine plays nothing but its MIDI input (pads), so a song that did not ask for a beat gets none. With
 * {@code pattern} on it plays {@value #LANES} lanes, each a GM percussion note, a velocity and 16 steps (sixteenth notes,
 * one 4/4 bar from beat 0; parameter {@code laneN.steps} is a 16-bit mask, bit k = step k). Hits are
 * emitted as MIDI (channel 10 note-on at the hit frame, note-off half a step later) and rendered by Gervill,
 * whose audio follows {@link #latencyFrames()} later.
 *
 * <p>Host sync: the host's beat at each cycle start is the truth, so nothing drifts. Inside a cycle a grid
 * beat lands on the first frame at or after it ({@link HostSync#frameOfBeat}). The tempo used inside the
 * cycle is the tempo the host's beats actually advanced at over the previous cycle, smoothed with
 * {@link TempoSmoother} so a jittery tempo does not shift hits; a reported tempo more than 1% away from it
 * is a tempo change and is followed at once. Starting from a negative beat the machine waits and plays beat
 * 0 on its exact frame; it starts in the same cycle the host turns to playing and stops with it; a
 * relocation (rewind, jump, loop wrap inside a cycle) repositions instead of speeding up. A grid beat is
 * played once: if jitter makes the next cycle start past an unplayed step, that step plays on frame 0.
 *
 * <p>Lane parameters ({@code laneN.steps}, {@code .note}, {@code .velocity}) changed from the timeline at
 * offset k act on the steps due at frame k or later, inside the same cycle: the cycle's parameter events
 * and grid steps are merged in frame order, a step on the change's frame already playing the new value.
 * Like the hits they change, these act on the MIDI out at frame k and on the audio at k +
 * {@link #latencyFrames()}; the {@code gain} (10 ms ramp) acts on the audio from frame k +
 * {@link #latencyFrames()} too, together with a hit or pad note at offset k (set from any thread: offset 0
 * of the next cycle).
 *
 * <p>MIDI in: notes on any channel are played live on channel 10 at their frame (pads); CCs pass to
 * channel 10. The node's own code allocates nothing per cycle; Gervill allocates internally.
 */
public final class InstrumentDrumMachine extends AbstractNode {

    /** Node id. */
    public static final String ID = "midirack.drums";
    /** Lanes. */
    public static final int LANES = 8;
    /** Steps per pattern. */
    public static final int STEPS = 16;
    /** Beats per step (sixteenth notes). */
    public static final double STEP_BEATS = 0.25;

    static final int P_GAIN = 0;
    static final int P_LANE0 = 1; // then steps, note, velocity per lane
    /** Index of {@code pattern} (after the lanes, so the lanes keep their indices): the built-in pattern on/off. */
    static final int P_PATTERN = P_LANE0 + 3 * LANES;

    private static final int[] DEFAULT_NOTES = {36, 38, 42, 46, 39, 49, 45, 50};
    private static final int[] DEFAULT_MASKS = {0x1111, 0x1010, 0x5555, 0x4000, 0, 0, 0, 0};
    private static final int[] DEFAULT_VELOCITY = {110, 100, 80, 90, 100, 100, 100, 100};
    private static final int MAX_HITS = 1024;
    private static final double JUMP = 0.01;
    /**
     * Frame tolerance of the beat-to-frame rule. Host beats carry floating-point noise (a beat accumulated
     * over a long run, or a loop end computed by subtraction, is off by 1e-13 beats and more), far above
     * {@link HostSync#FRAME_EPSILON}; a grid beat within a millionth of a frame after a frame boundary is
     * on that frame.
     */
    static final double EPS_FRAMES = 1e-6;

    private final GervillSettings settings;
    private volatile int latency;
    private GervillEngine engine;

    private final RelocationDetector relocation = new RelocationDetector();
    private final TempoSmoother smoother = new TempoSmoother(5120);
    private final SmoothedValue gain = new SmoothedValue(1);

    private boolean playing;
    private double nextStepBeat;      // next grid beat not yet played
    private double prevBeat;
    private int prevFrames;
    private double prevWrapLength;    // loop length when the previous cycle wrapped, else 0
    private boolean prevValid;
    private long hitsPlayed;
    private long hitsDropped;

    // this cycle's grid steps, in frame order; their lanes are resolved when each step is played, so
    // a lane parameter changed from the timeline earlier in the cycle (at or before the step's frame) acts on it
    private final int[] stepFrame = new int[MAX_HITS];
    private final int[] stepIndex = new int[MAX_HITS];
    private int steps;
    private int hits;          // lane hits played this cycle (at most MAX_HITS)
    private long gate;         // note length of this cycle's hits, frames
    // note-off still owed per lane: frames from the next cycle start, -1 none
    private final long[] offDue = new long[LANES];
    private final int[] offNote = new int[LANES];
    // gain changes waiting for their output frame (offset + latency), in frames since activation
    private ParamDelayQueue gainChanges = new ParamDelayQueue(1);
    private long frame;

    /** @thread main */
    public InstrumentDrumMachine() {
        this(GervillSettings.defaults(48000));
    }

    /**
     * @param settings Gervill settings; the sample rate is replaced by the host's at activation
     * @thread main
     */
    public InstrumentDrumMachine(GervillSettings settings) {
        super(descriptorFor());
        this.settings = settings;
        this.latency = GervillEngine.requiredLatency(settings.blockFrames(), false);
    }

    /**
     * A state saved before parameter {@code pattern} existed (0.1.0 as first released), when the
     * built-in pattern always played while the transport ran, loads with the pattern on, so it plays
     * as it was saved; any other missing parameter is refused as before.
     * @thread main
     */
    @Override
    protected double valueMissingFromState(ParamDescriptor d, NodeState state) {
        return d.id().equals("pattern") ? 1.0 : super.valueMissingFromState(d, state);
    }

    /** The descriptor every instance shares. @thread any */
    public static NodeDescriptor descriptorFor() {
        List<ParamDescriptor> p = new ArrayList<>();
        p.add(ParamDescriptor.continuous("gain", "Gain", -60, 12, 0, "dB").smoothed(10));
        for (int l = 0; l < LANES; l++) {
            String n = "lane" + (l + 1);
            p.add(ParamDescriptor.integer(n + ".steps", "Lane " + (l + 1) + " steps (bit k = step k)", 0, 0xFFFF,
                    DEFAULT_MASKS[l], ""));
            p.add(ParamDescriptor.integer(n + ".note", "Lane " + (l + 1) + " GM percussion note", 27, 87,
                    DEFAULT_NOTES[l], ""));
            p.add(ParamDescriptor.integer(n + ".velocity", "Lane " + (l + 1) + " velocity", 1, 127,
                    DEFAULT_VELOCITY[l], ""));
        }
        p.add(ParamDescriptor.toggle("pattern", "Play the built-in pattern while the transport runs (off: pads only)",
                false));
        return new NodeDescriptor(ID, "Drum machine (16 steps, GM percussion)", NodeKind.INSTRUMENT, "midirack",
                "0.1.0", new int[0], new int[] {2}, true, true, p);
    }

    /**
     * Sets a lane's pattern from a string of 16 characters, 'x' for a hit and '.' or '-' for a rest. The
     * pattern sounds only with {@link #setPatternOn(boolean) parameter pattern} on.
     *
     * @thread any
     */
    public void setPattern(int lane, String steps) {
        if (lane < 0 || lane >= LANES) {
            throw new IllegalArgumentException("lane " + lane + " not in 0.." + (LANES - 1));
        }
        if (steps == null || steps.length() != STEPS) {
            throw new IllegalArgumentException("pattern for lane " + lane + " must have 16 steps, got '" + steps + "'");
        }
        int mask = 0;
        for (int i = 0; i < STEPS; i++) {
            char c = steps.charAt(i);
            if (c == 'x' || c == 'X') {
                mask |= 1 << i;
            } else if (c != '.' && c != '-') {
                throw new IllegalArgumentException("pattern for lane " + lane + ": step " + i + " is '" + c
                        + "', use 'x' for a hit and '.' for a rest");
            }
        }
        parameters().set(P_LANE0 + 3 * lane, mask);
    }

    /**
     * Turns the built-in pattern on or off (parameter {@code pattern}; off by default).
     *
     * @thread any
     */
    public void setPatternOn(boolean on) {
        parameters().set(P_PATTERN, on ? 1 : 0);
    }

    /** @thread main */
    @Override
    protected void onActivate(double sampleRate, int maxFrames) {
        GervillSettings s = settings.withSampleRate(sampleRate);
        int lat = GervillEngine.requiredLatency(s.blockFrames(), false);
        start(GervillEngine.open(s, maxFrames, lat), sampleRate, maxFrames);
    }

    /** Takes {@code e} as the running Gervill and starts everything else as a first activation does. */
    private void start(GervillEngine e, double sampleRate, int maxFrames) {
        int lat = e.latencyFrames();
        engine = e;
        latency = lat;
        gain.setRampMillis(10, sampleRate);
        gain.reset(Math.pow(10, parameters().value(P_GAIN) / 20));
        gainChanges = new ParamDelayQueue(ParamDelayQueue.capacityFor(maxFrames, lat, 1));
        frame = 0;
        clearState();
    }

    private void clearState() {
        relocation.reset();
        playing = false;
        prevValid = false;
        steps = 0;
        hits = 0;
        for (int l = 0; l < LANES; l++) {
            offDue[l] = -1;
        }
    }

    /**
     * Replaces the running Gervill by a freshly opened one and starts the machine afresh, so nothing of what
     * it played remains (voices, the reverb's and chorus's delay lines, which {@link #reset} and All Sound Off
     * cannot reach, controllers): it then renders exactly what it renders after its first activation.
     * Costs 20-90 ms (the soundbank is not read again); for a warm-up before a real-time output starts.
     * When the new Gervill cannot open, the running one stays and the error is thrown.
     *
     * @throws IllegalStateException when the node is not active, or Gervill cannot open
     * @thread main (active; no render call running)
     */
    public void reopen() {
        GervillEngine old = engine;
        if (!isActive() || old == null) {
            throw new IllegalStateException("node '" + ID + "' is not active; there is no Gervill to reopen");
        }
        start(old.reopened(), sampleRate(), maxFrames()); // the soundbank as read at activation, not read again
        old.close();
    }

    /** @thread main */
    @Override
    protected void onDeactivate() {
        GervillEngine e = engine;
        engine = null;
        if (e != null) {
            e.close();
        }
    }

    /** @thread any */
    @Override
    public int latencyFrames() {
        return latency;
    }

    /** Gervill's percussion tails (a crash cymbal rings for seconds). @thread any */
    @Override
    public double tailSeconds() {
        return 4.0;
    }

    /** Hits played so far. @thread any */
    public long hitsPlayed() {
        return hitsPlayed;
    }

    /** Hits dropped because one cycle held more than 1024 hits or grid steps (a dropped step counts once). @thread any */
    public long hitsDropped() {
        return hitsDropped;
    }

    /**
     * All Sound Off and Reset All Controllers on channel 10, the machine stopped. Gervill's reverb and chorus
     * keep their lines (Gervill cannot clear them on the render thread): {@link #reopen} on the main thread
     * leaves nothing.
     * @thread render (between cycles)
     */
    @Override
    public void reset() {
        GervillEngine e = engine;
        if (e != null) {
            e.send(0, 0xB9, 120, 0);
            e.send(0, 0xB9, 121, 0);
        }
        gainChanges.clear();
        gain.reset(Math.pow(10, parameters().value(P_GAIN) / 20));
        clearState();
    }

    /** @thread render */
    @Override
    public void parameterChanged(int index, double value) {
        if (index == P_GAIN) {
            delayGain(0, value); // a value set from another thread: offset 0 of this cycle
        }
    }

    /** Queues a gain change at offset {@code offset} of this cycle for output frame offset + latency. */
    private void delayGain(int offset, double db) {
        double g = Math.pow(10, db / 20);
        if (!gainChanges.add(frame + offset + latency, P_GAIN, g)) {
            gain.setTarget(g); // cannot happen with the capacity taken at activation
        }
    }

    /** @thread render */
    @Override
    public void process(ProcessContext ctx) {
        GervillEngine e = engine;
        if (!isActive() || e == null) {
            return;
        }
        parameters().applyPending(this);
        int frames = ctx.frames();
        MidiEventBuffer out = ctx.midiOut();
        computeSteps(ctx.transport(), frames, out);
        // merge live events, parameter changes and steps in frame order into Gervill (its keys must not go
        // backwards): a step on a parameter change's frame or later plays with the new value, one before it
        // with the old; a step on a MIDI event's frame plays before that event
        EventList ev = ctx.events();
        int s = 0;
        for (int i = 0, n = ev.size(); i < n; i++) {
            int off = Math.min(Math.max(ev.offset(i), 0), frames - 1);
            boolean param = ev.isParam(i);
            while (s < steps && (stepFrame[s] < off || (!param && stepFrame[s] == off))) {
                playStep(e, stepFrame[s], stepIndex[s], frames, out);
                s++;
            }
            if (param) {
                double v = parameters().applyFromTimeline(ev.paramIndex(i), ev.paramValue(i));
                if (v == v && ev.paramIndex(i) == P_GAIN) {
                    delayGain(off, v); // acts on the audio with a hit or pad note at the same offset
                }
            } else {
                int st = ev.status(i) & 0xF0;
                if (st == 0x80 || st == 0x90 || st == 0xA0 || st == 0xB0) {
                    e.send(off, st | 9, ev.data1(i), ev.data2(i));
                }
            }
        }
        while (s < steps) {
            playStep(e, stepFrame[s], stepIndex[s], frames, out);
            s++;
        }
        for (int l = 0; l < LANES; l++) {
            if (offDue[l] >= 0) {
                offDue[l] -= frames;
            }
        }
        float[] left = ctx.output(0, 0);
        float[] right = ctx.output(0, 1);
        e.render(left, right, 0, frames);
        ParamDelayQueue q = gainChanges;
        for (int i = 0; i < frames; i++) {
            while (q.hasDue(frame + i)) {
                gain.setTarget(q.headValue());
                q.pop();
            }
            double g = gain.next();
            if (g != 1.0) {
                left[i] = (float) (left[i] * g);
                right[i] = (float) (right[i] * g);
            }
        }
        frame += frames;
    }

    /** Works out this cycle's grid steps (and sends the note-offs owed from earlier cycles) from the transport. */
    private void computeSteps(Transport t, int frames, MidiEventBuffer out) {
        steps = 0;
        hits = 0;
        double sr = t.sampleRate();
        boolean nowPlaying = t.available() && t.playing();
        // note-offs owed from earlier cycles
        for (int l = 0; l < LANES; l++) {
            if (offDue[l] >= 0 && (offDue[l] < frames || !nowPlaying)) {
                out.add(nowPlaying ? (int) offDue[l] : 0, 0x89, offNote[l], 0);
                offDue[l] = -1;
            }
        }
        if (!nowPlaying) {
            playing = false;
            prevValid = false;
            relocation.reset();
            return;
        }
        boolean relocated = relocation.update(t) || !playing;
        playing = true;
        double beat = t.beat();
        double tempo = chooseTempo(t, frames, relocated, sr);
        double fpb = HostSync.framesPerBeat(tempo, sr);
        if (relocated) {
            nextStepBeat = nextGrid(beat, fpb);
        } else if (nextStepBeat > beat + STEP_BEATS) {
            // jitter took the host behind an already played step by more than a step: resync
            nextStepBeat = nextGrid(beat, fpb);
        }
        // loop region: wraps inside this cycle at the first frame at or after its end
        int wrap = -1;
        double loopLength = 0;
        if (t.loopActive() && t.loopEndBeat() > t.loopStartBeat() && beat < t.loopEndBeat()) {
            wrap = frameOf(beat, fpb, frames, t.loopEndBeat());
            loopLength = t.loopEndBeat() - t.loopStartBeat();
        }
        if (wrap < 0) {
            segment(beat, 0, frames, tempo, sr);
        } else {
            segment(beat, 0, wrap, tempo, sr);
            double after = beat + wrap / fpb - loopLength;
            nextStepBeat = nextGrid(after, fpb);
            segment(after, wrap, frames, tempo, sr);
        }
        prevBeat = beat;
        prevFrames = frames;
        prevWrapLength = wrap >= 0 ? loopLength : 0;
        prevValid = true;
        // note-off half a step later (or just before the lane's next hit)
        gate = Math.max(1, Math.round(0.5 * STEP_BEATS * HostSync.framesPerBeat(tempo, sr)));
    }

    /**
     * Plays one grid step with the lanes' values as they are now: each lane whose mask has the step sends
     * its note to Gervill and to MIDI out (note-on at the step, note-off a gate later or before the lane's
     * next hit).
     */
    private void playStep(GervillEngine e, int frame, int stepNo, int frames, MidiEventBuffer out) {
        if (parameters().value(P_PATTERN) < 0.5) {
            return; // pattern off (the default): the grid runs on, silent, so turning it on lands on the grid
        }
        for (int l = 0; l < LANES; l++) {
            int mask = (int) parameters().value(P_LANE0 + 3 * l);
            if ((mask >> stepNo & 1) == 0) {
                continue;
            }
            if (hits == MAX_HITS) {
                hitsDropped++;
                continue;
            }
            int note = (int) parameters().value(P_LANE0 + 3 * l + 1);
            int velocity = (int) parameters().value(P_LANE0 + 3 * l + 2);
            hits++;
            hitsPlayed++;
            e.send(frame, 0x99, note, velocity);
            if (offDue[l] >= 0) {
                out.add(frame, 0x89, offNote[l], 0);
            }
            out.add(frame, 0x99, note, velocity);
            offNote[l] = note;
            offDue[l] = frame + gate;
            if (offDue[l] < frames) {
                out.add((int) offDue[l], 0x89, note, 0);
                offDue[l] = -1;
            }
        }
    }

    /**
     * The tempo for mapping beats to frames inside this cycle: how fast the host's beats really moved over
     * the previous cycle, smoothed; the reported tempo on a start, a relocation, or a change of more than 1%.
     */
    private double chooseTempo(Transport t, int frames, boolean relocated, double sr) {
        double reported = t.tempo();
        if (relocated || !prevValid || prevFrames <= 0) {
            smoother.reset(reported);
            return reported;
        }
        double advance = t.beat() + prevWrapLength - prevBeat;
        double measured = advance * 60.0 * sr / prevFrames;
        if (!(measured > 0) || Math.abs(reported - measured) > JUMP * measured
                || Math.abs(reported - smoother.rate()) > JUMP * reported) {
            smoother.reset(reported);
            return reported;
        }
        return smoother.update(measured, frames);
    }

    /** The first grid beat at or after {@code beat}, within the frame tolerance. */
    private static double nextGrid(double beat, double fpb) {
        double tol = EPS_FRAMES / fpb;
        return Math.ceil((beat - tol) / STEP_BEATS) * STEP_BEATS;
    }

    /** The frame in [0, frames) of {@code target} in a segment from {@code start}, or -1. */
    private static int frameOf(double start, double fpb, int frames, double target) {
        double exact = (target - start) * fpb;
        if (exact < -EPS_FRAMES) {
            return -1;
        }
        double f = Math.ceil(exact - EPS_FRAMES);
        return f < frames ? (int) Math.max(0, f) : -1;
    }

    /** Adds the hits of grid beats in [from, to) of a segment that starts at {@code startBeat}. */
    private void segment(double startBeat, int from, int to, double tempo, double sr) {
        double fpb = HostSync.framesPerBeat(tempo, sr);
        if (nextStepBeat < startBeat - STEP_BEATS) {
            nextStepBeat = nextGrid(startBeat, fpb); // missed more than a step: resync
        }
        while (true) {
            double g = nextStepBeat;
            int f;
            if ((g - startBeat) * fpb < -EPS_FRAMES) {
                f = from; // an unplayed step the host's beat already passed (jitter): play it now
            } else {
                int rel = frameOf(startBeat, fpb, to - from, g);
                if (rel < 0) {
                    return;
                }
                f = from + rel;
            }
            if (g > -1e-9) {
                addStep(g, f);
            }
            nextStepBeat = g + STEP_BEATS;
        }
    }

    private void addStep(double gridBeat, int frame) {
        if (steps == MAX_HITS) {
            hitsDropped++;
            return;
        }
        stepFrame[steps] = frame;
        stepIndex[steps] = (int) (Math.round(gridBeat / STEP_BEATS) % STEPS);
        steps++;
    }

    /** Not used: the cycle is rendered whole in {@link #process}. @thread render */
    @Override
    protected void render(ProcessContext ctx, int from, int to) {
    }
}
