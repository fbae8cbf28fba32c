package org.midirack.instruments.gervill;

import java.lang.management.ManagementFactory;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Measures, in its own JVM (run with C1 only, as {@code AllocationProbe}: Gervill's own allocations then do not
 * depend on how C2 inlined it), the bytes one engine and a split over several engines allocate for the same
 * scene: six sustained voices on six channels started before the window, and inside the window a bend, a
 * controller and a note every few cycles on those channels. For the split it counts the calling thread and
 * every worker thread. Gervill allocates per sounding voice per block and per message (its receiver clones
 * each one), and also in ways that depend on how full its message queue is, so a split's total for a sounding
 * scene differs a little from one engine's (measured: less).
 *
 * <p>Prints two lines, {@code silent|sounding single S split C workers W engines N}: first with nothing
 * sounding and no messages (Gervill then allocates nothing, so every byte would be the hand-off's), then the
 * scene above.
 */
public final class SplitAllocationProbe {
    private SplitAllocationProbe() {
    }

    static final int CYCLE = 128;
    static final int WARMUP = 2000;
    static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    static final GervillSettings SETTINGS = GervillSettings.defaults(48000).withBlockFrames(64);
    static final int LATENCY = GervillEngine.requiredLatency(64, false);

    /** Six channels, one sustained organ voice each, then a note every 8 cycles and bends and modulation. */
    static void voices(GervillSink s) {
        for (int ch = 0; ch < 6; ch++) {
            s.send(0, 0xC0 | ch, 16 + ch, 0);
            s.send(0, 0x90 | ch, 48 + 5 * ch, 90);
        }
    }

    static void messages(GervillSink s, int i) {
        int ch = i % 6;
        s.send(3, 0xE0 | ch, 0, 64 + (i & 15));
        s.send(40, 0xB0 | ch, 1, i & 0x7F);
        if (i % 8 == 0) {
            s.send(70, 0x90 | ((i / 8) % 6), 72, 80);
        } else if (i % 8 == 4) {
            s.send(90, 0x80 | ((i / 8) % 6), 72, 0);
        }
    }

    /** The scene's song for the split's channel plan: the six channels, equally busy. */
    static Sequence song() throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, 480);
        Track t = seq.createTrack();
        for (int ch = 0; ch < 6; ch++) {
            t.add(new MidiEvent(new ShortMessage(0x90 | ch, 48 + 5 * ch, 90), 0));
        }
        return seq;
    }

    static long[] window(GervillSink s, Thread[] workers, int from, int cycles, boolean sounding) {
        float[] l = new float[CYCLE];
        float[] r = new float[CYCLE];
        long[] before = new long[workers.length];
        for (int k = 0; k < workers.length; k++) {
            before[k] = MX.getThreadAllocatedBytes(workers[k].getId());
        }
        long mine = MX.getCurrentThreadAllocatedBytes();
        for (int i = from; i < from + cycles; i++) {
            if (sounding) {
                messages(s, i);
            }
            s.render(l, r, 0, CYCLE);
        }
        mine = MX.getCurrentThreadAllocatedBytes() - mine;
        long theirs = 0;
        for (int k = 0; k < workers.length; k++) {
            theirs += MX.getThreadAllocatedBytes(workers[k].getId()) - before[k];
        }
        return new long[] {mine, theirs};
    }

    static long[] run(GervillSink s, Thread[] workers, int cycles, boolean sounding) {
        if (sounding) {
            voices(s);
        }
        window(s, workers, 0, WARMUP, sounding);
        return window(s, workers, WARMUP, cycles, sounding);
    }

    public static void main(String[] args) throws Exception {
        int cycles = Integer.parseInt(args[0]);
        int engines = Integer.parseInt(args[1]);
        for (boolean sounding : new boolean[] {false, true}) {
            long single;
            try (GervillEngine e = GervillEngine.open(SETTINGS, CYCLE, LATENCY)) {
                single = run(e, new Thread[0], cycles, sounding)[0];
            }
            try (GervillSplit sp = GervillSplit.open(SETTINGS, CYCLE, LATENCY, null, SongUse.unknown(),
                    GervillChannelPlan.of(song()),
                    engines)) {
                long[] split = run(sp, sp.workerThreads(), cycles, sounding);
                System.out.println((sounding ? "sounding" : "silent") + " single " + single + " split " + split[0]
                        + " workers " + split[1] + " engines " + sp.engineCount());
            }
        }
    }
}
