package org.midirack.core;

/**
 * Host sync for one cycle (seed 004): what the host tells every node at the start of each
 * cycle. The host writes it before the node's {@code process}; nodes only read it. Beats are
 * quarter notes; the beat may be negative during pre-roll or while waiting for a quantum
 * ("sit and wait until beat 0"). {@link org.midirack.core.sync.HostSync} has the helpers that read
 * it.
 *
 * <p>A node gets this read-only view; only a host writes it, through
 * {@link org.midirack.core.hosting.TransportState}, which makes the protected setters below public.
 */
public class Transport {
    private boolean available;
    private double sampleRate = 48_000;
    private int frames;
    private double tempo = 120;
    private double beat;
    private int timeSigNumerator = 4;
    private int timeSigDenominator = 4;
    private double barStartBeat;
    private boolean playing;
    private boolean recording;
    private boolean changed;
    private long samplePosition;
    private boolean loopActive;
    private double loopStartBeat;
    private double loopEndBeat;

    /** A transport at 48 kHz, 120 BPM, 4/4, stopped, host sync unavailable. @thread main (allocation) */
    protected Transport() {
    }

    /** Whether the host gives host sync at all; when false the rest is meaningless. @thread render */
    public final boolean available() {
        return available;
    }

    /** The host's sample rate. @thread render */
    public final double sampleRate() {
        return sampleRate;
    }

    /** Frames in this cycle. @thread render */
    public final int frames() {
        return frames;
    }

    /** Tempo in quarter notes per minute for this cycle. @thread render */
    public final double tempo() {
        return tempo;
    }

    /** Beat at the first frame of this cycle; may be negative. @thread render */
    public final double beat() {
        return beat;
    }

    /** @thread render */
    public final int timeSigNumerator() {
        return timeSigNumerator;
    }

    /** @thread render */
    public final int timeSigDenominator() {
        return timeSigDenominator;
    }

    /** Beat at which the bar containing {@link #beat()} starts. @thread render */
    public final double barStartBeat() {
        return barStartBeat;
    }

    /** @thread render */
    public final boolean playing() {
        return playing;
    }

    /** @thread render */
    public final boolean recording() {
        return recording;
    }

    /** Whether playing or recording changed at the start of this cycle. @thread render */
    public final boolean changed() {
        return changed;
    }

    /** Sample position of this cycle's first frame on the host timeline. @thread render */
    public final long samplePosition() {
        return samplePosition;
    }

    /** Whether the cycle (loop) region is on. @thread render */
    public final boolean loopActive() {
        return loopActive;
    }

    /** @thread render */
    public final double loopStartBeat() {
        return loopStartBeat;
    }

    /** @thread render */
    public final double loopEndBeat() {
        return loopEndBeat;
    }

    /**
     * Sets the timing fields of a cycle (host side; public in {@link org.midirack.core.hosting.TransportState}).
     * @thread render (the host, before the node's process)
     */
    protected Transport set(double sampleRate, int frames, double tempo, double beat, long samplePosition) {
        this.available = true;
        this.sampleRate = sampleRate;
        this.frames = frames;
        this.tempo = tempo;
        this.beat = beat;
        this.samplePosition = samplePosition;
        return this;
    }

    /** @thread render (host) */
    protected Transport setState(boolean playing, boolean recording, boolean changed) {
        this.playing = playing;
        this.recording = recording;
        this.changed = changed;
        return this;
    }

    /** @thread render (host) */
    protected Transport setTimeSignature(int numerator, int denominator, double barStartBeat) {
        this.timeSigNumerator = numerator;
        this.timeSigDenominator = denominator;
        this.barStartBeat = barStartBeat;
        return this;
    }

    /** @thread render (host) */
    protected Transport setLoop(boolean active, double startBeat, double endBeat) {
        this.loopActive = active;
        this.loopStartBeat = startBeat;
        this.loopEndBeat = endBeat;
        return this;
    }

    /** @thread render (host) */
    protected Transport setAvailable(boolean available) {
        this.available = available;
        return this;
    }

    /** @thread render (host) */
    protected Transport setFrames(int frames) {
        this.frames = frames;
        return this;
    }

    /** Copies every field from another transport (no allocation). @thread render (host) */
    protected Transport copyFrom(Transport o) {
        available = o.available();
        sampleRate = o.sampleRate();
        frames = o.frames();
        tempo = o.tempo();
        beat = o.beat();
        timeSigNumerator = o.timeSigNumerator();
        timeSigDenominator = o.timeSigDenominator();
        barStartBeat = o.barStartBeat();
        playing = o.playing();
        recording = o.recording();
        changed = o.changed();
        samplePosition = o.samplePosition();
        loopActive = o.loopActive();
        loopStartBeat = o.loopStartBeat();
        loopEndBeat = o.loopEndBeat();
        return this;
    }

    /** @thread any (not the render thread: allocates) */
    @Override
    public String toString() {
        return "Transport[" + (available ? "" : "unavailable ") + (playing ? "playing" : "stopped")
                + (recording ? " rec" : "") + (changed ? " changed" : "") + ", " + tempo + " bpm, beat " + beat
                + ", sample " + samplePosition + ", frames " + frames + ", " + timeSigNumerator + "/"
                + timeSigDenominator + (loopActive ? ", loop " + loopStartBeat + ".." + loopEndBeat : "") + "]";
    }
}
