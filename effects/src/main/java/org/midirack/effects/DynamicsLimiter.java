package org.midirack.effects;

import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeFactory;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.ProcessContext;
import org.midirack.core.dsp.ParamDelayQueue;
import org.midirack.core.dsp.SmoothedValue;
import java.util.List;

/**
 * Gain and lookahead peak limiter for the master bus (stereo-linked). The output is the input
 * times {@code gain}, delayed by the lookahead, times a gain reduction that is already down by
 * the time a peak comes out, so the output never exceeds {@code ceiling}: the reduction needed
 * by each incoming frame ({@code ceiling / peak}, or 1) goes through a sliding minimum over
 * lookahead + 1 frames and then a moving average of the same length (a ramp down that reaches
 * the needed reduction exactly at the peak), and recovers with a one-pole {@code release}; a
 * final clamp at the ceiling absorbs rounding. Latency = lookahead frames
 * ({@code round(lookahead ms * sampleRate / 1000)}, at least 1), reported by
 * {@link #latencyFrames()}.
 *
 * <p>Parameters: gain (-24..24 dB, smoothed 20 ms), ceiling (-24..0 dBFS, acts at once),
 * lookahead (0.5..20 ms; not automatable: takes effect at the next activation, as it is the
 * node's latency), release (1..2000 ms, time constant of the recovery).
 *
 * <p>Parameter timing: a change at offset k acts together with the input at offset k, which leaves the
 * limiter at output frame k + latency. The gain and the ceiling shape that input's gain reduction from
 * frame k on: like a peak arriving at k, they may start the reduction's ramp up to a lookahead early (the
 * point of a lookahead limiter); the ceiling's final clamp and the release act on the output from frame
 * k + latency, the frame the input at k comes out.
 */
public final class DynamicsLimiter extends AudioEffectNode {
    /** Stable node id. */
    public static final String ID = "midirack.dynamics-limiter";
    public static final int P_GAIN = 0;
    public static final int P_CEILING = 1;
    public static final int P_LOOKAHEAD = 2;
    public static final int P_RELEASE = 3;

    static final NodeDescriptor DESCRIPTOR = effectDescriptor(ID, "DynamicsLimiter", List.of(
            ParamDescriptor.continuous("gain", "Gain", -24, 24, 0, "dB").smoothed(20),
            ParamDescriptor.continuous("ceiling", "Ceiling", -24, 0, -1, "dBFS"),
            ParamDescriptor.continuous("lookahead", "Lookahead", 0.5, 20, 5, "ms").notAutomatable(),
            ParamDescriptor.continuous("release", "Release", 1, 2000, 100, "ms")));

    /** The factory registered for ServiceLoader. */
    public static final class Factory implements NodeFactory {
        /** @thread any */
        @Override
        public NodeDescriptor descriptor() {
            return DESCRIPTOR;
        }

        /** @thread main */
        @Override
        public DynamicsLimiter create() {
            return new DynamicsLimiter();
        }
    }

    private volatile int latency;
    private int window;
    private float[][] line = new float[2][1];
    private int pos;
    private double[] mins = new double[1];
    private double sum;
    private double[] dqVal = new double[1];
    private long[] dqIdx = new long[1];
    private int dqHead;
    private int dqSize;
    private long n;
    private double env = 1;
    private double gainDbCached = Double.NaN;
    private double gainLin = 1;
    // ceiling clamp and release at the output: changes wait a latency (frames since activation)
    private ParamDelayQueue outChanges = new ParamDelayQueue(1);
    private long now;              // absolute frame of the next frame to render
    private boolean started;       // a cycle has begun since activation: changes before it apply at once
    private double outCeilDb;
    private double outReleaseMs;

    /** @thread main */
    public DynamicsLimiter() {
        super(DESCRIPTOR);
    }

    /** @thread main */
    @Override
    protected void activateEffect(double sampleRate, int maxFrames) {
        int l = Math.max(1, (int) Math.round(parameters().get(P_LOOKAHEAD) * 0.001 * sampleRate));
        window = l + 1;
        line = new float[2][l];
        mins = new double[window];
        dqVal = new double[window];
        dqIdx = new long[window];
        latency = l;
        outChanges = new ParamDelayQueue(ParamDelayQueue.capacityFor(maxFrames, l, 2));
        now = 0;
        started = false;
        reset();
    }

    /** The lookahead in frames of the current activation. @thread any */
    @Override
    public int latencyFrames() {
        return latency;
    }

    /** @thread any */
    @Override
    public double tailSeconds() {
        return 0.03;
    }

    /** @thread render (between cycles) */
    @Override
    public void reset() {
        java.util.Arrays.fill(line[0], 0f);
        java.util.Arrays.fill(line[1], 0f);
        java.util.Arrays.fill(mins, 1.0);
        sum = window;
        dqHead = 0;
        dqSize = 0;
        n = 0;
        pos = 0;
        env = 1;
        outChanges.clear();
        outCeilDb = parameters().value(P_CEILING);
        outReleaseMs = parameters().value(P_RELEASE);
    }

    /** @thread render */
    @Override
    protected void beginEffectCycle(ProcessContext ctx) {
        started = true;
    }

    /** The output's ceiling clamp and the release follow a latency later, with the input at this frame. @thread render */
    @Override
    protected void onParameter(int index, double value) {
        if (index != P_CEILING && index != P_RELEASE) {
            return;
        }
        if (!started || !outChanges.add(now + latency, index, value)) {
            setOutput(index, value); // before the first cycle: at once, as the smoothers do
        }
    }

    private void setOutput(int index, double value) {
        if (index == P_CEILING) {
            outCeilDb = value;
        } else {
            outReleaseMs = value;
        }
    }

    /** @thread render */
    @Override
    protected void onMidi(ProcessContext ctx, int frame, int status, int data1, int data2) {
        if (status < 0xF0 && (status & 0xF0) == 0xB0 && data1 == 120) {
            java.util.Arrays.fill(line[0], 0f);
            java.util.Arrays.fill(line[1], 0f);
        }
    }

    /** @thread render */
    @Override
    protected void render(ProcessContext ctx, int from, int to) {
        float[] inL = ctx.input(0, 0);
        float[] inR = ctx.input(0, 1);
        float[] outL = ctx.output(0, 0);
        float[] outR = ctx.output(0, 1);
        float[] dl = line[0];
        float[] dr = line[1];
        SmoothedValue gainS = smoother(P_GAIN);
        double ceil = Math.pow(10, parameters().value(P_CEILING) / 20); // the input's: shapes its reduction
        float ceilF = (float) Math.pow(10, outCeilDb / 20);
        double rel = releaseCoefficient();
        ParamDelayQueue q = outChanges;
        int w = window;
        int len = dl.length;
        double inv = 1.0 / w;
        for (int i = from; i < to; i++) {
            if (q.hasDue(now)) {
                while (q.hasDue(now)) {
                    setOutput(q.headIndex(), q.headValue());
                    q.pop();
                }
                ceilF = (float) Math.pow(10, outCeilDb / 20);
                rel = releaseCoefficient();
            }
            now++;
            double gdb = gainS.next();
            if (gdb != gainDbCached) {
                gainDbCached = gdb;
                gainLin = Math.pow(10, gdb / 20);
            }
            double xl = inL[i] * gainLin;
            double xr = inR[i] * gainLin;
            double peak = Math.max(Math.abs(xl), Math.abs(xr));
            double req = peak > ceil ? ceil / peak : 1;
            // sliding minimum over the last w requirements
            while (dqSize > 0 && dqVal[(dqHead + dqSize - 1) % w] >= req) {
                dqSize--;
            }
            int back = (dqHead + dqSize) % w;
            dqVal[back] = req;
            dqIdx[back] = n;
            dqSize++;
            while (dqIdx[dqHead] <= n - w) {
                dqHead = (dqHead + 1) % w;
                dqSize--;
            }
            double m = dqVal[dqHead];
            // moving average of the minima over the same window
            int slot = (int) (n % w);
            sum += m - mins[slot];
            mins[slot] = m;
            double box = sum * inv;
            if (box < env) {
                env = box;
            } else {
                env += (box - env) * rel;
            }
            n++;
            if ((n & 0xFFFF) == 0) {
                resum(); // now and then, so rounding in the running sum cannot accumulate
            }
            float yl = (float) (dl[pos] * env);
            float yr = (float) (dr[pos] * env);
            dl[pos] = (float) xl;
            dr[pos] = (float) xr;
            if (++pos == len) {
                pos = 0;
            }
            outL[i] = flush(yl > ceilF ? ceilF : (yl < -ceilF ? -ceilF : yl));
            outR[i] = flush(yr > ceilF ? ceilF : (yr < -ceilF ? -ceilF : yr));
        }
    }

    private double releaseCoefficient() {
        return 1 - Math.exp(-1.0 / Math.max(1, outReleaseMs * 0.001 * sampleRate()));
    }

    private void resum() {
        double s = 0;
        for (double v : mins) {
            s += v;
        }
        sum = s;
    }
}
