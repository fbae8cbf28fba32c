package org.midirack.demos.cli;

import org.midirack.core.Node;
import org.midirack.core.NodeKind;
import org.midirack.core.hosting.NodeRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import javax.sound.midi.Sequence;

import org.midirack.demos.melody.Melody;
import org.midirack.host.audio.AudioFileType;
import org.midirack.host.audio.AudioOutput;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.WavEncoding;
import org.midirack.instruments.gervill.GervillSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code demo}: the bundled song through sequencer, Gervill, drum machine, arpeggiator and delay,
 * on the default audio output, or into a file: {@code --out FILE} (or {@code --format}, {@code --bits}) asks
 * for one, and {@code midirack-demo.wav} (its extension {@code --format}'s) is written when there is no
 * audio output. The file is written as {@code render} writes its own ({@link OutputFormat}, {@link Jobs#render}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Play the bundled demo song through the demo host (sequencer, Gervill, drum machine, arpeggiator,"
                + " delay); with no audio output, or with --out, --format or --bits, render it into a file instead"
                + " (default midirack-demo.wav in the current folder, .rf64/.aiff/.flac with --format).")
public final class DemoCommand implements Callable<Integer> {
    /** The bundled song, a melody script. */
    static final String SONG = "/org/midirack/demos/melodies/demo.mel";
    /** The file written when there is no audio output (without --out; the extension follows --format). */
    static final String WAV = "midirack-demo.wav";

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--stats", description = "Print at the end: render cycles; render time (max, mean) as a fraction of the cycle period;"
            + " underruns (output callbacks the engine was late for) and the audio server's xruns;"
            + " events late, carried and dropped by the nodes' FIFOs; late offloaded blocks (blocks a node"
            + " run on a worker thread did not finish in time, so its previous block played again; 0 when no"
            + " node is offloaded, as in every graph the command line builds); muted nodes; the garbage collector.")
    boolean stats;

    @picocli.CommandLine.Mixin
    LinkOptions linkOptions;

    @Option(names = "--output", paramLabel = "javasound|jack|null", description = "Audio output (default: Java Sound, then JACK; null: no sound, clock-paced).")
    String output;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE.wav", description = "Render the demo into this file instead of"
            + " playing it (.wav .rf64 .aif .aiff .flac, or --format), written as render writes --out: a regular file is"
            + " replaced only when complete; a symlink, a device or a pipe is written through, '-' is standard output.")
    java.nio.file.Path out;

    @picocli.CommandLine.Mixin
    OutputFormat file;

    @picocli.CommandLine.Mixin
    SoundOptions sound;

    /** The demo song as a sequence. @thread main */
    static Sequence song() {
        try (InputStream in = DemoCommand.class.getResourceAsStream(SONG)) {
            if (in == null) {
                throw new CliError("the demo song " + SONG + " is missing from the jar");
            }
            return Melody.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo.mel");
        } catch (IOException e) {
            throw new CliError("cannot read the demo song: " + e.getMessage(), e);
        }
    }

    /** The demo graph: Gervill, the drum machine on channel 10, the arpeggiator on channel 3 (the chords), the delay. @thread main */
    static Engine rack(double sampleRate, int buffer, List<String> notes) {
        return rack(sampleRate, buffer, notes, java.util.function.UnaryOperator.identity());
    }

    /** As {@link #rack(double, int, List)}, Gervill's settings changed by {@code gervill} (--reverb, ...). @thread main */
    static Engine rack(double sampleRate, int buffer, List<String> notes,
                       java.util.function.UnaryOperator<GervillSettings> gervill) {
        NodeRegistry reg = NodeRegistry.load();
        Node drums = EngineOptions.find(reg, "drum", NodeKind.INSTRUMENT);
        Node arp = EngineOptions.find(reg, "arp", NodeKind.MUSIC_EFFECT);
        Node delay = EngineOptions.find(reg, "delay", NodeKind.EFFECT, NodeKind.MUSIC_EFFECT);
        if (drums == null) {
            notes.add("no drum machine installed: Gervill plays the drums");
        }
        if (arp == null) {
            notes.add("no arpeggiator installed: the chords play as written");
        }
        if (delay == null) {
            notes.add("no delay installed: no echo");
        }
        List<Node> midiFx = new ArrayList<>();
        if (arp != null) {
            midiFx.add(arp);
        }
        List<Node> audioFx = new ArrayList<>();
        if (delay != null) {
            audioFx.add(delay);
        }
        return EngineOptions.engine(sampleRate, buffer, EngineOptions.gervill(null, gervill), drums, midiFx, audioFx, 1 << 2);
    }

    /** @thread main */
    @Override
    public Integer call() {
        PlayCommand.checkOutput(spec, output);
        linkOptions.validate(spec);
        java.util.function.UnaryOperator<GervillSettings> gervill = sound.gervill(spec);
        boolean toFile = out != null || file.given(spec);
        if (out != null && out.toString().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--out needs a file name (--out FILE.wav)");
        }
        if (toFile && output != null) {
            throw new ParameterException(spec.commandLine(), "--output plays the demo, --out, --format and --bits write it"
                    + " into a file: give one or the other");
        }
        WavEncoding enc = file.encoding(spec);
        OutputPath target = null;
        AudioFileType type = null;
        if (toFile) {
            target = OutputPath.of(out != null ? out : defaultFile(), true);
            type = file.type(spec, target);
        }
        Sequence seq = song();
        List<String> why = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        AudioOutput device = toFile ? null : Outputs.open(output, AudioOutputConfig.DEFAULT, why);
        if (device == null) {
            if (target == null) {
                target = OutputPath.of(defaultFile(), true);
                type = file.type(spec, target);
            }
            // with --out -, standard output carries the audio: every message goes to standard error
            PrintStream say = target.isStdout() ? System.err : System.out;
            String where = target.isStdout() ? "standard output" : Path.of(target.given()).toAbsolutePath().toString();
            try (Engine r = rack(48000, 128, notes, gervill)) {
                long len = r.load(seq, -1);
                say.println(toFile ? "Rendering the demo into " + where + "."
                        : "No audio output (" + String.join("; ", why) + "): rendering the demo into " + where + " instead.");
                for (String n : notes) {
                    say.println("note: " + n);
                }
                say.println("hosted: " + String.join(" -> ", r.graph().nodeNames()));
                // the song, then its release tail until a second of silence (at most the graph's longest tail)
                for (var e : Jobs.render(r, len, len + Math.round(r.graph().tailSeconds() * 48000), 48000, target, type,
                        enc, sound.gain(), Jobs.onTerminal(), System.err)) {
                    System.err.println(Engine.describe(e));
                }
                say.println("wrote " + where);
                if (stats) {
                    say.println(r.statsLine(0, 0));
                }
            }
            return 0;
        }
        Engine r;
        try {
            r = rack(device.info().sampleRate(), Math.max(128, device.info().bufferFrames()), notes, gervill);
        } catch (RuntimeException e) {
            device.close();
            throw e;
        }
        for (String n : notes) {
            System.out.println("note: " + n);
        }
        System.out.println("hosted: " + String.join(" -> ", r.graph().nodeNames()));
        long len = r.load(seq, -1);
        LinkOptions.Joiner link = linkOptions.joiner(r, device.info());
        Realtime.play(r, device, len + Math.round(r.graph().tailSeconds() * device.info().sampleRate())
                + link.startWaitFrames(), stats, link.onStop(stats, null), sound.gain(), null, link);
        return 0;
    }

    /** midirack-demo.wav, or .rf64, .aiff, .flac as --format asks. */
    private Path defaultFile() {
        AudioFileType t = file.format == null ? null : AudioFileType.forName(file.format);
        return Path.of(t == null || t == AudioFileType.WAV ? WAV
                : "midirack-demo." + t.label().toLowerCase(java.util.Locale.ROOT));
    }
}
