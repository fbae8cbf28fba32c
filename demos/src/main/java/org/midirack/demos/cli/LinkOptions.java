package org.midirack.demos.cli;

import org.midirack.host.audio.AudioOutputInfo;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --link} and {@code --link-quantum} for the commands that play in real time (play, live,
 * host, demo). Link is off unless asked for.
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

    /**
     * What to run when playing ends: {@code then}, and the link status line (with {@code stats})
     * and leaving the session.
     * @thread main
     */
    static Runnable onStop(EngineLink link, boolean stats, Runnable then) {
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
