package org.midirack.effects;

import org.midirack.core.MidiEventBuffer;
import org.midirack.core.RemoteControl;
import org.midirack.core.hosting.CycleContext;
import org.midirack.core.hosting.OfflineRenderer;
import org.midirack.core.hosting.TransportState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.midirack.core.testkit.AllocationMeter;

/**
 * A MIDI processor never drops a release, however much it is given in one cycle: a note-on goes
 * out only while its output still has room for the note-offs of every note it has sounding
 * (refused ones are counted), other messages never take that room, and a note-off that finds its
 * output full anyway goes out at the first frame of the next cycle (counted). The node's output
 * holds {@value #OUT_CAPACITY} events a cycle (the offline renderer's).
 */
class MidiProcessorReleaseRoomTest {
    private static final double RATE = 48_000;
    private static final int CYCLE = 2048;
    private static final int OUT_CAPACITY = 1024;
    private static final int KEYS = 300;
    private static final int WINDOW = 300;   // allocation: rounds of three cycles each
    private static final int WINDOWS = 5;

    static Stream<Arguments> processors() {
        return Stream.of(
                Arguments.of("chord", (Supplier<MidiProcessorNode>) MidiChord::new),
                Arguments.of("transpose", (Supplier<MidiProcessorNode>) MidiTranspose::new),
                Arguments.of("velocity curve", (Supplier<MidiProcessorNode>) MidiVelocityCurve::new),
                Arguments.of("key range", (Supplier<MidiProcessorNode>) MidiKeyRangeFilter::new),
                Arguments.of("channel router (layer)", (Supplier<MidiProcessorNode>) () -> {
                    MidiChannelRouter r = new MidiChannelRouter();
                    r.parameters().set("layer", 1);
                    r.parameters().set("lowChannel", 5);
                    r.parameters().set("highChannel", 6);
                    return r;
                }),
                Arguments.of("echo", (Supplier<MidiProcessorNode>) MidiEcho::new),
                Arguments.of("arpeggiator", (Supplier<MidiProcessorNode>) MidiArpeggiator::new));
    }

    /** Input key i: channels 0..2, keys 20..119. */
    private static int channel(int i) {
        return i / 100;
    }

    private static int key(int i) {
        return 20 + i % 100;
    }

    private static int countNoteOns(List<long[]> ev) {
        return MidiOut.noteOns(ev).size();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processors")
    void threeHundredNotesOnAndOffInOneCycleLeaveNothingSounding(String name, Supplier<MidiProcessorNode> make) {
        MidiProcessorNode n = make.get();
        try (OfflineRenderer r = new OfflineRenderer(n, RATE, CYCLE)) {
            r.collectMidiOut(1_000_000);
            for (int i = 0; i < KEYS; i++) {
                r.schedule(i, 0x90 | channel(i), key(i), 100);
            }
            for (int i = 0; i < KEYS; i++) {
                r.schedule(1000 + i, 0x80 | channel(i), key(i), 0);
            }
            r.tempo(120).play(0);
            r.render(40 * CYCLE, CYCLE); // echoes of the last notes are due up to 3 eighths later
            List<long[]> ev = MidiOut.events(r);
            assertEquals(0, MidiOut.hanging(ev), name + ": every note-on sent is released");
            MidiEventBuffer out = r.context().midiOut();
            assertEquals(0, out.releasesRefused(), name + ": no release refused by the output");
            assertTrue(countNoteOns(ev) > 0, name + ": notes still get through");
        }
    }

    @Test
    void chordFloodCountsEveryNoteOnItCouldNotSend() {
        MidiChord n = new MidiChord();
        n.parameters().set("interval1", 12);
        n.parameters().set("interval2", 24); // key k -> k, k+12, k+24 (those above 127 left out)
        try (OfflineRenderer r = new OfflineRenderer(n, RATE, CYCLE)) {
            r.collectMidiOut(1_000_000);
            for (int i = 0; i < KEYS; i++) {
                r.schedule(i, 0x90 | channel(i), key(i), 100);
            }
            for (int i = 0; i < KEYS; i++) {
                r.schedule(1000 + i, 0x80 | channel(i), key(i), 0);
            }
            r.render(4 * CYCLE, CYCLE);
            List<long[]> ev = MidiOut.events(r);
            int voices = 0;
            for (int i = 0; i < KEYS; i++) {
                for (int iv = 0; iv <= 24; iv += 12) {
                    voices += key(i) + iv <= 127 ? 1 : 0;
                }
            }
            assertEquals(voices, countNoteOns(ev) + n.refusedNoteOns(),
                    "every chord voice is either sent or counted as refused");
            assertTrue(n.refusedNoteOns() > 0, "the flood is more than the output holds");
            assertEquals(0, MidiOut.hanging(ev));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processors")
    void aControllerFloodNeverTakesTheRoomOfNoteOffs(String name, Supplier<MidiProcessorNode> make) {
        MidiProcessorNode n = make.get();
        try (OfflineRenderer r = new OfflineRenderer(n, RATE, CYCLE)) {
            r.collectMidiOut(1_000_000);
            for (int i = 0; i < KEYS; i++) {
                r.schedule(i, 0x90 | channel(i), key(i), 100);
            }
            // next cycle: more controllers than the output holds, then every note-off
            for (int i = 0; i < 1200; i++) {
                r.schedule(CYCLE + i, 0xB0 | (i % 3), 7, i % 128);
            }
            for (int i = 0; i < KEYS; i++) {
                r.schedule(CYCLE + 1500 + i / 2, 0x80 | channel(i), key(i), 0);
            }
            r.tempo(120).play(0);
            r.render(40 * CYCLE, CYCLE);
            List<long[]> ev = MidiOut.events(r);
            assertEquals(0, MidiOut.hanging(ev), name + ": every note-on sent is released");
            assertTrue(n.refusedMessages() > 0, name + ": controllers that would take release room are refused and counted");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processors")
    void aNoteOffThatFindsTheOutputFullOfReleasesGoesOutNextCycle(String name, Supplier<MidiProcessorNode> make) {
        MidiProcessorNode n = make.get();
        try (OfflineRenderer r = new OfflineRenderer(n, RATE, CYCLE)) {
            r.collectMidiOut(1_000_000);
            for (int i = 0; i < 100; i++) {
                r.schedule(i, 0x90, 20 + i, 100);
            }
            // next cycle: pedal releases (passed through: releases) fill the whole output, then note-offs
            for (int i = 0; i < OUT_CAPACITY; i++) {
                r.schedule(CYCLE + i / 2, 0xB0 | (i & 15), 64, 0);
            }
            for (int i = 0; i < 100; i++) {
                r.schedule(CYCLE + 1500 + i, 0x80, 20 + i, 0);
            }
            r.tempo(120).play(0);
            r.render(40 * CYCLE, CYCLE);
            List<long[]> ev = MidiOut.events(r);
            assertEquals(0, MidiOut.hanging(ev), name + ": every note-on sent is released");
            if (!(n instanceof MidiArpeggiator)) { // the arpeggiator's one sounding note may be released by then
                assertTrue(n.deferredReleases() > 0, name + ": the note-offs that found no room were sent late, counted");
            }
            if (!(n instanceof MidiChannelRouter)) { // layering passes each pedal release on 16 channels: real refusals
                assertEquals(0, r.context().midiOut().rejected(),
                        name + ": a note-off held back is no refusal of the output (a host would count it twice)");
            }
        }
    }

    @Test
    void aRefusedEchoDoesNotCutAnotherEchoOfItsKeyShort() {
        MidiEcho echo = new MidiEcho();
        echo.parameters().set("repeats", 2);
        echo.parameters().set("decay", 1.0);
        // 120 BPM at 48 kHz: an eighth note is 12,000 frames; repeats of a note held 0..30,000
        // start at 12,000 and 24,000 and end 12,000 and 24,000 frames after 30,000
        try (OfflineRenderer r = new OfflineRenderer(echo, RATE, CYCLE)) {
            r.collectMidiOut(100_000);
            r.schedule(0, 0x90, 60, 100).schedule(30_000, 0x80, 60, 0);
            for (int i = 0; i < 1100; i++) {
                r.schedule(10_240 + i, 0xB0, 7, 100); // fills the output of the cycle of frame 12,000
            }
            r.tempo(120).play(0);
            r.render(40 * CYCLE, CYCLE);
            List<long[]> ev = MidiOut.events(r);
            assertEquals(1, echo.refusedNoteOns(), "the first repeat found no room");
            long[] ons = MidiOut.column(MidiOut.noteOns(ev), 0);
            long[] offs = MidiOut.column(MidiOut.noteOffs(ev), 0);
            assertArrayEquals(new long[] {0, 24_000}, ons);
            assertArrayEquals(new long[] {54_000}, offs,
                    "key 60 sounds until the second repeat ends; the refused repeat's note-off ends nothing");
        }
    }

    /**
     * The paths that keep room for releases allocate nothing on the render thread: a note flood
     * the ledger refuses, pedal releases that displace controllers in the output, note-offs
     * deferred to the next cycle.
     */
    @Test
    void floodsAndDeferredNoteOffsAllocateNothing() {
        MidiChord chord = new MidiChord();
        chord.activate(48_000, CYCLE);
        CycleContext ctx = new CycleContext(chord.descriptor(), CYCLE, OUT_CAPACITY);
        TransportState t = new TransportState().set(48_000, CYCLE, 120, 0, 0).setAvailable(true);
        MidiEventBuffer notesOn = new MidiEventBuffer(4096);
        for (int i = 0; i < 300; i++) {
            notesOn.add(i, 0x90 | i / 100, 20 + i % 100, 100);
        }
        MidiEventBuffer flood = new MidiEventBuffer(4096);
        for (int i = 0; i < 500; i++) {
            flood.add(i, 0xB0, 7, i & 127);              // controllers: take what the ledger allows
        }
        for (int i = 0; i < OUT_CAPACITY; i++) {
            flood.add(600 + i / 2, 0xB0 | (i & 15), 64, 0); // pedal releases: displace the controllers, fill the output
        }
        for (int i = 0; i < 300; i++) {
            flood.add(1200 + i, 0x80 | i / 100, 20 + i % 100, 0); // note-offs: no room left, deferred
        }
        MidiEventBuffer none = new MidiEventBuffer(1);
        Runnable round = () -> {
            ctx.begin(CYCLE, notesOn, t, RemoteControl.NONE);
            chord.process(ctx);
            ctx.begin(CYCLE, flood, t, RemoteControl.NONE);
            chord.process(ctx);
            ctx.begin(CYCLE, none, t, RemoteControl.NONE);
            chord.process(ctx); // the deferred note-offs go out here
        };
        round.run();
        assertTrue(chord.refusedNoteOns() > 0, "the note flood was refused in part");
        assertTrue(chord.deferredReleases() > 0, "note-offs were deferred");
        assertTrue(ctx.midiOut().size() > 0, "and went out in the third cycle");
        assertTrue(ctx.midiOut().displaced() > 0, "pedal releases displaced controllers in the output");
        assertEquals(0, chord.ledger.owed(), "every note-off owed went out in the third cycle");
        for (int i = 0; i < 2000; i++) {
            round.run(); // warm up: let the JIT compile every path
        }
        long worst = 0;
        long best = Long.MAX_VALUE;
        for (int w = 0; w < WINDOWS; w++) {
            long bytes = AllocationMeter.measure(() -> {
                for (int i = 0; i < WINDOW; i++) {
                    round.run();
                }
            });
            worst = Math.max(worst, bytes);
            best = Math.min(best, bytes);
        }
        assertEquals(0, best, "bytes allocated in the best window of " + WINDOW + " rounds");
        assertTrue(worst < 1024, "worst window allocated " + worst + " bytes: more than one-off JIT noise");
        assertEquals(0, chord.ledger.owed(), "nothing left owed after the last round");
        chord.deactivate();
    }
}
