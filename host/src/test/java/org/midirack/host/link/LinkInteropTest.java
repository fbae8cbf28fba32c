package org.midirack.host.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * midirack's Link against Ableton's own library, both inside a private network namespace: one
 * session, tempo both ways within 1 s, beat and phase within 1 ms at the same host time over a run
 * with tempo changes from both sides, start/stop both ways; garbage and truncated datagrams on
 * every Link socket, a peer joining and leaving, a peer killed without bye-bye: the session stays.
 * The run length is {@code midirack.linkSeconds} (default 60).
 */
class LinkInteropTest {
    private static final int SECONDS = Integer.getInteger("midirack.linkSeconds", 60);

    private static double get(Map<String, Double> r, String name) {
        Double v = r.get(name);
        assertTrue(v != null, "the probe reported no " + name + ": " + r);
        return v;
    }

    @Test
    void tempoBeatPhaseAndStartStopAgreeWithAbletonsPeer() throws Exception {
        Path peer = LinkNamespace.peer();
        Map<String, Double> r = LinkNamespace.run(LinkInteropProbe.class, SECONDS + 60, peer.toString(), "sync",
                Integer.toString(SECONDS));
        // midirack started at 100 BPM, Ableton's peer at 120: one session, one tempo
        assertEquals(get(r, "peerTempoAfterJoin"), get(r, "tempoAfterJoin"), 1e-3, "one tempo after joining");
        double toMidirack = get(r, "tempoPeerToMidirackMs");
        double toPeer = get(r, "tempoMidirackToPeerMs");
        assertTrue(toMidirack >= 0 && toMidirack < 1000, "peer's tempo reached midirack in " + toMidirack + " ms");
        assertTrue(toPeer >= 0 && toPeer < 1000, "midirack's tempo reached the peer in " + toPeer + " ms");
        assertTrue(get(r, "phaseSamples") >= SECONDS * 10, "phase compared often: " + r.get("phaseSamples"));
        assertTrue(get(r, "tempoChanges") >= Math.max(1, SECONDS / 10 - 1), "tempo changed during the run");
        double phase = get(r, "maxPhaseErrorMs");
        double beat = get(r, "maxBeatErrorMs");
        assertTrue(phase < 1.0, "phase within 1 ms, worst " + phase + " ms");
        assertTrue(beat < 1.0, "beat within 1 ms (modulo the quantum), worst " + beat + " ms");
        for (String s : new String[] {"startPeerToMidirackMs", "stopMidirackToPeerMs", "startMidirackToPeerMs",
                "stopPeerToMidirackMs"}) {
            double ms = get(r, s);
            assertTrue(ms >= 0 && ms < 1000, s + " = " + ms);
        }
        assertEquals(0, get(r, "loopErrors"), "no unexpected error in the network loop");
    }

    @Test
    void garbagePeersJoiningLeavingAndKilledLeaveTheSessionStanding() throws Exception {
        Path peer = LinkNamespace.peer();
        Map<String, Double> r = LinkNamespace.run(LinkInteropProbe.class, 90, peer.toString(), "robust", "0");
        assertEquals(get(r, "garbageSent"), get(r, "malformedCounted"), "every bad datagram counted and dropped");
        assertEquals(1, get(r, "peersAfterGarbage"), "still in session with the peer");
        assertEquals(1, get(r, "sameSessionAfterGarbage"));
        double join = get(r, "secondJoinMs");
        assertTrue(join >= 0 && join < 2000, "a second peer joined in " + join + " ms");
        double bye = get(r, "byeByeLeaveMs");
        assertTrue(bye >= 0 && bye < 1000, "a peer saying bye-bye left in " + bye + " ms");
        double killed = get(r, "killedPeerGoneMs");
        assertTrue(killed >= 0 && killed < 7000, "a killed peer expired within its 5 s ttl: " + killed + " ms");
        assertEquals(1, get(r, "sameSessionAtEnd"), "the session is kept when its peers are gone");
        assertEquals(1, get(r, "stillEnabled"));
        assertEquals(0, get(r, "loopErrors"), "no unexpected error in the network loop");
    }
}
