package org.midirack.host;

import org.midirack.core.RemoteRequest;
import org.midirack.core.sync.HostSync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.AllocationMeter;
import org.midirack.host.offload.OffloadNode;

class HostAllocationTest {
    @Test
    void allocatesNothingPerCycleOnTheRenderThread() {
        Host inner = new Host(new HostConfig().subBlockFrames(32));
        int is = inner.add(new TestNodes.Impulse("inner-synth", 0, false));
        inner.connectMidi(Host.BOUNDARY, is);
        inner.connectAudio(is, 0, Host.BOUNDARY, 0);

        Host h = new Host();
        TestNodes.Impulse arp = new TestNodes.Impulse("arp", 0, true);
        arp.shift = 200; // emits past the cycle: exercises the carry path
        int a = h.add(arp);
        int s = h.add(new TestNodes.Impulse("synth", 300, false));
        int n = h.add(inner);
        int c = h.add(new TestNodes.Const("pad", 2, 0.01f));
        int fx = h.add(new TestNodes.Gain("fx", 0.5f, 64, 2));
        int off = h.add(new OffloadNode(new TestNodes.Const("heavy", 0.02f)));
        TestNodes.Probe probe = new TestNodes.Probe("probe", 1);
        int p = h.add(probe);
        h.connectMidi(a, s);
        h.connectMidi(a, n);
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        h.connectAudio(n, 0, fx, 0);
        h.connectAudio(c, 0, fx, 0);
        h.connectAudio(fx, 0, Host.BOUNDARY, 0);
        h.connectAudio(off, 0, Host.BOUNDARY, 0);
        h.connectAudio(p, 0, Host.BOUNDARY, 0);
        h.addEventSource((window, sink) -> {
            if (window.playing()) {
                double beat = HostSync.nextGridBeat(window.beat(), 0.5);
                int f = HostSync.frameOfBeat(window, beat);
                if (f >= 0) {
                    sink.event(a, f, 0x90, 60, 100);
                    sink.event(a, f + 100, 0x80, 60, 0);
                }
            }
        });
        h.activate(48_000, 128);
        h.transport().play();
        float[][] out = new float[2][128];
        Runnable cycles = () -> {
            for (int i = 0; i < 10_000; i++) {
                if (i % 100 == 50) {
                    probe.requestAt = probe.count;
                    probe.request = RemoteRequest.TOGGLE_RECORD;
                }
                h.offer(s, 5, 0xB0, 1, i & 0x7F);
                h.render(out, 128);
            }
        };
        cycles.run(); // warm up (JIT)
        // run until the JIT has settled: five windows of 10,000 cycles in a row allocate nothing (the worst
        // is bounded, not only the best), at most 30 windows
        long[] windows = AllocationMeter.measureWindowsAfterSettling(cycles, 5, 0, 30);
        assertEquals(0, java.util.Arrays.stream(windows).max().getAsLong(),
                "bytes allocated per window of 10,000 cycles: " + java.util.Arrays.toString(windows));
        assertEquals(0, inner.statistics().cycles() % (10_000 * 4), "whole windows of 10,000 cycles, 4 sub-blocks each");
        assertTrue(h.statistics().carriedEvents() > 0);
        assertEquals(0, h.statistics().mutedNodes());
        assertEquals(300, h.latencyFrames(), "the synth path (300) is the longest: fx 64, offload 128");
    }

    @Test
    void allocatesNothingRoutingByChannelLoopingAndReleasing() throws Exception {
        // a General MIDI style split at the boundary, a file looping off the cycle grid, releases
        javax.sound.midi.Sequence seq = new javax.sound.midi.Sequence(javax.sound.midi.Sequence.PPQ, 480);
        javax.sound.midi.Track t = seq.createTrack();
        for (int k = 0; k < 8; k++) {
            int ch = k % 2 == 0 ? 0 : 9;
            t.add(new javax.sound.midi.MidiEvent(new javax.sound.midi.ShortMessage(0x90 | ch, 60 + k, 100), 240L * k));
            t.add(new javax.sound.midi.MidiEvent(new javax.sound.midi.ShortMessage(0x80 | ch, 60 + k, 0), 240L * k + 120));
        }
        org.midirack.host.seq.SequencePlayer player = new org.midirack.host.seq.SequencePlayer(seq,
                new org.midirack.host.seq.TempoMap(seq, 48_000));
        Host h = new Host(new HostConfig().fifoCapacity(64).midiOutCapacity(16));
        TestNodes.Impulse arp = new TestNodes.Impulse("arp", 0, true);
        int a = h.add(arp);
        int synth = h.add(new TestNodes.Impulse("synth", 100, false));
        int drums = h.add(new TestNodes.Impulse("drums", 0, false));
        h.connectMidi(Host.BOUNDARY, a, 0xFFFF & ~(1 << 9), -1);
        h.connectMidi(Host.BOUNDARY, drums, 1 << 9, 2);
        h.connectMidi(a, synth, 1, 3);
        h.connectAudio(synth, 0, Host.BOUNDARY, 0);
        h.connectAudio(drums, 0, Host.BOUNDARY, 0);
        h.addEventSource(new SequenceSource(player, Host.BOUNDARY));
        h.activate(48_000, 128);
        h.transport().setLoop(true, 0, 3.99);
        h.transport().play();
        float[][] out = new float[2][128];
        Runnable cycles = () -> {
            for (int i = 0; i < 10_000; i++) {
                if (i % 100 == 7) {
                    h.allNotesOff();
                }
                h.offer(Host.BOUNDARY, 3, 0x99, 40, i & 0x7F);
                h.render(out, 128);
            }
        };
        cycles.run(); // warm up (JIT)
        cycles.run();
        long best = Long.MAX_VALUE;
        long worst = 0;
        for (int k = 0; k < 5; k++) {
            long bytes = AllocationMeter.measure(cycles);
            best = Math.min(best, bytes);
            worst = Math.max(worst, bytes);
        }
        assertEquals(0, best, "bytes allocated over 10,000 cycles (best of 5)");
        assertTrue(worst < 10_000, "worst run allocated " + worst + " bytes in 10,000 cycles");
        assertTrue(h.statistics().cycles() >= 70_000);
    }
}
