package org.midirack.host.offload;

import org.midirack.core.AbstractNode;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import org.midirack.core.hosting.CycleContext;
import org.midirack.core.hosting.RemoteMailbox;
import org.midirack.core.hosting.TransportState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A block the worker finishes too late for its cycle is discarded, but not its releases: they
 * reach the MIDI output at the first frame of the cycle that discards the block, so nothing the
 * wrapped node let sound keeps sounding; the rest of its MIDI is dropped and counted. The test
 * drives the offload node as its host's render thread would, one cycle at a time.
 */
class OffloadNodeLateMidiTest {
    /** Sends its MIDI input on unchanged; can be held on a gate before a block. */
    static final class Thru extends AbstractNode {
        final Semaphore gate = new Semaphore(0);
        volatile boolean hold;

        Thru() {
            super(new NodeDescriptor("thru", "thru", NodeKind.INSTRUMENT, "test", "1", new int[0], new int[] {1},
                    true, true, List.of()));
        }

        @Override
        public void reset() {
        }

        @Override
        protected void onActivate(double sampleRate, int maxFrames) {
        }

        @Override
        protected void beginCycle(ProcessContext ctx) {
            if (hold) {
                gate.acquireUninterruptibly();
            }
        }

        @Override
        protected void onMidi(ProcessContext ctx, int frame, int status, int data1, int data2) {
            ctx.midiOut().add(frame, status, data1, data2);
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
        }
    }

    private final Thru thru = new Thru();
    private final OffloadNode off = new OffloadNode(thru, 3, 64);
    private CycleContext ctx;
    private final TransportState transport = new TransportState();
    private final RemoteMailbox remote = new RemoteMailbox();
    private final List<int[]> out = new ArrayList<>(); // {cycle, offset, status, data1}
    private int cycles;

    @BeforeEach
    void start() {
        off.activate(48_000, 128);
        ctx = new CycleContext(off.descriptor(), 128, 64);
        transport.set(48_000, 128, 120, 0, 0);
    }

    @AfterEach
    void stop() {
        thru.hold = false;
        thru.gate.release(100);
        off.deactivate();
    }

    /** One cycle of the render thread with these events ({offset, status, data1, data2}). */
    private void cycle(int[]... events) {
        MidiEventBuffer ev = new MidiEventBuffer(128);
        for (int[] e : events) {
            ev.add(e[0], e[1], e[2], e[3]);
        }
        ctx.begin(128, ev, transport, remote);
        off.process(ctx);
        ctx.end();
        MidiEventBuffer mo = ctx.midiOut();
        for (int i = 0; i < mo.size(); i++) {
            out.add(new int[] {cycles, mo.offset(i), mo.status(i), mo.data1(i)});
        }
        cycles++;
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

    private String describe() {
        StringBuilder b = new StringBuilder();
        for (int[] e : out) {
            b.append(String.format("[cycle %d +%d 0x%X %d] ", e[0], e[1], e[2], e[3]));
        }
        return b.toString();
    }

    @Test
    @Timeout(60)
    void aLateBlocksNoteOffStillReachesTheOutput() throws Exception {
        cycle(new int[] {10, 0x90, 60, 100});              // block 0: note-on
        await(off::completedBlocks, 1);
        thru.hold = true;                                   // block 1 will be late
        cycle(new int[] {20, 0x80, 60, 0}, new int[] {30, 0xB0, 7, 90}); // block 1: note-off and a controller
        cycle();                                            // block 1 not ready: glitch
        thru.hold = false;
        thru.gate.release(10);
        await(off::completedBlocks, 3);
        cycle();                                            // block 1 is late: discarded
        assertEquals(1, off.discardedBlocks());
        await(off::completedBlocks, 4);
        cycle();
        cycle();
        String got = describe();
        assertEquals(2, out.size(), "the note-on and, from the late block, its note-off; got " + got);
        assertEquals(0x90, out.get(0)[2]);
        assertEquals(1, out.get(0)[0], "the note-on comes one cycle behind");
        assertEquals(10, out.get(0)[1]);
        assertEquals(0x80, out.get(1)[2], got);
        assertEquals(60, out.get(1)[3]);
        assertEquals(3, out.get(1)[0], "in the cycle that discards the late block");
        assertEquals(0, out.get(1)[1], "at its first frame");
        assertEquals(1, off.lateReleasesForwarded());
        assertEquals(1, off.lateEventsDropped(), "the late controller is dropped and counted");
    }

    @Test
    @Timeout(60)
    void aLateBlocksNoteOnIsDroppedAndCountedAndItsNoteOffIsHarmless() throws Exception {
        cycle();
        await(off::completedBlocks, 1);
        thru.hold = true;
        cycle(new int[] {5, 0x90, 64, 100});               // block 1: note-on, will be late
        cycle(new int[] {50, 0x80, 64, 0});                // block 2: its note-off
        thru.hold = false;
        thru.gate.release(10);
        await(off::completedBlocks, 3);
        cycle();                                            // block 1 discarded, block 2 taken
        await(off::completedBlocks, 4);
        cycle();
        int ons = 0;
        for (int[] e : out) {
            ons += e[2] == 0x90 ? 1 : 0;
        }
        assertEquals(0, ons, "the late note-on never sounds; got " + describe());
        assertEquals(1, off.lateEventsDropped());
    }

    /** Holds the worker until every slot is busy, so the next cycles are skipped submissions. */
    private void fillEverySlot() throws InterruptedException {
        cycle();
        await(off::completedBlocks, 1);
        thru.hold = true;
        cycle(); // block 1: the worker hangs in it
        cycle(); // block 2 waits
        cycle(); // block 3 waits: no slot free now
    }

    private void letTheWorkerCatchUp() throws InterruptedException {
        thru.hold = false;
        thru.gate.release(100);
        await(off::completedBlocks, 4);
        cycle(); // the late blocks are discarded; the carried events go with this cycle's block
        await(off::completedBlocks, 5);
        cycle();
    }

    @Test
    @Timeout(60)
    void eventsCarriedOverSkippedCyclesKeepTheirArrivalOrder() throws Exception {
        fillEverySlot();
        cycle(new int[] {100, 0x90, 70, 100});  // skipped: carried
        cycle(new int[] {5, 0x80, 70, 0});      // skipped: carried, after the note-on though at a lower offset
        assertEquals(2, off.skippedSubmissions());
        letTheWorkerCatchUp();
        int on = -1;
        int offAt = -1;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i)[3] == 70) {
                if (out.get(i)[2] == 0x90) {
                    on = i;
                } else {
                    offAt = i;
                }
            }
        }
        assertTrue(on >= 0 && offAt > on, "the note-off of key 70 comes after its note-on: " + describe());
    }

    @Test
    @Timeout(60)
    void carriedEventsThatOverflowAreCountedAndReleasesSurvive() throws Exception {
        fillEverySlot();
        int[][] first = new int[60][];
        for (int i = 0; i < 60; i++) {
            first[i] = new int[] {i, 0x90, i, 100};
        }
        cycle(first);                                // skipped: 60 carried
        int[][] second = new int[20][];
        for (int i = 0; i < 10; i++) {
            second[i] = new int[] {i, 0x90, 60 + i, 100};
            second[10 + i] = new int[] {20 + i, 0x80, i, 0};
        }
        cycle(second);                               // skipped: 4 more fit, 6 refused, 10 note-offs displace 10 note-ons
        letTheWorkerCatchUp();
        for (int k = 0; k < 10; k++) {
            boolean released = false;
            for (int[] e : out) {
                released |= e[2] == 0x80 && e[3] == k;
            }
            assertTrue(released, "note-off of key " + k + " reached the output: " + describe());
        }
        assertEquals(16, off.inputEventsDropped(), "6 refused + 10 displaced, all counted");
    }
}
