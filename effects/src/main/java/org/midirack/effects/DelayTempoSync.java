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
 * Tempo-synced stereo delay. The delay time is a note value (1/1 .. 1/32T) turned into frames
 * with the host tempo ({@code beats * 60 * sampleRate / tempo}; 120 BPM without host sync),
 * so at 120 BPM and 48 kHz an eighth note is exactly 12000 frames. Each channel has its own
 * line: {@code line = in + feedback * damped(wet)}, {@code out = (1 - mix) * in + mix * wet}.
 * A change of delay time (new note value or tempo) glides the read position over 50 ms rather
 * than jumping (a short pitch bend instead of a click). The longest delay is 8 seconds.
 *
 * <p>MIDI: controllers {@code ccTime}, {@code ccFeedback} and {@code ccMix} (default CC 20, 21,
 * 22; GM-undefined) set those parameters on their exact frame, the 0..127 value mapped onto the
 * range; All Sound Off (CC 120) clears the delay lines at its frame. Latency 0.
 *
 * <p>Parameters: time (note value, glides 50 ms), feedback (0..0.95, smoothed 20 ms), mix (0..1
 * wet share, smoothed 20 ms), damping (0..1, one-pole low-pass in the feedback path, 0 = none,
 * smoothed 20 ms), ccTime / ccFeedback / ccMix (controller numbers, 0..127).
 */
public final class DelayTempoSync extends AudioEffectNode {
    /** Stable node id. */
    public static final String ID = "midirack.delay-tempo-sync";
    public static final int P_TIME = 0;
    public static final int P_FEEDBACK = 1;
    public static final int P_MIX = 2;
    public static final int P_DAMPING = 3;
    public static final int P_CC_TIME = 4;
    public static final int P_CC_FEEDBACK = 5;
    public static final int P_CC_MIX = 6;
    /** Longest delay, seconds. */
    public static final double MAX_SECONDS = 8;
    private static final double GLIDE_MS = 50;

    static final NodeDescriptor DESCRIPTOR = effectDescriptor(ID, "DelayTempoSync", List.of(
            NoteValues.choice("time", "Time", 0, NoteValues.LAST, "1/8"),
            ParamDescriptor.continuous("feedback", "Feedback", 0, 0.95, 0.4, "factor").smoothed(20),
            ParamDescriptor.continuous("mix", "Mix", 0, 1, 0.35, "wet share").smoothed(20),
            ParamDescriptor.continuous("damping", "Damping", 0, 1, 0, "factor").smoothed(20),
            ParamDescriptor.integer("ccTime", "Time controller", 0, 127, 20, "CC"),
            ParamDescriptor.integer("ccFeedback", "Feedback controller", 0, 127, 21, "CC"),
            ParamDescriptor.integer("ccMix", "Mix controller", 0, 127, 22, "CC")));

    /** The factory registered for ServiceLoader. */
    public static final class Factory implements NodeFactory {
        /** @thread any */
        @Override
        public NodeDescriptor descriptor() {
            return DESCRIPTOR;
        }

        /** @thread main */
        @Override
        public DelayTempoSync create() {
            return new DelayTempoSync();
        }
    }

    private float[][] line = new float[2][1];
    private int size = 1;
    private int write;
    private final double[] lp = new double[2];
    private final SmoothedValue delay = new SmoothedValue(1);
    private boolean delaySet;
    private double tempo = 120;

    /** @thread main */
    public DelayTempoSync() {
        super(DESCRIPTOR);
    }

    /** @thread main */
    @Override
    protected void activateEffect(double sampleRate, int maxFrames) {
        size = (int) Math.ceil(MAX_SECONDS * sampleRate) + 4;
        line = new float[2][size];
        write = 0;
        lp[0] = lp[1] = 0;
        delay.setRampMillis(GLIDE_MS, sampleRate);
        delaySet = false;
    }

    /** @thread render (between cycles) */
    @Override
    public void reset() {
        clear();
        delaySet = false; // the next cycle's tempo sets the delay at once, as after activation: no glide from before
    }

    private void clear() {
        java.util.Arrays.fill(line[0], 0f);
        java.util.Arrays.fill(line[1], 0f);
        lp[0] = lp[1] = 0;
    }

    /** The delay in frames for the current time and tempo. @thread render */
    public double delayFrames() {
        double d = NoteValues.beats((int) parameters().value(P_TIME)) * HostSync.framesPerBeat(tempo, sampleRate());
        return Math.max(1, Math.min(size - 3, d));
    }

    /** Echoes ring for up to 60 s depending on feedback and time. @thread any */
    @Override
    public double tailSeconds() {
        double fb = parameters().get(P_FEEDBACK);
        double d = NoteValues.beats((int) parameters().get(P_TIME)) * 60 / 30.0; // slowest tempo assumed: 30 BPM
        d = Math.min(d, MAX_SECONDS);
        double repeats = fb <= 1e-6 ? 1 : Math.ceil(Math.log(1e-6) / Math.log(fb)) + 1;
        return Math.min(60, repeats * d + 0.1);
    }

    /** @thread render */
    @Override
    protected void beginEffectCycle(ProcessContext ctx) {
        Transport t = ctx.transport();
        tempo = t.available() && t.tempo() > 0 ? t.tempo() : 120;
        retarget();
    }

    private void retarget() {
        double d = delayFrames();
        if (!delaySet) {
            delay.reset(d);
            delaySet = true;
        } else if (d != delay.target()) {
            delay.setTarget(d);
        }
    }

    /** @thread render */
    @Override
    protected void onParameter(int index, double value) {
        if (index == P_TIME && delaySet) {
            retarget();
        }
    }

    /** @thread render */
    @Override
    protected void onMidi(ProcessContext ctx, int frame, int status, int data1, int data2) {
        if ((status & 0xF0) != 0xB0 || status >= 0xF0) {
            return;
        }
        if (data1 == 120) {
            clear();
        } else if (data1 == (int) parameters().value(P_CC_TIME)) {
            applyController(P_TIME, data2);
        } else if (data1 == (int) parameters().value(P_CC_FEEDBACK)) {
            applyController(P_FEEDBACK, data2);
        } else if (data1 == (int) parameters().value(P_CC_MIX)) {
            applyController(P_MIX, data2);
        }
    }

    /** @thread render */
    @Override
    protected void render(ProcessContext ctx, int from, int to) {
        float[] inL = ctx.input(0, 0);
        float[] inR = ctx.input(0, 1);
        float[] outL = ctx.output(0, 0);
        float[] outR = ctx.output(0, 1);
        float[] bl = line[0];
        float[] br = line[1];
        SmoothedValue fbS = smoother(P_FEEDBACK);
        SmoothedValue mixS = smoother(P_MIX);
        SmoothedValue dampS = smoother(P_DAMPING);
        double lpl = lp[0];
        double lpr = lp[1];
        int w = write;
        int n = size;
        for (int i = from; i < to; i++) {
            double d = delay.next();
            double fb = fbS.next();
            double mix = mixS.next();
            double damp = dampS.next();
            double rp = w - d;
            if (rp < 0) {
                rp += n;
            }
            int r0 = (int) rp;
            double frac = rp - r0;
            int r1 = r0 + 1 == n ? 0 : r0 + 1;
            double wl = bl[r0] + (bl[r1] - bl[r0]) * frac;
            double wr = br[r0] + (br[r1] - br[r0]) * frac;
            lpl += (1 - damp) * (wl - lpl);
            lpr += (1 - damp) * (wr - lpr);
            lpl = flushD(lpl);
            lpr = flushD(lpr);
            double xl = inL[i];
            double xr = inR[i];
            bl[w] = flush(xl + fb * lpl);
            br[w] = flush(xr + fb * lpr);
            outL[i] = flush((1 - mix) * xl + mix * wl);
            outR[i] = flush((1 - mix) * xr + mix * wr);
            if (++w == n) {
                w = 0;
            }
        }
        write = w;
        lp[0] = lpl;
        lp[1] = lpr;
    }
}
