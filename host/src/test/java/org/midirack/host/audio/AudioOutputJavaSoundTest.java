package org.midirack.host.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Java Sound's SourceDataLine on a real, paced device: ALSA's default PCM routed into the JACK server
 * ({@code ~/.asoundrc} with {@code type jack}, from libasound2-plugins; .ci/run writes it).
 */
class AudioOutputJavaSoundTest {

    @BeforeEach
    void needsTheAlsaToJackRoute() {
        JackTestSupport.requireDefaultServer();
        if (AudioOutputJavaSound.playbackMixerNames().isEmpty()) {
            JackTestSupport.unavailable("Java Sound sees no playback device: ~/.asoundrc must route ALSA's default"
                    + " PCM to JACK (pcm.!default { type jack ... }, package libasound2-plugins)");
        }
    }

    @Test
    void playsThroughAlsaIntoJackPacedByTheDevice() throws Exception {
        AudioOutputJavaSound out = new AudioOutputJavaSound(null, 4);
        int calls = 750; // two seconds of 128-frame blocks
        long[] times = new long[calls];
        int[] n = new int[1];
        CountDownLatch done = new CountDownLatch(1);
        try {
            AudioOutputInfo info = out.open(new AudioOutputConfig(48_000, 128, 2));
            System.out.println("Java Sound output: " + info);
            assertEquals(48_000, info.sampleRate());
            assertEquals(128, info.bufferFrames());
            assertTrue(info.outputLatencyFrames() >= 128, "line buffer " + info.outputLatencyFrames());
            long before = System.nanoTime();
            out.start((o, frames) -> {
                if (n[0] < calls) {
                    times[n[0]++] = System.nanoTime();
                    if (n[0] == calls) {
                        done.countDown();
                    }
                }
            });
            assertTrue(done.await(60, TimeUnit.SECONDS), "rendered " + n[0] + " blocks");
            // Paced by the device: before block k, k*128 frames were accepted, which the device can only
            // have taken in real time, plus what fits in the line buffer (and a period of JACK's).
            long slack = info.outputLatencyFrames() + 2 * 128;
            for (int k = 0; k < calls; k++) {
                double playable = (times[k] - before) * 48_000 / 1e9 + slack;
                assertTrue(k * 128L <= playable, "block " + k + " came " + (k * 128L - playable) + " frames early");
            }
            System.out.println("Java Sound: " + out.counters() + " after " + (times[calls - 1] - before) / 1e6 + " ms");
        } finally {
            out.close();
        }
        assertEquals(0, out.renderFailure() == null ? 0 : 1);
    }

    @Test
    void deliversTheSamplesIntoJack() throws Exception {
        Jack jack = Jack.getInstance();
        AudioOutputJavaSound out = new AudioOutputJavaSound(null, 4);
        try (JackRecorder recorder = new JackRecorder("midirack-jsrec", 4800)) {
            String[] before = jack.getPorts(recorder.client, null, JackPortType.AUDIO, EnumSet.of(JackPortFlags.JackPortIsOutput));
            out.open(new AudioOutputConfig(48_000, 128, 1));
            int[] k = {0};
            out.start((o, frames) -> {
                for (int f = 0; f < frames; f++) {
                    o[0][f] = (1 + k[0]++ % 16_000) / 32767f; // a ramp of 16-bit codes 1 .. 16000
                }
            });
            // the ALSA jack plugin registers its own client once the line runs: find its output port
            String alsaPort = null;
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (alsaPort == null && System.nanoTime() < deadline) {
                for (String p : jack.getPorts(recorder.client, null, JackPortType.AUDIO, EnumSet.of(JackPortFlags.JackPortIsOutput))) {
                    if (!Arrays.asList(before).contains(p) && !p.startsWith("system:")) {
                        alsaPort = p;
                    }
                }
                Thread.sleep(20);
            }
            assertTrue(alsaPort != null, "the ALSA jack plugin's port appears");
            jack.connect(recorder.client, alsaPort, recorder.in.getName());
            float[] rec = recorder.recordWithoutXrun();
            int first = Math.round(rec[0] * 32768f);
            for (int i = 0; i < rec.length; i++) {
                int code = Math.round(rec[i] * 32768f);
                int expected = 1 + (first - 1 + i) % 16_000;
                assertEquals(expected, code, "sample " + i + " from " + alsaPort + ": the 16-bit ramp arrives unbroken");
            }
        } finally {
            out.close();
        }
    }
}
