package org.midirack.host.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.midirack.host.seq.SeqTestSupport.ppq;
import static org.midirack.host.seq.SeqTestSupport.tempo;
import static org.midirack.host.seq.SeqTestSupport.tempoMicros;

import java.util.SplittableRandom;
import javax.sound.midi.Sequence;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;

class TempoMapTest {

    @Test
    void tickIsFrameAtPpq24000And120BpmAnd48kHzUpToOneBillion() {
        Sequence s = ppq(24000);
        s.createTrack().add(tempo(120, 0));
        TempoMap map = new TempoMap(s, 48_000);
        for (long n = 0; n <= 200_000; n++) {
            assertEquals(n, map.tickToFrame(n));
            assertEquals(n, map.frameToTick(n));
            assertEquals(n, map.frameToTickRounded(n));
        }
        SplittableRandom r = new SplittableRandom(24000);
        for (int i = 0; i < 100_000; i++) {
            long n = r.nextLong(1_000_000_001L);
            assertEquals(n, map.tickToFrame(n), "tick " + n);
            assertEquals(n, map.frameToTick(n), "frame " + n);
        }
        for (long n = 999_999_000L; n <= 1_000_000_000L; n++) {
            assertEquals(n, map.tickToFrame(n));
            assertEquals(n, map.frameToTick(n));
        }
        // no tempo event at all means 120 BPM too
        TempoMap noTempo = new TempoMap(ppq(24000), 48_000);
        assertEquals(1_000_000_000L, noTempo.tickToFrame(1_000_000_000L));
        assertEquals(1, noTempo.segmentCount());
    }

    @Test
    void tempoChangeMidSongGivesHandComputedFrames() {
        // PPQ 480 at 48 kHz: 120 BPM is 50 frames a tick, 60 BPM 100, 240 BPM 25
        Sequence s = ppq(480);
        Track t0 = s.createTrack();
        Track t1 = s.createTrack();
        t0.add(tempo(120, 0));
        t1.add(tempo(60, 960)); // a tempo event in another track of a type-1 song counts
        t0.add(tempo(240, 1440));
        TempoMap map = new TempoMap(s, 48_000);
        assertEquals(3, map.segmentCount());
        assertEquals(0, map.tickToFrame(0));
        assertEquals(48_000, map.tickToFrame(960));
        assertEquals(48_100, map.tickToFrame(961));
        assertEquals(96_000, map.tickToFrame(1440));
        assertEquals(96_025, map.tickToFrame(1441));
        assertEquals(96_000 + 480 * 25, map.tickToFrame(1920));
        assertEquals(960, map.frameToTick(48_000));
        assertEquals(960, map.frameToTick(48_099));
        assertEquals(961, map.frameToTick(48_100));
        assertEquals(960, map.frameToTickRounded(48_049));
        assertEquals(961, map.frameToTickRounded(48_050));
        assertEquals(1441, map.frameToTick(96_025));
        assertEquals(2.0, map.beatOfFrame(48_000), 1e-12);
        assertEquals(2.5, map.beatOfFrame(72_000), 1e-12);
        assertEquals(60.0, map.tempoBpmAtTick(1000), 1e-9);
        assertEquals(240.0, map.tempoBpmAtFrame(96_000), 1e-9);
        assertEquals(120.0, map.tempoBpmAtFrame(47_999), 1e-9);
    }

    @Test
    void matchesExactReferenceAcrossManyTempoChangesAt44100() {
        Sequence s = ppq(480);
        Track a = s.createTrack();
        Track b = s.createTrack();
        SplittableRandom r = new SplittableRandom(7);
        long tick = 0;
        for (int i = 0; i < 60; i++) {
            tick += 1 + r.nextInt(2000);
            int micros = 200_000 + r.nextInt(1_500_000);
            (i % 2 == 0 ? a : b).add(tempoMicros(micros, tick));
        }
        // two changes on one tick: the last (track 1 after track 0) wins
        a.add(tempoMicros(400_000, 5000));
        b.add(tempoMicros(700_001, 5000));
        for (long rate : new long[] {44_100, 48_000, 96_000, 22_050}) {
            TempoMap map = new TempoMap(s, rate);
            SeqTestSupport.Reference ref = new SeqTestSupport.Reference(s, rate);
            for (long t = 0; t < tick + 3000; t += 1 + r.nextInt(37)) {
                long f = map.tickToFrame(t);
                assertEquals(ref.frame(t), f, "tick " + t + " at " + rate);
                // inverse rules: floor gives the last tick at or before, rounded the nearest
                long back = map.frameToTick(f);
                assertTrue(map.tickToFrame(back) <= f);
                assertTrue(map.tickToFrame(back + 1) > f);
                assertEquals(t, back, "frame " + f + " back to tick");
            }
        }
    }

    @Test
    void noDriftOverALongSongWithAnAwkwardRatio() {
        // 44.1 kHz, PPQ 96, 137 BPM (437,956 µs): 201.1... frames per tick, never whole
        Sequence s = ppq(96);
        s.createTrack().add(tempoMicros(437_956, 0));
        TempoMap map = new TempoMap(s, 44_100);
        SeqTestSupport.Reference ref = new SeqTestSupport.Reference(s, 44_100);
        for (long t : new long[] {1, 95, 96, 12345, 1_000_000, 999_999_937L, 123_456_789_012L}) {
            assertEquals(ref.frame(t), map.tickToFrame(t), "tick " + t);
        }
        // a product beyond 63 bits: the exact fallback gives the reference too
        Sequence slow = ppq(32767);
        slow.createTrack().add(tempoMicros(16_777_215, 0));
        slow.getTracks()[0].add(tempoMicros(333_333, 1_000_000_000L));
        TempoMap big = new TempoMap(slow, 768_000);
        SeqTestSupport.Reference bigRef = new SeqTestSupport.Reference(slow, 768_000);
        for (long t : new long[] {32_766, 999_999_999L, 1_000_000_001L, 4_000_000_000_000L}) {
            assertEquals(bigRef.frame(t), big.tickToFrame(t), "tick " + t);
        }
    }

    @Test
    void smpteDivisionsUseTheirFrameRate() {
        Sequence s25;
        Sequence s2997;
        try {
            s25 = new Sequence(Sequence.SMPTE_25, 40); // 1000 ticks a second
            s2997 = new Sequence(Sequence.SMPTE_30DROP, 100);
        } catch (javax.sound.midi.InvalidMidiDataException e) {
            throw new AssertionError(e);
        }
        s25.createTrack().add(tempo(60, 0)); // ignored for SMPTE
        TempoMap m25 = new TempoMap(s25, 48_000);
        assertEquals(48, m25.tickToFrame(1));
        assertEquals(48_000, m25.tickToFrame(1000));
        assertEquals(1000, m25.frameToTick(48_000));
        assertEquals(1000, m25.frameToTick(48_047));
        assertEquals(500.0, m25.ticksPerBeat(), 0.0); // nominal 120 BPM
        TempoMap m2997 = new TempoMap(s2997, 48_000);
        // 2997 ticks at 29.97 fps * 100 = 0.99999... s = 47,999.952 frames -> ceiling 48,000
        assertEquals(48_000, m2997.tickToFrame(2997));
        // 30000 ticks = 1001 seconds / 100 * ... = 30000 / 2997.002997 s = 10.01 s exactly
        assertEquals(480_480, m2997.tickToFrame(30_000));
    }

    @Test
    void beatsAndTicksConvertBothWays() {
        Sequence s = ppq(480);
        s.createTrack().add(tempo(120, 0));
        s.getTracks()[0].add(tempo(60, 1920)); // from beat 4
        TempoMap map = new TempoMap(s, 48_000);
        assertEquals(1.5, map.beatOfTick(720), 0.0);
        assertEquals(1080, map.tickOfBeat(2.25));
        assertEquals(48_000, map.frameOfBeat(2.0));
        assertEquals(96_000, map.frameOfBeat(4.0));
        assertEquals(144_000, map.frameOfBeat(5.0));
        assertEquals(1.0, map.beatOfFrame(24_000), 1e-12);
        assertEquals(4.5, map.beatOfFrame(120_000), 1e-12);
    }

    @Test
    void rejectsBadTempoEventsNamingTrackAndTick() {
        Sequence s = ppq(480);
        s.createTrack();
        s.createTrack().add(tempoMicros(0, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TempoMap(s, 48_000));
        assertTrue(e.getMessage().contains("track 1") && e.getMessage().contains("tick 5"), e.getMessage());
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class,
                () -> new TempoMap(ppq(480), 0));
        assertTrue(rate.getMessage().contains("sample rate"), rate.getMessage());
    }
}
