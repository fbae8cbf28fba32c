package org.midirack.core.hosting;

import org.midirack.core.Transport;

/**
 * The host's side of a {@link Transport}: the same fields, with the setters a host uses to fill
 * them before each node's cycle. A node is handed the object as a {@code Transport} and can only
 * read it; the setters are public here and protected there, so only code that holds a
 * {@code TransportState} (a host, the offline renderer, a test acting as host) writes one.
 *
 * <p>Every setter returns this object for chaining and allocates nothing.
 */
public final class TransportState extends Transport {
    /** A transport at 48 kHz, 120 BPM, 4/4, stopped, host sync unavailable. @thread main (allocation) */
    public TransportState() {
    }

    /**
     * Sets the timing fields of a cycle and marks host sync available.
     * @thread render (the host, before the node's process)
     */
    @Override
    public TransportState set(double sampleRate, int frames, double tempo, double beat, long samplePosition) {
        super.set(sampleRate, frames, tempo, beat, samplePosition);
        return this;
    }

    /** Playing, recording, and whether either changed at this cycle. @thread render (host) */
    @Override
    public TransportState setState(boolean playing, boolean recording, boolean changed) {
        super.setState(playing, recording, changed);
        return this;
    }

    /** @thread render (host) */
    @Override
    public TransportState setTimeSignature(int numerator, int denominator, double barStartBeat) {
        super.setTimeSignature(numerator, denominator, barStartBeat);
        return this;
    }

    /** @thread render (host) */
    @Override
    public TransportState setLoop(boolean active, double startBeat, double endBeat) {
        super.setLoop(active, startBeat, endBeat);
        return this;
    }

    /** @thread render (host) */
    @Override
    public TransportState setAvailable(boolean available) {
        super.setAvailable(available);
        return this;
    }

    /** @thread render (host) */
    @Override
    public TransportState setFrames(int frames) {
        super.setFrames(frames);
        return this;
    }

    /** Copies every field from another transport (no allocation). @thread render (host) */
    @Override
    public TransportState copyFrom(Transport other) {
        super.copyFrom(other);
        return this;
    }
}
