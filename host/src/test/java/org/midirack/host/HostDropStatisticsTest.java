package org.midirack.host;

import org.midirack.core.AbstractNode;
import org.midirack.core.MidiMessages;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midirack.effects.MidiTranspose;
import org.midirack.host.offload.OffloadNode;

/**
 * Every MIDI event a node or the host did not pass on shows in {@link HostStatistics}, by reason:
 * what a MIDI processor held back to keep room for its note-offs, what a node's full MIDI out
 * refused or let a release push out, and what an offloaded node lost with a late block. Each
 * expected count is derived from what the test offered and what the node downstream received,
 * never from the counters themselves; and no note is left sounding.
 */
class HostDropStatisticsTest {
    /** Logs every event it receives ({absolute frame, status, data1, data2}) and keeps which notes are held. */
    static final class Recorder extends TestNodes.Stub {
        final List<int[]> events = new ArrayList<>();
        final boolean[][] held = new boolean[16][128];
        long framesDone;

        Recorder() {
            super(TestNodes.desc("recorder", NodeKind.INSTRUMENT, new int[0], new int[] {1}, false));
        }

        @Override
        protected void onMidi(ProcessContext ctx, int frame, int status, int d1, int d2) {
            events.add(new int[] {(int) (framesDone + frame), status, d1, d2});
            int ch = status & 0x0F;
            int cmd = status & 0xF0;
            if (cmd == 0x90 && d2 > 0) {
                held[ch][d1] = true;
            } else if (cmd == 0x80 || cmd == 0x90) {
                held[ch][d1] = false;
            } else if (cmd == 0xB0 && (d1 == 123 || d1 == 120)) {
                java.util.Arrays.fill(held[ch], false);
            }
        }

        @Override
        protected void endCycle(ProcessContext ctx) {
            framesDone += ctx.frames();
        }

        int heldNotes() {
            int n = 0;
            for (boolean[] ch : held) {
                for (boolean b : ch) {
                    n += b ? 1 : 0;
                }
            }
            return n;
        }

        /** Received events with this command (status & 0xF0) and, for controllers, this number (else -1). */
        int count(int cmd, int controller) {
            int n = 0;
            for (int[] e : events) {
                boolean on = cmd == 0x90 && (e[1] & 0xF0) == 0x90 && e[3] > 0;
                boolean off = cmd == 0x80 && ((e[1] & 0xF0) == 0x80 || ((e[1] & 0xF0) == 0x90 && e[3] == 0));
                boolean cc = cmd == 0xB0 && (e[1] & 0xF0) == 0xB0 && e[2] == controller;
                n += on || off || cc ? 1 : 0;
            }
            return n;
        }
    }

    /** Emits on its MIDI out, in its next cycle, exactly the events the test scripted ({offset, status, d1, d2}). */
    static final class Spray extends TestNodes.Stub {
        volatile int[][] next = new int[0][];

        Spray() {
            super(TestNodes.desc("spray", NodeKind.INSTRUMENT, new int[0], new int[] {1}, true));
        }

        @Override
        protected void beginCycle(ProcessContext ctx) {
            for (int[] e : next) {
                ctx.midiOut().add(e[0], e[1], e[2], e[3]);
            }
            next = new int[0][];
        }
    }

    /**
     * Sends its MIDI input on unchanged, plus a marker (CC 20) at the first frame of every block;
     * counts its blocks and the non-releases each emitted; can be held on a gate before a block.
     */
    static final class Gated extends TestNodes.Stub {
        final Semaphore gate = new Semaphore(0);
        final AtomicIntegerArray nonReleases = new AtomicIntegerArray(64);
        volatile boolean hold;
        volatile int blocks;
        private int block;

        Gated() {
            super(TestNodes.desc("gated", NodeKind.INSTRUMENT, new int[0], new int[] {1}, true));
        }

        @Override
        protected void beginCycle(ProcessContext ctx) {
            if (hold) {
                gate.acquireUninterruptibly();
            }
            block = blocks;
            ctx.midiOut().add(0, 0xB0, 20, block & 0x7F);
            nonReleases.incrementAndGet(block);
        }

        @Override
        protected void onMidi(ProcessContext ctx, int frame, int status, int d1, int d2) {
            ctx.midiOut().add(frame, status, d1, d2);
            if (!MidiMessages.isRelease(status, d1, d2)) {
                nonReleases.incrementAndGet(block);
            }
        }

        @Override
        protected void endCycle(ProcessContext ctx) {
            blocks = block + 1;
        }
    }

    private static void await(LongSupplier value, long target) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (value.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("worker did not reach " + target + " (at " + value.getAsLong() + ")");
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aFloodedMidiProcessorsRefusedAndDeferredMessagesAreCounted() {
        Host h = new Host(new HostConfig().fadeFrames(0).midiOutCapacity(16));
        MidiTranspose proc = new MidiTranspose(); // 0 semitones: one note out per note in
        Recorder rec = new Recorder();
        int sp = h.add(proc);
        int sr = h.add(rec);
        h.connectMidi(sp, sr);
        h.connectAudio(sp, 0, Host.BOUNDARY, 0);
        h.connectAudio(sr, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        // cycle 0: 20 note-ons and 10 volume changes into an output of 16 that must keep room for note-offs
        for (int k = 0; k < 20; k++) {
            assertTrue(h.offer(sp, k, 0x90, 40 + k, 100));
        }
        for (int k = 0; k < 10; k++) {
            assertTrue(h.offer(sp, 40 + k, 0xB0, 7, 100 - k));
        }
        // cycle 1: 16 pedal releases fill the output at frame 0, then every key's note-off
        for (int ch = 0; ch < 16; ch++) {
            assertTrue(h.offer(sp, 128, 0xB0 | ch, 64, 0));
        }
        for (int k = 0; k < 20; k++) {
            assertTrue(h.offer(sp, 128 + 1 + k, 0x80, 40 + k, 0));
        }
        h.renderOffline(4 * 128, 128);

        int notesOut = rec.count(0x90, -1);
        int volumesOut = rec.count(0xB0, 7);
        int lateOffs = 0;
        for (int[] e : rec.events) {
            if ((e[1] & 0xF0) == 0x80 && e[0] != 128 + 1 + (e[2] - 40)) {
                lateOffs++;
            }
        }
        HostStatistics st = h.statistics();
        assertEquals(0, st.midiOutEventsDropped() + st.midiOutEventsDisplaced() + st.routedEventsDropped()
                + st.routedEventsDisplaced(), "no buffer lost anything: what did not come out, the processor held back");
        assertTrue(notesOut < 20 && volumesOut < 10 && lateOffs > 0, "the flood did overflow the processor's output: "
                + notesOut + " note-ons, " + volumesOut + " volumes out, " + lateOffs + " note-offs late");
        assertEquals(20 - notesOut, st.refusedNoteOns(), "every note-on that did not come out");
        assertEquals(10 - volumesOut, st.refusedMessages(), "every volume change that did not come out");
        assertEquals(lateOffs, st.deferredReleases(), "every note-off that came out later than it went in");
        assertEquals(notesOut, rec.count(0x80, -1), "each note that sounded got its note-off");
        assertEquals(0, rec.heldNotes(), "no note left sounding");
        assertTrue(st.toString().contains("refused note-ons " + st.refusedNoteOns() + ", refused messages "
                + st.refusedMessages() + ", deferred releases " + st.deferredReleases()), st.toString());
    }

    @Test
    void aNodesOverflowingMidiOutIsCountedByReason() {
        Host h = new Host(new HostConfig().fadeFrames(0).midiOutCapacity(16));
        Spray spray = new Spray();
        Recorder rec = new Recorder();
        int ss = h.add(spray);
        int sr = h.add(rec);
        h.connectMidi(ss, sr);
        h.connectAudio(ss, 0, Host.BOUNDARY, 0);
        h.connectAudio(sr, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        // cycle 0: 20 note-ons (no release among them, so nothing can be displaced) and 3 invalid events
        List<int[]> first = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            first.add(new int[] {k, 0x90, 40 + k, 100});
        }
        first.add(new int[] {30, 0x90, 200, 100}); // data byte out of range
        first.add(new int[] {31, 0xB0, 7, 128});   // data byte out of range
        first.add(new int[] {-1, 0x90, 61, 100});  // negative offset
        int invalid = 3;
        spray.next = first.toArray(new int[0][]);
        h.renderOffline(128, 128);
        int onsOut = rec.count(0x90, -1);
        // cycle 1: 10 volume changes into the empty output (all fit), then 20 note-offs behind them
        List<int[]> second = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            second.add(new int[] {0, 0xB0, 7, 100 - k});
        }
        for (int k = 0; k < 20; k++) {
            second.add(new int[] {1 + k, 0x80, 40 + k, 0});
        }
        spray.next = second.toArray(new int[0][]);
        h.renderOffline(3 * 128, 128);

        int volumesOut = rec.count(0xB0, 7);
        int offsOut = rec.count(0x80, -1);
        HostStatistics st = h.statistics();
        assertTrue(onsOut < 20 && volumesOut < 10 && offsOut < 20, "the output did overflow: " + onsOut + " note-ons, "
                + volumesOut + " volumes, " + offsOut + " note-offs out");
        assertEquals(10 - volumesOut, st.midiOutEventsDisplaced(), "volumes that fit when sent, later pushed out by note-offs");
        assertEquals(20 - offsOut, st.midiOutReleasesRefused(), "note-offs refused by an output full of note-offs");
        assertEquals(invalid, st.midiOutInvalidEvents());
        assertEquals((20 - onsOut) + invalid + (20 - offsOut), st.midiOutEventsDropped(), "every refusal, whatever its reason");
        assertEquals(0, st.routedEventsDropped() + st.routedEventsDisplaced(), "the merge into the recorder lost nothing");
        assertEquals(0, rec.heldNotes(), "the lost note-offs were answered by a release-all: no note left sounding");
        assertTrue(st.toString().contains("MIDI out dropped " + st.midiOutEventsDropped() + " (releases "
                + st.midiOutReleasesRefused() + ", invalid " + invalid + "), MIDI out displaced "
                + st.midiOutEventsDisplaced()), st.toString());
    }

    @Test
    void midiOutCountsAddUpOverActivations() {
        Host h = new Host(new HostConfig().fadeFrames(0).midiOutCapacity(16));
        Spray spray = new Spray();
        Recorder rec = new Recorder();
        int ss = h.add(spray);
        int sr = h.add(rec);
        h.connectMidi(ss, sr);
        h.connectAudio(sr, 0, Host.BOUNDARY, 0);
        int lost = 0;
        int displaced = 0;
        for (int run = 0; run < 2; run++) { // each activation makes the node a new MIDI out
            h.activate(48_000, 128);
            int onsBefore = rec.count(0x90, -1);
            int volumesBefore = rec.count(0xB0, 7);
            List<int[]> script = new ArrayList<>();
            for (int k = 0; k < 4; k++) {
                script.add(new int[] {0, 0xB0, 7, 100 - k}); // fit: the output is empty
            }
            for (int k = 0; k < 20; k++) {
                script.add(new int[] {1 + k, 0x90, 40 + k, 100});
            }
            script.add(new int[] {30, 0x80, 40, 0});          // displaces a note-on
            spray.next = script.toArray(new int[0][]);
            h.renderOffline(2 * 128, 128);
            int volumesOut = rec.count(0xB0, 7) - volumesBefore;
            int onsOut = rec.count(0x90, -1) - onsBefore;
            displaced += (4 - volumesOut) + 1;                 // the note-off pushed out the latest note-on, behind the volumes
            lost += 20 - onsOut - 1;                            // refused: the note-ons that did not come out, but the one displaced
            h.deactivate();
        }
        HostStatistics st = h.statistics();
        assertEquals(lost, st.midiOutEventsDropped(), "refusals of both activations");
        assertEquals(displaced, st.midiOutEventsDisplaced(), "displacements of both activations");
    }

    @Test
    @Timeout(60)
    void anOffloadedNodesLateBlockIsCountedAndItsReleasesStillArrive() throws Exception {
        Gated inner = new Gated();
        OffloadNode off = new OffloadNode(inner, 3, 64);
        Recorder rec = new Recorder();
        Host h = new Host(new HostConfig().fadeFrames(0));
        int so = h.add(off);
        int sr = h.add(rec);
        h.connectMidi(so, sr);
        h.connectAudio(so, 0, Host.BOUNDARY, 0);
        h.connectAudio(sr, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        List<int[]> releases = new ArrayList<>(); // {absolute frame offered, key}
        try {
            assertTrue(h.offer(so, 10, 0x90, 60, 100));
            h.renderOffline(128, 128);                     // cycle 0: block 0
            await(off::completedBlocks, 1);
            inner.hold = true;                             // block 1 will be late
            assertTrue(h.offer(so, 20, 0x80, 60, 0));
            releases.add(new int[] {128 + 20, 60});
            assertTrue(h.offer(so, 30, 0xB0, 7, 90));
            h.renderOffline(128, 128);                     // cycle 1: block 0 out, block 1 held
            assertTrue(h.offer(so, 5, 0x90, 61, 100));
            h.renderOffline(128, 128);                     // cycle 2: block 1 not ready
            inner.hold = false;
            inner.gate.release(100);
            await(off::completedBlocks, 3);
            assertTrue(h.offer(so, 7, 0x80, 61, 0));
            releases.add(new int[] {3 * 128 + 7, 61});
            h.renderOffline(128, 128);                     // cycle 3: block 1 too late
            await(off::completedBlocks, 4);
            h.renderOffline(128, 128);                     // cycle 4
            await(off::completedBlocks, 5);
        } finally {
            inner.hold = false;
            inner.gate.release(100);
        }
        int cycles = 5;
        assertEquals(cycles, inner.blocks, "one block per cycle, none skipped");
        int handedOn = cycles - 1;                         // the last block is one cycle behind, still to come
        int markers = rec.count(0xB0, 20);
        int emitted = 0;
        for (int b = 0; b < handedOn; b++) {
            emitted += inner.nonReleases.get(b);
        }
        int received = 0;
        for (int[] e : rec.events) {
            received += MidiMessages.isRelease(e[1], e[2], e[3]) ? 0 : 1;
        }
        int releasesMoved = 0;
        for (int[] r : releases) {
            for (int[] e : rec.events) {
                boolean offOfKey = (e[1] & 0xF0) == 0x80 && e[2] == r[1];
                if (offOfKey && e[0] != r[0] + 128) {       // not one cycle behind, as every other event
                    releasesMoved++;
                }
            }
        }
        HostStatistics st = h.statistics();
        assertTrue(markers < handedOn, "a block was late: " + markers + " of " + handedOn + " blocks arrived");
        assertEquals(handedOn - markers, st.offloadDiscardedBlocks(), "blocks whose marker never arrived");
        assertEquals(emitted - received, st.offloadLateEventsDropped(), "non-releases the worker emitted that never arrived");
        assertEquals(releasesMoved, st.offloadLateReleasesForwarded(), "releases that arrived early, from a late block");
        assertEquals(releases.size(), rec.count(0x80, -1), "every release arrived");
        assertEquals(0, st.offloadInputEventsDropped(), "every offered event reached the worker");
        assertEquals(0, rec.heldNotes(), "no note left sounding");
        assertTrue(st.toString().contains("offload discarded blocks " + st.offloadDiscardedBlocks()
                + " (late releases forwarded " + st.offloadLateReleasesForwarded() + ", late events dropped "
                + st.offloadLateEventsDropped() + ")"), st.toString());
        h.deactivate();
    }
}
