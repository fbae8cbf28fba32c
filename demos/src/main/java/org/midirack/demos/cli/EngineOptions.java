package org.midirack.demos.cli;

import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.hosting.NodeRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.midirack.instruments.InstrumentGervill;
import org.midirack.instruments.InstrumentSine;
import org.midirack.instruments.gervill.GervillEngine;
import org.midirack.instruments.gervill.GervillSettings;

import picocli.CommandLine.Option;

/** The options every playing command shares, and how they become an {@link Engine}. */
public final class EngineOptions {

    @Option(names = "--instrument", paramLabel = "gervill|sine", defaultValue = "gervill",
            description = "Instrument: gervill (General MIDI through Gervill) or sine (the reference synth). Default: ${DEFAULT-VALUE}.")
    String instrument;

    @Option(names = "--soundbank", paramLabel = "FILE", description = "SF2 or DLS soundbank for gervill (default: Gervill's own bank).")
    Path soundbank;

    @Option(names = "--program", paramLabel = "N", description = "General MIDI program 0-127 for every channel but 10, replacing the song's.")
    Integer program;

    @Option(names = "--sample-rate", paramLabel = "HZ", defaultValue = "48000", description = "Sample rate in Hz. Default: ${DEFAULT-VALUE}.")
    int sampleRate;

    @Option(names = "--buffer", paramLabel = "FRAMES", defaultValue = "128", description = "Cycle (buffer) size in frames. Default: ${DEFAULT-VALUE}.")
    int buffer;

    @Option(names = "--stats", description = "Print at the end: render cycles; render time (max, mean) as a fraction of the cycle period;"
            + " underruns (output callbacks the engine was late for) and the audio server's xruns;"
            + " events late, carried and dropped by the nodes' FIFOs; late offloaded blocks (blocks a node"
            + " run on a worker thread did not finish in time, so its previous block played again; 0 when no"
            + " node is offloaded, as in every graph the command line builds); muted nodes; the garbage collector;"
            + " for render, the Gervill voice connections left out because the song never moves their inputs.")
    boolean stats;

    /** What {@link SoundOptions} changes in Gervill's settings (--reverb, --chorus, --polyphony). */
    java.util.function.UnaryOperator<GervillSettings> gervillSettings = java.util.function.UnaryOperator.identity();

    /** The song of an offline render, known before the engine is built (see {@link OfflineGervill}); null otherwise. */
    javax.sound.midi.Sequence offlineSong;

    /** Gervill engines for the offline song ({@code render --threads}, see {@link OfflineGervill}); 1: one. */
    int offlineThreads = 1;

    /** Checks the values; a bad one is a usage error. @thread main */
    void validate(picocli.CommandLine.Model.CommandSpec spec) {
        String i = instrument.toLowerCase(Locale.ROOT);
        if (!i.equals("gervill") && !i.equals("sine")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--instrument must be gervill or sine, not '" + instrument + "'");
        }
        if (program != null && (program < 0 || program > 127)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--program must be 0-127, not " + program);
        }
        if (sampleRate < 8000 || sampleRate > 192000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--sample-rate must be 8000-192000 Hz, not " + sampleRate);
        }
        if (buffer < 1 || buffer > 8192) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--buffer must be 1-8192 frames, not " + buffer);
        }
        if (soundbank != null && i.equals("sine")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--soundbank needs --instrument gervill");
        }
    }

    /** The program override, or -1. @thread any */
    int programOrNone() {
        return program == null ? -1 : program;
    }

    /** A new, inactive instrument node as chosen. @thread main */
    Node createInstrument() {
        if (instrument.equalsIgnoreCase("sine")) {
            return new InstrumentSine();
        }
        return gervill(soundbank, gervillSettings);
    }

    /** A Gervill instrument with an optional soundbank file, checked before use. @thread main */
    static Node gervill(Path soundbank) {
        return gervill(soundbank, java.util.function.UnaryOperator.identity());
    }

    /** A Gervill instrument as {@link #gervill(Path)}, its settings changed by {@code tweak}. @thread main */
    static Node gervill(Path soundbank, java.util.function.UnaryOperator<GervillSettings> tweak) {
        if (!GervillEngine.gervillAccessible()) {
            throw new CliError("Gervill's pull API (com.sun.media.sound) is not accessible: run with java -jar midirack.jar,"
                    + " or add the JVM flag " + GervillEngine.ADD_EXPORTS_FLAG);
        }
        if (soundbank != null) {
            Inputs.requireReadable(soundbank);
        }
        return new InstrumentGervill(tweak.apply(GervillSettings.defaults(48000).withSoundbank(soundbank)), false);
    }

    /**
     * Builds and activates an engine; a soundbank or node that cannot start is a {@link CliError}.
     * @thread main
     */
    static Engine engine(double sampleRate, int buffer, Node instrument, Node drums, List<Node> midiFx, List<Node> audioFx,
                     int fxMask) {
        try {
            return new Engine(sampleRate, buffer, instrument, drums, midiFx, audioFx, fxMask);
        } catch (CliError e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliError(e.getMessage(), e);
        }
    }

    /** Builds the engine for these options with no effects. @thread main */
    Engine engine() {
        return engine(sampleRate, buffer, null);
    }

    /**
     * Builds the engine for these options at a rate and block size, with the effects of an
     * {@code --fx} list (MIDI effects on every channel).
     * @thread main
     */
    Engine engine(double rate, int frames, String fx) {
        List<Node> midiFx = new ArrayList<>();
        List<Node> audioFx = new ArrayList<>();
        if (fx != null) {
            effects(NodeRegistry.load(), fx, midiFx, audioFx);
        }
        Node instrument = createInstrument();
        if (offlineSong != null) {
            OfflineGervill.prepare(instrument, offlineSong, programOrNone(), midiFx.isEmpty(), offlineThreads);
        }
        return engine(rate, frames, instrument, null, midiFx, audioFx, 0xFFFF);
    }

    /**
     * Finds an installed node type whose id contains {@code token} (e.g. "arp" finds
     * "midirack.midi-arpeggiator"), preferring the given kinds; null when none is installed.
     * @thread main
     */
    static Node find(NodeRegistry registry, String token, NodeKind... kinds) {
        String t = token.toLowerCase(Locale.ROOT);
        for (NodeDescriptor d : registry.list()) {
            if (d.id().equals(t)) {
                return registry.create(d.id());
            }
        }
        for (NodeKind k : kinds) {
            for (NodeDescriptor d : registry.list()) {
                if (d.kind() == k && d.id().contains(t)) {
                    return registry.create(d.id());
                }
            }
        }
        return null;
    }

    /**
     * Checks an {@code --fx} list before anything runs: an effect that is not installed is a
     * usage error (exit 2), like any other bad option value.
     * @thread main
     */
    static void checkFx(picocli.CommandLine.Model.CommandSpec spec, String list) {
        try {
            effects(NodeRegistry.load(), list, new ArrayList<>(), new ArrayList<>());
        } catch (CliError e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--fx: " + e.getMessage());
        }
    }

    /**
     * Resolves an effect list such as "arp,delay" into MIDI effects and audio effects.
     * @throws CliError naming an effect that is not installed, and the installed ones
     * @thread main
     */
    static void effects(NodeRegistry registry, String list, List<Node> midiFx, List<Node> audioFx) {
        if (list == null || list.isBlank()) {
            return;
        }
        for (String token : list.split(",")) {
            String t = token.trim();
            if (t.isEmpty()) {
                continue;
            }
            Node n = find(registry, t, NodeKind.MUSIC_EFFECT, NodeKind.EFFECT);
            if (n == null || (n.descriptor().kind() != NodeKind.MUSIC_EFFECT && n.descriptor().kind() != NodeKind.EFFECT)) {
                List<String> ids = new ArrayList<>();
                for (NodeDescriptor d : registry.list()) {
                    if (d.kind() == NodeKind.EFFECT || d.kind() == NodeKind.MUSIC_EFFECT) {
                        ids.add(d.id());
                    }
                }
                throw new CliError("no effect '" + t + "' is installed; installed effects: "
                        + (ids.isEmpty() ? "none" : String.join(", ", ids)));
            }
            if (n.descriptor().kind() == NodeKind.MUSIC_EFFECT && n.descriptor().midiOut()) {
                midiFx.add(n);
            } else {
                audioFx.add(n);
            }
        }
    }
}
