package org.midirack.host.transport;

/**
 * An outside clock the host transport follows (e.g. MIDI clock from another device, see
 * {@code org.midirack.host.midi.MidiClockIn}): asked at the start of every cycle for its tempo and
 * whether it plays. Must not allocate, lock, block or throw.
 */
public interface ClockFollower {
    /**
     * The tempo for this cycle, already smoothed, or NaN while it is not known.
     * @thread render
     */
    double tempo(int frames);

    /**
     * Whether the clock plays (between Start or Continue and Stop).
     * @thread render
     */
    boolean playing();

    /**
     * The beat to play from when the clock starts playing.
     * @thread render
     */
    double startBeat();
}
