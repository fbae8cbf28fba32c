package org.midirack.host.jack;

import org.midirack.host.audio.JackRecorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.core.AbstractNode;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import org.midirack.host.Host;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputJack;
import org.midirack.host.audio.JackClientHook;

/**
 * Debian's {@code jack_midiseq} (a program nobody here wrote) plays a looped pattern into a host's
 * JACK MIDI input while a JACK capture client records the host's audio output: a node that writes one
 * sample of 1.0 on the frame of each note-on and zeros elsewhere shows where every note landed. The
 * pattern's note-ons are at frames 0, 7000 and 12345 of a 24,000-frame loop, so the distances between
 * successive clicks must be 7000, 5345 and 11655 frames, exactly, over every loop of the take (jitter
 * 0). The distances come from the numbers given to jack_midiseq, not from midirack.
 */
class JackMidiInputTest {
    private static final int LOOP = 24_000;
    private static final int[] ONSETS = {0, 7000, 12345};

    /** One sample of 1.0 on the frame of each note-on, zeros elsewhere. */
    static final class Click extends AbstractNode {
        private int clickAt = -1;

        Click() {
            super(new NodeDescriptor("test.click", "click", NodeKind.INSTRUMENT, "test", "1", new int[0],
                    new int[] {2}, false, true, List.of()));
        }

        @Override
        protected void onActivate(double sampleRate, int maxFrames) {
        }

        @Override
        public void reset() {
            clickAt = -1;
        }

        @Override
        protected void onMidi(ProcessContext ctx, int frame, int status, int data1, int data2) {
            if ((status & 0xF0) == 0x90 && data2 > 0) {
                clickAt = frame;
            }
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
            for (int c = 0; c < 2; c++) {
                float[] o = ctx.output(0, c);
                for (int i = from; i < to; i++) {
                    o[i] = i == clickAt ? 1f : 0f;
                }
            }
            if (clickAt >= from && clickAt < to) {
                clickAt = -1;
            }
        }
    }

    /** Measures what the JACK MIDI ports allocate in the process callback, after a warm-up. */
    static final class Measured implements JackClientHook {
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final JackClientHook inner;
        volatile long cycles;
        volatile long bytes;

        Measured(JackClientHook inner) {
            this.inner = inner;
        }

        @Override
        public void register(Jack jack, JackClient client) throws JackException {
            inner.register(jack, client);
        }

        @Override
        public void activated(Jack jack, JackClient client) throws JackException {
            inner.activated(jack, client);
        }

        @Override
        public void closed() {
            inner.closed();
        }

        @Override
        public void cycleStart(int nframes, boolean rendering) {
            long a = THREADS.getCurrentThreadAllocatedBytes();
            inner.cycleStart(nframes, rendering);
            long b = THREADS.getCurrentThreadAllocatedBytes();
            count(b - a);
        }

        @Override
        public void cycleEnd(int nframes, boolean rendering) {
            long a = THREADS.getCurrentThreadAllocatedBytes();
            inner.cycleEnd(nframes, rendering);
            long b = THREADS.getCurrentThreadAllocatedBytes();
            count(b - a);
        }

        /** Bytes per window of 200 hook calls (100 cycles: every one holds an event from the sequencer). */
        final long[] windows = new long[64];

        private void count(long d) {
            long c = cycles + 1;
            cycles = c;
            if (c > 4000) {     // after the JIT's one-time charges
                bytes = bytes + d;
                int w = (int) ((c - 4001) / 200);
                if (w < windows.length) {
                    windows[w] += d;
                }
            }
        }

        /** Complete windows measured so far. */
        int completeWindows() {
            return (int) Math.min(windows.length, Math.max(0, (cycles - 4000) / 200));
        }
    }

    @Test
    void notesFromJackMidiseqSoundOnTheirExactFramesLoopAfterLoop(@TempDir Path dir) throws Exception {
        JackPeers.requireServer();
        String midiseq = JackPeers.requireProgram("jack_midiseq");
        Host host = new Host();
        int click = host.add(new Click());
        host.connectAudio(click, 0, Host.BOUNDARY, 0);
        host.connectMidi(Host.BOUNDARY, click);
        JackMidiPorts midi = new JackMidiPorts("midi_in", (o, s, a, b) -> host.offer(Host.BOUNDARY, o, s, a, b),
                null, null);
        Measured measured = new Measured(midi);
        AudioOutputJack out = new AudioOutputJack("midirack-jmin", null, false, measured);
        try (JackPeers peers = new JackPeers()) {
            out.open(new AudioOutputConfig(48_000, 128, 2));
            out.start(host);
            String seqName = "midirack-seq-" + ProcessHandle.current().pid();
            peers.start(dir.resolve("midiseq.log"), midiseq, seqName, Integer.toString(LOOP),
                    "0", "60", "100", "7000", "62", "100", "12345", "64", "100");
            JackPeers.awaitPort(seqName + ":out");
            String in = midi.portNames().get(0);
            try (JackRecorder capture = new JackRecorder("midirack-jmin-rec", LOOP * 12, false)) {
                JackPeers.connect(out.portNames()[0], capture.portName());
                JackPeers.connect(seqName + ":out", in);
                float[] take = capture.recordWithoutXrun();
                List<Integer> clicks = new ArrayList<>();
                for (int i = 0; i < take.length; i++) {
                    if (take[i] != 0f) {
                        assertEquals(1f, take[i], "sample " + i + " is neither silence nor a click");
                        clicks.add(i);
                    }
                }
                assertTrue(clicks.size() >= 3 * 11 - 1, clicks.size() + " clicks in 12 loops");
                int first = -1;
                for (int k = 0; k < 3 && first < 0; k++) {
                    // which of the pattern's notes came first in the take: the one whose distance to the next fits
                    int d = clicks.get(1) - clicks.get(0);
                    if (d == next(k) - ONSETS[k] || (k == 2 && d == LOOP - ONSETS[2])) {
                        first = k;
                    }
                }
                assertTrue(first >= 0, "first distance " + (clicks.get(1) - clicks.get(0)) + " fits no step of the pattern");
                int worst = 0;
                for (int j = 1; j < clicks.size(); j++) {
                    int k = (first + j - 1) % 3;
                    int expected = next(k) - ONSETS[k];
                    worst = Math.max(worst, Math.abs(clicks.get(j) - clicks.get(j - 1) - expected));
                    assertEquals(expected, clicks.get(j) - clicks.get(j - 1), "distance from click " + (j - 1)
                            + " (frame " + clicks.get(j - 1) + ") to the next");
                }
                long until = System.nanoTime() + 20_000_000_000L;
                while (measured.completeWindows() < 10 && System.nanoTime() - until < 0) {
                    Thread.sleep(50);
                }
                System.out.printf("JACK MIDI input: %d notes from jack_midiseq over %d loops, largest error %d frames; "
                        + "received %d, refused %d; %d bytes allocated by the MIDI ports in %d callbacks after warm-up, %s%n",
                        clicks.size(), take.length / LOOP, worst, midi.received(), midi.refused(), measured.bytes,
                        measured.cycles / 2 - 2000, java.util.Arrays.toString(java.util.Arrays.copyOf(measured.windows,
                        measured.completeWindows())));
                assertEquals(0, midi.refused());
                // a one-time charge (the JIT compiling or deoptimising late on a loaded machine) may hit a window or
                // two; an allocation per event or per cycle would hit every window, each of which has notes in it
                int n = measured.completeWindows();
                int dirty = 0;
                for (int w = 0; w < n; w++) {
                    dirty += measured.windows[w] == 0 ? 0 : 1;
                }
                assertTrue(n >= 5, n + " windows measured");
                assertTrue(dirty <= 2, dirty + " of " + n + " windows of 100 cycles allocated on the process thread: "
                        + java.util.Arrays.toString(java.util.Arrays.copyOf(measured.windows, n)));
            }
        } finally {
            out.close();
        }
    }

    /** The onset after pattern note k, in the loop's frames (the first note of the next loop after the last). */
    private static int next(int k) {
        return k + 1 < ONSETS.length ? ONSETS[k + 1] : LOOP + ONSETS[0];
    }
}
