package org.midirack.demos.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import javax.sound.midi.Sequence;

import org.midirack.host.NodeError;
import org.midirack.host.audio.AudioFileType;
import org.midirack.host.audio.WavEncoding;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code render INPUT --out FILE.wav}: offline, faster than real time. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render a Standard MIDI File or melody script offline into a WAV, RF64, AIFF or FLAC file (sample-identical for every --buffer).")
public final class RenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "INPUT", description = "A .mid/.midi file or a melody script (.mel).")
    Path input;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "MORE", description = "More inputs, rendered into --out-dir"
            + " (a folder stands for its .mid, .midi, .kar, .smf and .mel files).")
    List<Path> more = new ArrayList<>();

    @Option(names = "--session", paramLabel = "FILE", description = "Render a session saved by the host (its nodes,"
            + " parameters, tracks and tempo; played once, without its loop) instead of INPUT.")
    Path session;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE.wav", description = "The file to write (.wav .rf64 .aif .aiff .flac, or --format): a regular file is replaced only when complete;"
            + " a symlink is written through to its target, a device or pipe written through, '-' is standard output.")
    Path out;

    @Mixin
    OutputFormat file;

    @Option(names = "--tail", paramLabel = "SECONDS", defaultValue = "2", description = "Release tail after the song's end. Default: ${DEFAULT-VALUE}.")
    double tail;

    @Option(names = "--fx", paramLabel = "arp,delay,...", description = "Effects in order, by (part of) their node id.")
    String fx;

    @Mixin
    EngineOptions rack;

    @Mixin
    SoundOptions sound;

    @Mixin
    BatchOptions batch;

    /** @thread main */
    @Override
    public Integer call() {
        rack.validate(spec);
        EngineOptions.checkFx(spec, fx);
        if (out != null && out.toString().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--out needs a file name (--out FILE.wav)");
        }
        WavEncoding enc = file.encoding(spec);
        if (!(tail >= 0 && tail <= 60)) {
            throw new ParameterException(spec.commandLine(), "--tail must be 0-60 seconds, not " + tail);
        }
        sound.applyTo(spec, rack, session);
        batch.more = more;
        batch.checkThreads(spec);
        if (batch.active(input)) {
            return BatchRender.run(this, enc);
        }
        if (out == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--out=FILE.wav'");
        }
        SessionRun.requireOneInput(spec, input, session);
        OutputPath target = OutputPath.of(out, true);
        target.refuseSameAs(spec, "--out", input);
        target.refuseSameAs(spec, "--out", session);
        AudioFileType type = file.type(spec, target);
        // with --out -, standard output carries the WAV: every message goes to standard error
        java.io.PrintStream say = target.isStdout() ? System.err : System.out;
        SessionRun.Loaded loaded = session == null ? null
                : SessionRun.load(spec, session, rack.sampleRate, rack.buffer, say);
        Sequence seq = session == null ? Inputs.load(input) : null;
        rack.offlineSong = seq;
        rack.offlineThreads = batch.threadsPerFile();
        try (Engine r = loaded != null ? loaded.engine() : rack.engine(rack.sampleRate, rack.buffer, fx)) {
            long length = loaded != null ? loaded.lengthFrames() : r.load(seq, rack.programOrNone());
            long frames = length + Math.round(tail * rack.sampleRate);
            long t0 = System.nanoTime();
            List<NodeError> failed = Jobs.render(r, frames, frames, 0, target, type, enc, sound.gain(), Jobs.onTerminal(),
                    System.err);
            double secs = (System.nanoTime() - t0) / 1e9;
            int engines = r.gervillEngines();
            say.printf(java.util.Locale.ROOT, "rendered %s: %.2f s of audio in %.2f s (%.0fx real time%s)%n", out,
                    frames / (double) rack.sampleRate, secs, frames / (double) rack.sampleRate / Math.max(secs, 1e-9),
                    engines > 1 ? ", " + engines + " Gervill engines" : "");
            if (rack.stats) {
                say.println(r.statsLine(0, 0));
                say.println("gervill: " + r.gervillSkippedConnections()
                        + " voice connections left out (inputs the song never moves)");
            }
            if (!failed.isEmpty()) {
                for (NodeError e : failed) {
                    System.err.println(Engine.describe(e));
                }
                List<String> names = new ArrayList<>();
                for (NodeError e : failed) {
                    names.add("node " + (e.slot() + 1) + " '" + e.nodeId() + "'");
                }
                throw new CliError(out + " was written, but " + String.join(", ", names) + " failed and played muted");
            }
        }
        return 0;
    }
}
