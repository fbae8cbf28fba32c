package org.midirack.instruments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.hosting.OfflineRenderer;

/**
 * The drum machine plays nothing the user did not ask for: its built-in pattern is off until parameter
 * {@code pattern} turns it on; MIDI input (pads) plays either way.
 */
class InstrumentDrumMachinePatternDefaultTest {

    /** Two seconds at 120 BPM from beat 0 (16 sixteenth-note steps), 128-frame cycles. */
    private static float[][] play(InstrumentDrumMachine m, boolean pad) {
        try (OfflineRenderer r = new OfflineRenderer(m, 48000, 128)) {
            if (pad) {
                r.schedule(24000, 0x99, 38, 100);
                r.schedule(30000, 0x89, 38, 0);
            }
            r.tempo(120).play(0);
            return r.render(96000, 128);
        }
    }

    private static double peak(float[][] a, int from) {
        double p = 0;
        for (float[] ch : a) {
            for (int i = from; i < ch.length; i++) {
                p = Math.max(p, Math.abs(ch[i]));
            }
        }
        return p;
    }

    @Test
    void aNewDrumMachineIsSilentWhileTheTransportRuns() {
        InstrumentDrumMachine m = new InstrumentDrumMachine(InstrumentDrumMachineTest.DRY);
        float[][] out = play(m, false);
        assertEquals(0.0, peak(out, 0), "two seconds of a playing transport, no input: silence");
        assertEquals(0, m.hitsPlayed(), "no pattern hits");
    }

    @Test
    void thePatternParameterIsOffByDefaultAndTurnsTheBeatOn() {
        InstrumentDrumMachine m = new InstrumentDrumMachine(InstrumentDrumMachineTest.DRY);
        int i = m.parameters().indexOf("pattern");
        assertTrue(i >= 0, "a parameter named pattern");
        ParamDescriptor d = m.parameters().descriptor(i);
        assertEquals(0.0, d.defaultValue(), "pattern off by default");
        m.setPatternOn(true);
        float[][] out = play(m, false);
        assertTrue(peak(out, 0) > 0.01, "with the pattern on it plays: peak " + peak(out, 0));
        // the default pattern: kick on every beat (4 in 2 s at 120 BPM), snare on 2 and 4, hi-hat on eighths
        assertEquals(4 + 2 + 8 + 1, m.hitsPlayed(), "one bar of the default pattern");
    }

    @Test
    void padsPlayWithThePatternOff() {
        InstrumentDrumMachine m = new InstrumentDrumMachine(InstrumentDrumMachineTest.DRY);
        float[][] out = play(m, true);
        assertEquals(0.0, peak(new float[][] {java.util.Arrays.copyOf(out[0], 24000)}, 0), "silent before the pad");
        assertTrue(peak(out, 24000) > 0.01, "the pad note at frame 24,000 sounds");
        assertEquals(0, m.hitsPlayed(), "no pattern hits");
    }
}
