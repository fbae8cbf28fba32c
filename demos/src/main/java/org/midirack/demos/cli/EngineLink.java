package org.midirack.demos.cli;

import java.io.IOException;
import org.midirack.host.audio.AudioOutputInfo;
import org.midirack.host.link.LinkClock;
import org.midirack.host.link.LinkSession;

/**
 * An {@link Engine} in an Ableton Link session ({@code --link}, {@code link on} in the demo host):
 * a {@link LinkSession} on the local network and a {@link LinkClock} the host's transport follows,
 * so tempo, beat and phase (for the quantum, a bar by default) are the session's, playing starts
 * on the session's next bar, and tempo, play and stop asked of midirack go to every peer. The
 * clock's latency is the time from a cycle's start until its first frame is heard: the graph's
 * latency plus the output's (one buffer and the device's latency), as the host sync seed says.
 * Leaving (or the JVM ending) says bye-bye to the other peers.
 */
final class EngineLink implements AutoCloseable {
    private final Engine engine;
    private final LinkSession session;
    private final LinkClock clock;
    private final Thread byeOnExit;

    private EngineLink(Engine engine, LinkSession session, LinkClock clock) {
        this.engine = engine;
        this.session = session;
        this.clock = clock;
        this.byeOnExit = new Thread(session::close, "midirack-link-bye");
    }

    /**
     * Joins (or starts) a Link session at the engine's tempo and makes the transport follow it.
     * @throws CliError when Link's sockets cannot be opened (no IPv4 network, port in use)
     * @thread main
     */
    static EngineLink join(Engine engine, double quantum, AudioOutputInfo output) {
        LinkSession s = new LinkSession(engine.tempo());
        try {
            s.enable();
        } catch (IOException e) {
            s.close();
            throw new CliError("cannot join Ableton Link on this machine's network: " + e.getMessage(), e);
        }
        LinkClock c = new LinkClock(s, quantum, engine.sampleRate(), latencyMicros(engine, output),
                LinkSession::hostMicros);
        EngineLink link = new EngineLink(engine, s, c);
        Runtime.getRuntime().addShutdownHook(link.byeOnExit);
        engine.host().transport().followClock(c);
        return link;
    }

    /** Microseconds from a cycle's start until its first frame is heard. @thread any */
    static long latencyMicros(Engine engine, AudioOutputInfo output) {
        double frames = engine.host().latencyFrames() + engine.maxFrames()
                + (output == null ? 0 : output.outputLatencyFrames());
        return Math.round(frames * 1e6 / engine.sampleRate());
    }

    /** The output changed (opened, or moved to another device): its latency. @thread any */
    void outputChanged(AudioOutputInfo output) {
        clock.setLatencyMicros(latencyMicros(engine, output));
    }

    /** The clock the transport follows. @thread any */
    LinkClock clock() {
        return clock;
    }

    /** One line: peers, tempo, phase, how far the transport is from the session. @thread any */
    String status() {
        return clock.describe();
    }

    /**
     * Leaves the session: the transport stops following (it keeps the tempo and beat it has),
     * the other peers hear bye-bye.
     * @thread main
     */
    @Override
    public void close() {
        engine.host().transport().followClock(null);
        session.close();
        try {
            Runtime.getRuntime().removeShutdownHook(byeOnExit);
        } catch (IllegalStateException e) {
            // the JVM is ending: the hook says bye-bye
        }
    }
}
