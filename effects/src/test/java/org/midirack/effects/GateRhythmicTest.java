package org.midirack.effects;

import org.midirack.core.hosting.OfflineRenderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GateRhythmicTest {
    private static float[][] dc(int frames) {
        float[][] s = new float[2][frames];
        java.util.Arrays.fill(s[0], 0.5f);
        java.util.Arrays.fill(s[1], 0.5f);
        return s;
    }

    @Test
    void opensOnTheNoteOnFrameAndClosesOnTheLastNoteOffWithRamps() {
        GateRhythmic g = new GateRhythmic();
        g.parameters().set("mode", GateRhythmic.NOTES);
        g.parameters().set("ramp", 1.0); // 48 frames
        try (OfflineRenderer r = new OfflineRenderer(g, 48000, 128)) {
            r.input(dc(20000));
            r.schedule(1000, 0x90, 60, 100).schedule(3000, 0x90, 64, 100);
            r.schedule(5000, 0x80, 60, 0).schedule(9000, 0x80, 64, 0);
            float[][] out = r.render(20000, 128);
            assertEquals(0f, out[0][999], "closed before the note");
            assertEquals(0.5f / 48, out[0][1000], 1e-6f, "the ramp starts on the note-on frame");
            assertEquals(0.5f, out[0][1047], 1e-6f, "fully open after 48 frames");
            assertEquals(0.5f, out[0][8999], "open while a key is held");
            assertEquals(0.5f * 47 / 48, out[0][9000], 1e-6f, "closing starts on the last note-off frame");
            assertEquals(0f, out[0][9047]);
            for (int i = 1; i < 20000; i++) {
                assertTrue(Math.abs(out[0][i] - out[0][i - 1]) <= 0.5f / 48 + 1e-6f, "no step larger than the ramp at " + i);
            }
        }
    }

    @Test
    void rhythmFollowsBeatsWithPatternAndDuty() {
        GateRhythmic g = new GateRhythmic();
        g.parameters().set("step", NoteValues.indexOf("1/8"));
        g.parameters().set("duty", 0.5);
        g.parameters().set("pattern", 0b101);  // steps 0 and 2 of every 16
        g.parameters().set("ramp", 0.1);       // 4.8 frames
        try (OfflineRenderer r = new OfflineRenderer(g, 48000, 100)) {
            r.input(dc(48000));
            r.tempo(120).play(-0.5);           // beat 0 at frame 12000; a 1/8 step is 12000 frames
            float[][] out = r.render(48000, 100);
            // beat -0.5 is step -1 (bit 15, off): closed from the start
            assertEquals(0f, out[0][11999]);
            assertTrue(out[0][12000] > 0f, "step 0 opens on its first frame");
            assertEquals(0.5f, out[0][12010], 1e-6f);
            assertEquals(0.5f, out[0][17999], 1e-6f, "open for half the step");
            assertTrue(out[0][18000] < 0.5f, "closing starts at the duty point");
            assertEquals(0f, out[0][24000 + 6000], "step 1 is off");
            assertTrue(out[0][36000] > 0f, "step 2 opens on its frame");
            assertEquals(0f, out[0][35999]);
        }
    }

    @Test
    void staysOpenWhileTheTransportIsStopped() {
        GateRhythmic g = new GateRhythmic();
        g.parameters().set("pattern", 0);
        try (OfflineRenderer r = new OfflineRenderer(g, 48000, 128)) {
            r.input(dc(5000));
            float[][] out = r.render(5000, 128);
            assertEquals(0.5f, out[0][4000]);
        }
    }
}
