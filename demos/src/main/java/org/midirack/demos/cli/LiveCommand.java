package org.midirack.demos.cli;

import org.midirack.core.Node;
import org.midirack.core.hosting.NodeRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Transmitter;

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

    @Option(names = "--in", paramLabel = "NAME", description = "MIDI input name (or part of it); default: the first input.")
    String in;

    @Option(names = "--fx", paramLabel = "arp,delay,...", description = "Effects in order, by (part of) their node id.")
    String fx;

    @Option(names = "--record", paramLabel = "FILE.mid", description = "Record what was played into a MIDI file.")
    Path record;

    @Option(names = "--output", paramLabel = "javasound|jack|null", description = "Audio output (default: Java Sound, then JACK; null: no sound, clock-paced).")
    String output;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this long (default: until Ctrl-C).")
    Double duration;

    @Mixin
    RackOptions rack;

    /** @thread main */
    @Override
    public Integer call() {
        rack.validate(spec);
        if (output != null && !List.of("javasound", "jack", "null").contains(output)) {
            throw new ParameterException(spec.commandLine(), "--output must be javasound, jack or null, not '" + output + "'");
        }
        List<Node> midiFx = new ArrayList<>();
        List<Node> audioFx = new ArrayList<>();
        RackOptions.effects(NodeRegistry.load(), fx, midiFx, audioFx);
        Node instrument = rack.createInstrument();
        MidiDevice device = MidiInputs.open(in);
        List<String> why = new ArrayList<>();
        AudioOutput out = Outputs.open(output, new AudioOutputConfig(rack.sampleRate, rack.buffer, 2), why);
        if (out == null) {
            device.close();
            throw new CliError("no audio output available (" + String.join("; ", why) + "); try --output null to run"
                    + " without sound (e.g. only to --record)");
        }
        Rack r;
        try {
            r = RackOptions.rack(out.info().sampleRate(), Math.max(rack.buffer, out.info().bufferFrames()),
                    instrument, null, midiFx, audioFx, 0xFFFF);
        } catch (RuntimeException e) {
            out.close();
            device.close();
            throw e;
        }
        Recorder rec = record == null ? null : new Recorder(120);
        Transmitter t;
        try {
            t = device.getTransmitter();
        } catch (MidiUnavailableException e) {
            out.close();
            r.close();
            device.close();
            throw new CliError("MIDI input '" + device.getDeviceInfo().getName() + "' gives no transmitter: " + e.getMessage(), e);
        }
        t.setReceiver(new Receiver() {
            @Override
            public void send(MidiMessage message, long timeStamp) {
                if (message instanceof ShortMessage m && m.getStatus() < 0xF0) {
                    r.fifo().offer(0, m.getStatus(), m.getData1(), m.getLength() > 2 ? m.getData2() : 0);
                    if (rec != null) {
                        rec.add(m);
                    }
                }
            }

            @Override
            public void close() {
            }
        });
        System.out.println("live: " + device.getDeviceInfo().getName() + " -> " + String.join(" -> ", r.nodeNames())
                + (record != null ? "; recording into " + record : "") + "; Ctrl-C stops");
        long frames = duration == null ? -1 : Math.round(duration * out.info().sampleRate());
        Realtime.play(r, out, frames, rack.stats, () -> {
            t.close();
            device.close();
            if (rec != null) {
                ConvertCommand.writeMidi(rec.sequence(), record);
                System.out.println("recorded " + rec.count() + " messages into " + record);
            }
        });
        return 0;
    }
}
