package org.midirack.demos.cli;

import org.midirack.core.Node;
import org.midirack.core.NodeKind;
import org.midirack.core.hosting.NodeRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import javax.sound.midi.Sequence;

import org.midirack.demos.melody.Melody;
import org.midirack.host.audio.AudioOutput;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.WavEncoding;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the bundled song through sequencer, Gervill, drum machine, arpeggiator and delay,
 * on the default audio output, or into {@code midirack-demo.wav} when there is none.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Play the bundled demo song through the demo host (sequencer, Gervill, drum machine, arpeggiator,"
                + " delay); with no audio output, render midirack-demo.wav into the current folder.")
public final class DemoCommand implements Callable<Integer> {
    /** The bundled song, a melody script. */
    static final String SONG = "/org/midirack/demos/melodies/demo.mel";
    /** The file written when there is no audio output. */
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
        return EngineOptions.engine(sampleRate, buffer, EngineOptions.gervill(null), drums, midiFx, audioFx, 1 << 2);
    }

    /** @thread main */
    @Override
    public Integer call() {
        PlayCommand.checkOutput(spec, output);
        linkOptions.validate(spec);
        Sequence seq = song();
        List<String> why = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        AudioOutput out = Outputs.open(output, AudioOutputConfig.DEFAULT, why);
        if (out == null) {
            Path wav = Path.of(WAV);
            try (Engine r = rack(48000, 128, notes)) {
                long len = r.load(seq, -1);
                System.out.println("No audio output (" + String.join("; ", why) + "): rendering the demo into "
                        + wav.toAbsolutePath() + " instead.");
                for (String n : notes) {
                    System.out.println("note: " + n);
                }
                System.out.println("hosted: " + String.join(" -> ", r.graph().nodeNames()));
                // the song, then its release tail until a second of silence (at most the graph's longest tail)
                for (var e : Jobs.renderWav(r, len, len + Math.round(r.graph().tailSeconds() * 48000), 48000,
                        OutputPath.of(wav, false),
                        WavEncoding.PCM_16, Jobs.onTerminal(), System.err)) {
                    System.err.println(Engine.describe(e));
                }
                System.out.println("wrote " + wav.toAbsolutePath());
                if (stats) {
                    System.out.println(r.statsLine(0, 0));
                }
            }
            return 0;
        }
        Engine r;
        try {
            r = rack(out.info().sampleRate(), Math.max(128, out.info().bufferFrames()), notes);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        for (String n : notes) {
            System.out.println("note: " + n);
        }
        System.out.println("hosted: " + String.join(" -> ", r.graph().nodeNames()));
        long len = r.load(seq, -1);
        LinkOptions.Joiner link = linkOptions.joiner(r, out.info());
        Realtime.play(r, out, len + Math.round(r.graph().tailSeconds() * out.info().sampleRate())
                + link.startWaitFrames(), stats, link.onStop(stats, null), link);
        return 0;
    }
}
