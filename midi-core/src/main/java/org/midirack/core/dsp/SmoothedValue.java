package org.midirack.core.dsp;

/**
 * A value ramped linearly to a new target over a fixed number of frames, so a parameter jump
 * does not click. Allocation-free; one per smoothed parameter.
 */
public final class SmoothedValue {
    private double current;
    private double target;
    private double step;
    private int remaining;
    private int rampFrames = 1;

    /** @thread main */
    public SmoothedValue(double initial) {
        current = initial;
        target = initial;
    }

    /** Sets the ramp length (at least 1; 1 means act at once). @thread main or render */
    public void setRampFrames(int frames) {
        rampFrames = Math.max(1, frames);
    }

    /** Sets the ramp length from milliseconds at a sample rate. @thread main or render */
    public void setRampMillis(double ms, double sampleRate) {
        setRampFrames((int) Math.round(ms * 0.001 * sampleRate));
    }

    /** Ramps from the current value to {@code v}. @thread render */
    public void setTarget(double v) {
        target = v;
        if (rampFrames <= 1) {
            current = v;
            remaining = 0;
            return;
        }
        remaining = rampFrames;
        step = (target - current) / rampFrames;
    }

    /** Jumps to {@code v} at once. @thread render */
    public void reset(double v) {
        current = v;
        target = v;
        remaining = 0;
    }

    /** Advances one frame and returns the value for it. @thread render */
    public double next() {
        if (remaining > 0) {
            remaining--;
            current = remaining == 0 ? target : current + step;
        }
        return current;
    }

    /** @thread render */
    public double current() {
        return current;
    }

    /** @thread render */
    public double target() {
        return target;
    }

    /** @thread render */
    public boolean isSmoothing() {
        return remaining > 0;
    }
}
