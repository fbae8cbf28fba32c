package org.midirack.host;

import org.midirack.core.AbstractNode;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import org.midirack.core.sync.HostSync;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputNull;
import org.midirack.host.audio.AudioOutputWav;
import org.midirack.host.audio.WavEncoding;

class HostOfflineTest {
    private static final int FRAMES = 9600;

    /** The same sequenced graph every time: a latent instrument and a delayed pad. */
    private static Host graph() {
        Host h = new Host(new HostConfig().fadeFrames(0));
        int s = h.add(new TestNodes.Impulse("synth", 50, false));
        int pad = h.add(new TestNodes.Const("pad", 0.125f));
        int fx = h.add(new TestNodes.Gain("fx", 0.5f, 20, 1));
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        h.connectAudio(pad, 0, fx, 0);
        h.connectAudio(fx, 0, Host.BOUNDARY, 0);
        h.addEventSource((w, sink) -> {
            if (w.playing()) {
                double b = HostSync.nextGridBeat(w.beat(), 0.125);
                int f = HostSync.frameOfBeat(w, b);
                if (f >= 0) {
                    sink.event(s, f, 0x90, 60, 20 + (int) (b * 8) % 100);
                }
            }
        });
        h.transport().playFrom(-0.01); // a pre-roll longer than the latency (50 frames)
        return h;
    }

    @Test
    @Timeout(60)
    void offlineRenderEqualsTheRealTimeRenderOfTheSameGraph() throws Exception {
        Host offline = graph();
        offline.activate(48_000, 128);
        float[][] expected = offline.renderOffline(FRAMES, 128);
        assertEquals(20 / 127f + 0.0625f, expected[0][240], "beat 0 (after 240 frames of pre-roll) on its frame");
        assertEquals(0f, expected[0][49], "pad not there yet: 50 frames of latency");
        assertEquals(0.0625f, expected[0][50], "the pad, delayed 30 frames to line up, then its own 20");

        HostCapture rt = new HostCapture(graph(), FRAMES);
        AudioOutputNull out = new AudioOutputNull();
        out.open(new AudioOutputConfig(48_000, 128, 2));
        out.start(rt);
        assertTrue(rt.full.await(30, TimeUnit.SECONDS), "null output rendered " + FRAMES + " frames");
        out.close();
        assertArrayEquals(expected[0], rt.kept[0]);
        assertArrayEquals(expected[1], rt.kept[1]);
    }

    @Test
    void writesTheSameSamplesToAFloatWavFile(@TempDir Path dir) throws Exception {
        Host offline = graph();
        offline.activate(48_000, 128);
        float[][] expected = offline.renderOffline(FRAMES, 128);

        Path file = dir.resolve("scene.wav");
        AudioOutputWav wav = new AudioOutputWav(file, WavEncoding.FLOAT_32, true);
        wav.open(new AudioOutputConfig(48_000, 128, 2));
        wav.render(graph(), FRAMES);
        wav.finish();
        byte[] bytes = Files.readAllBytes(file);
        int data = dataChunk(bytes);
        ByteBuffer bb = ByteBuffer.wrap(bytes, data, FRAMES * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < FRAMES; i++) {
            assertEquals(expected[0][i], bb.getFloat(), "left frame " + i);
            assertEquals(expected[1][i], bb.getFloat(), "right frame " + i);
        }
    }

    private static int dataChunk(byte[] b) {
        int p = 12;
        while (p + 8 <= b.length) {
            int size = ByteBuffer.wrap(b, p + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (b[p] == 'd' && b[p + 1] == 'a' && b[p + 2] == 't' && b[p + 3] == 'a') {
                return p + 8;
            }
            p += 8 + size + (size & 1);
        }
        throw new AssertionError("no data chunk");
    }

    /** An instrument that sounds 1.0 while any note is held. */
    static final class Drone extends TestNodes.Stub {
        int held;
        volatile float last = -1;
        volatile int allNotesOff;

        Drone() {
            super(TestNodes.desc("drone", NodeKind.INSTRUMENT, new int[0], new int[] {1}, false));
        }

        @Override
        public double tailSeconds() {
            return 0.01;
        }

        @Override
        protected void onMidi(ProcessContext ctx, int frame, int status, int d1, int d2) {
            if ((status & 0xF0) == 0x90 && d2 > 0) {
                held++;
            } else if ((status & 0xF0) == 0x80 || (status & 0xF0) == 0x90) {
                held = Math.max(0, held - 1);
            } else if ((status & 0xF0) == 0xB0 && d1 == 123) {
                held = 0;
                allNotesOff++;
            }
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
            java.util.Arrays.fill(ctx.output(0, 0), from, to, held > 0 ? 1f : 0f);
            last = held > 0 ? 1f : 0f;
        }
    }

    @Test
    void shutdownReleasesSoundingNotesRendersTheReleaseAndDeactivates() {
        Host h = new Host();
        Drone d = new Drone();
        int s = h.add(d);
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        h.offer(s, 0, 0x90, 60, 100);
        h.offer(s, 0, 0x91, 64, 100);
        float[][] sounding = h.renderOffline(256, 128);
        assertEquals(1f, sounding[0][255]);
        HostShutdownHook hook = HostShutdownHook.install(h, null, 1.0);
        hook.runNow(); // what Ctrl-C / SIGTERM runs
        assertTrue(hook.remove());
        assertEquals(0f, d.last, "the release was rendered");
        assertEquals(16, d.allNotesOff, "All Notes Off on every channel");
        assertFalse(d.isActive());
        assertFalse(h.isActive());
    }

    @Test
    @Timeout(60)
    void shutdownStopsAndClosesARealTimeOutput() throws Exception {
        Host h = new Host();
        Drone d = new Drone();
        int s = h.add(d);
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        AudioOutputNull out = new AudioOutputNull();
        out.open(new AudioOutputConfig(48_000, 128, 2));
        out.start(h);
        h.offer(s, 0, 0x90, 60, 100);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (d.last != 1f && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertEquals(1f, d.last);
        h.shutdown(out, 0.05);
        assertEquals(0f, d.last, "released and rendered before the output stopped");
        assertFalse(d.isActive());
        long callbacks = out.counters().callbacks();
        Thread.sleep(20);
        assertEquals(callbacks, out.counters().callbacks(), "output stopped");
    }
}
