package org.midirack.effects;

import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeFactory;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.ProcessContext;
import org.midirack.core.dsp.SmoothedValue;
import java.util.List;

/**
 * Resonant state-variable filter (trapezoidal-integrated SVF, bilinear with the cutoff
 * pre-warped, so the response at the cutoff is exact): low-pass, high-pass or band-pass, with
 * keyboard tracking and an envelope triggered by MIDI notes. Stereo, latency 0.
 *
 * <p>Design response at the cutoff frequency: low-pass and high-pass {@code 20 log10(q)} dB
 * (-3.01 dB at q = 0.7071), band-pass 0 dB (the band output is scaled by 1/q, so its peak is
 * unity whatever q).
 *
 * <p>Effective cutoff, per frame: {@code cutoff * 2^(keyTrack * (note - 60) / 12 + envAmount *
 * env)}, limited to 10 Hz .. 0.45 * sampleRate, where note is the last note-on (60 before any)
 * and env a linear attack/decay/sustain/release envelope 0..1 that starts its attack on the
 * frame of each note-on and its release on the frame the last held key is released. All Notes
 * Off releases the envelope; All Sound Off also clears the filter state.
 *
 * <p>While the cutoff moves (smoothing, envelope) the coefficients are recomputed every 4 frames
 * of the node's own frame count, and at once on the frame of a note-on or parameter change.
 *
 * <p>Parameters: mode (low-pass, high-pass, band-pass), cutoff (20..20000 Hz, smoothed 20 ms,
 * linear in Hz), q (0.5..20, smoothed 20 ms), keyTrack (0..1, 1 = cutoff follows the keys one
 * octave per octave), envAmount (-6..6 octaves at full envelope, smoothed 20 ms), attack
 * (0.1..5000 ms), decay (1..5000 ms), sustain (0..1), release (1..10000 ms).
 */
public final class FilterStateVariable extends AudioEffectNode {
    /** Stable node id. */
    public static final String ID = "midirack.filter-state-variable";
    public static final int P_MODE = 0;
    public static final int P_CUTOFF = 1;
    public static final int P_Q = 2;
    public static final int P_KEY_TRACK = 3;
    public static final int P_ENV_AMOUNT = 4;
    public static final int P_ATTACK = 5;
    public static final int P_DECAY = 6;
    public static final int P_SUSTAIN = 7;
    public static final int P_RELEASE = 8;
    public static final int LOW_PASS = 0;
    public static final int HIGH_PASS = 1;
    public static final int BAND_PASS = 2;

    static final NodeDescriptor DESCRIPTOR = effectDescriptor(ID, "FilterStateVariable", List.of(
            ParamDescriptor.choice("mode", "Mode", LOW_PASS, "low-pass", "high-pass", "band-pass"),
            ParamDescriptor.continuous("cutoff", "Cutoff", 20, 20000, 1000, "Hz").smoothed(20),
            ParamDescriptor.continuous("q", "Resonance", 0.5, 20, Math.sqrt(0.5), "Q").smoothed(20),
            ParamDescriptor.continuous("keyTrack", "Keyboard tracking", 0, 1, 0, "octave per octave"),
            ParamDescriptor.continuous("envAmount", "Envelope amount", -6, 6, 0, "octaves").smoothed(20),
            ParamDescriptor.continuous("attack", "Attack", 0.1, 5000, 5, "ms"),
            ParamDescriptor.continuous("decay", "Decay", 1, 5000, 200, "ms"),
            ParamDescriptor.continuous("sustain", "Sustain", 0, 1, 0.5, "level"),
            ParamDescriptor.continuous("release", "Release", 1, 10000, 300, "ms")));

    /** The factory registered for ServiceLoader. */
    public static final class Factory implements NodeFactory {
        /** @thread any */
        @Override
        public NodeDescriptor descriptor() {
            return DESCRIPTOR;
        }

        /** @thread main */
        @Override
        public FilterStateVariable create() {
            return new FilterStateVariable();
        }
    }

    private static final int IDLE = 0;
    private static final int ATTACK = 1;
    private static final int DECAY = 2;
    private static final int SUSTAIN = 3;
    private static final int RELEASE = 4;

    private final double[] ic1 = new double[2];
    private final double[] ic2 = new double[2];
    private final boolean[] held = new boolean[16 * 128];
    private int heldCount;
    private int note = 60;
    private int stage;
    private double env;
    private double releaseStep;
    private boolean dirty = true;
    /** Frames since activation; modulated coefficients update on multiples of CONTROL_FRAMES. */
    private long frameCount;
    private boolean wasMoving;
    /** While cutoff, q or the envelope move, coefficients are updated every this many frames (and at once on a note or a change). */
    static final int CONTROL_FRAMES = 4;
    private double a1;
    private double a2;
    private double a3;
    private double k;

    /** @thread main */
    public FilterStateVariable() {
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
        clear();
        java.util.Arrays.fill(held, false);
        heldCount = 0;
        note = 60; // as before any note: key tracking must not follow a note played before the reset
        stage = IDLE;
        env = 0;
        dirty = true;
        frameCount = 0; // coefficient updates fall on the same frames as after activation
        wasMoving = false;
    }

    private void clear() {
        ic1[0] = ic1[1] = ic2[0] = ic2[1] = 0;
    }

    /** @thread any */
    @Override
    public double tailSeconds() {
        return 0.5;
    }

    /** @thread render */
    @Override
    protected void onParameter(int index, double value) {
        dirty = true;
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
            note = data1;
            stage = ATTACK;
            dirty = true;
        } else if (cmd == 0x80 || cmd == 0x90) {
            if (held[key]) {
                held[key] = false;
                if (--heldCount == 0) {
                    startRelease();
                }
            }
        } else if (cmd == 0xB0 && (data1 == 123 || data1 == 120)) {
            java.util.Arrays.fill(held, false);
            heldCount = 0;
            startRelease();
            if (data1 == 120) {
                clear();
            }
        }
    }

    private void startRelease() {
        if (stage != IDLE) {
            stage = RELEASE;
            releaseStep = env / Math.max(1, parameters().value(P_RELEASE) * 0.001 * sampleRate());
        }
    }

    private void advanceEnvelope() {
        double sr = sampleRate();
        switch (stage) {
            case ATTACK:
                env += 1.0 / Math.max(1, parameters().value(P_ATTACK) * 0.001 * sr);
                if (env >= 1) {
                    env = 1;
                    stage = DECAY;
                }
                break;
            case DECAY: {
                double s = parameters().value(P_SUSTAIN);
                env -= (1 - s) / Math.max(1, parameters().value(P_DECAY) * 0.001 * sr);
                if (env <= s) {
                    env = s;
                    stage = SUSTAIN;
                }
                break;
            }
            case SUSTAIN:
                env = parameters().value(P_SUSTAIN);
                break;
            case RELEASE:
                env -= releaseStep;
                if (env <= 0) {
                    env = 0;
                    stage = IDLE;
                }
                break;
            default:
                break;
        }
    }

    private void coefficients(double cutoff, double q) {
        double sr = sampleRate();
        double octaves = parameters().value(P_KEY_TRACK) * (note - 60) / 12.0 + smoother(P_ENV_AMOUNT).current() * env;
        double fc = cutoff * Math.pow(2, octaves);
        double max = 0.45 * sr;
        fc = fc < 10 ? 10 : (fc > max ? max : fc);
        double g = Math.tan(Math.PI * fc / sr);
        k = 1 / q;
        a1 = 1 / (1 + g * (g + k));
        a2 = g * a1;
        a3 = g * a2;
    }

    /** @thread render */
    @Override
    protected void render(ProcessContext ctx, int from, int to) {
        SmoothedValue cut = smoother(P_CUTOFF);
        SmoothedValue qs = smoother(P_Q);
        SmoothedValue envAmt = smoother(P_ENV_AMOUNT);
        int mode = (int) parameters().value(P_MODE);
        float[] inL = ctx.input(0, 0);
        float[] inR = ctx.input(0, 1);
        float[] outL = ctx.output(0, 0);
        float[] outR = ctx.output(0, 1);
        double l1 = ic1[0];
        double l2 = ic2[0];
        double r1 = ic1[1];
        double r2 = ic2[1];
        for (int i = from; i < to; i++) {
            double cutoff = cut.next();
            double q = qs.next();
            envAmt.next();
            boolean moving = cut.isSmoothing() || qs.isSmoothing() || envAmt.isSmoothing() || stage != IDLE && stage != SUSTAIN;
            if (stage != IDLE) {
                advanceEnvelope();
            }
            if (wasMoving && !moving) {
                dirty = true; // the final value of a ramp, whatever frame it ends on
            }
            wasMoving = moving;
            if (dirty || moving && (frameCount & (CONTROL_FRAMES - 1)) == 0) {
                coefficients(cutoff, q);
                dirty = false;
            }
            frameCount++;
            double xl = inL[i];
            double v3 = xl - l2;
            double v1 = a1 * l1 + a2 * v3;
            double v2 = l2 + a2 * l1 + a3 * v3;
            l1 = flushD(2 * v1 - l1);
            l2 = flushD(2 * v2 - l2);
            outL[i] = flush(mode == LOW_PASS ? v2 : mode == HIGH_PASS ? xl - k * v1 - v2 : k * v1);
            double xr = inR[i];
            v3 = xr - r2;
            v1 = a1 * r1 + a2 * v3;
            v2 = r2 + a2 * r1 + a3 * v3;
            r1 = flushD(2 * v1 - r1);
            r2 = flushD(2 * v2 - r2);
            outR[i] = flush(mode == LOW_PASS ? v2 : mode == HIGH_PASS ? xr - k * v1 - v2 : k * v1);
        }
        ic1[0] = l1;
        ic2[0] = l2;
        ic1[1] = r1;
        ic2[1] = r2;
    }
}
