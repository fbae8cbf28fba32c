package org.midirack.effects;

import org.midirack.core.hosting.OfflineRenderer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MidiEchoTest {
    @Test
    void repeatsLandOnExactFramesWithDecayedVelocitiesAndShiftedPitch() {
        MidiEcho echo = new MidiEcho();
        echo.parameters().set("time", NoteValues.indexOf("1/8"));
        echo.parameters().set("repeats", 3);
        echo.parameters().set("decay", 0.75);
        echo.parameters().set("pitch", 2);
        try (OfflineRenderer r = new OfflineRenderer(echo, 48000, 128)) {
            r.collectMidiOut(1000);
            r.schedule(1000, 0x91, 60, 100).schedule(5000, 0x81, 60, 0);
            r.tempo(120).play(0);
            r.render(48000, 128);
            List<long[]> ev = MidiOut.events(r);
            List<long[]> ons = MidiOut.noteOns(ev);
            assertArrayEquals(new long[] {1000, 13000, 25000, 37000}, MidiOut.column(ons, 0), "1/8 at 120 BPM = 12000 frames");
            assertArrayEquals(new long[] {60, 62, 64, 66}, MidiOut.column(ons, 1));
            assertArrayEquals(new long[] {100, 75, 56, 42}, MidiOut.column(ons, 2), "round(100 * 0.75^k)");
            List<long[]> offs = MidiOut.noteOffs(ev);
            assertArrayEquals(new long[] {5000, 17000, 29000, 41000}, MidiOut.column(offs, 0), "each repeat as long as the original");
            assertArrayEquals(new long[] {60, 62, 64, 66}, MidiOut.column(offs, 1));
            for (long[] e : ev) {
                assertEquals(1, e[1] & 15, "channel kept");
            }
        }
    }

    @Test
    void tripletSpacingFollowsHostTempo() {
        MidiEcho echo = new MidiEcho();
        echo.parameters().set("time", NoteValues.indexOf("1/8T"));
        echo.parameters().set("repeats", 2);
        echo.parameters().set("decay", 1.0);
        try (OfflineRenderer r = new OfflineRenderer(echo, 48000, 128)) {
            r.collectMidiOut(1000);
            r.schedule(0, 0x90, 60, 100).schedule(100, 0x80, 60, 0);
            r.tempo(90).play(0);
            r.render(48000, 128);
            // 1/8 triplet = 1/3 beat; at 90 BPM a beat is 32000 frames
            long d = Math.round(32000 / 3.0);
            assertArrayEquals(new long[] {0, d, Math.round(2 * 32000 / 3.0)},
                    MidiOut.column(MidiOut.noteOns(MidiOut.events(r)), 0));
        }
    }

    @Test
    void parameterChangeWhileHeldLeavesNoStuckNote() {
        MidiEcho echo = new MidiEcho();
        echo.parameters().set("pitch", 1);
        try (OfflineRenderer r = new OfflineRenderer(echo, 48000, 128)) {
            r.collectMidiOut(1000);
            r.schedule(0, 0x90, 60, 100);
            r.scheduleParam(3000, MidiEcho.P_PITCH, 7f);
            r.scheduleParam(3000, MidiEcho.P_REPEATS, 1f);
            r.schedule(20000, 0x80, 60, 0);
            r.tempo(120).play(0);
            r.render(96000, 128);
            List<long[]> ev = MidiOut.events(r);
            assertArrayEquals(new long[] {60, 61, 62, 63}, MidiOut.column(MidiOut.noteOffs(ev), 1),
                    "note-offs use the settings the note started with");
            assertEquals(0, MidiOut.hanging(ev));
        }
    }

    @Test
    void allNotesOffReleasesSoundingAndDropsPendingRepeats() {
        MidiEcho echo = new MidiEcho();
        try (OfflineRenderer r = new OfflineRenderer(echo, 48000, 128)) {
            r.collectMidiOut(1000);
            r.schedule(0, 0x90, 60, 100);             // held, repeats at 12000, 24000, 36000
            r.schedule(15000, 0xB0, 123, 0);
            r.tempo(120).play(0);
            r.render(60000, 128);
            List<long[]> ev = MidiOut.events(r);
            assertArrayEquals(new long[] {0, 12000}, MidiOut.column(MidiOut.noteOns(ev), 0));
            assertEquals(0, MidiOut.hanging(ev));
            long[] last = ev.get(ev.size() - 1);
            assertArrayEquals(new long[] {15000, 0xB0, 123, 0}, last, "the controller is passed on after the note-offs");
        }
    }
}
