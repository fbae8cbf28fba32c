package org.midirack.host.transport;

/**
 * A host's transport as its users steer and read it: play, stop, locate, tempo, time signature,
 * loop, an outside clock to follow, and the beat, tempo and play state the render thread last
 * published. Reached through {@code host.transport()}, as a CLAP host exposes an optional feature
 * as its own interface, so the host's own API stays the graph, the render and the faults.
 * <p>
 * Every command may come from any thread and acts at the next cycle boundary (the
 * {@link HostTransport} engine queues it without locks); the readers return what the render
 * thread published at the start of the last cycle.
 */
public final class TransportControls {
    private final HostTransport engine;
    private final Runnable releaseOnStop;

    /**
     * Controls over a host's transport engine.
     * @param engine the engine the host's render cycle runs
     * @param releaseOnStop asks the host to silence every node at the next cycle (called by
     *     {@link #stop()})
     * @thread main (the host's constructor)
     */
    public TransportControls(HostTransport engine, Runnable releaseOnStop) {
        if (engine == null || releaseOnStop == null) {
            throw new IllegalArgumentException("transport engine or release action is null");
        }
        this.engine = engine;
        this.releaseOnStop = releaseOnStop;
    }

    /** Starts playing from the current beat at the next cycle. @thread any */
    public void play() {
        engine.command(HostTransport.PLAY, 0, 0, 0);
    }

    /**
     * Stops at the next cycle, keeping the beat, and releases every note there: sustain off, All
     * Notes Off and All Sound Off on all 16 channels into every node that takes MIDI (as in every
     * cycle where the transport stops, however it was asked to).
     * @thread any
     */
    public void stop() {
        engine.command(HostTransport.STOP, 0, 0, 0);
        releaseOnStop.run();
    }

    /** @thread any */
    public void togglePlay() {
        engine.command(HostTransport.TOGGLE_PLAY, 0, 0, 0);
    }

    /** Back to beat 0 at the next cycle. @thread any */
    public void rewind() {
        engine.command(HostTransport.REWIND, 0, 0, 0);
    }

    /** @thread any */
    public void record(boolean on) {
        engine.command(HostTransport.RECORD, on ? 1 : 0, 0, 0);
    }

    /**
     * Changes the tempo at the next cycle boundary (the beat there is kept).
     * @throws IllegalArgumentException outside 1..1000 BPM
     * @thread any
     */
    public void setTempo(double bpm) {
        engine.setTempo(bpm);
    }

    /** Moves to a beat at the next cycle. @thread any */
    public void locate(double beat) {
        engine.locate(beat, false);
    }

    /**
     * Plays from a beat at the next cycle; a negative beat is a count-in / pre-roll (nodes see
     * negative beats and beat 0 falls on its exact frame).
     * @thread any
     */
    public void playFrom(double beat) {
        engine.locate(beat, true);
    }

    /**
     * Changes the time signature at the next cycle; new bars start at the next bar line.
     * @throws IllegalArgumentException for a numerator outside 1..64 or a denominator not a power of two 1..64
     * @thread any
     */
    public void setTimeSignature(int numerator, int denominator) {
        engine.setTimeSignature(numerator, denominator);
    }

    /**
     * Sets the cycle (loop) region at the next cycle.
     * @throws IllegalArgumentException when end is not after start
     * @thread any
     */
    public void setLoop(boolean active, double startBeat, double endBeat) {
        engine.setLoop(active, startBeat, endBeat);
    }

    /**
     * Follows an outside clock from the next cycle on (its tempo; play and stop when it does), e.g.
     * MIDI clock through {@link org.midirack.host.midi.HostMidi#clockIn}; null stops following.
     * @thread any
     */
    public void followClock(ClockFollower clock) {
        engine.follow(clock);
    }

    /** Beat at the start of the last cycle. @thread any */
    public double beat() {
        return engine.beat();
    }

    /** @thread any */
    public boolean isPlaying() {
        return engine.playing();
    }

    /** @thread any */
    public boolean isRecording() {
        return engine.recording();
    }

    /** @thread any */
    public double tempo() {
        return engine.tempo();
    }
}
