package org.midirack.demos.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.midirack.host.audio.AudioOutput;
import org.midirack.host.audio.AudioOutputException;

/** Plays a rack on an opened real-time output until the song ends or Ctrl-C. */
final class Realtime {
    private Realtime() {
    }

    /**
     * Starts the output, waits until {@code frames} frames were rendered (or forever when
     * {@code frames < 0}) or the process is interrupted, then stops cleanly.
     * @thread main
     */
    static void play(Rack rack, AudioOutput out, long frames, boolean stats, Runnable onStop) {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "midirack-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            rack.warmUp((long) rack.sampleRate());
            try {
                out.start(rack);
            } catch (AudioOutputException e) {
                throw new CliError(e.getMessage(), e);
            }
            System.out.println("playing on " + out.info());
            while (stopped.getCount() > 0 && (frames < 0 || rack.position() < frames + rack.latencyFrames())
                    && !out.isLost()) {
                try {
                    stopped.await(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    break;
                }
            }
            rack.setPlaying(false);
            sleepQuietly(100); // the all-notes-off cycle
            out.stop();
            if (onStop != null) {
                onStop.run();
            }
            if (out.isLost()) {
                System.err.println("midirack: the audio device went away; stopped");
            }
            if (stats) {
                System.out.println(rack.statsLine(out.counters().underruns(), out.counters().glitches()));
            }
        } finally {
            out.close();
            rack.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
        }
    }

    static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
