package org.midirack.demos.cli;

import org.midirack.core.hosting.NodeRegistry;
import java.io.PrintStream;
import java.nio.file.Path;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code render --session FILE} and {@code play --session FILE}: a saved session played once from its start. */
final class SessionRun {
    private SessionRun() {
    }

    /** A session's engine, to play from its start without its loop, and the song's length. */
    record Loaded(Engine engine, long lengthFrames) {
    }

    /** INPUT or --session, exactly one. @thread main */
    static void requireOneInput(CommandSpec spec, Path input, Path session) {
        if (input == null && session == null) {
            throw new ParameterException(spec.commandLine(), "INPUT or --session FILE is required");
        }
        if (input != null && session != null) {
            throw new ParameterException(spec.commandLine(), "give INPUT or --session FILE, not both");
        }
    }

    /**
     * Reads a session file (a node option beside it is a usage error) and builds its rack.
     * @thread main
     */
    static Loaded load(CommandSpec spec, Path file, double sampleRate, int buffer, PrintStream out) {
        NodeRegistry registry = NodeRegistry.load();
        return start(SessionDocument.readForCommand(spec, file, registry), registry, file, sampleRate, buffer, out);
    }

    /**
     * Builds a read session's rack with the transport playing from frame 0; a loop in the session
     * is not played (the song is played once), which {@code out} is told.
     * @thread main
     */
    static Loaded start(SessionDocument doc, NodeRegistry registry, Path file, double sampleRate, int buffer,
                        PrintStream out) {
        SessionDocument.Built b = doc.build(registry, sampleRate, buffer);
        Engine r = b.engine();
        if (doc.loopFrom() > 0) {
            r.setLoop(0, 0);
            out.println("session " + file + ": its loop (bars " + doc.loopFrom() + " to " + doc.loopTo()
                    + ") is not played; the song plays once");
        }
        return new Loaded(r, b.lengthFrames());
    }
}
