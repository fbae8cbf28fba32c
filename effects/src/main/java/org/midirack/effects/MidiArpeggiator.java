package org.midirack.effects;

import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeFactory;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.ProcessContext;
import org.midirack.core.Transport;
import org.midirack.core.sync.HostSync;
import org.midirack.core.sync.RelocationDetector;
import java.util.List;

/**
 * Arpeggiator: plays the held notes one at a time on a grid of note values, synced to the
 * host's beats. A stereo pass-through MUSIC_EFFECT (see {@link MidiProcessorNode}).
 *
 * <p>Timing. Steps fall on the beats {@code k * rate} for k = 0, 1, 2, ... of the host
 * timeline (beat 0 is a step), each on the first frame at or after its beat
 * ({@link HostSync#frameOfBeat}). With {@code clock = host} the arpeggiator plays only while
 * the host transport plays: during pre-roll (negative beats) it waits and starts on the exact
 * frame of beat 0; after a relocation (rewind, jump) the next step is the next grid beat after
 * the new position and the pattern starts over; across a loop wrap the grid continues from the
 * loop start; across tempo changes the step phase stays locked to the beat. When the transport
 * stops, the sounding note is released at the first frame of the stop. With {@code clock =
 * free}, or when the host gives no sync, an internal clock at the host tempo (120 BPM without
 * sync) runs and its first step is the frame of the first key pressed.
 *
 * <p>Notes. Input note-ons and note-offs build the held set (up to 32 notes) and are not
 * passed on; everything else passes through. Each step sends a note-on with the velocity and
 * channel the key was played with and its note-off {@code gate} of a step later (at least one
 * frame, never after the next step). Latch keeps the notes after their keys are released; the
 * first key pressed after all were released starts a new set. All Notes Off clears the set and
 * releases the sounding note.
 *
 * <p>Parameters: mode (up, down, up-down, as played, random), rate (1/4D .. 1/32T note values,
 * not smoothed: acts on the next step), gate (fraction of a step, 0.05..1), octaves (1..4),
 * latch, seed (random mode; the sequence restarts at each relocation), clock (host or free).
 */
public final class MidiArpeggiator extends MidiProcessorNode {
    /** Stable node id. */
    public static final String ID = "midirack.midi-arpeggiator";
    public static final int P_MODE = 0;
    public static final int P_RATE = 1;
    public static final int P_GATE = 2;
    public static final int P_OCTAVES = 3;
    public static final int P_LATCH = 4;
    public static final int P_SEED = 5;
    public static final int P_CLOCK = 6;
    public static final int MODE_UP = 0;
    public static final int MODE_DOWN = 1;
    public static final int MODE_UP_DOWN = 2;
    public static final int MODE_AS_PLAYED = 3;
    public static final int MODE_RANDOM = 4;
    /** Most notes held at once. */
    public static final int MAX_HELD = 32;

    static final NodeDescriptor DESCRIPTOR = processorDescriptor(ID, "MidiArpeggiator", List.of(
            ParamDescriptor.choice("mode", "Mode", MODE_UP, "up", "down", "up-down", "as played", "random"),
            NoteValues.choice("rate", "Rate", NoteValues.QUARTER_DOTTED, NoteValues.LAST, "1/16"),
            ParamDescriptor.continuous("gate", "Gate", 0.05, 1.0, 0.5, "fraction of a step"),
            ParamDescriptor.integer("octaves", "Octave range", 1, 4, 1, "octaves"),
            ParamDescriptor.toggle("latch", "Latch", false),
            ParamDescriptor.integer("seed", "Random seed", 0, 65535, 1, "seed"),
            ParamDescriptor.choice("clock", "Clock", 0, "host", "free")));

    /** The factory registered for ServiceLoader. */
    public static final class Factory implements NodeFactory {
        /** @thread any */
        @Override
        public NodeDescriptor descriptor() {
            return DESCRIPTOR;
        }

        /** @thread main */
        @Override
        public MidiArpeggiator create() {
            return new MidiArpeggiator();
        }
    }

    private final int[] heldNote = new int[MAX_HELD];
    private final int[] heldVel = new int[MAX_HELD];
    private final int[] heldCh = new int[MAX_HELD];
    private final boolean[] heldDown = new boolean[MAX_HELD];
    private int heldCount;
    private final int[] sorted = new int[MAX_HELD];
    private final RelocationDetector relocation = new RelocationDetector();

    private long stepCounter;
    private long rng;
    private boolean sounding;
    private int soundingNote;
    private int soundingCh;
    private long soundingOff;

    // per cycle clock
    private boolean clockRunning;
    private double segBeat0;     // beat at frame 0 of segment 0
    private double segBeat1;     // beat at the wrap frame (segment 1)
    private int wrapFrame;       // -1 when no wrap in this cycle
    private double fpb;
    private double freeBeat;     // free clock: beat at this cycle's first frame
    private boolean freeStarted;

    /** @thread main */
    public MidiArpeggiator() {
        super(DESCRIPTOR);
    }

    /** @thread main */
    @Override
    protected void activateProcessor(double sampleRate, int maxFrames) {
        clearProcessor();
        relocation.reset();
        freeBeat = 0;
        freeStarted = false;
    }

    /** @thread render */
    @Override
    protected void clearProcessor() {
        heldCount = 0;
        sounding = false;
        stepCounter = 0;
        reseed();
    }

    private void reseed() {
        rng = 0x9E3779B97F4A7C15L ^ (long) parameters().value(P_SEED) * 0xBF58476D1CE4E5B9L;
        if (rng == 0) {
            rng = 1;
        }
    }

    private boolean freeClock(Transport t) {
        return !t.available() || (int) parameters().value(P_CLOCK) == 1;
    }

    /** @thread render */
    @Override
    protected void beginProcessorCycle(ProcessContext ctx) {
        Transport t = ctx.transport();
        double sr = sampleRate();
        double tempo = t.available() && t.tempo() > 0 ? t.tempo() : 120;
        fpb = HostSync.framesPerBeat(tempo, sr);
        wrapFrame = -1;
        if (freeClock(t)) {
            clockRunning = freeStarted;
            segBeat0 = freeBeat;
            freeBeat += ctx.frames() / fpb;
            return;
        }
        freeStarted = false;
        clockRunning = t.playing();
        boolean relocated = relocation.update(t);
        if (!clockRunning) {
            return;
        }
        if (relocated) {
            stepCounter = 0;
            reseed();
        }
        segBeat0 = t.beat();
        int w = HostSync.loopWrapFrame(t);
        if (w >= 0) {
            wrapFrame = w;
            segBeat1 = HostSync.beatAtFrame(t, w);
        }
    }

    /** @thread render */
    @Override
    protected void transportStopped(ProcessContext ctx) {
        releaseSounding(ctx, 0);
    }

    /** @thread render */
    @Override
    public void parameterChanged(int index, double value) {
        if (index == P_LATCH && value < 0.5) {
            int j = 0;
            for (int i = 0; i < heldCount; i++) {
                if (heldDown[i]) {
                    copyHeld(i, j++);
                }
            }
            heldCount = j;
        } else if (index == P_SEED) {
            reseed();
        }
    }

    private void copyHeld(int from, int to) {
        heldNote[to] = heldNote[from];
        heldVel[to] = heldVel[from];
        heldCh[to] = heldCh[from];
        heldDown[to] = heldDown[from];
    }

    /** @thread render */
    @Override
    protected void noteOn(ProcessContext ctx, int frame, int channel, int note, int velocity) {
        boolean latch = parameters().value(P_LATCH) >= 0.5;
        if (latch) {
            boolean anyDown = false;
            for (int i = 0; i < heldCount; i++) {
                anyDown |= heldDown[i];
            }
            if (!anyDown) {
                heldCount = 0;
            }
        }
        boolean wasEmpty = heldCount == 0;
        for (int i = 0; i < heldCount; i++) {
            if (heldNote[i] == note && heldCh[i] == channel) {
                heldVel[i] = velocity;
                heldDown[i] = true;
                return;
            }
        }
        if (heldCount == MAX_HELD) {
            return;
        }
        heldNote[heldCount] = note;
        heldVel[heldCount] = velocity;
        heldCh[heldCount] = channel;
        heldDown[heldCount] = true;
        heldCount++;
        if (wasEmpty && freeClock(ctx.transport())) {
            // the free clock starts on this key: a step falls on this very frame
            freeStarted = true;
            clockRunning = true;
            segBeat0 = -frame / fpb;
            freeBeat = segBeat0 + ctx.frames() / fpb;
            stepCounter = 0;
            reseed();
        }
    }

    /** @thread render */
    @Override
    protected void noteOff(ProcessContext ctx, int frame, int channel, int note) {
        boolean latch = parameters().value(P_LATCH) >= 0.5;
        for (int i = 0; i < heldCount; i++) {
            if (heldNote[i] == note && heldCh[i] == channel) {
                if (latch) {
                    heldDown[i] = false;
                } else {
                    for (int j = i + 1; j < heldCount; j++) {
                        copyHeld(j, j - 1);
                    }
                    heldCount--;
                }
                return;
            }
        }
    }

    /** @thread render */
    @Override
    protected void allNotesOff(ProcessContext ctx, int frame) {
        heldCount = 0;
        sounding = false; // the base releases it through the ledger
        freeStarted = false;
    }

    private void releaseSounding(ProcessContext ctx, int frame) {
        if (sounding) {
            sounding = false;
            ledger.off(ctx.midiOut(), frame, soundingCh, soundingNote);
        }
    }

    /** @thread render */
    @Override
    protected void renderMidi(ProcessContext ctx, int from, int to) {
        if (clockRunning) {
            if (wrapFrame < 0) {
                steps(ctx, from, to, 0, segBeat0);
            } else {
                if (from < wrapFrame) {
                    steps(ctx, from, Math.min(to, wrapFrame), 0, segBeat0);
                }
                if (to > wrapFrame) {
                    steps(ctx, Math.max(from, wrapFrame), to, wrapFrame, segBeat1);
                }
            }
        }
        if (sounding && soundingOff < cycleStart + to) {
            long f = soundingOff - cycleStart;
            releaseSounding(ctx, f < from ? from : (int) f);
        }
    }

    /** Plays the steps whose frames fall in [from, to) of a segment starting at frame s with beat sb. */
    private void steps(ProcessContext ctx, int from, int to, int s, double sb) {
        double step = NoteValues.beats(NoteValues.QUARTER_DOTTED + (int) parameters().value(P_RATE));
        double beatFrom = sb + (from - s) / fpb;
        long k = (long) Math.floor(beatFrom / step) - 1;
        if (k < 0) {
            k = 0;
        }
        while (true) {
            double exact = (k * step - sb) * fpb;
            double fr = Math.ceil(exact - HostSync.FRAME_EPSILON);
            if (fr + s >= to) {
                return;
            }
            int f = (int) fr + s;
            if (f >= from) {
                playStep(ctx, f, step);
            }
            k++;
        }
    }

    private void playStep(ProcessContext ctx, int frame, double step) {
        if (sounding) {
            long f = soundingOff - cycleStart;
            releaseSounding(ctx, f < frame ? (int) Math.max(f, 0) : frame);
        }
        int n = heldCount;
        if (n == 0) {
            return;
        }
        int octaves = (int) parameters().value(P_OCTAVES);
        int mode = (int) parameters().value(P_MODE);
        int len = n * octaves;
        int idx;
        if (mode == MODE_RANDOM) {
            rng ^= rng << 13;
            rng ^= rng >>> 7;
            rng ^= rng << 17;
            idx = (int) Long.remainderUnsigned(rng, len);
        } else if (mode == MODE_UP_DOWN && len > 1) {
            int cycle = 2 * len - 2;
            int p = (int) (stepCounter % cycle);
            idx = p < len ? p : cycle - p;
        } else {
            idx = (int) (stepCounter % len);
            if (mode == MODE_DOWN) {
                idx = len - 1 - idx;
            }
        }
        stepCounter++;
        int which;
        if (mode == MODE_AS_PLAYED) {
            which = idx % n;
        } else {
            sortHeld();
            which = sorted[idx % n];
        }
        int note = heldNote[which] + 12 * (idx / n);
        while (note > 127) {
            note -= 12;
        }
        if (!ledger.on(ctx.midiOut(), frame, heldCh[which], note, heldVel[which])) {
            return;
        }
        sounding = true;
        soundingNote = note;
        soundingCh = heldCh[which];
        long gateFrames = Math.max(1, Math.round(parameters().value(P_GATE) * step * fpb));
        soundingOff = cycleStart + frame + gateFrames;
    }

    /** Indices of the held notes by ascending pitch (ties: channel, then arrival). */
    private void sortHeld() {
        int n = heldCount;
        for (int i = 0; i < n; i++) {
            int j = i;
            while (j > 0 && key(sorted[j - 1]) > key(i)) {
                sorted[j] = sorted[j - 1];
                j--;
            }
            sorted[j] = i;
        }
    }

    private int key(int i) {
        return heldNote[i] << 4 | heldCh[i];
    }
}
