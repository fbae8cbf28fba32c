package org.midirack.demos.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

import org.midirack.host.audio.AudioOutputInfo;

/**
 * The demo host's Ableton Link commands: {@code link on}, {@code link off}, {@code link} (status:
 * peers, session tempo, phase), and what Link changes in the others: {@code transport} adds the
 * Link line, and a loaded session's new engine joins again ({@code tempo BPM}, {@code play} and
 * {@code stop} reach the session through the transport, see {@link org.midirack.host.link.LinkClock}). Link is off unless {@code --link} or {@code link on} asks for it.
 */
final class HostLinkCommands {
    static final String HELP = """
              link on | off         join / leave an Ableton Link session on the local network: tempo, beat
                                    and phase follow it, play starts on its next bar, tempo/play/stop go to
                                    every peer (UDP port 20808)
              link                  Link's status: peers, session tempo, phase
            """;

    private final PrintStream o;
    private final LinkOptions options;
    private final Supplier<Engine> engine;
    private final Supplier<AudioOutputInfo> output;
    private EngineLink link;

    /** @thread main */
    HostLinkCommands(PrintStream o, LinkOptions options, Supplier<Engine> engine, Supplier<AudioOutputInfo> output) {
        this.o = o;
        this.options = options;
        this.engine = engine;
        this.output = output;
    }

    /** {@code link [on|off]}. @thread main */
    void run(String[] w) {
        if (w.length < 2) {
            o.println(link == null ? "link off (link on: join a session)" : link.status());
            return;
        }
        switch (w[1].toLowerCase(Locale.ROOT)) {
            case "on" -> {
                if (link == null) {
                    link = EngineLink.join(engine.get(), options.quantum, output.get());
                }
                o.println(link.status());
            }
            case "off" -> {
                close();
                o.println("link off: the transport keeps its tempo and beat");
            }
            default -> throw new HostScript.UsageError("usage: link [on|off]");
        }
    }

    /** Joins at start when {@code --link} was given. @thread main */
    void start() {
        if (options.link && link == null) {
            link = EngineLink.join(engine.get(), options.quantum, output.get());
            o.println(link.status());
        }
    }

    /** The Link line under {@code transport}, when on. @thread main */
    void transport() {
        if (link != null) {
            o.println(link.status());
        }
    }

    /** The running engine was replaced (a session was loaded): it follows the session too. @thread main */
    void engineReplaced() {
        if (link != null) {
            link.close();
            link = EngineLink.join(engine.get(), options.quantum, output.get());
        }
    }

    /** Leaves the session (before the host stops, so stopping does not stop the peers). @thread main */
    void close() {
        if (link != null) {
            link.close();
            link = null;
        }
    }
}
