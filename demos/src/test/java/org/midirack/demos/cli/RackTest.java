package org.midirack.demos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.midirack.demos.melody.Melody;
import org.midirack.instruments.InstrumentSine;

class RackTest {

    @Test
    void renderCycleAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Rack r = new Rack(48000, 128, new InstrumentSine(), null, List.of(), List.of(), 0)) {
            r.load(Melody.parse("tempo 240; repeat 64 { [C4 E4 G4]/16 D4/16 }"), -1);
            float[][] out = new float[2][128];
            for (int i = 0; i < 200; i++) {
                r.render(out, 128); // warm up: JIT, first cycles
            }
            long tid = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 2000; i++) {
                r.render(out, 128);
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            assertEquals(0, allocated, "bytes allocated by 2000 render cycles");
        }
    }

    @Test
    void stoppedTransportHoldsTheSongPositionAndSilencesNotes() {
        try (Rack r = new Rack(48000, 100, new InstrumentSine(), null, List.of(), List.of(), 0)) {
            r.load(Melody.parse("tempo 120; C4/1"), -1);
            float[][] out = new float[2][100];
            for (int i = 0; i < 10; i++) {
                r.render(out, 100);
            }
            assertEquals(1000, r.position());
            r.setPlaying(false);
            for (int i = 0; i < 10; i++) {
                r.render(out, 100);
            }
            assertEquals(1000, r.position());
            assertEquals(0.0, r.beat() - 1000 / 24000.0, 1e-12);
        }
    }

    @Test
    void loopJumpsBackToItsStartAtTheCycleItsEndIsReached() {
        try (Rack r = new Rack(48000, 128, new InstrumentSine(), null, List.of(), List.of(), 0)) {
            r.load(Melody.parse("tempo 120; C4/1 D4/1 E4/1"), -1);
            assertEquals(96000, r.frameOfBeat(4));
            r.setLoop(r.frameOfBeat(4), r.frameOfBeat(8));
            float[][] out = new float[2][128];
            long max = 0;
            for (int i = 0; i < 3000; i++) { // 384000 frames: 2 passes of the loop after bar 1
                r.render(out, 128);
                max = Math.max(max, r.position());
            }
            // 750 cycles reach bar 2 (96000), 750 more the loop end; then each pass is 750 cycles
            assertEquals(192000, max, "never past the loop end");
            assertEquals(192000, r.position());
            r.render(out, 128);
            assertEquals(96000 + 128, r.position()); // the jump happens at the start of the next cycle
        }
    }
}
