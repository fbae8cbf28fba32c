package org.midirack.core.sync;

import org.midirack.core.hosting.TransportState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HostSyncTest {

    @ParameterizedTest
    @ValueSource(strings = {"60", "120.5", "173"})
    void findsBeatZeroOnItsExactFrameAfterStartingAtNegativeBeat(String bpm) {
        double tempo = Double.parseDouble(bpm);
        // exact frame: first frame whose beat is >= 0, i.e. ceil(1.37 * 60 * 48000 / tempo)
        long exact = new BigDecimal("1.37").multiply(BigDecimal.valueOf(2_880_000))
                .divide(new BigDecimal(bpm), 30, RoundingMode.HALF_EVEN)
                .setScale(0, RoundingMode.CEILING).longValueExact();
        TransportState t = new TransportState();
        long found = -1;
        int hits = 0;
        for (long pos = 0; pos < 10L * 48000; pos += 128) {
            double beat = -1.37 + pos * HostSync.beatsPerFrame(tempo, 48000);
            t.set(48000, 128, tempo, beat, pos).setState(true, false, pos == 0);
            int f = HostSync.frameOfBeat(t, 0.0);
            if (f >= 0) {
                found = pos + f;
                hits++;
            }
        }
        assertEquals(1, hits, "beat 0 falls in exactly one cycle");
        assertEquals(exact, found, "frame of beat 0 at " + bpm + " BPM");
    }

    @Test
    void beatAtEndIsTheNextCyclesStart() {
        TransportState t = new TransportState().set(48000, 128, 120, 2.0, 0);
        assertEquals(2.0 + 128 * 120 / (60.0 * 48000), HostSync.beatAtEnd(t), 1e-15);
    }

    @Test
    void frameOfBeatOnAFrameBoundaryIsThatFrame() {
        // 120 BPM at 48 kHz: 24000 frames per beat; beat 1 from beat 0 is frame 24000
        assertEquals(0, HostSync.frameOfBeat(1.0, 120, 48000, 128, 1.0));
        assertEquals(64, HostSync.frameOfBeat(1.0 - 64 / 24000.0, 120, 48000, 128, 1.0));
        assertEquals(-1, HostSync.frameOfBeat(1.0 - 128 / 24000.0, 120, 48000, 128, 1.0), "next cycle's first frame");
        assertEquals(-1, HostSync.frameOfBeat(1.5, 120, 48000, 128, 1.0), "already passed");
    }

    @Test
    void beatsOnCycleStartsStayOnTheirFrameForADayOfPlaying() {
        // the host's beat is its sample position times beats per frame (1/24000 has no exact double):
        // after hours the product is off by about 1e-7 frames, and a beat that falls on a cycle's first
        // frame must neither move to the second nor be lost before the first
        double perFrame = HostSync.beatsPerFrame(120, 48000);
        for (long k = 0; k <= 24 * 3600; k++) { // every 48,000 frames (375 cycles) for 24 hours
            long position = k * 48_000;
            double beat = position * perFrame;
            double target = 2.0 * k;
            assertEquals(0, HostSync.frameOfBeat(beat, 120, 48000, 128, target),
                    "beat " + target + " at frame " + position + " (computed " + beat + ")");
            assertEquals(64, HostSync.frameOfBeat(beat - 64 * perFrame, 120, 48000, 128, target),
                    "beat " + target + " 64 frames into its cycle");
        }
    }

    @Test
    void loopWrapsOnItsExactFrame() {
        // loop 0..4 beats; cycle starts 64 frames before beat 4
        TransportState t = new TransportState().set(48000, 128, 120, 4.0 - 64 / 24000.0, 0).setLoop(true, 0, 4);
        assertEquals(64, HostSync.loopWrapFrame(t));
        assertEquals(64, HostSync.frameOfBeat(t, 0.0), "beat 0 after the wrap");
        assertEquals(0.0, HostSync.beatAtFrame(t, 64), 1e-12);
    }

    @Test
    void detectsRelocationBackwardsAndForwardsButNotProgressOrJitter() {
        RelocationDetector d = new RelocationDetector();
        TransportState t = new TransportState();
        double bpf = HostSync.beatsPerFrame(120, 48000);
        t.set(48000, 128, 120, 0, 0).setState(true, false, true);
        assertTrue(d.update(t), "start of play is a relocation");
        double beat = 128 * bpf;
        for (int c = 1; c < 50; c++) {
            double jitter = (c % 2 == 0 ? 1.5 : -1.5) * bpf; // host jitter of 1.5 frames
            t.set(48000, 128, 120, beat + jitter, c * 128L).setState(true, false, false);
            assertFalse(d.update(t), "ordinary progress in cycle " + c);
            beat += 128 * bpf;
        }
        t.set(48000, 128, 120, 0.0, 50 * 128L);
        assertTrue(d.update(t), "rewind is a relocation");
        t.set(48000, 128, 120, 128 * bpf + 129 * bpf, 51 * 128L);
        assertTrue(d.update(t), "a jump forward of more than a cycle is a relocation");
        t.set(48000, 128, 120, HostSync.beatAtEnd(t) + 100 * bpf, 52 * 128L);
        assertFalse(d.update(t), "forward by less than a cycle is speed-up, not relocation");
    }

    @Test
    void smoothingLosesNoChange() {
        TempoSmoother s = new TempoSmoother(5120);
        Random r = new Random(3);
        s.update(120, 128);
        double tempo = 120;
        for (int c = 0; c < 5000; c++) {
            tempo = 120 + 6.0 * c / 5000 + (r.nextDouble() - 0.5) * 0.8; // drift with jitter
            s.update(tempo, 1 + r.nextInt(512));
            assertEquals(s.requestedTotal(), s.appliedTotal() + s.remaining(), 1e-9,
                    "applied + owed equals requested at cycle " + c);
            assertEquals(tempo, s.rate() + s.remaining(), 1e-9);
        }
        for (int c = 0; c < 3000; c++) {
            s.update(tempo, 128);
        }
        assertEquals(s.requestedTotal(), s.appliedTotal(), 1e-9, "applied total equals requested total");
        assertEquals(tempo, s.rate(), 1e-9);
    }

    @Test
    void smoothingSpreadsAJumpInsteadOfApplyingItAtOnce() {
        TempoSmoother s = new TempoSmoother(5120);
        s.update(120, 128);
        double r1 = s.update(140, 128);
        assertEquals(120 + 20 * 128 / 5120.0, r1, 1e-12);
    }
}
