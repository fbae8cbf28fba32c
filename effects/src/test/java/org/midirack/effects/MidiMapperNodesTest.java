package org.midirack.effects;

import org.midirack.core.Node;
import org.midirack.core.hosting.OfflineRenderer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Exact output of the chord, transpose, velocity, key range and router processors. */
class MidiMapperNodesTest {
    /** Renders 4096 frames of scheduled {frame, status, d1, d2} events; returns the MIDI out. */
    private static List<long[]> run(Node node, int[][] events, int[][] params) {
        try (OfflineRenderer r = new OfflineRenderer(node, 48000, 128)) {
            r.collectMidiOut(1000);
            for (int[] e : events) {
                r.schedule(e[0], e[1], e[2], e[3]);
            }
            if (params != null) {
                for (int[] p : params) {
                    r.scheduleParam(p[0], p[1], p[2]);
                }
            }
            r.render(4096, 128);
            List<long[]> ev = MidiOut.events(r);
            assertEquals(0, MidiOut.hanging(ev), "every note-on has its note-off");
            return ev;
        }
    }

    private static void assertEvents(long[][] want, List<long[]> got) {
        assertEquals(want.length, got.size(), "event count");
        for (int i = 0; i < want.length; i++) {
            assertArrayEquals(want[i], got.get(i), "event " + i);
        }
    }

    @Test
    void chordAddsIntervalsAndReleasesWhatItPlayedAfterAChange() {
        MidiChord c = new MidiChord();
        List<long[]> ev = run(c, new int[][] {{500, 0x90, 60, 90}, {1000, 0x80, 60, 0}},
                new int[][] {{700, MidiChord.P_INTERVAL1, 3}});
        assertEvents(new long[][] {
            {500, 0x90, 60, 90}, {500, 0x90, 64, 90}, {500, 0x90, 67, 90},
            {1000, 0x80, 60, 0}, {1000, 0x80, 64, 0}, {1000, 0x80, 67, 0}}, ev);
    }

    @Test
    void chordBuildsDiatonicSeventhsInKeyAndScale() {
        MidiChord c = new MidiChord();
        c.parameters().set("mode", MidiChord.DIATONIC);
        c.parameters().set("voices", 4);
        List<long[]> ev = run(c, new int[][] {{0, 0x90, 62, 100}, {10, 0x90, 61, 80}, {20, 0x80, 62, 0}, {30, 0x80, 61, 0}}, null);
        // C major: D -> D F A C; C# snaps down to C -> C E G B
        assertArrayEquals(new long[] {62, 65, 69, 72, 60, 64, 67, 71}, MidiOut.column(MidiOut.noteOns(ev), 1));
        // A minor (key A, natural minor): E -> E G B D
        MidiChord m = new MidiChord();
        m.parameters().set("mode", MidiChord.DIATONIC);
        m.parameters().set("key", 9);
        m.parameters().set("scale", 1);
        List<long[]> ev2 = run(m, new int[][] {{0, 0x90, 64, 100}, {20, 0x80, 64, 0}}, null);
        assertArrayEquals(new long[] {64, 67, 71}, MidiOut.column(MidiOut.noteOns(ev2), 1));
    }

    @Test
    void transposeThenQuantizeToScale() {
        MidiTranspose t = new MidiTranspose();
        t.parameters().set("semitones", 3);
        t.parameters().set("quantize", 1);
        List<long[]> ev = run(t, new int[][] {
            {0, 0x90, 60, 100}, {0, 0x90, 65, 100}, {0, 0x90, 57, 100}, {0, 0x90, 126, 100},
            {100, 0x80, 60, 0}, {100, 0x80, 65, 0}, {100, 0x80, 57, 0}, {100, 0x80, 126, 0}}, null);
        // 63 -> tie 62/64 -> 62; 68 -> tie 67/69 -> 67; 60 -> 60; 129 dropped
        assertArrayEquals(new long[] {62, 67, 60}, MidiOut.column(MidiOut.noteOns(ev), 1));
        assertArrayEquals(new long[] {62, 67, 60}, MidiOut.column(MidiOut.noteOffs(ev), 1));
    }

    @Test
    void transposeChangeWhileHeldReleasesTheNotePlayed() {
        MidiTranspose t = new MidiTranspose();
        t.parameters().set("semitones", 12);
        List<long[]> ev = run(t, new int[][] {{0, 0x90, 60, 100}, {1000, 0x80, 60, 0}},
                new int[][] {{500, MidiTranspose.P_SEMITONES, -12}});
        assertEvents(new long[][] {{0, 0x90, 72, 100}, {1000, 0x80, 72, 0}}, ev);
    }

    @Test
    void velocityCurveMapsExactly() {
        MidiVelocityCurve v = new MidiVelocityCurve();
        v.parameters().set("curve", 0.5);
        List<long[]> ev = run(v, new int[][] {{0, 0x90, 60, 64}, {0, 0x90, 61, 127}, {0, 0x90, 62, 1},
            {9, 0x80, 60, 0}, {9, 0x80, 61, 0}, {9, 0x80, 62, 0}}, null);
        // exponent 4^-0.5 = 0.5: 1 + 126 * sqrt(64/127) = 90.45 -> 90; 127 -> 127; 1 + 126 * sqrt(1/127) = 12.18 -> 12
        assertArrayEquals(new long[] {90, 127, 12}, MidiOut.column(MidiOut.noteOns(ev), 2));
        assertEquals(90, v.curve(64));
    }

    @Test
    void keyRangeFilterDropsOutsideNotesWithTheirNoteOffs() {
        MidiKeyRangeFilter f = new MidiKeyRangeFilter();
        f.parameters().set("lowKey", 48);
        f.parameters().set("highKey", 72);
        f.parameters().set("lowVelocity", 20);
        List<long[]> ev = run(f, new int[][] {
            {0, 0x90, 47, 100}, {0, 0x90, 48, 100}, {0, 0x90, 72, 19}, {0, 0x90, 73, 100},
            {50, 0xB0, 1, 64},
            {100, 0x80, 47, 0}, {100, 0x80, 48, 0}, {100, 0x80, 72, 0}, {100, 0x80, 73, 0}},
            new int[][] {{60, MidiKeyRangeFilter.P_LOW_KEY, 60}});
        assertEvents(new long[][] {{0, 0x90, 48, 100}, {50, 0xB0, 1, 64}, {100, 0x80, 48, 0}}, ev);
    }

    @Test
    void routerSplitsKeyboardAcrossChannels() {
        MidiChannelRouter r = new MidiChannelRouter();
        r.parameters().set("splitKey", 60);
        r.parameters().set("lowChannel", 2);
        r.parameters().set("highChannel", 3);
        List<long[]> ev = run(r, new int[][] {
            {0, 0x90, 59, 100}, {0, 0x90, 60, 100}, {10, 0xB0, 64, 127},
            {20, 0x80, 59, 0}, {20, 0x80, 60, 0}}, new int[][] {{15, MidiChannelRouter.P_HIGH, 9}});
        assertEvents(new long[][] {
            {0, 0x91, 59, 100}, {0, 0x92, 60, 100}, {10, 0xB2, 64, 127}, {10, 0xB1, 64, 127},
            {20, 0x81, 59, 0}, {20, 0x82, 60, 0}}, ev);
    }

    @Test
    void routerOnlyTakesItsInputChannelAndLayers() {
        MidiChannelRouter r = new MidiChannelRouter();
        r.parameters().set("inChannel", 1);
        r.parameters().set("lowChannel", 5);
        r.parameters().set("highChannel", 6);
        r.parameters().set("layer", 1);
        List<long[]> ev = run(r, new int[][] {
            {0, 0x90, 60, 100}, {0, 0x93, 61, 100}, {20, 0x80, 60, 0}, {20, 0x83, 61, 0}}, null);
        assertEvents(new long[][] {
            {0, 0x94, 60, 100}, {0, 0x95, 60, 100}, {0, 0x93, 61, 100},
            {20, 0x84, 60, 0}, {20, 0x85, 60, 0}, {20, 0x83, 61, 0}}, ev);
    }

    @Test
    void retriggeredKeyEndsItsPreviousNoteFirst() {
        MidiChord c = new MidiChord();
        List<long[]> ev = run(c, new int[][] {{0, 0x90, 60, 90}, {10, 0x90, 60, 50}, {20, 0x80, 60, 0}}, null);
        assertEvents(new long[][] {
            {0, 0x90, 60, 90}, {0, 0x90, 64, 90}, {0, 0x90, 67, 90},
            {10, 0x80, 60, 0}, {10, 0x80, 64, 0}, {10, 0x80, 67, 0},
            {10, 0x90, 60, 50}, {10, 0x90, 64, 50}, {10, 0x90, 67, 50},
            {20, 0x80, 60, 0}, {20, 0x80, 64, 0}, {20, 0x80, 67, 0}}, ev);
    }
}
