package org.midirack.effects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.ProcessContext;
import org.midirack.core.RemoteControl;
import org.midirack.core.Transport;
import org.midirack.core.testkit.AllocationMeter;

/**
 * The paths that keep room for releases allocate nothing on the render thread: a note flood the
 * ledger refuses, a controller flood that would take the room of note-offs, pedal releases that
 * displace controllers in the output, and note-offs deferred to the next cycle.
 */
class MidiProcessorFloodAllocationTest {
    private static final int FRAMES = 2048;
    private static final int OUT_CAPACITY = 1024;
    private static final int WINDOW = 300;   // rounds of three cycles each
    private static final int WINDOWS = 5;

    @Test
    void floodsAndDeferredNoteOffsAllocateNothing() {
        MidiChord chord = new MidiChord();
        chord.activate(48_000, FRAMES);
        ProcessContext ctx = new ProcessContext(chord.descriptor(), FRAMES, OUT_CAPACITY);
        Transport t = new Transport().set(48_000, FRAMES, 120, 0, 0).setAvailable(true);
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
            ctx.begin(FRAMES, notesOn, t, RemoteControl.NONE);
            chord.process(ctx);
            ctx.begin(FRAMES, flood, t, RemoteControl.NONE);
            chord.process(ctx);
            ctx.begin(FRAMES, none, t, RemoteControl.NONE);
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
