package org.midirack.host.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.AllocationMeter;
import org.midirack.host.Host;

/**
 * The host transport following a Link session (no network: a session that is not enabled is the
 * same timeline alone). Host time is simulated: cycle k starts at {@code t0 + k * 128 / 48 kHz} plus
 * up to ±300 us of scheduling jitter, and its first frame is heard {@value #LATENCY} us later.
 * Expected beats come from the grid's definition: beat 0 of the session at its time origin,
 * 500,000 us per beat at 120 BPM, the transport's beat 0 on the first bar (4 beats) at or after
 * the start.
 */
class LinkClockTest {
    private static final int FRAMES = 128;
    private static final double SR = 48_000;
    private static final long LATENCY = 12_000;
    private static final double CYCLE_MICROS = FRAMES * 1e6 / SR;

    private long t0;
    private long cycle;
    private double jitter;

    private long now() {
        return t0 + Math.round(cycle * CYCLE_MICROS + jitter);
    }

    private Host host(LinkSession session) {
        Host h = new Host();
        h.activate(SR, FRAMES);
        h.transport().followClock(new LinkClock(session, 4, SR, LATENCY, this::now));
        return h;
    }

    private final Random random = new Random(16);
    private final float[][] out = new float[2][FRAMES];

    private void render(Host h) {
        jitter = (random.nextDouble() * 2 - 1) * 300;
        h.render(out, FRAMES);
        cycle++;
    }

    /** The first frame's output time of the cycle just rendered (no jitter: the clock smooths it). */
    private double outputTime() {
        return t0 + (cycle - 1) * CYCLE_MICROS + LATENCY;
    }

    @Test
    void startsOnTheNextBarAndKeepsTheSessionsBeatAtOutputTime() {
        LinkSession session = new LinkSession(120);
        t0 = LinkSession.hostMicros();
        long beatZero = session.state().timeline().timeOrigin(); // the session's beat 0 (phase origin)
        Host h = host(session);
        for (int i = 0; i < 400; i++) {
            render(h);
        }
        assertFalse(h.transport().isPlaying());
        long playAt = now();
        h.transport().play(); // goes to the session, comes back at the next cycle
        assertTrue(session.state().playing(), "play went to the session");
        double bar = 2_000_000; // 4 beats at 500,000 us
        double startBar = beatZero + Math.ceil((playAt + LATENCY * 0 - beatZero) / bar) * bar;
        int crossing = -1;
        double worstMs = 0;
        for (int i = 0; i < 3000; i++) {
            render(h);
            double expected = (outputTime() - startBar) / 500_000.0;
            double beat = h.transport().beat();
            if (i > 200) {
                worstMs = Math.max(worstMs, Math.abs(beat - expected) * 500);
            }
            double endBeat = beat + FRAMES * 2 / SR;
            if (crossing < 0 && beat <= 0 && endBeat > 0) {
                crossing = i;
                assertEquals(0, (outputTime() - startBar) / 500_000.0, FRAMES * 2 / SR,
                        "beat 0 falls in the cycle heard at the bar");
            }
        }
        assertTrue(h.transport().isPlaying());
        assertTrue(crossing > 0, "the transport waited for the bar (negative beats) and crossed 0");
        assertTrue(worstMs < 0.5, "transport beat within 0.5 ms of the session's at output time, worst " + worstMs);
    }

    @Test
    void sessionTempoChangesArriveAndHostTempoGoesToTheSession() {
        LinkSession session = new LinkSession(120);
        t0 = LinkSession.hostMicros();
        long beatZero = session.state().timeline().timeOrigin();
        Host h = host(session);
        long playAt = now();
        h.transport().play();
        double startBar = beatZero + Math.ceil((playAt - beatZero) / 2_000_000.0) * 2_000_000.0;
        for (int i = 0; i < 600; i++) {
            render(h);
        }
        // a peer (here: the session itself) changes the tempo at tc; the beat at tc is kept
        long tc = now();
        double beatAtChange = (tc - startBar) / 500_000.0;
        session.setTempo(90, tc);
        double worstMs = 0;
        for (int i = 0; i < 2000; i++) {
            render(h);
            double expected = beatAtChange + (outputTime() - tc) * 90 / 60e6;
            if (i > 300) {
                worstMs = Math.max(worstMs, Math.abs(h.transport().beat() - expected) * 60_000 / 90);
            }
        }
        assertTrue(worstMs < 0.5, "after the tempo change within 0.5 ms of the session's beat, worst " + worstMs);
        assertEquals(90, h.transport().tempo(), 90 * 0.001, "transport at the session's tempo (within its smoothing)");
        h.transport().setTempo(100); // asked of midirack: the session gets it, the transport follows
        assertEquals(100, session.state().tempo(), 1e-3);
        for (int i = 0; i < 600; i++) {
            render(h);
        }
        assertEquals(100, h.transport().tempo(), 0.1);
        h.transport().stop();
        assertFalse(session.state().playing(), "stop went to the session");
        render(h);
        render(h);
        assertFalse(h.transport().isPlaying());
    }

    @Test
    void followingAllocatesNothingOnTheRenderThread() {
        LinkSession session = new LinkSession(120);
        t0 = LinkSession.hostMicros();
        Host h = host(session);
        h.transport().play();
        Runnable cycles = () -> {
            for (int i = 0; i < 5000; i++) {
                jitter = ((i * 7919) % 600) - 300;
                h.render(out, FRAMES);
                cycle++;
            }
        };
        cycles.run();
        long[] windows = AllocationMeter.measureWindowsAfterSettling(cycles, 5, 0, 30);
        assertEquals(0, Arrays.stream(windows).max().getAsLong(), "bytes per 5,000 cycles: " + Arrays.toString(windows));
        assertTrue(h.transport().isPlaying());
    }
}
