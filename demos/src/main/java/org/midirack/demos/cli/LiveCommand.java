package org.midirack.demos.cli;

import org.midirack.core.Node;
import org.midirack.core.hosting.NodeRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.midirack.host.audio.AudioOutput;
import org.midirack.host.audio.AudioOutputConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code live}: a MIDI input through an instrument and effects on the audio output. */
@Command(name = "live", mixinStandardHelpOptions = true,
        description = "Play a MIDI input through an instrument and optional effects on the audio output; Ctrl-C stops"
                + " (all notes off, recording written).")
public final class LiveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--in", "--input"}, paramLabel = "NAME", description = "MIDI input name (or part of it); default: the"
            + " first input. jack:PORT: a JACK MIDI port (e.g. jack:seq:out), its events entering the graph at their frame"
            + " (needs the JACK output, chosen when --output is not given).")
    String in;

    @Option(names = "--fx", paramLabel = "arp,delay,...", description = "Effects in order, by (part of) their node id.")
    String fx;

    @Option(names = "--record", paramLabel = "FILE.mid", description = "Record what was played into a MIDI file.")
    Path record;

    @Option(names = "--output", paramLabel = "javasound|jack|null", description = "Audio output (default: Java Sound, then JACK; null: no sound, clock-paced).")
    String output;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this long (default: until Ctrl-C).")
    Double duration;

    @Option(names = "--clock-out", paramLabel = "DEVICE", description = "Send MIDI clock that follows the transport to this MIDI output.")
    String clockOutPort;

    @Option(names = "--clock-in", paramLabel = "DEVICE", description = "Follow MIDI clock from this MIDI input: it drives the tempo, smoothed.")
    String clockInPort;

    @Mixin
    EngineOptions rack;

    @Mixin
    SoundOptions sound;

    @Mixin
    LinkOptions linkOptions;

    @Mixin
    JackOptions jack;

    /** @thread main */
    @Override
    public Integer call() {
        rack.validate(spec);
        linkOptions.validate(spec);
        if (linkOptions.link && clockInPort != null) {
            throw new ParameterException(spec.commandLine(), "--link and --clock-in both set the tempo: choose one");
        }
        if (output != null && !List.of("javasound", "jack", "null").contains(output)) {
            throw new ParameterException(spec.commandLine(), "--output must be javasound, jack or null, not '" + output + "'");
        }
        String kind = jack.output(spec, output, in);
        List<Node> midiFx = new ArrayList<>();
        List<Node> audioFx = new ArrayList<>();
        try {
            EngineOptions.effects(NodeRegistry.load(), fx, midiFx, audioFx);
        } catch (CliError e) {
            throw new ParameterException(spec.commandLine(), "--fx: " + e.getMessage()); // an option's bad value: usage
        }
        sound.applyTo(spec, rack, null);
        Node instrument = rack.createInstrument();
        List<String> why = new ArrayList<>();
        AudioOutput out = Outputs.open(kind, new AudioOutputConfig(rack.sampleRate, rack.buffer, 2), why);
        if (out == null) {
            throw new CliError("no audio output available (" + String.join("; ", why) + "); try --output null to run"
                    + " without sound (e.g. only to --record)");
        }
        try {
            jack.requirePorts(in);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        Engine r;
        EngineMidi midi;
        String name;
        org.midirack.host.jack.JackMidiPorts jackPorts;
        try {
            r = EngineOptions.engine(out.info().sampleRate(), Math.max(rack.buffer, out.info().bufferFrames()),
                    instrument, null, midiFx, audioFx, 0xFFFF);
            midi = EngineMidi.attach(r);
            try {
                name = JackOptions.isJack(in) ? in : midi.openInput(in, null);
                jackPorts = jack.attach(r, in, midi);
                if (clockOutPort != null) {
                    midi.clockOut(clockOutPort);
                }
                if (clockInPort != null) {
                    midi.clockIn(clockInPort);
                }
            } catch (RuntimeException e) {
                midi.close();
                r.close();
                throw e;
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        if (record != null) {
            midi.startRecording(false);
        }
        System.out.println("live: " + name + " -> " + String.join(" -> ", r.graph().nodeNames())
                + (record != null ? "; recording into " + record : "") + "; Ctrl-C stops");
        long frames = duration == null ? -1 : Math.round(duration * out.info().sampleRate());
        LinkOptions.Joiner link = linkOptions.joiner(r, out.info());
        Realtime.play(r, out, frames, rack.stats, link.onStop(rack.stats, () -> {
            if (record != null) {
                int n = midi.stopRecording();
                ConvertCommand.writeMidi(midi.recorded(EngineMidi.tempoMap120(r.sampleRate())), record);
                System.out.println("recorded " + n + " messages into " + record);
            }
            if (midi.followedClock() != null) {
                System.out.printf(java.util.Locale.ROOT, "tempo %.1f BPM from MIDI clock (%d clocks)%n", r.tempo(),
                        midi.followedClock().ticks());
            }
            midi.close();
            jack.printSummary();
        }), sound.gain(), null, jack.afterStart(r, link), jackPorts == null ? null : JackOptions.devices(r, jackPorts));
        return 0;
    }
}
