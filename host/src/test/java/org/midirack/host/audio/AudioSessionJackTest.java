package org.midirack.host.audio;

import static org.midirack.host.audio.AudioSessionTest.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device loss and return for real: the test runs its own JACK server under a private name (so the
 * shared server of .ci/run is never touched), stops it mid-play, and starts it again at another
 * sample rate. Its own server is always stopped at the end.
 */
class AudioSessionJackTest {

    private final String server = "midirack-loss-" + ProcessHandle.current().pid();
    private PrivateJackServer jack;

    @TempDir
    Path dir;

    @BeforeEach
    void ownServer() {
        jack = new PrivateJackServer(server, dir);
    }

    @AfterEach
    void stopOwnServer() throws InterruptedException {
        jack.close();
    }

    private void startJackd(int rate) throws Exception {
        jack.start(rate);
    }

    private void stopJackd() throws InterruptedException {
        jack.stop();
    }

    @Test
    @Tag("jack-server-loss") // runs in a JVM of its own: see host/pom.xml
    @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void keepsTimeOnTheNullOutputWhileJackIsGoneAndResumesAtItsNewRate() throws Exception {
        startJackd(48_000);
        AudioSessionTest.Counting r = new AudioSessionTest.Counting();
        List<String> events = new CopyOnWriteArrayList<>();
        AudioOutputConfig cfg = new AudioOutputConfig(48_000, 128, 2);
        try (AudioSession s = new AudioSession(() -> new AudioOutputJack("midirack-session", server, true), cfg, r, 100, 500)) {
            s.setListener(new AudioSession.Listener() {
                @Override
                public void deviceLost(String reason) {
                    events.add("lost: " + reason);
                }

                @Override
                public void deviceResumed(AudioOutputInfo info) {
                    events.add("resumed: " + info.sampleRate());
                }

                @Override
                public void formatChanged(AudioOutputInfo before, AudioOutputInfo now) {
                    events.add("format: " + before.sampleRate() + " -> " + now.sampleRate());
                }
            });
            AudioOutputInfo first = s.start();
            assertTrue(s.isOnDevice(), "starts on JACK: " + s.lastFailure());
            assertEquals(48_000, first.sampleRate());
            waitUntil("200 blocks on JACK", 20_000, () -> s.callbacks() >= 200);

            stopJackd();
            waitUntil("the session notices the server is gone", 10_000, () -> !s.isOnDevice());
            assertEquals(1, s.deviceLosses());
            assertTrue(s.currentOutput() instanceof AudioOutputNull);
            long onNull = s.callbacks();
            waitUntil("100 blocks on the null output", 20_000, () -> s.callbacks() >= onNull + 100);
            assertEquals(1, r.opens.size(), "same format on the null output: nodes are not re-activated");
            waitUntil("a failed retry while the server is away", 20_000, () -> s.failedRetries() >= 1);

            startJackd(44_100);
            waitUntil("the session resumes on the restarted server", 20_000, s::isOnDevice);
            assertEquals(1, s.resumes());
            assertTrue(s.currentOutput() instanceof AudioOutputJack);
            assertEquals(2, r.opens.size(), "the renderer is re-opened at the new rate");
            assertEquals(44_100, r.opens.get(1).sampleRate());
            assertEquals(44_100, s.info().sampleRate());
            long onDevice = s.callbacks();
            waitUntil("100 blocks on the restarted server", 20_000, () -> s.callbacks() >= onDevice + 100);
            assertEquals(s.callbacks() * 128, s.frames(), "no block lost or counted twice across the switches");
            System.out.println("session events: " + events + "; " + s.callbacks() + " blocks, "
                    + s.failedRetries() + " failed retries, last failure: " + s.lastFailure());
            assertEquals(List.of("lost", "format", "resumed"),
                    events.stream().map(e -> e.substring(0, e.indexOf(':'))).toList(), events.toString());
        }
    }
}
