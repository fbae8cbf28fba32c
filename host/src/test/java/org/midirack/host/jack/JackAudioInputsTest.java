package org.midirack.host.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.EnumSet;
import java.util.List;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;
import org.junit.jupiter.api.Test;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.effects.DelayTempoSync;
import org.midirack.host.Host;
import org.midirack.host.HostConfig;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputJack;

/**
 * A JACK client of the test's own sends one sample of 1.0 every second into a host's {@code in_1}; the
 * host's audio input feeds the tempo-synced delay ({@code connectAudio(BOUNDARY, 0, delay, 0)}) and a
 * JACK capture client records the sender's port and {@code out_1} on one frame clock. The delay's documented formula gives
 * the expected take independently of the code: {@code out = (1 - mix) * in + mix * wet}, an eighth note
 * at 120 BPM and 48 kHz is 12000 frames, feedback set to 0: 0.65 on the impulse's frame, 0.35 exactly
 * 12000 frames later, silence everywhere else. The input ports must allocate nothing in the callback.
 */
class JackAudioInputsTest {
    @Test
    void anImpulseIntoIn1ComesOutOfTheDelayOnTheFramesItsFormulaGives() throws Exception {
        JackPeers.requireServer();
        NodeDescriptor effectHost = new NodeDescriptor("test.effect-host", "effect host", NodeKind.MUSIC_EFFECT, "test",
                "1", new int[] {2}, new int[] {2}, true, true, List.of());
        Host host = new Host(new HostConfig().fadeFrames(0).descriptor(effectHost));
        DelayTempoSync delay = new DelayTempoSync();
        delay.parameters().set(DelayTempoSync.P_FEEDBACK, 0);
        int d = host.add(delay);
        host.connectAudio(Host.BOUNDARY, 0, d, 0);
        host.connectAudio(d, 0, Host.BOUNDARY, 0);
        JackAudioInputs inputs = new JackAudioInputs(host, 4096, "in_1", "in_2");
        JackMidiInputTest.Measured measured = new JackMidiInputTest.Measured(inputs);
        AudioOutputJack out = new AudioOutputJack("midirack-ain", null, false, measured);
        JackClient sender = Jack.getInstance().openClient("midirack-ain-send", EnumSet.of(JackOptions.JackNoStartServer),
                EnumSet.noneOf(JackStatus.class));
        JackPort send = sender.registerPort("out", JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
        long[] frame = new long[1];
        sender.setProcessCallback((c, n) -> {
            FloatBuffer fb = send.getFloatBuffer();
            for (int i = 0; i < n; i++) {
                fb.put(i, (frame[0] + i) % 48_000 == 48_000 - 1000 ? 1f : 0f);
            }
            frame[0] += n;
            return true;
        });
        try {
            out.open(new AudioOutputConfig(48_000, 128, 2));
            out.start(host);
            sender.activate();
            assertEquals(List.of("midirack-ain:in_1", "midirack-ain:in_2"), inputs.portNames());
            JackPeers.connect(send.getName(), inputs.portNames().get(0));
            // one capture client takes the sender's port and out_1 on one frame clock: both in the same cycles
            JackClient cap = Jack.getInstance().openClient("midirack-ain-rec", EnumSet.of(JackOptions.JackNoStartServer),
                    EnumSet.noneOf(JackStatus.class));
            JackPort refIn = cap.registerPort("ref", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
            JackPort outIn = cap.registerPort("out", JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
            int length = 2 * 48_000;
            float[] ref = new float[length];
            float[] got = new float[length];
            int[] count = new int[1];
            java.util.concurrent.CountDownLatch full = new java.util.concurrent.CountDownLatch(1);
            boolean[] armed = new boolean[1];
            cap.setProcessCallback((c, n) -> {
                if (armed[0]) {
                    int k = Math.min(n, length - count[0]);
                    refIn.getFloatBuffer().get(0, ref, count[0], k);
                    outIn.getFloatBuffer().get(0, got, count[0], k);
                    count[0] += k;
                    if (count[0] == length) {
                        armed[0] = false;
                        full.countDown();
                    }
                }
                return true;
            });
            try {
                cap.activate();
                JackPeers.connect(send.getName(), cap.getName() + ":ref");
                JackPeers.connect(out.portNames()[0], cap.getName() + ":out");
                Thread.sleep(300);
                armed[0] = true;
                assertTrue(full.await(20, java.util.concurrent.TimeUnit.SECONDS), "capture did not fill");
            } finally {
                cap.close();
            }
            int impulse = -1;
            for (int i = 0; i < length && impulse < 0; i++) {
                impulse = ref[i] == 1f ? i : -1;
            }
            assertTrue(impulse >= 0 && impulse + 12_000 < length, "the sender's impulse in the capture: " + impulse);
            for (int i = impulse - 1000; i < Math.min(length, impulse + 20_000); i++) {
                float want = i == impulse ? 0.65f : i == impulse + 12_000 ? 0.35f : 0f;
                assertEquals(want, i >= 0 ? got[i] : 0f, 1e-5f, "out_1 " + (i - impulse) + " frames after the impulse"
                        + " entered in_1");
            }
            long until = System.nanoTime() + 30_000_000_000L;
            while (measured.completeWindows() < 10 && System.nanoTime() - until < 0) {
                Thread.sleep(50);
            }
            int n = measured.completeWindows();
            int dirty = 0;
            for (int w = 0; w < n; w++) {
                dirty += measured.windows[w] == 0 ? 0 : 1;
            }
            System.out.printf("JACK audio in: impulse into in_1 out of the delay at frames 0 (0.65) and 12000 (0.35);"
                    + " %d bytes allocated by the input ports in %d windows of 100 cycles%n", measured.bytes, n);
            assertTrue(n >= 5, n + " windows measured");
            assertTrue(dirty <= 2, dirty + " of " + n + " windows of 100 cycles allocated on the process thread");
            assertEquals(0, inputs.tooLong());
        } finally {
            sender.close();
            out.close();
        }
    }
}
