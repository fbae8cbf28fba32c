package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.midirack.demos.melody.Melody;
import org.midirack.demos.melody.MelodyParseException;

class MelodyRenderTest {

    /** C4 for a quarter, a whole rest, E4 for a quarter, at 120 BPM: E4 starts at 2.5 s = frame 120000. */
    static final String TUNE = "tempo 120; C4/4 r/1 E4/4";

    @Test
    void sineAudioStartsOnTheExactFramesOfTheEvents() {
        MelodyRender.Result r = MelodyRender.sine().render(TUNE);
        List<String> ons = r.events().noteOns().stream().map(e -> e.data1() + "@" + e.frame()).toList();
        assertEquals(List.of("60@0", "64@120000"), ons);
        assertEquals(0, r.firstFrameAbove(0f));
        assertEquals(120000, r.firstFrameAbove(0f, 60000));
        assertEquals(0f, r.peak(60000, 120000)); // silence between the notes, after C4's release
        assertEquals(144000 + 48000, r.frames()); // song end + 1 s tail
    }

    @Test
    void sineAudioIsIdenticalForEveryBufferSize() {
        float[][] ref = MelodyRender.sine().render(TUNE).audio();
        for (int b : new int[] {1, 64, 1000, 4096}) {
            float[][] a = MelodyRender.sine().buffer(b).render(TUNE).audio();
            assertArrayEquals(ref[0], a[0], "buffer " + b);
            assertArrayEquals(ref[1], a[1], "buffer " + b);
        }
    }

    @Test
    void gervillIsLatencyCompensatedNeverEarly() {
        MelodyRender.Result r = MelodyRender.gervill().tail(0.5).render(TUNE);
        assertEquals(0f, r.peak(100000, 120000)); // nothing before E4's frame
        int onset = r.firstFrameAbove(0f, 100000);
        assertTrue(onset >= 120000 && onset < 120000 + 32, "E4 within one Gervill block of its frame: " + onset);
        assertTrue(r.peak(120000, 144000) > 0.05f);
        assertEquals(144000 + 24000, r.frames());
    }

    @Test
    void rendersSequencesFromTheFluentApiLikeScripts() {
        MelodyRender.Result fromBuilder = MelodyRender.sine().render(
                Melody.builder().tempo(120).note("C4", 1, 4).rest(1, 1).note("E4", 1, 4).build());
        assertArrayEquals(MelodyRender.sine().render(TUNE).audio()[0], fromBuilder.audio()[0]);
    }

    @Test
    void scriptErrorsReachTheCaller() {
        MelodyParseException e = assertThrows(MelodyParseException.class, () -> MelodyRender.sine().render("C4 X4"));
        assertEquals("<script>:1:4: unknown note name 'X'", e.getMessage());
    }
}
