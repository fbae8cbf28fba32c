package org.midirack.host.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jaudiolibs.jnajack.Jack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Against the real JACK server that .ci/run starts: {@code jackd -d dummy -r 48000 -p 128}. */
class AudioOutputJackTest {

    @BeforeEach
    void needsJack() {
        JackTestSupport.requireDefaultServer();
    }

    @Test
    void reportsTheServersFormatAndPlaybackLatency() throws Exception {
        AudioOutputJack out = new AudioOutputJack("midirack-fmt", null, true);
        try {
            AudioOutputInfo info = out.open(new AudioOutputConfig(44_100, 256, 2));
            System.out.println("JACK output: " + info);
            assertEquals(44_100, info.requestedSampleRate());
            assertEquals(256, info.requestedBufferFrames());
            assertEquals(48_000, info.sampleRate(), "JACK dictates the rate (server started with -r 48000)");
            assertEquals(128, info.bufferFrames(), "JACK dictates the buffer (server started with -p 128)");
            assertEquals(2, info.channels());
            assertTrue(info.outputLatencyFrames() >= 128, "playback latency " + info.outputLatencyFrames());
            assertEquals(2, out.portNames().length);
        } finally {
            out.close();
        }
    }

    @Test
    void deliversEveryRenderedSampleToAnotherJackClient() throws Exception {
        AudioOutputJack out = new AudioOutputJack("midirack-ramp", null, false);
        try (JackRecorder recorder = new JackRecorder("midirack-rec", 9600)) {
            out.open(new AudioOutputConfig(48_000, 128, 1));
            Jack.getInstance().connect(out.portNames()[0], recorder.in.getName());
            float[] next = {1f};
            out.start((o, frames) -> {
                for (int f = 0; f < frames; f++) {
                    o[0][f] = next[0]++;
                }
            });
            float[] rec = recorder.recordWithoutXrun();
            float[] expected = new float[rec.length];
            for (int i = 0; i < rec.length; i++) {
                expected[i] = rec[0] + i;
            }
            assertArrayEquals(expected, rec, "an unbroken ramp: no sample lost, repeated or altered");
        } finally {
            out.close();
        }
    }

    /**
     * The acceptance run: 60 s against the dummy server at 48 kHz / 128 frames must give
     * 22,500 callbacks within 1 % and no underrun caused by the host. Tagged so a quick run can leave it out
     * ({@code -DexcludedGroups=jack-60s}).
     */
    @Test
    @Tag("jack-60s")
    void sixtySecondsGiveTwentyTwoThousandFiveHundredCallbacksWithinOnePercentAndNoHostUnderrun() throws Exception {
        AudioOutputJack out = new AudioOutputJack("midirack-60s", null, true);
        long[] alloc = new long[3];
        int[] calls = new int[1];
        int[] badSize = new int[1];
        try {
            AudioOutputInfo info = out.open(new AudioOutputConfig(48_000, 128, 2));
            assertEquals(48_000, info.sampleRate());
            assertEquals(128, info.bufferFrames());
            out.start((o, frames) -> {
                int k = calls[0]++;
                if (frames != 128) {
                    badSize[0]++;
                }
                if (k == 1000) {
                    alloc[0] = JackTestSupport.allocatedBytes();
                } else if (k == 2000) {
                    alloc[1] = JackTestSupport.allocatedBytes();
                }
                for (int f = 0; f < frames; f++) {
                    o[0][f] = 0.1f;
                    o[1][f] = -0.1f;
                }
            });
            long c0 = out.counters().callbacks();
            long t0 = System.nanoTime();
            Thread.sleep(60_000);
            long c1 = out.counters().callbacks();
            long t1 = System.nanoTime();
            long counted = c1 - c0;
            double seconds = (t1 - t0) / 1e9;
            double expected = seconds * 48_000 / 128;
            System.out.printf("JACK 60 s: %d callbacks in %.3f s (expected %.1f, %+.3f %%), host underruns %d, "
                    + "server xruns %d, longest callback %.3f ms of %.3f ms, latency %d frames, "
                    + "JNA/jnajack allocation %d bytes per callback%n", counted, seconds, expected,
                    (counted - expected) * 100 / expected, out.counters().underruns(), out.counters().xruns(),
                    out.counters().maxCallbackNanos() / 1e6, 128e3 / 48_000, info.outputLatencyFrames(),
                    (alloc[1] - alloc[0]) / 1000);
            assertTrue(Math.abs(counted - 22_500) <= 225, counted + " callbacks in " + seconds + " s");
            // underruns caused by the host: a process callback of ours that took longer than its period.
            // JACK's xruns are printed, not asserted: on a loaded (virtual) machine the dummy server's own
            // timer wakes late and the scheduler may start a client late, which the host cannot cause.
            assertEquals(0, out.counters().underruns(), "process callbacks longer than the 2.667 ms period");
            assertEquals(0, badSize[0], "callbacks with a block size other than 128");
        } finally {
            out.close();
        }
    }
}
