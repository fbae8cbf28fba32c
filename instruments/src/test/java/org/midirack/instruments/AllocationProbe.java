package org.midirack.instruments;

import org.midirack.core.hosting.ManyToOneEventFifo;
import org.midirack.core.hosting.OfflineRenderer;
import java.lang.management.ManagementFactory;
import org.midirack.instruments.gervill.GervillEngine;
import org.midirack.instruments.gervill.GervillSettings;
import org.midirack.instruments.gervill.RawGervill;

/**
 * Measures, in its own JVM, the bytes allocated per 128-frame cycle by raw Gervill (the baseline:
 * {@link RawGervill}, no midirack code), by the Gervill engine and by the Gervill node, each playing the
 * same scene: sustained voices started before the window, and inside the measured window a stream of
 * note-ons, note-offs, pitch bends and controllers, sent identically to all three (at the start of the cycle
 * that holds them, for the same Gervill frames). Run with C1 only ({@code -XX:TieredStopAtLevel=1}):
 * without C2's escape analysis Gervill's own allocations are the same in every calling context, so any
 * difference is the framework's.
 *
 * <p>Prints one line per voice count: {@code voices V raw R engine E node N messages M quiet Q}, where Q is
 * raw Gervill's bytes for the same window with no messages (so (R - Q) / M is Gervill's per-message share).
 */
public final class AllocationProbe {
    private AllocationProbe() {
    }

    static final int CYCLE = 128;
    static final int WARMUP = 2000;

    static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    interface Sender {
        void send(int offset, int status, int d1, int d2);
    }

    /** The sustained voices, sent before anything is measured. */
    static void voices(int voices, Sender s) {
        for (int v = 0; v < voices; v++) {
            int ch = v % 16 == 9 ? 0 : v % 16;
            s.send(0, 0xC0 | ch, 16, 0); // organ: sustains through the measurement
            s.send(0, 0x90 | ch, 36 + v % 64, 100);
        }
    }

    /** The messages of cycle {@code i} (offsets inside the cycle, in order); returns how many. */
    static int messages(int i, Sender s) {
        int n = 0;
        int key = 60 + (i / 8) % 12;
        if (i % 8 == 0) {
            s.send(5, 0x9A, key, 90); // a piano on channel 11: a note every 8 cycles
            n++;
        }
        s.send(17, 0xEA, i & 0x7F, 64); // a bend every cycle
        s.send(33, 0xBA, 1, i & 0x7F);  // the modulation wheel every cycle
        n += 2;
        if (i % 8 == 4) {
            s.send(70, 0x8A, key, 0);
            n++;
        }
        if (i % 16 == 2) {
            s.send(100, 0xB0, 7, 100 + (i & 15)); // channel volume of the sustained voices
            n++;
        }
        return n;
    }

    /** A player of one of the three paths: sends a cycle's messages and renders it. */
    interface Player {
        Sender sender();

        void render();
    }

    static long window(Player p, int from, int cycles, boolean withMessages) {
        Sender s = p.sender();
        long before = MX.getCurrentThreadAllocatedBytes();
        for (int i = from; i < from + cycles; i++) {
            if (withMessages) {
                messages(i, s);
            }
            p.render();
        }
        return MX.getCurrentThreadAllocatedBytes() - before;
    }

    static long run(Player p, int voices, int cycles, boolean withMessages) {
        voices(voices, p.sender());
        window(p, 0, WARMUP, true); // warm-up: every path of the scene, messages included
        return window(p, WARMUP, cycles, withMessages);
    }

    static Player engine(GervillSettings settings, int latency) {
        GervillEngine e = GervillEngine.open(settings, CYCLE, latency);
        float[] l = new float[CYCLE];
        float[] r = new float[CYCLE];
        return new Player() {
            final Sender s = e::send;

            public Sender sender() {
                return s;
            }

            public void render() {
                e.render(l, r, 0, CYCLE);
            }
        };
    }

    static Player raw(int latency) {
        RawGervill g = new RawGervill(48000, GervillSettings.DEFAULT_BLOCK_FRAMES, 128, true);
        byte[] b = new byte[CYCLE * RawGervill.BYTES_PER_FRAME];
        g.read(b, g.blockFrames()); // the stream's leading block: Gervill frame n is output frame n from here
        return new Player() {
            final Sender s = (offset, st, d1, d2) ->
                    g.sendAt(g.framesRead() - g.blockFrames() + offset + latency, st, d1, d2);

            public Sender sender() {
                return s;
            }

            public void render() {
                g.read(b, CYCLE);
            }
        };
    }

    static Player node(InstrumentGervill node) {
        OfflineRenderer renderer = new OfflineRenderer(node, 48000, CYCLE);
        ManyToOneEventFifo fifo = renderer.fifo();
        return new Player() {
            final Sender s = (offset, st, d1, d2) -> {
                if (!fifo.offer(offset, st, d1, d2)) {
                    throw new IllegalStateException("the node's FIFO refused a message");
                }
            };

            public Sender sender() {
                return s;
            }

            public void render() {
                renderer.renderCycle(CYCLE);
            }
        };
    }

    /** Arguments: cycles, then voice counts. */
    public static void main(String[] args) {
        int cycles = Integer.parseInt(args[0]);
        GervillSettings settings = GervillSettings.defaults(48000).withMaxPolyphony(128);
        for (int n = 1; n < args.length; n++) {
            int voices = Integer.parseInt(args[n]);
            InstrumentGervill node = new InstrumentGervill(settings, false);
            int latency = node.latencyFrames();
            long raw = run(raw(latency), voices, cycles, true);
            long quiet = run(raw(latency), voices, cycles, false);
            long engine = run(engine(settings, latency), voices, cycles, true);
            long k = run(node(node), voices, cycles, true);
            int messages = 0;
            for (int i = WARMUP; i < WARMUP + cycles; i++) {
                messages += messages(i, (o, st, a, b) -> { });
            }
            System.out.println("voices " + voices + " raw " + raw + " engine " + engine + " node " + k
                    + " messages " + messages + " quiet " + quiet);
        }
    }
}
