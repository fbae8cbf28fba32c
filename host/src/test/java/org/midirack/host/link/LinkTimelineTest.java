package org.midirack.host.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The beat grid and its phase, with expected values worked out by hand from the definitions:
 * beat = origin + elapsed / (microseconds per beat); phase = beats since the session's beat 0
 * modulo the quantum, in [0, quantum) also before beat 0.
 */
class LinkTimelineTest {
    // 120 BPM; the session's beat 0 at t = 1,000,000 us; this client numbers that beat 10
    private final LinkTimeline client = new LinkTimeline(500_000, 10_000_000, 1_000_000);

    @Test
    void beatsAndTimesFollowTheTempoFromTheOrigin() {
        assertEquals(10_000_000, client.toBeats(1_000_000));
        assertEquals(11_500_000, client.toBeats(1_750_000));       // 0.75 s = 1.5 beats
        assertEquals(9_999_998, client.toBeats(999_999));           // -1 us = -2 micro-beats
        assertEquals(1_750_000, client.fromBeats(11_500_000));
        assertEquals(120.0, client.bpm(), 1e-12);
        assertEquals(500_000, LinkTimeline.microsPerBeat(120));
        assertEquals(LinkTimeline.microsPerBeat(999), LinkTimeline.microsPerBeat(5000), "clamped to 999 BPM");
        assertEquals(3_000_000, LinkTimeline.microsPerBeat(1), "clamped to 20 BPM");
        assertThrows(IllegalArgumentException.class, () -> new LinkTimeline(0, 0, 0));
    }

    @Test
    void phaseCountsFromTheSessionsBeatZeroNotFromTheClientsNumbering() {
        long q = 4_000_000;
        // 0.75 s after the session's beat 0: 1.5 beats into the bar, whatever the client calls it
        assertEquals(1_500_000, LinkTimeline.phase(LinkTimeline.beatAtTime(client, 1_750_000, q), q));
        // the client's beat there: the closest to its own 11.5 with phase 1.5 -> 9.5 (11.5 has phase 3.5)
        assertEquals(9_500_000, LinkTimeline.beatAtTime(client, 1_750_000, q));
        // 0.25 s before beat 0: phase 3.5 of the bar before
        assertEquals(3_500_000, LinkTimeline.phase(LinkTimeline.beatAtTime(client, 750_000, q), q));
        assertEquals(3_000_000, LinkTimeline.phase(-1_000_000, q));
        assertEquals(0, LinkTimeline.phase(-8_000_000, q));
        assertEquals(0, LinkTimeline.phase(123, 0), "a zero quantum has no phase");
    }

    @Test
    void phaseMatchesAndTheInverse() {
        long q = 4_000_000;
        assertEquals(8_000_000, LinkTimeline.nextPhaseMatch(5_000_000, 0, q));
        assertEquals(5_000_000, LinkTimeline.nextPhaseMatch(5_000_000, 1_000_000, q));
        assertEquals(4_000_000, LinkTimeline.closestPhaseMatch(5_000_000, 0, q));
        assertEquals(8_000_000, LinkTimeline.closestPhaseMatch(6_500_000, 0, q));
        for (long t = 0; t < 5_000_000; t += 123_457) {
            long b = LinkTimeline.beatAtTime(client, t, q);
            long back = LinkTimeline.timeAtBeat(client, b, q);
            assertEquals(t, back, 1, "time of the beat at " + t);
        }
    }

    @Test
    void aTempoChangeKeepsTheClientsBeatAndRaisesTheSessionsOrigin() {
        // session in ghost time = host + 500; client's beat 0 of the session at host 1,000,000
        LinkTimeline session = new LinkTimeline(500_000, 3_000_000, 1_000_500 + 1_500_000);
        LinkTimeline c = LinkTimeline.clientFromSession(client, session, 2_000_000, 500);
        assertEquals(client.toBeats(2_000_000), c.toBeats(2_000_000), "the client's beat at the change stays");
        assertEquals(1_000_000, c.timeOrigin(), "the origin is the session's beat 0 in host time");
        // the client goes to 60 BPM at host 2,000,000 (its beat 12 there)
        LinkTimeline slower = new LinkTimeline(1_000_000, 10_000_000, 0);   // beat 12 at 2,000,000
        LinkTimeline s = LinkTimeline.sessionFromClient(session, slower, 2_000_000, 500);
        assertEquals(1_000_000, s.microsPerBeat());
        // the session's beat at the change is 2 (ghost 2,000,500 is 1 s before its origin beat 3), not above
        // the old origin 3: the new origin is one micro-beat above it, so every peer takes the new timeline
        assertEquals(3_000_001, s.beatOrigin());
        assertEquals(0, s.toBeats(500), "beat 0 of the session at the client's origin, in ghost time");
        assertEquals(session, LinkTimeline.sessionFromClient(session, c, 2_000_000, 500), "nothing changed: same");
    }
}
