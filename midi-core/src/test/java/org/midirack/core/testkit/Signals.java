package org.midirack.core.testkit;

/** Checks on rendered audio used by the contract tests. */
public final class Signals {
    private Signals() {
    }

    /** First frame index at which any channel is not exactly 0, or -1. @thread any */
    public static int firstNonZero(float[][] audio) {
        int n = audio.length == 0 ? 0 : audio[0].length;
        for (int i = 0; i < n; i++) {
            for (float[] ch : audio) {
                if (ch[i] != 0f) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** First index at or after {@code from} where any channel's magnitude exceeds threshold, or -1. @thread any */
    public static int firstAbove(float[][] audio, int from, double threshold) {
        int n = audio.length == 0 ? 0 : audio[0].length;
        for (int i = from; i < n; i++) {
            for (float[] ch : audio) {
                if (Math.abs(ch[i]) > threshold) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Peak magnitude over frames [from, to). @thread any */
    public static double peak(float[][] audio, int from, int to) {
        double p = 0;
        for (float[] ch : audio) {
            for (int i = from; i < to && i < ch.length; i++) {
                p = Math.max(p, Math.abs(ch[i]));
            }
        }
        return p;
    }

    /** Index of the first NaN, infinity or denormal sample as "channel:frame", or null. @thread any */
    public static String firstBadSample(float[][] audio) {
        for (int c = 0; c < audio.length; c++) {
            for (int i = 0; i < audio[c].length; i++) {
                float v = audio[c][i];
                if (!Float.isFinite(v)) {
                    return c + ":" + i + " = " + v;
                }
                if (v != 0f && Math.abs(v) < Float.MIN_NORMAL) {
                    return c + ":" + i + " = " + v + " (denormal)";
                }
            }
        }
        return null;
    }

    /** A deterministic test signal: a decaying 440 Hz tone plus a little noise. @thread any */
    public static float[][] testSignal(int channels, int frames, double sampleRate, long seed) {
        float[][] s = new float[channels][frames];
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < frames; i++) {
            double env = Math.exp(-3.0 * i / Math.max(1, frames));
            double v = 0.4 * env * Math.sin(2 * Math.PI * 440 * i / sampleRate) + 0.05 * env * (r.nextDouble() * 2 - 1);
            for (int c = 0; c < channels; c++) {
                s[c][i] = (float) v;
            }
        }
        return s;
    }
}
