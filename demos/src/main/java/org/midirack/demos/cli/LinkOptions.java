package org.midirack.demos.cli;

import org.midirack.host.audio.AudioOutputInfo;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --link} and {@code --link-quantum} for the commands that play in real time (play, live,
 * host, demo). Link is off unless asked for. A command joins through {@link #joiner} after the
 * engine's warm-up (which plays faster than real time and must not reach the session).
 */
public final class LinkOptions {
    @Option(names = "--link", description = "Join an Ableton Link session on the local network (Live, Bitwig,"
            + " LinkHut, phone apps...): tempo, beat and phase follow the session, playing starts on its next bar,"
            + " tempo/play/stop go to every peer. Off unless given. Uses UDP port 20808 (multicast 224.76.78.75).")
    boolean link;

    @Option(names = "--link-quantum", paramLabel = "BEATS", defaultValue = "4",
            description = "Beats per bar for Link's phase and the start (default: ${DEFAULT-VALUE}).")
    double quantum;

    /** A bad quantum is a usage error. @thread main */
    void validate(CommandSpec spec) {
        if (!(quantum > 0 && quantum <= 64)) {
            throw new ParameterException(spec.commandLine(), "--link-quantum must be more than 0 and at most 64 beats, not "
                    + quantum);
        }
    }

    /** Joins when {@code --link} was given, else null. @thread main */
    EngineLink join(Engine engine, AudioOutputInfo output) {
        return link ? EngineLink.join(engine, quantum, output) : null;
    }

    /** What joins (when {@code --link} was given) once run, and what leaves at the end. @thread main */
    Joiner joiner(Engine engine, AudioOutputInfo output) {
        return new Joiner(this, engine, output);
    }

    /** Joins when run (after the warm-up); reports and leaves when playing ends. */
    static final class Joiner implements Runnable {
        private final LinkOptions options;
        private final Engine engine;
        private final AudioOutputInfo output;
        private EngineLink link;

        Joiner(LinkOptions options, Engine engine, AudioOutputInfo output) {
            this.options = options;
            this.engine = engine;
            this.output = output;
        }

        /** @thread main */
        @Override
        public void run() {
            link = options.join(engine, output);
        }

        /**
         * Frames playing may wait for the session's next bar: a bar at the engine's tempo plus the
         * latency; 0 without {@code --link}.
         * @thread main
         */
        long startWaitFrames() {
            if (!options.link) {
                return 0;
            }
            return Math.round(options.quantum * 60 / Math.max(20, engine.tempo()) * engine.sampleRate())
                    + EngineLink.latencyMicros(engine, output) * Math.round(engine.sampleRate()) / 1_000_000L;
        }

        /**
         * What to run when playing ends: {@code then}, and the Link line (with {@code stats}) and
         * leaving the session.
         * @thread main
         */
        Runnable onStop(boolean stats, Runnable then) {
            return () -> {
                if (then != null) {
                    then.run();
                }
                if (link != null) {
                    if (stats) {
                        System.out.println(link.status());
                    }
                    link.close();
                }
            };
        }
    }
}
