package org.midirack.demos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.AllocationMeter;
import org.midirack.demos.melody.Melody;
import org.midirack.instruments.InstrumentSine;

class RackTest {

    @Test
    void renderCycleAllocatesNothing() {
        try (Rack r = new Rack(48000, 128, new InstrumentSine(), null, List.of(), List.of(), 0)) {
            r.load(Melody.parse("tempo 240; repeat 64 { [C4 E4 G4]/16 D4/16 }"), -1);
            float[][] out = new float[2][128];
            int[] cycle = {0};
            Runnable cycles = () -> {
                for (int i = 0; i < 2000; i++) {
                    // a parameter change at an offset every cycle, as a MIDI mapping sends them
                    r.offerParam(0, cycle[0] & 127, 5, -(cycle[0]++ & 15));
                    r.render(out, 128);
                }
            };
            cycles.run(); // warm up: JIT, first cycles
            // a JIT recompilation can make the JVM allocate a few hundred bytes once; allocation
            // the rack really does per cycle shows in every run (AllocationMeter.measureSteadyState)
            assertEquals(0, AllocationMeter.measureSteadyState(cycles, 5), "bytes allocated by 2000 render cycles");
            assertEquals(-((cycle[0] - 1) & 15), r.node(0).parameters().get("gain"), "the changes were applied");
        }
    }

    @Test
    void parameterChangesActOnTheirFrameInEveryNode() {
        float[][] changed;
        float[][] plain;
        try (Rack r = new Rack(48000, 128, new InstrumentSine(), null, List.of(), List.of(), 0)) {
            r.load(Melody.parse("tempo 120; C4/1"), -1);
            plain = new float[2][256];
            r.render(plain, 256);
        }
        try (Rack r = new Rack(48000, 128, new InstrumentSine(), null, List.of(), List.of(), 0)) {
            r.load(Melody.parse("tempo 120; C4/1"), -1);
            assertTrue(r.offerParam(0, 200, 0, 1f)); // wave: saw from frame 200 (second cycle, frame 72)
            assertEquals(false, r.offerParam(1, 0, 0, 1f), "no node 1");
            changed = new float[2][256];
            r.render(changed, 256);
            assertEquals(1.0, r.node(0).parameters().get("wave"));
        }
        for (int i = 0; i < 200; i++) {
            assertEquals(plain[0][i], changed[0][i], "frame " + i + " is before the change");
        }
        assertTrue(plain[0][200] != changed[0][200], "frame 200 is a saw");
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
