package org.midirack.host.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The session without any device: the device output fails for real (no such JACK server). */
class AudioSessionTest {

    static final class Counting implements AudioRenderer {
        final List<AudioOutputInfo> opens = new CopyOnWriteArrayList<>();
        volatile long calls;

        @Override
        public void open(AudioOutputInfo info) {
            opens.add(info);
        }

        @Override
        public void render(float[][] out, int frames) {
            calls++;
        }
    }

    static void waitUntil(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void runsOnTheNullOutputWhenTheDeviceCannotOpenAndKeepsRetrying() throws Exception {
        String server = "midirack-no-such-server-" + ProcessHandle.current().pid();
        Counting r = new Counting();
        AudioOutputConfig cfg = new AudioOutputConfig(48_000, 128, 2);
        try (AudioSession s = new AudioSession(() -> new AudioOutputJack("midirack-absent", server, true), cfg, r, 20, 500)) {
            AudioOutputInfo info = s.start();
            assertFalse(s.isOnDevice());
            assertTrue(s.currentOutput() instanceof AudioOutputNull);
            assertEquals(48_000, info.sampleRate());
            assertEquals(128, info.bufferFrames());
            assertTrue(s.lastFailure().contains(server) || s.lastFailure().contains("libjack"), s.lastFailure());
            waitUntil("3 failed retries", 20_000, () -> s.failedRetries() >= 3);
            long c = s.callbacks();
            waitUntil("100 more blocks on the null output", 20_000, () -> s.callbacks() >= c + 100);
            assertEquals(1, r.opens.size(), "the renderer is opened once: the format never changed");
            assertEquals(s.callbacks() * 128, s.frames(), "frames follow blocks exactly");
            assertEquals(0, s.deviceLosses());
            assertEquals(0, s.resumes());
        }
    }

    @Test
    void rejectsBadSettingsNamingThem() {
        Counting r = new Counting();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AudioSession(AudioOutputNull::new, AudioOutputConfig.DEFAULT, r, 5, 500));
        assertTrue(e.getMessage().contains("retry period 5 ms"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new AudioSession(AudioOutputNull::new, AudioOutputConfig.DEFAULT, r, 100, 10));
        assertTrue(e.getMessage().contains("stall timeout 10 ms"), e.getMessage());
    }
}
