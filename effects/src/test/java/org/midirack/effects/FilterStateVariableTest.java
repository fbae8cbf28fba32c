package org.midirack.effects;

import org.midirack.core.hosting.OfflineRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FilterStateVariableTest {
    private static final double RATE = 48000;

    private static float[][] sine(double hz, int frames) {
        float[][] s = new float[2][frames];
        for (int i = 0; i < frames; i++) {
            s[0][i] = s[1][i] = (float) (0.25 * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return s;
    }

    private static double rms(float[] a, int from, int to) {
        double e = 0;
        for (int i = from; i < to; i++) {
            e += (double) a[i] * a[i];
        }
        return Math.sqrt(e / (to - from));
    }

    /** Gain in dB at frequency hz, measured on the settled second half of a 1 s sine. */
    private static double gainDb(FilterStateVariable f, double hz, int noteOnFrame, int note) {
        int frames = 48000;
        float[][] in = sine(hz, frames);
        try (OfflineRenderer r = new OfflineRenderer(f, RATE, 128)) {
            r.input(in);
            if (noteOnFrame >= 0) {
                r.schedule(noteOnFrame, 0x90, note, 100);
            }
            float[][] out = r.render(frames, 128);
            return 20 * Math.log10(rms(out[0], 24000, 48000) / rms(in[0], 24000, 48000));
        }
    }

    private static FilterStateVariable filter(int mode, double cutoff, double q) {
        FilterStateVariable f = new FilterStateVariable();
        f.parameters().set("mode", mode);
        f.parameters().set("cutoff", cutoff);
        f.parameters().set("q", q);
        return f;
    }

    @Test
    void lowPassMagnitudeAtCutoffMatchesDesign() {
        double q = Math.sqrt(0.5);
        assertEquals(20 * Math.log10(q), gainDb(filter(FilterStateVariable.LOW_PASS, 1000, q), 1000, -1, 0), 0.5);
        assertEquals(20 * Math.log10(4), gainDb(filter(FilterStateVariable.LOW_PASS, 2500, 4), 2500, -1, 0), 0.5);
    }

    @Test
    void highPassMagnitudeAtCutoffMatchesDesign() {
        assertEquals(20 * Math.log10(2), gainDb(filter(FilterStateVariable.HIGH_PASS, 800, 2), 800, -1, 0), 0.5);
    }

    @Test
    void bandPassIsUnityAtCutoffAndAttenuatesAway() {
        assertEquals(0.0, gainDb(filter(FilterStateVariable.BAND_PASS, 1500, 5), 1500, -1, 0), 0.5);
        assertTrue(gainDb(filter(FilterStateVariable.BAND_PASS, 1500, 5), 150, -1, 0) < -20);
    }

    @Test
    void lowPassAttenuatesTwelveDbPerOctaveWellAboveCutoff() {
        double g = gainDb(filter(FilterStateVariable.LOW_PASS, 500, Math.sqrt(0.5)), 4000, -1, 0);
        assertEquals(20 * Math.log10(1 / Math.pow(8, 2)), g, 1.5, "three octaves above: about -36 dB");
    }

    @Test
    void keyboardTrackingMovesCutoffOneOctavePerOctave() {
        FilterStateVariable f = filter(FilterStateVariable.LOW_PASS, 1000, Math.sqrt(0.5));
        f.parameters().set("keyTrack", 1);
        // note 72 is an octave above 60: effective cutoff 2000 Hz
        assertEquals(-3.01, gainDb(f, 2000, 0, 72), 0.5);
    }

    @Test
    void noteOnStartsTheEnvelopeOnItsFrame() {
        FilterStateVariable f = filter(FilterStateVariable.LOW_PASS, 200, Math.sqrt(0.5));
        f.parameters().set("envAmount", 4);
        f.parameters().set("attack", 0.1);
        float[][] in = sine(3000, 20000);
        float[][] ref;
        try (OfflineRenderer r = new OfflineRenderer(filter(FilterStateVariable.LOW_PASS, 200, Math.sqrt(0.5)), RATE, 128)) {
            r.input(in);
            ref = r.render(20000, 128);
        }
        try (OfflineRenderer r = new OfflineRenderer(f, RATE, 128)) {
            r.input(in);
            r.schedule(10000, 0x90, 60, 100);
            float[][] out = r.render(20000, 128);
            for (int i = 0; i < 10000; i++) {
                assertEquals(ref[0][i], out[0][i], "unchanged before the note, frame " + i);
            }
            assertTrue(out[0][10000] != ref[0][10000], "the envelope acts from the note-on frame");
            assertTrue(rms(out[0], 12000, 20000) > 4 * rms(ref[0], 12000, 20000), "cutoff opened by 4 octaves");
        }
    }
}
