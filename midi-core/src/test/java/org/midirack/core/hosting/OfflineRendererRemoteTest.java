package org.midirack.core.hosting;

import org.midirack.core.AbstractNode;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import org.midirack.core.RemoteRequest;
import org.midirack.core.Transport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The offline renderer honours a node's remote requests as the host does: applied at the next
 * cycle boundary, visible in the next cycle's transport (toggle play, toggle record, rewind), and
 * never earlier.
 */
class OfflineRendererRemoteTest {
    private static final double RATE = 48_000;
    private static final int CYCLE = 128;
    /** 120 beats per minute at 48 kHz: 2 beats a second, 24,000 frames a beat. */
    private static final double FRAMES_PER_BEAT = 24_000;

    private static double beats(long frames) {
        return frames / FRAMES_PER_BEAT;
    }

    @Test
    void aNodeTogglesPlayRecordAndRewindsAndSeesItInTheNextCycle() {
        RemoteAskingNode n = new RemoteAskingNode();
        try (OfflineRenderer r = new OfflineRenderer(n, RATE, CYCLE)) {
            r.tempo(120);
            r.schedule(300, 0x90, 1, 100);   // cycle 2 (frames 256..383): toggle play
            r.schedule(1000, 0x90, 2, 100);  // cycle 7 (896..1023): toggle record
            r.schedule(2000, 0x90, 3, 100);  // cycle 15 (1920..2047): rewind
            r.schedule(3000, 0x90, 1, 100);  // cycle 23 (2944..3071): toggle play (stop)
            r.render(30 * CYCLE, CYCLE);
            assertEquals(4, n.accepted, "every request is accepted");
            assertEquals(0, n.refused);

            for (int c = 0; c <= 2; c++) {
                assertFalse(n.playing[c], "cycle " + c + ": not playing before the request is applied");
            }
            assertTrue(n.playing[3], "cycle 3: the toggle asked in cycle 2 shows in the next cycle");
            assertTrue(n.changed[3], "cycle 3: the transport says it changed");
            assertEquals(384, n.position[3]);
            assertEquals(0.0, n.beat[3], 1e-12, "play starts from where the transport stood (beat 0)");
            assertFalse(n.changed[4]);
            assertEquals(beats(128), n.beat[4], 1e-12);

            for (int c = 0; c <= 7; c++) {
                assertFalse(n.recording[c], "cycle " + c + ": not recording before the request is applied");
            }
            assertTrue(n.recording[8], "cycle 8: record toggled");
            assertTrue(n.changed[8]);
            assertTrue(n.playing[8]);
            assertEquals(beats(1024 - 384), n.beat[8], 1e-12, "toggling record does not move the beat");

            assertEquals(beats(1920 - 384), n.beat[15], 1e-12, "cycle 15: still where playing put it");
            assertEquals(0.0, n.beat[16], 1e-12, "cycle 16: rewound to beat 0");
            assertTrue(n.playing[16], "rewinding does not stop");
            assertEquals(beats(128), n.beat[17], 1e-12, "and plays on from beat 0");

            assertTrue(n.playing[23]);
            assertFalse(n.playing[24], "cycle 24: the second toggle stops");
            assertTrue(n.changed[24]);
            double stoppedAt = beats(3072 - 2048);
            assertEquals(stoppedAt, n.beat[24], 1e-12, "stopping keeps the beat where it stopped");
            assertEquals(stoppedAt, n.beat[29], 1e-12, "and holds it while stopped");
            assertTrue(n.recording[29], "stopping does not end recording (as in the host)");
        }
    }

    @Test
    void requestsOfOneCycleMergeIntoOne() {
        RemoteAskingNode n = new RemoteAskingNode();
        try (OfflineRenderer r = new OfflineRenderer(n, RATE, CYCLE)) {
            r.schedule(10, 0x90, 1, 100).schedule(20, 0x90, 1, 100);
            r.render(3 * CYCLE, CYCLE);
            assertTrue(n.playing[1], "two toggles in one cycle are one toggle, as in the host's mailbox");
        }
    }

    /**
     * A small instrument-kind node that asks its host for transport changes when it is played: key 1
     * asks to toggle play, key 2 to toggle record, key 3 to rewind. It keeps the transport it was
     * given in each cycle (pre-allocated, for up to {@link #MAX_CYCLES} cycles) and whether each
     * request was accepted. Not shipped.
     */
    static final class RemoteAskingNode extends AbstractNode {
        static final int MAX_CYCLES = 1024;
        static final NodeDescriptor DESCRIPTOR = new NodeDescriptor("midirack.test.remote-asking", "Remote asking",
                NodeKind.INSTRUMENT, "midirack", "1", new int[0], new int[] {2}, true, false, List.of());

        final boolean[] playing = new boolean[MAX_CYCLES];
        final boolean[] recording = new boolean[MAX_CYCLES];
        final boolean[] changed = new boolean[MAX_CYCLES];
        final double[] beat = new double[MAX_CYCLES];
        final long[] position = new long[MAX_CYCLES];
        int cycles;
        int accepted;
        int refused;

        RemoteAskingNode() {
            super(DESCRIPTOR);
        }

        @Override
        protected void onActivate(double sampleRate, int maxFrames) {
            cycles = 0;
        }

        @Override
        public void reset() {
        }

        @Override
        protected void beginCycle(ProcessContext ctx) {
            Transport t = ctx.transport();
            if (cycles < MAX_CYCLES) {
                playing[cycles] = t.playing();
                recording[cycles] = t.recording();
                changed[cycles] = t.changed();
                beat[cycles] = t.beat();
                position[cycles] = t.samplePosition();
            }
            cycles++;
        }

        @Override
        protected void onMidi(ProcessContext ctx, int frame, int status, int data1, int data2) {
            if ((status & 0xF0) != 0x90 || data2 == 0) {
                return;
            }
            RemoteRequest r = switch (data1) {
                case 1 -> RemoteRequest.TOGGLE_PLAY;
                case 2 -> RemoteRequest.TOGGLE_RECORD;
                case 3 -> RemoteRequest.REWIND;
                default -> null;
            };
            if (r != null) {
                if (ctx.remote().request(r)) {
                    accepted++;
                } else {
                    refused++;
                }
            }
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
        }
    }
}
