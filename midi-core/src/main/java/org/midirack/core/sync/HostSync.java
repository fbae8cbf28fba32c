package org.midirack.core.sync;

import org.midirack.core.Transport;

/**
 * Helpers every node can use with the host-sync {@link Transport} (seed 004). All are pure,
 * allocation-free and safe on the render thread.
 *
 * <p>Frame rule: the frame where beat B falls is the first frame whose beat is at or after B,
 * {@code ceil((B - beatAtStart) * framesPerBeat)}, computed with a tolerance of 1e-6 frames so
 * that a beat landing exactly on a frame is not pushed to the next one, or lost before the first, by
 * rounding. A beat computed from a sample position a day into playing is off by about 1e-7 frames
 * (beats per frame has no exact double); a millionth of a frame is 21 ps at 48 kHz.
 */
public final class HostSync {
    /** Tolerance in frames for beat-to-frame rounding (see the frame rule above). */
    public static final double FRAME_EPSILON = 1e-6;

    private HostSync() {
    }

    /** Frames per beat at a tempo and sample rate. @thread any */
    public static double framesPerBeat(double tempo, double sampleRate) {
        return sampleRate * 60.0 / tempo;
    }

    /** Beats per frame. @thread any */
    public static double beatsPerFrame(double tempo, double sampleRate) {
        return tempo / (60.0 * sampleRate);
    }

    /**
     * The beat at the end of the cycle, i.e. at the first frame of the next one, ignoring loops.
     * @thread render
     */
    public static double beatAtEnd(Transport t) {
        return t.beat() + t.frames() * beatsPerFrame(t.tempo(), t.sampleRate());
    }

    /**
     * The beat at a frame of this cycle, with the loop region wrapped when it is active.
     * @thread render
     */
    public static double beatAtFrame(Transport t, int frame) {
        double b = t.beat() + frame * beatsPerFrame(t.tempo(), t.sampleRate());
        if (t.loopActive() && t.loopEndBeat() > t.loopStartBeat() && t.beat() < t.loopEndBeat()
                && b >= t.loopEndBeat()) {
            b -= t.loopEndBeat() - t.loopStartBeat();
        }
        return b;
    }

    /**
     * The frame in [0, frames) where {@code targetBeat} falls in a cycle starting at
     * {@code beatAtStart}, or -1 when it falls outside it. Works for negative start beats.
     * @thread any
     */
    public static int frameOfBeat(double beatAtStart, double tempo, double sampleRate, int frames, double targetBeat) {
        double exact = (targetBeat - beatAtStart) * framesPerBeat(tempo, sampleRate);
        if (exact < -FRAME_EPSILON) {
            return -1;
        }
        double f = Math.ceil(exact - FRAME_EPSILON);
        return f < frames ? (int) f : -1;
    }

    /**
     * The frame of this cycle where {@code targetBeat} falls, or -1; with the loop region on,
     * a target inside the region also matches after the wrap.
     * @thread render
     */
    public static int frameOfBeat(Transport t, double targetBeat) {
        int wrap = loopWrapFrame(t);
        if (wrap < 0) {
            return frameOfBeat(t.beat(), t.tempo(), t.sampleRate(), t.frames(), targetBeat);
        }
        int f = frameOfBeat(t.beat(), t.tempo(), t.sampleRate(), wrap, targetBeat);
        if (f >= 0) {
            return f;
        }
        int g = frameOfBeat(beatAtFrame(t, wrap), t.tempo(), t.sampleRate(), t.frames() - wrap, targetBeat);
        return g < 0 ? -1 : wrap + g;
    }

    /**
     * The frame where the loop region wraps back to its start inside this cycle, or -1 when it
     * does not wrap in this cycle.
     * @thread render
     */
    public static int loopWrapFrame(Transport t) {
        if (!t.loopActive() || !(t.loopEndBeat() > t.loopStartBeat()) || t.beat() >= t.loopEndBeat()) {
            return -1;
        }
        int f = frameOfBeat(t.beat(), t.tempo(), t.sampleRate(), t.frames(), t.loopEndBeat());
        return f;
    }

    /**
     * The first beat on a grid of {@code step} beats at or after {@code beat} (tolerance 1e-9
     * beats), e.g. the next sixteenth with step 0.25.
     * @thread any
     */
    public static double nextGridBeat(double beat, double step) {
        double n = Math.ceil(beat / step - 1e-9);
        return n * step;
    }

    /** Beats per bar for a time signature (a 6/8 bar is 3 quarter-note beats). @thread any */
    public static double beatsPerBar(int numerator, int denominator) {
        return numerator * 4.0 / denominator;
    }

    /** The beat where the bar containing {@code beat} starts, with bars from {@code origin}. @thread any */
    public static double barStart(double beat, double beatsPerBar, double origin) {
        return origin + Math.floor((beat - origin) / beatsPerBar + 1e-9) * beatsPerBar;
    }
}
