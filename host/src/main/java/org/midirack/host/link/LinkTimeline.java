package org.midirack.host.link;

/**
 * A Link timeline: a tempo (microseconds per beat), and one point of the beat grid, the beat
 * {@code beatOrigin} (in micro-beats) at the time {@code timeOrigin} (in microseconds). On the wire
 * ('tmln') the time is ghost time, the session's shared clock; a client timeline (what an
 * application reads) holds the same grid in host time. All arithmetic is on whole micro-beats and
 * microseconds, rounded half away from zero, so that two peers computing from the same timeline get
 * the same numbers. Immutable; allocation-free to read.
 *
 * @param microsPerBeat tempo, microseconds per beat (positive)
 * @param beatOrigin the beat at {@code timeOrigin}, micro-beats
 * @param timeOrigin microseconds (ghost time on the wire, host time for a client)
 */
public record LinkTimeline(long microsPerBeat, long beatOrigin, long timeOrigin) {
    /** Link's slowest tempo. */
    public static final double MIN_BPM = 20.0;
    /** Link's fastest tempo. */
    public static final double MAX_BPM = 999.0;

    /**
     * Rejects a tempo that is not positive.
     * @thread any
     */
    public LinkTimeline {
        if (microsPerBeat <= 0) {
            throw new IllegalArgumentException("microseconds per beat must be positive, got " + microsPerBeat);
        }
    }

    /**
     * A timeline at {@code bpm} (clamped to Link's 20..999) through the given point.
     * @thread any
     */
    public static LinkTimeline of(double bpm, long beatOrigin, long timeOrigin) {
        return new LinkTimeline(microsPerBeat(bpm), beatOrigin, timeOrigin);
    }

    /**
     * Microseconds per beat for a tempo, clamped to Link's range first.
     * @thread any
     */
    public static long microsPerBeat(double bpm) {
        double clamped = Math.min(Math.max(bpm, MIN_BPM), MAX_BPM);
        return roundHalfAway(60e6 / clamped);
    }

    /** Tempo in beats per minute. @thread any */
    public double bpm() {
        return 60e6 / microsPerBeat;
    }

    /**
     * The beat (micro-beats) at {@code time} (microseconds).
     * @thread any (allocation-free)
     */
    public long toBeats(long time) {
        return beatOrigin + roundHalfAway((double) (time - timeOrigin) / (double) microsPerBeat * 1e6);
    }

    /**
     * The time (microseconds) of {@code beats} (micro-beats).
     * @thread any (allocation-free)
     */
    public long fromBeats(long beats) {
        return timeOrigin + roundHalfAway((double) (beats - beatOrigin) / 1e6 * (double) microsPerBeat);
    }

    /** The same timeline at another tempo. @thread any */
    public LinkTimeline withMicrosPerBeat(long mpb) {
        return new LinkTimeline(mpb, beatOrigin, timeOrigin);
    }

    /**
     * C's llround: to the nearest whole number, halves away from zero.
     * @thread any (allocation-free)
     */
    public static long roundHalfAway(double x) {
        return x < 0 ? -Math.round(-x) : Math.round(x);
    }

    /**
     * Micro-beats for a beat count given as a double.
     * @thread any (allocation-free)
     */
    public static long microBeats(double beats) {
        return roundHalfAway(beats * 1e6);
    }
}
