package org.midirack.demos.cli;

import org.midirack.core.hosting.NodeRegistry;
import java.io.PrintStream;
import java.nio.file.Path;

import org.midirack.host.mapping.MidiMappingTable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code render --session FILE} and {@code play --session FILE}: a saved session played once from its start;
 * and a saved session read and built to replace a running one ({@code session load} in {@code host}, the
 * window's <i>Open session</i>), in one place for both.
 */
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

    /** A saved session read, checked and built, its MIDI mappings in a table on the built graph; nothing plays yet. */
    record Prepared(SessionDocument doc, SessionDocument.Built built, MidiMappingTable mappings) {
    }

    /**
     * Reads and checks a whole session file and builds it at the running engine's rate and block size,
     * with its MIDI mappings: a failure closes what was built and leaves the running session as it was.
     * Refused while the running session records ({@code recording}): the take would be lost.
     * @throws CliError or IllegalArgumentException with a one-line message
     * @thread main
     */
    static Prepared prepare(Path file, NodeRegistry registry, Engine running, boolean recording) {
        if (recording) {
            throw new IllegalArgumentException("recording: stop it before loading a session");
        }
        SessionDocument doc = SessionDocument.read(file, registry);
        SessionDocument.Built b = doc.build(registry, running.sampleRate(), running.maxFrames());
        try {
            return new Prepared(doc, b, mappings(doc, b));
        } catch (RuntimeException e) {
            b.engine().close();
            throw e;
        }
    }

    /**
     * A mapping table on a built session's graph holding its mappings (checked again against the nodes).
     * @throws CliError when they do not fit the nodes
     * @thread main
     */
    static MidiMappingTable mappings(SessionDocument doc, SessionDocument.Built b) {
        MidiMappingTable t = b.engine().newMappingTable();
        try {
            t.replaceAll(doc.mappingsBySlot(b));
        } catch (IllegalArgumentException e) {
            throw new CliError("the session's MIDI mappings do not fit its nodes: " + e.getMessage(), e);
        }
        return t;
    }
}
