package org.midirack.demos.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import javax.sound.midi.Sequence;

import org.midirack.host.audio.AudioOutput;
import org.midirack.host.audio.AudioOutputConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code play INPUT}: real time on the audio output. */
@Command(name = "play", mixinStandardHelpOptions = true,
        description = "Play a Standard MIDI File or melody script in real time on the audio output.")
public final class PlayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "INPUT", description = "A .mid/.midi file or a melody script (.mel).")
    Path input;

    @Option(names = "--session", paramLabel = "FILE", description = "Play a session saved by the host (its nodes,"
            + " parameters, tracks and tempo; played once, without its loop) instead of INPUT.")
    Path session;

    @Option(names = "--output", paramLabel = "javasound|jack|null", description = "Audio output (default: Java Sound, then JACK; null: no sound, clock-paced).")
    String output;

    @Option(names = "--tail", paramLabel = "SECONDS", defaultValue = "2", description = "Release tail after the song's end. Default: ${DEFAULT-VALUE}.")
    double tail;

    @Option(names = "--fx", paramLabel = "arp,delay,...", description = "Effects in order, by (part of) their node id.")
    String fx;

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
        EngineOptions.checkFx(spec, fx);
        checkOutput(spec, output);
        String kind = jack.output(spec, output, null);
        SessionRun.requireOneInput(spec, input, session);
        sound.applyTo(spec, rack, session);
        org.midirack.core.hosting.NodeRegistry registry = session == null ? null : org.midirack.core.hosting.NodeRegistry.load();
        SessionDocument doc = session == null ? null : SessionDocument.readForCommand(spec, session, registry);
        Sequence seq = session == null ? Inputs.load(input) : null;
        List<String> why = new ArrayList<>();
        AudioOutput out = Outputs.open(kind, new AudioOutputConfig(rack.sampleRate, rack.buffer, 2), why);
        if (out == null) {
            Path what = session == null ? input : session;
            throw new CliError("no audio output available (" + String.join("; ", why) + "); render to a file instead: "
                    + "midirack render " + (session == null ? "" : "--session ") + what + " --out " + baseName(what)
                    + ".wav");
        }
        try {
            jack.requirePorts(null);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        Engine r;
        long length;
        try {
            int buffer = Math.max(rack.buffer, out.info().bufferFrames());
            if (doc != null) {
                SessionRun.Loaded loaded = SessionRun.start(doc, registry, session, out.info().sampleRate(), buffer, System.out);
                r = loaded.engine();
                length = loaded.lengthFrames();
            } else {
                r = rack.engine(out.info().sampleRate(), buffer, fx);
                length = r.load(seq, rack.programOrNone());
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        org.midirack.host.jack.JackMidiPorts jackPorts;
        try {
            jackPorts = jack.attach(r, null);
        } catch (RuntimeException e) {
            r.close();
            out.close();
            throw e;
        }
        EngineMidi midi = null;
        if (clockOutPort != null || clockInPort != null) {
            try {
                midi = EngineMidi.attach(r);
                if (clockOutPort != null) {
                    midi.clockOut(clockOutPort);
                }
                if (clockInPort != null) {
                    midi.clockIn(clockInPort);
                }
            } catch (RuntimeException e) {
                if (midi != null) {
                    midi.close();
                }
                r.close();
                out.close();
                throw e;
            }
        }
        EngineMidi m = midi;
        LinkOptions.Joiner link = linkOptions.joiner(r, out.info());
        Realtime.play(r, out, length + Math.round(tail * out.info().sampleRate()) + link.startWaitFrames(),
                rack.stats, link.onStop(rack.stats, () -> {
                    if (m != null) {
                        m.close();
                    }
                    jack.printSummary();
                }), sound.gain(),
                Jobs.onTerminal() ? new PositionLine(System.out, r.sampleRate(), length) : null, jack.afterStart(r, link),
                jackPorts == null ? null : JackOptions.devices(r, jackPorts));
        return 0;
    }

    static void checkOutput(CommandSpec spec, String output) {
        if (output != null && !output.equals("javasound") && !output.equals("jack") && !output.equals("null")) {
            throw new ParameterException(spec.commandLine(), "--output must be javasound, jack or null, not '" + output + "'");
        }
    }

    static String baseName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
