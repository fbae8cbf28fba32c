package org.midirack.demos.cli;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.midirack.host.audio.AudioOutput;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputInfo;
import org.midirack.host.audio.AudioRenderer;
import org.midirack.host.audio.AudioSession;
import org.midirack.host.audio.MasterGain;

/**
 * Plays an {@link Engine} in real time: warms its render path, then runs its host on an
 * {@link AudioSession} (which keeps playing on a paced null output if the device goes away) until
 * the song ends or Ctrl-C; a node that fails is reported once on stderr and muted. At the end
 * every note is released and the frames that carry the releases are waited for.
 */
final class Realtime {
    /** Cycles (at most) the render path is warmed with before the device starts. */
    static final int WARM_CYCLES = 3000;
    /** Time (at most) the warm-up may take. */
    static final long WARM_MILLIS = 3000;
    /** Release rendered after a stop before the output closes, at most. */
    static final double RELEASE_SECONDS = 0.25;

    private final Engine engine;
    private final AudioSession session;
    private Thread errors;

    private Realtime(Engine engine, AudioSession session) {
        this.engine = engine;
        this.session = session;
    }

    /**
     * Warms the engine and starts it on a session for the kind of output {@code probe} is (the
     * probe, opened to find the device's format, is closed first).
     * @thread main
     */
    static Realtime start(Engine engine, AudioOutput probe, PrintStream err) {
        AudioOutputInfo info = probe.info();
        String kind = Outputs.kindOf(probe);
        probe.close();
        return start(engine, kind, info, err);
    }

    /**
     * Warms the engine and starts it on a session on a kind of output ({@link Outputs#create})
     * at the format a probe of it gave.
     * @thread main
     */
    static Realtime start(Engine engine, String kind, AudioOutputInfo info, PrintStream err) {
        return start(engine, kind, info, err, engine.host());
    }

    /**
     * As {@link #start(Engine, String, AudioOutputInfo, PrintStream)}, the session playing {@code source}
     * (the engine's host, or a stage in front of it such as a {@link MasterGain}).
     * @thread main
     */
    static Realtime start(Engine engine, String kind, AudioOutputInfo info, PrintStream err, AudioRenderer source) {
        return start(engine, () -> Outputs.create(kind), info, err, source);
    }

    /**
     * As {@link #start(Engine, String, AudioOutputInfo, PrintStream, AudioRenderer)}, the session's
     * outputs made by {@code devices} (a JACK client with more ports, say).
     * @thread main
     */
    static Realtime start(Engine engine, java.util.function.Supplier<? extends AudioOutput> devices,
                          AudioOutputInfo info, PrintStream err, AudioRenderer source) {
        engine.warmUp(WARM_CYCLES, WARM_MILLIS);
        AudioSession s = new AudioSession(devices,
                new AudioOutputConfig(info.sampleRate(), engine.maxFrames(), 2), source);
        Realtime rt = new Realtime(engine, s);
        rt.errors = engine.host().startErrorReporter(e -> err.println(Engine.describe(e)), 50);
        s.start();
        return rt;
    }

    /**
     * Warms the engine and starts it on a session whose device outputs a factory makes (a JACK client
     * with more ports, say), asking them for {@code config}.
     * @thread main
     */
    static Realtime start(Engine engine, java.util.function.Supplier<? extends AudioOutput> devices,
                          AudioOutputConfig config, PrintStream err) {
        engine.warmUp(WARM_CYCLES, WARM_MILLIS);
        AudioSession s = new AudioSession(devices, config, engine.host());
        Realtime rt = new Realtime(engine, s);
        rt.errors = engine.host().startErrorReporter(e -> err.println(Engine.describe(e)), 50);
        s.start();
        return rt;
    }

    /** @thread any */
    AudioSession session() {
        return session;
    }

    /** What the session plays on. @thread any */
    AudioOutputInfo info() {
        return session.currentOutput().info();
    }

    /**
     * Stops the transport, releases every note (sustain off, All Notes Off, All Sound Off) and
     * waits until the output has rendered the cycles that carry them plus a short release (at
     * most 2 s longer), then closes the session and deactivates the engine.
     * @thread main (or the Ctrl-C hook)
     */
    void stop(PrintStream err) {
        engine.setPlaying(false);
        engine.releaseAll();
        long target = engine.framesRendered() + 2L * engine.maxFrames()
                + (long) Math.ceil(Math.min(RELEASE_SECONDS, engine.host().tailSeconds()) * engine.sampleRate());
        long deadline = System.nanoTime() + (long) (RELEASE_SECONDS * 1e9) + 2_000_000_000L;
        while (engine.framesRendered() < target && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000L);
        }
        session.close();
        if (errors != null) {
            errors.interrupt();
        }
        for (var e : engine.pollErrors()) {
            err.println(Engine.describe(e));
        }
        engine.close();
    }

    /**
     * Plays the engine's song from its start until {@code frames} frames were played (forever
     * when {@code frames < 0}) or Ctrl-C, then stops cleanly.
     * @thread main
     */
    static void play(Engine engine, AudioOutput probe, long frames, boolean stats, Runnable onStop) {
        play(engine, probe, frames, stats, onStop, 1.0, null, null);
    }

    /**
     * As {@link #play(Engine, AudioOutput, long, boolean, Runnable)}, running {@code afterWarmUp}
     * (when not null) once the render path is warm and the output runs, before the song starts
     * (e.g. joining Ableton Link: the warm-up, faster than real time, must not reach the session).
     * @thread main
     */
    static void play(Engine engine, AudioOutput probe, long frames, boolean stats, Runnable onStop,
                     Runnable afterWarmUp) {
        play(engine, probe, frames, stats, onStop, 1.0, null, afterWarmUp);
    }

    /**
     * As {@link #play(Engine, AudioOutput, long, boolean, Runnable, Runnable)}, through a {@link MasterGain} of
     * {@code gain} (a factor): samples past full scale are counted on the render thread and reported in one
     * line on stderr at the end. {@code position}, when not null, shows the engine's position while it plays.
     * @thread main
     */
    static void play(Engine engine, AudioOutput probe, long frames, boolean stats, Runnable onStop, double gain,
            PositionLine position, Runnable afterWarmUp) {
        play(engine, probe, frames, stats, onStop, gain, position, afterWarmUp, null);
    }

    /**
     * As {@link #play(Engine, AudioOutput, long, boolean, Runnable, double, PositionLine, Runnable)}, the
     * session's outputs made by {@code devices} when not null (a JACK client carrying JACK MIDI ports:
     * {@link JackOptions#devices}) instead of new outputs of the probe's kind.
     * @thread main
     */
    static void play(Engine engine, AudioOutput probe, long frames, boolean stats, Runnable onStop, double gain,
            PositionLine position, Runnable afterWarmUp, java.util.function.Supplier<? extends AudioOutput> devices) {
        MasterGain master = new MasterGain(engine.host(), gain);
        StopHook ctrlC = new StopHook("midirack-ctrl-c");
        Realtime rt = null;
        try {
            AudioOutputInfo probed = probe.info();
            String kind = Outputs.kindOf(probe);
            probe.close();
            rt = devices == null ? start(engine, kind, probed, System.err, master)
                    : start(engine, devices, probed, System.err, master);
            if (afterWarmUp != null) {
                afterWarmUp.run();
            }
            long end = engine.framesRendered() + engine.startFromTop() + Math.max(frames, 0);
            engine.resetStats();
            System.out.println("playing on " + rt.info());
            while (!ctrlC.stopped() && (frames < 0 || engine.framesRendered() < end)) {
                if (!ctrlC.await(20)) {
                    break;
                }
                if (position != null) {
                    position.update(engine.position(), engine.beat());
                }
            }
            if (position != null) {
                position.end();
            }
            var counters = rt.session().currentOutput().counters();
            long underruns = counters.underruns();
            long xruns = counters.xruns();
            rt.stop(System.err);
            rt = null;
            if (onStop != null) {
                onStop.run();
            }
            if (master.clippedSamples() > 0) {
                System.err.println(SoundOptions.clipLine(master.clippedSamples(), master.peak()));
            }
            if (stats) {
                System.out.println(engine.statsLine(underruns, xruns, 0));
            }
        } finally {
            if (rt != null) {
                rt.session().close();
                engine.close();
            }
            ctrlC.close();
        }
    }

    /**
     * Ctrl-C and SIGTERM for a command that runs until stopped: a JVM shutdown hook that, when the signal
     * comes, tells the main thread to stop ({@link #stopped()}) and then holds the JVM's exit (10 s at
     * most) until the main thread has closed the audio session and written what it must ({@link #close()}),
     * so a recording or the last lines are not cut off. One for {@code play}, {@code live} and
     * {@code serve}.
     */
    static final class StopHook implements AutoCloseable {
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final CountDownLatch finished = new CountDownLatch(1);
        private final Thread hook;

        /**
         * Installs the hook.
         *
         * @param threadName the hook thread's name
         * @thread main
         */
        StopHook(String threadName) {
            hook = new Thread(() -> {
                stopped.countDown();
                try {
                    finished.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, threadName);
            Runtime.getRuntime().addShutdownHook(hook);
        }

        /**
         * Whether the signal came.
         *
         * @return true once stopped
         * @thread any
         */
        boolean stopped() {
            return stopped.getCount() == 0;
        }

        /**
         * Waits for the signal at most {@code millis}.
         *
         * @param millis how long
         * @return false when the waiting thread was interrupted (stop waiting), true otherwise
         * @thread main
         */
        boolean await(long millis) {
            try {
                stopped.await(millis, TimeUnit.MILLISECONDS);
                return true;
            } catch (InterruptedException e) {
                return false;
            }
        }

        /**
         * Lets a shutdown that is waiting go on, and removes the hook when no shutdown is under way.
         *
         * @thread main
         */
        @Override
        public void close() {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
        }
    }
}
