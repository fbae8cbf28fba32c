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
     * The beat this cycle's first frame is at when the clock also sets the beat (e.g. Ableton
     * Link's phase), or NaN to leave the beat to the tempo. While playing, a beat that differs from
     * the transport's moves it there. Called after {@link #tempo}, {@link #playing} and
     * {@link #startBeat}.
     * @thread render
     */
    default double beat(int frames) {
        return Double.NaN;
    }

    /**
     * A tempo the host was asked for: true when the clock takes it (and it comes back through
     * {@link #tempo}), false to let the transport apply it.
     * @thread any (not render)
     */
    default boolean offerTempo(double bpm) {
        return false;
    }

    /**
     * Play (true) or stop (false) the host was asked for: true when the clock takes it (and it
     * comes back through {@link #playing}), false to let the transport apply it.
     * @thread any (not render)
     */
    default boolean offerPlaying(boolean play) {
        return false;
    }

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
