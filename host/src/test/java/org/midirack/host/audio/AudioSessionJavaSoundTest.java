package org.midirack.host.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.midirack.host.audio.AudioSessionTest.waitUntil;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device loss and return through Java Sound: ALSA's default PCM goes to JACK (as in .ci/run), and
 * for this test libjack in this JVM is pointed at a private server ({@code JACK_DEFAULT_SERVER}), which
 * is stopped mid-play. A dead server leaves {@code SourceDataLine.write} blocked for good: the session
 * must notice by the stall timeout, close the line, keep time on the null output, and resume when the
 * server is back.
 */
class AudioSessionJavaSoundTest {

    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        int unsetenv(String name);
    }

    private static final LibC LIBC = Native.load("c", LibC.class);

    @TempDir
    Path dir;

    private PrivateJackServer jack;

    @BeforeEach
    void privateServerAsDefault() {
        JackTestSupport.requireJackd();
        if (!new java.io.File(System.getProperty("user.home"), ".asoundrc").isFile()) {
            JackTestSupport.unavailable("no ~/.asoundrc routing ALSA's default PCM to JACK (.ci/run writes it)");
        }
        jack = new PrivateJackServer("midirack-js-loss-" + ProcessHandle.current().pid(), dir);
        LIBC.setenv("JACK_DEFAULT_SERVER", jack.name, 1);
    }

    @AfterEach
    void restore() throws InterruptedException {
        String previous = System.getenv("JACK_DEFAULT_SERVER");
        if (previous == null) {
            LIBC.unsetenv("JACK_DEFAULT_SERVER");
        } else {
            LIBC.setenv("JACK_DEFAULT_SERVER", previous, 1);
        }
        if (jack != null) { // null when the test skipped before starting a server
            jack.close();
        }
    }

    @Test
    @Tag("jack-server-loss") // runs in a JVM of its own: see host/pom.xml
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void noticesABlockedLineByItsStallAndResumesWhenTheServerReturns() throws Exception {
        jack.start(48_000);
        if (AudioOutputJavaSound.playbackMixerNames().isEmpty()) {
            JackTestSupport.unavailable("Java Sound sees no playback device through ALSA->JACK");
        }
        AudioSessionTest.Counting r = new AudioSessionTest.Counting();
        try (AudioSession s = new AudioSession(() -> new AudioOutputJavaSound(null, 4),
                new AudioOutputConfig(48_000, 128, 2), r, 100, 400)) {
            s.start();
            assertTrue(s.isOnDevice(), "starts on Java Sound: " + s.lastFailure());
            waitUntil("200 blocks through Java Sound", 20_000, () -> s.callbacks() >= 200);

            jack.stop();
            waitUntil("the stall is noticed", 15_000, () -> !s.isOnDevice());
            assertEquals(1, s.deviceLosses());
            assertTrue(s.lastFailure().contains("rendered nothing"), s.lastFailure());
            long onNull = s.callbacks();
            waitUntil("100 blocks on the null output", 20_000, () -> s.callbacks() >= onNull + 100);

            jack.start(48_000);
            waitUntil("Java Sound resumes", 20_000, s::isOnDevice);
            assertEquals(1, s.resumes());
            assertTrue(s.currentOutput() instanceof AudioOutputJavaSound);
            long onDevice = s.callbacks();
            waitUntil("100 blocks through Java Sound again", 20_000, () -> s.callbacks() >= onDevice + 100);
            assertEquals(1, r.opens.size(), "same format after the return: the renderer is not re-opened");
            assertEquals(s.callbacks() * 128, s.frames());
            System.out.println("Java Sound session: " + s.callbacks() + " blocks, " + s.failedRetries()
                    + " failed retries, " + s.underruns() + " underruns, now " + s.currentOutput().info());
        }
    }
}
