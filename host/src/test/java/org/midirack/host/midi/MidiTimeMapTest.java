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
        double worst = 0;
        for (long k = 0; k < 375 * 20; k++) {
            long frame = k * 256;
            double exact = 1e12 + frame * nanosPerFrame;
            long jitter = (long) ((rnd.nextDouble() * 2 - 1) * 100_000); // +-0.1 ms callback jitter
            map.update(Math.round(exact) + jitter, frame);
            if (k > 375 * 5) { // after five seconds of locking
                double probe = exact + rnd.nextDouble() * 256 * nanosPerFrame;
                double err = map.frameAt(Math.round(probe)) - (probe - 1e12) / nanosPerFrame;
                worst = Math.max(worst, Math.abs(err));
            }
        }
        assertTrue(worst < 0.5, "worst mapping error " + worst + " frames");
        assertTrue(worst > 0.001, "jitter makes the map inexact, so the bound is what is tested");
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
        // the system clock jumped (suspend/resume): 1 s passed but only 128 frames
        map.update(t + 1_000_000_000L, 128);
        assertEquals(2, map.resets());
        assertEquals(128, map.frameAt(t + 1_000_000_000L), 1e-9);
    }

    @Test
    void refusesNonsenseRatesByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MidiTimeMap(0, 1));
        assertTrue(e.getMessage().contains("sample rate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MidiTimeMap(48000, Double.NaN));
        assertTrue(e.getMessage().contains("bandwidth"), e.getMessage());
    }
}
