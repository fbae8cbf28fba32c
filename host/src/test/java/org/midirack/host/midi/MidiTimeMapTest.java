package org.midirack.host.midi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MidiTimeMapTest {

    @Test
    void tracksADriftingJitteryAudioClockToAFractionOfAFrame() {
        MidiTimeMap map = new MidiTimeMap(48000, 0.1);
        Random rnd = new Random(3);
        double nanosPerFrame = 1e9 / 48000 / (1 + 80e-6); // audio clock 80 ppm fast
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (long k = 0; k < 375 * 20; k++) {
            long frame = k * 256;
            double exact = 1e12 + frame * nanosPerFrame;
            long jitter = (long) ((rnd.nextDouble() * 2 - 1) * 100_000); // +-0.1 ms callback jitter
            map.update(Math.round(exact) + jitter, frame);
            if (k > 375 * 5) { // after five seconds of locking
                double probe = exact + rnd.nextDouble() * 256 * nanosPerFrame;
                double err = map.frameAt(Math.round(probe)) - (probe - 1e12) / nanosPerFrame;
                min = Math.min(min, err);
                max = Math.max(max, err);
            }
        }
        // the map follows the early edge of the jitter (0.1 ms = 4.8 frames early): a constant
        // offset; what varies is the jitter that would reach the music
        assertTrue(max - min < 1.0, "mapping error varies over " + min + ".." + max + " frames");
        assertTrue(min > 0 && max < 4.8 + 0.5, "offset " + min + ".." + max + " frames, not the early edge");
        assertEquals(nanosPerFrame, map.nanosPerFrame(), nanosPerFrame * 5e-6);
        assertEquals(0, map.resets());
    }

    @Test
    void nanosAtIsTheInverseOfFrameAt() {
        MidiTimeMap map = new MidiTimeMap(44100, 1);
        for (long k = 0; k < 100; k++) {
            map.update(5_000_000_000L + Math.round(k * 512 * 1e9 / 44100), k * 512);
        }
        for (double f = 50_000; f < 60_000; f += 333.3) {
            assertEquals(f, map.frameAt(map.nanosAt(f)), 1e-4);
        }
    }

    @Test
    void restartsOnAClockDiscontinuityInsteadOfSlewing() {
        MidiTimeMap map = new MidiTimeMap(48000, 0.5);
        for (long k = 0; k < 1000; k++) {
            map.update(Math.round(k * 128 * 1e9 / 48000), k * 128);
        }
        // the device restarted: frames start again from 0 two seconds later
        long t = Math.round(1000 * 128 * 1e9 / 48000) + 2_000_000_000L;
        map.update(t, 0);
        assertEquals(1, map.resets());
        assertEquals(0, map.frameAt(t), 1e-9);
        // the system clock jumped (suspend/resume): 1 s passed but only 128 frames; far-late cycle
        // starts are stalls and ignored until LATE_RESTART whole blocks were late
        long jump = 1_000_000_000L;
        int k = 1;
        while (map.resets() == 1) {
            map.update(t + jump + Math.round(k * 128 * 1e9 / 48000), k * 128);
            k++;
            assertTrue(k < 200, "no restart after " + k + " far-late cycles");
        }
        assertTrue(k > MidiTimeMap.LATE_RESTART, "restarted after " + k + " cycles: a stall is not a jump");
        long at = t + jump + Math.round((k - 1) * 128 * 1e9 / 48000);
        assertEquals((k - 1) * 128, map.frameAt(at), 1e-6);
    }

    @Test
    void lateCallbacksOfALoadedMachineDoNotDragTheMap() {
        MidiTimeMap map = new MidiTimeMap(48000, 0.1);
        Random rnd = new Random(4);
        double nanosPerFrame = 1e9 / 48000;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (long k = 0; k < 375 * 30; k++) {
            long frame = k * 128;
            double exact = 1e12 + frame * nanosPerFrame;
            // on time +-20 us, but from second 10 on, 60 % of callbacks start 0.2..5 ms late and
            // every 500th stalls for 30 ms
            long late = 0;
            if (k > 3750 && rnd.nextDouble() < 0.6) {
                late = 200_000 + (long) (rnd.nextDouble() * 4_800_000);
            }
            if (k > 3750 && k % 500 == 0) {
                late = 30_000_000;
            }
            map.update(Math.round(exact) + (long) ((rnd.nextDouble() * 2 - 1) * 20_000) + late, frame);
            if (k > 375 * 5) {
                double err = map.frameAt(Math.round(exact)) - frame;
                min = Math.min(min, err);
                max = Math.max(max, err);
            }
        }
        assertTrue(max - min < 1.0, "mapping error varies over " + min + ".." + max + " frames");
        assertEquals(0, map.resets());
    }

    @Test
    void refusesNonsenseRatesByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MidiTimeMap(0, 1));
        assertTrue(e.getMessage().contains("sample rate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MidiTimeMap(48000, Double.NaN));
        assertTrue(e.getMessage().contains("bandwidth"), e.getMessage());
    }
}
