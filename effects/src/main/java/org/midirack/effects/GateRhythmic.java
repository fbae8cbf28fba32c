package org.midirack.effects;

import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeFactory;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.ProcessContext;
import org.midirack.core.Transport;
import org.midirack.core.dsp.SmoothedValue;
import org.midirack.core.sync.HostSync;
import java.util.List;

/**
 * Gate: either rhythmic, synced to the host's beats, or opened by incoming notes (a MIDI
 * sidechain). Stereo, latency 0. Every open and close is a linear ramp of {@code ramp} ms, so
 * the gate never clicks; a ramp starts on the frame the gate's state changes (the note-on
 * frame, the step's first frame), so the first frame of an opening already passes signal.
 *
 * <p>Rhythm mode: the timeline is cut into steps of a note value from beat 0 ({@code
 * floor(beat / step)}, loop wraps and negative beats included); step i of a 16-step cycle is on
 * when bit {@code i % 16} of {@code pattern} is set, and then the gate is open for the first
 * {@code duty} of the step. While the host transport is stopped, or without host sync, the gate
 * stays open. Notes mode: the gate is open while any key is held; All Notes Off closes it.
 *
 * <p>Parameters: mode (rhythm, notes), step (note value 1/1..1/32T, default 1/16), duty
 * (0.05..1 of a step), pattern (0..65535, 16 steps, bit 0 first), depth (0..1: the gain when
 * closed is 1 - depth; smoothed 20 ms), ramp (0.1..50 ms, open and close time).
 */
public final class GateRhythmic extends AudioEffectNode {
    /** Stable node id. */
    public static final String ID = "midirack.gate-rhythmic";
    public static final int P_MODE = 0;
    public static final int P_STEP = 1;
    public static final int P_DUTY = 2;
    public static final int P_PATTERN = 3;
    public static final int P_DEPTH = 4;
    public static final int P_RAMP = 5;
    public static final int RHYTHM = 0;
    public static final int NOTES = 1;

    static final NodeDescriptor DESCRIPTOR = effectDescriptor(ID, "GateRhythmic", List.of(
            ParamDescriptor.choice("mode", "Mode", RHYTHM, "rhythm", "notes"),
            NoteValues.choice("step", "Step", 0, NoteValues.LAST, "1/16"),
            ParamDescriptor.continuous("duty", "Duty", 0.05, 1, 0.5, "fraction of a step"),
            ParamDescriptor.integer("pattern", "Pattern", 0, 65535, 65535, "bits"),
            ParamDescriptor.continuous("depth", "Depth", 0, 1, 1, "factor").smoothed(20),
            ParamDescriptor.continuous("ramp", "Ramp", 0.1, 50, 2, "ms")));

    /** The factory registered for ServiceLoader. */
    public static final class Factory implements NodeFactory {
        /** @thread any */
        @Override
        public NodeDescriptor descriptor() {
            return DESCRIPTOR;
        }

        /** @thread main */
        @Override
        public GateRhythmic create() {
            return new GateRhythmic();
        }
    }

    private final boolean[] held = new boolean[16 * 128];
    private int heldCount;
    private double gain;
    private boolean synced;
    /** Set by activation and reset: the next cycle sets the gain from the mode and depth it plays with. */
    private boolean gainUnset = true;

    /** @thread main */
    public GateRhythmic() {
        super(DESCRIPTOR);
    }

    /** @thread main */
    @Override
    protected void activateEffect(double sampleRate, int maxFrames) {
        reset();
    }

    /** @thread render (between cycles) */
    @Override
    public void reset() {
        java.util.Arrays.fill(held, false);
        heldCount = 0;
        gainUnset = true; // the next cycle starts the gain afresh, not where the gate was before the reset
    }

    /** @thread any */
    @Override
    public double tailSeconds() {
        return 0.06;
    }

    /** @thread render */
    @Override
    protected void beginEffectCycle(ProcessContext ctx) {
        Transport t = ctx.transport();
        synced = t.available() && t.playing();
        if (gainUnset) {
            // here, not at activation: values set before the first cycle count (closed in notes mode, open else)
            gainUnset = false;
            gain = (int) parameters().value(P_MODE) == NOTES ? 1 - parameters().value(P_DEPTH) : 1;
        }
    }

    /** @thread render */
    @Override
    protected void onMidi(ProcessContext ctx, int frame, int status, int data1, int data2) {
        if (status >= 0xF0) {
            return;
        }
        int cmd = status & 0xF0;
        int key = (status & 15) << 7 | data1;
        if (cmd == 0x90 && data2 > 0) {
            if (!held[key]) {
                held[key] = true;
                heldCount++;
            }
        } else if (cmd == 0x80 || cmd == 0x90) {
            if (held[key]) {
                held[key] = false;
                heldCount--;
            }
        } else if (cmd == 0xB0 && (data1 == 123 || data1 == 120)) {
            reset();
        }
    }

    /** @thread render */
    @Override
    protected void render(ProcessContext ctx, int from, int to) {
        float[] inL = ctx.input(0, 0);
        float[] inR = ctx.input(0, 1);
        float[] outL = ctx.output(0, 0);
        float[] outR = ctx.output(0, 1);
        SmoothedValue depth = smoother(P_DEPTH);
        double rampStep = 1.0 / Math.max(1, parameters().value(P_RAMP) * 0.001 * sampleRate());
        boolean notes = (int) parameters().value(P_MODE) == NOTES;
        double step = NoteValues.beats((int) parameters().value(P_STEP));
        double duty = parameters().value(P_DUTY);
        int pattern = (int) parameters().value(P_PATTERN);
        Transport t = ctx.transport();
        double g = gain;
        for (int i = from; i < to; i++) {
            double closed = 1 - depth.next();
            boolean open;
            if (notes) {
                open = heldCount > 0;
            } else if (!synced) {
                open = true;
            } else {
                double phase = HostSync.beatAtFrame(t, i) / step + 1e-9;
                double k = Math.floor(phase);
                int bit = (int) Math.floorMod((long) k, 16L);
                open = (pattern >>> bit & 1) != 0 && phase - k < duty;
            }
            double target = open ? 1 : closed;
            if (g < target) {
                g = Math.min(target, g + rampStep);
            } else if (g > target) {
                g = Math.max(target, g - rampStep);
            }
            outL[i] = flush(inL[i] * g);
            outR[i] = flush(inR[i] * g);
        }
        gain = g;
    }
}
