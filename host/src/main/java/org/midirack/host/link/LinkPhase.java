package org.midirack.host.link;

/**
 * Phase arithmetic on a Link beat grid, in micro-beats. Every peer of a session agrees on the
 * phase of the session's grid for any quantum: the phase is measured from the session's beat 0,
 * which a client timeline keeps as its {@code timeOrigin}. A client's beat numbers may differ from
 * another peer's by whole quanta; the phase never does. Allocation-free.
 */
public final class LinkPhase {
    private LinkPhase() {
    }

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
        return nextPhaseMatch(x - LinkTimeline.roundHalfAway(0.5 * quantum), target, quantum);
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

    /**
     * Moves a client timeline in time so that its beat at every time is {@code shift} micro-beats
     * more: this shifts the session's phase.
     * @thread any
     */
    public static LinkTimeline shift(LinkTimeline client, long shift) {
        long delta = client.fromBeats(shift) - client.fromBeats(0);
        return new LinkTimeline(client.microsPerBeat(), client.beatOrigin(), client.timeOrigin() - delta);
    }
}
