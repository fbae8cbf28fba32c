package org.midirack.effects;

import org.midirack.core.MidiEventBuffer;
import org.midirack.core.RemoteControl;
import org.midirack.core.hosting.CycleContext;
import org.midirack.core.hosting.OfflineRenderer;
import org.midirack.core.hosting.TransportState;
import org.midirack.core.sync.HostSync;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MidiArpeggiatorTest {
    private static final double RATE = 48000;

    private static long[] expected(long first, long spacing, int count) {
        long[] e = new long[count];
        for (int i = 0; i < count; i++) {
            e[i] = first + i * spacing;
        }
        return e;
    }

    private static long[] firstN(long[] a, int n) {
        return java.util.Arrays.copyOf(a, n);
    }

    @Test
    void startsOnBeatZeroFrameAfterPreRollFromNegativeBeat() {
        MidiArpeggiator arp = new MidiArpeggiator();
        try (OfflineRenderer r = new OfflineRenderer(arp, RATE, 128)) {
            r.collectMidiOut(10_000);
            r.schedule(0, 0x90, 64, 90);
            r.schedule(5, 0x90, 60, 100);
            r.schedule(9, 0x90, 67, 80);
            r.tempo(120).play(-1.5);
            r.render(36000 + 6000 * 12 + 10, 128);
            List<long[]> ev = MidiOut.events(r);
            List<long[]> ons = MidiOut.noteOns(ev);
            // beat 0 is 1.5 beats * 24000 frames after the start: frame 36000
            assertArrayEquals(expected(36000, 6000, 13), MidiOut.column(ons, 0));
            assertArrayEquals(new long[] {60, 64, 67, 60, 64, 67, 60, 64, 67, 60, 64, 67, 60}, MidiOut.column(ons, 1));
            assertArrayEquals(new long[] {100, 90, 80, 100, 90, 80, 100, 90, 80, 100, 90, 80, 100}, MidiOut.column(ons, 2));
            List<long[]> offs = MidiOut.noteOffs(ev);
            assertArrayEquals(expected(39000, 6000, 12), MidiOut.column(offs, 0), "gate 0.5 of a 6000-frame step");
        }
    }

    @Test
    void followsRewindFromTheRewindFrame() {
        MidiArpeggiator arp = new MidiArpeggiator();
        try (OfflineRenderer r = new OfflineRenderer(arp, RATE, 128)) {
            r.collectMidiOut(10_000);
            r.schedule(0, 0x90, 60, 100);
            r.schedule(0, 0x90, 72, 100);
            r.tempo(120).play(0);
            r.render(25600, 128);          // steps at 0, 6000, 12000, 18000, 24000
            r.play(0);                     // rewind to beat 0 at frame 25600
            r.render(6000 * 4, 128);
            long[] on = MidiOut.column(MidiOut.noteOns(MidiOut.events(r)), 0);
            long[] want = {0, 6000, 12000, 18000, 24000, 25600, 31600, 37600, 43600};
            assertArrayEquals(want, on);
            long[] notes = MidiOut.column(MidiOut.noteOns(MidiOut.events(r)), 1);
            assertArrayEquals(new long[] {60, 72, 60, 72, 60, 60, 72, 60, 72}, notes, "the pattern starts over after the rewind");
            assertEquals(0, MidiOut.hanging(MidiOut.events(r)), "every step's gate ended");
        }
    }

    /** Drives a node cycle by cycle with a looping transport the OfflineRenderer does not have. */
    private static List<long[]> renderLooped(MidiArpeggiator arp, double loopStart, double loopEnd, int cycle,
                                             int total, double tempo) {
        arp.activate(RATE, cycle);
        CycleContext ctx = new CycleContext(arp.descriptor(), cycle, 256);
        TransportState t = new TransportState();
        MidiEventBuffer ev = new MidiEventBuffer(16);
        List<long[]> out = new ArrayList<>();
        double bpf = HostSync.beatsPerFrame(tempo, RATE);
        double len = loopEnd - loopStart;
        for (long pos = 0; pos < total; pos += cycle) {
            ev.clear();
            if (pos == 0) {
                ev.add(0, 0x90, 60, 100);
                ev.add(0, 0x90, 62, 100);
            }
            double unwrapped = pos * bpf;
            double beat = unwrapped < loopEnd ? unwrapped : loopStart + ((unwrapped - loopStart) % len);
            t.set(RATE, cycle, tempo, beat, pos).setState(true, false, pos == 0).setLoop(true, loopStart, loopEnd);
            ctx.begin(cycle, ev, t, RemoteControl.NONE);
            arp.process(ctx);
            out.addAll(MidiOut.of(ctx.midiOut(), pos));
        }
        arp.deactivate();
        return out;
    }

    @Test
    void followsLoopWrapOnTheWrapFrame() {
        // loop 0 .. 0.9 beats = 21600 frames; 1/16 steps at 0, 6000, 12000, 18000 in every pass
        List<long[]> ons = MidiOut.noteOns(renderLooped(new MidiArpeggiator(), 0, 0.9, 100, 21600 * 3, 120));
        long[] want = new long[12];
        for (int pass = 0; pass < 3; pass++) {
            for (int s = 0; s < 4; s++) {
                want[pass * 4 + s] = pass * 21600L + s * 6000L;
            }
        }
        assertArrayEquals(want, MidiOut.column(ons, 0));
    }

    @Test
    void keepsStepPhaseAcrossTempoChange() {
        MidiArpeggiator arp = new MidiArpeggiator();
        try (OfflineRenderer r = new OfflineRenderer(arp, RATE, 128)) {
            r.collectMidiOut(10_000);
            r.schedule(0, 0x90, 60, 100);
            r.tempo(120).play(0);
            r.render(24064, 128); // one beat at 120 and 64 frames
            // the renderer's transport restarts its beat count; continue from the beat reached
            double beat = 24064 / 24000.0;
            r.tempo(90).play(beat);
            r.render(64000, 128);
            long[] on = MidiOut.column(MidiOut.noteOns(MidiOut.events(r)), 0);
            // at 90 BPM a sixteenth is 8000 frames; beat 1.25 is (1.25 - beat) * 32000 frames after 24064
            long next = 24064 + (long) Math.ceil((1.25 - beat) * 32000 - org.midirack.core.sync.HostSync.FRAME_EPSILON);
            assertArrayEquals(new long[] {0, 6000, 12000, 18000, 24000, next, next + 8000, next + 16000},
                    firstN(on, 8));
        }
    }

    @Test
    void sameMidiOutForEveryCycleSplit() {
        long[][] ref = null;
        for (int[] split : new int[][] {{128}, {1}, {7, 31, 1000}, {4096}}) {
            MidiArpeggiator arp = new MidiArpeggiator();
            arp.parameters().set("mode", MidiArpeggiator.MODE_RANDOM);
            arp.parameters().set("octaves", 3);
            try (OfflineRenderer r = new OfflineRenderer(arp, RATE, 4096)) {
                r.collectMidiOut(10_000);
                r.schedule(10, 0x90, 60, 100).schedule(3000, 0x90, 63, 100).schedule(50000, 0x80, 60, 0);
                r.tempo(133).play(-0.3);
                r.render(96000, split);
                List<long[]> ev = MidiOut.events(r);
                long[][] now = ev.toArray(new long[0][]);
                if (ref == null) {
                    ref = now;
                    assertTrue(ref.length > 30, "events: " + ref.length);
                } else {
                    assertEquals(ref.length, now.length);
                    for (int i = 0; i < ref.length; i++) {
                        assertArrayEquals(ref[i], now[i], "event " + i);
                    }
                }
            }
        }
    }

    @Test
    void transportStopReleasesTheSoundingNoteOnTheStopFrame() {
        MidiArpeggiator arp = new MidiArpeggiator();
        arp.parameters().set("gate", 1.0);
        try (OfflineRenderer r = new OfflineRenderer(arp, RATE, 128)) {
            r.collectMidiOut(10_000);
            r.schedule(0, 0x90, 60, 100);
            r.tempo(120).play(0);
            r.render(6400, 128);   // step at 6000 sounds until 12000
            r.stop();
            r.render(20000, 128);
            List<long[]> ev = MidiOut.events(r);
            assertArrayEquals(new long[] {0, 6000}, MidiOut.column(MidiOut.noteOns(ev), 0));
            assertArrayEquals(new long[] {6000, 6400}, MidiOut.column(MidiOut.noteOffs(ev), 0));
            assertEquals(0, MidiOut.hanging(ev));
        }
    }

    @Test
    void latchKeepsNotesUntilAllNotesOffWhichReleasesEverything() {
        MidiArpeggiator arp = new MidiArpeggiator();
        arp.parameters().set("latch", 1);
        arp.parameters().set("gate", 1.0);
        try (OfflineRenderer r = new OfflineRenderer(arp, RATE, 128)) {
            r.collectMidiOut(10_000);
            r.schedule(0, 0x90, 60, 100).schedule(100, 0x80, 60, 0);
            r.tempo(120).play(0);
            r.render(30000, 128);
            assertEquals(5, MidiOut.noteOns(MidiOut.events(r)).size(), "latched note keeps playing: steps 0..24000");
            r.schedule(r.position() + 1000, 0xB0, 123, 0);
            r.render(20000, 128);
            List<long[]> ev = MidiOut.events(r);
            assertEquals(6, MidiOut.noteOns(ev).size(), "the step at 30000, then nothing after all notes off");
            assertEquals(31000, MidiOut.noteOffs(ev).get(MidiOut.noteOffs(ev).size() - 1)[0]);
            assertEquals(0, MidiOut.hanging(ev));
        }
    }

    @Test
    void upDownPlaysEndsOnceAcrossOctaves() {
        MidiArpeggiator arp = new MidiArpeggiator();
        arp.parameters().set("mode", MidiArpeggiator.MODE_UP_DOWN);
        arp.parameters().set("octaves", 2);
        arp.parameters().set("rate", NoteValues.indexOf("1/32") - NoteValues.QUARTER_DOTTED);
        try (OfflineRenderer r = new OfflineRenderer(arp, RATE, 128)) {
            r.collectMidiOut(10_000);
            r.schedule(0, 0x90, 64, 100).schedule(0, 0x90, 60, 100);
            r.tempo(120).play(0);
            r.render(3000 * 8, 128);
            List<long[]> ons = MidiOut.noteOns(MidiOut.events(r));
            assertArrayEquals(new long[] {60, 64, 72, 76, 72, 64, 60, 64}, MidiOut.column(ons, 1));
            assertArrayEquals(expected(0, 3000, 8), MidiOut.column(ons, 0));
        }
    }

    @Test
    void freeClockStartsOnTheFirstKeyFrameWithoutTransport() {
        MidiArpeggiator arp = new MidiArpeggiator();
        arp.parameters().set("clock", 1);
        try (OfflineRenderer r = new OfflineRenderer(arp, RATE, 128)) {
            r.collectMidiOut(10_000);
            r.schedule(1000, 0x90, 60, 100).schedule(1000, 0x90, 67, 100).schedule(20000, 0x80, 60, 0);
            r.tempo(120);                  // transport stopped: the free clock runs at its tempo
            r.render(30000, 128);
            List<long[]> ons = MidiOut.noteOns(MidiOut.events(r));
            assertArrayEquals(new long[] {1000, 7000, 13000, 19000, 25000}, MidiOut.column(ons, 0));
            assertArrayEquals(new long[] {60, 67, 60, 67, 67}, MidiOut.column(ons, 1));
        }
    }

    @Test
    void hostClockWaitsWhileTheTransportIsStopped() {
        MidiArpeggiator arp = new MidiArpeggiator();
        try (OfflineRenderer r = new OfflineRenderer(arp, RATE, 128)) {
            r.collectMidiOut(10_000);
            r.schedule(1000, 0x90, 60, 100);
            r.render(12800, 128);
            assertEquals(0, MidiOut.events(r).size(), "nothing while stopped");
            r.tempo(120).play(0);
            r.render(6000, 128);
            assertArrayEquals(new long[] {12800}, MidiOut.column(MidiOut.noteOns(MidiOut.events(r)), 0),
                    "starts in the very cycle the host starts playing");
        }
    }
}
