package org.midirack.host.link;

/**
 * A Link timeline: a tempo (microseconds per beat), and one point of the beat grid, the beat
 * {@code beatOrigin} (in micro-beats) at the time {@code timeOrigin} (in microseconds). On the wire
 * ('tmln') the time is ghost time, the session's shared clock; a client timeline (what an
 * application reads) holds the same grid in host time. All arithmetic is on whole micro-beats and
 * microseconds, rounded half away from zero, so that two peers computing from the same timeline get
 * the same numbers. Immutable; allocation-free to read. The phase arithmetic here is what every
 * peer of a session agrees on: the phase of the session's grid for any quantum, measured from the
 * session's beat 0, which a client timeline keeps as its {@code timeOrigin}; a client's beat
 * numbers may differ from another peer's by whole quanta, the phase never does.
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

    // ---- phase: every peer agrees on the phase of the session's grid, measured from its beat 0 ----

    /**
     * {@code beats} modulo {@code quantum}, in [0, quantum) also for negative beats; 0 for a zero
     * quantum.
     * @thread any (allocation-free)
     */
    public static long phase(long beats, long quantum) {
        if (quantum <= 0) {
            return 0;
        }
        return Math.floorMod(beats, quantum);
    }

    /**
     * The first beat at or after {@code x} with the phase of {@code target}.
     * @thread any (allocation-free)
     */
    public static long nextPhaseMatch(long x, long target, long quantum) {
        if (quantum <= 0) {
            return x;
        }
        return x + Math.floorMod(phase(target, quantum) - phase(x, quantum), quantum);
    }

    /**
     * The beat with the phase of {@code target} closest to {@code x} (ties go to the later one).
     * @thread any (allocation-free)
     */
    public static long closestPhaseMatch(long x, long target, long quantum) {
        return nextPhaseMatch(x - roundHalfAway(0.5 * quantum), target, quantum);
    }

    /**
     * The client's beat at {@code time}: the beat of {@code tl} there, moved by whole quanta or
     * less so that its phase is the phase of the beats elapsed since the timeline's origin (the
     * session's beat 0).
     * @thread any (allocation-free)
     */
    public static long beatAtTime(LinkTimeline tl, long time, long quantum) {
        long beat = tl.toBeats(time);
        return closestPhaseMatch(beat, beat - tl.beatOrigin(), quantum);
    }

    /**
     * The time at which {@link #beatAtTime} gives {@code beat} (the inverse, near the origin's
     * quantum).
     * @thread any (allocation-free)
     */
    public static long timeAtBeat(LinkTimeline tl, long beat, long quantum) {
        long fromOrigin = beat - tl.beatOrigin();
        long originOffset = fromOrigin - phase(fromOrigin, quantum);
        long inverse = closestPhaseMatch(quantum - phase(fromOrigin, quantum), quantum - phase(beat, quantum), quantum);
        return tl.fromBeats(tl.beatOrigin() + originOffset + quantum - inverse);
    }


    // ---- client and session timelines -----------------------------------------------------------

    /**
     * The client timeline after the session's changed to {@code session} (ghost time, ghost = host
     * + {@code intercept}): the client's beat at {@code atHost} stays, the tempo is the session's,
     * and the origin is the host time of the session's beat 0 (the phase origin).
     * @thread any
     */
    public static LinkTimeline clientFromSession(LinkTimeline client, LinkTimeline session, long atHost, long intercept) {
        LinkTimeline temp = new LinkTimeline(session.microsPerBeat(), client.toBeats(atHost), atHost);
        long hostBeatZero = session.fromBeats(0) - intercept;
        return new LinkTimeline(session.microsPerBeat(), temp.toBeats(hostBeatZero), hostBeatZero);
    }

    /**
     * The session timeline after the client changed its timeline at {@code atHost}: unchanged when
     * the tempo and beat 0 are; else the new tempo through the moved beat 0, with a beat origin
     * larger than the old one (the session's beat at {@code atHost}, at least one micro-beat more)
     * so that every peer takes it.
     * @thread any
     */
    public static LinkTimeline sessionFromClient(LinkTimeline session, LinkTimeline client, long atHost, long intercept) {
        long ghostBeat0 = client.timeOrigin() + intercept;
        if (session.toBeats(ghostBeat0) == 0 && client.microsPerBeat() == session.microsPerBeat()) {
            return session;
        }
        LinkTimeline temp = new LinkTimeline(client.microsPerBeat(), 0, ghostBeat0);
        long newBeatOrigin = Math.max(session.toBeats(atHost + intercept), session.beatOrigin() + 1);
        return new LinkTimeline(client.microsPerBeat(), newBeatOrigin, temp.fromBeats(newBeatOrigin));
    }
}
