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

    /**
     * A beat the outside clock jumped to at this cycle's start (it was located), or NaN when it runs on
     * from where it was. A jump while playing moves the host there without stopping; nodes see it as a
     * relocation. MIDI clock has none (its Song Position Pointer comes with a Continue).
     * @thread render
     */
    default double relocation() {
        return Double.NaN;
    }
}
