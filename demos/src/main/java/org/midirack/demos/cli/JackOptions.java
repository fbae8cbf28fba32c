package org.midirack.demos.cli;

import java.util.List;
import java.util.function.Supplier;

import org.midirack.host.Host;
import org.midirack.host.audio.AudioOutput;
import org.midirack.host.audio.AudioOutputJack;
import org.midirack.host.audio.JackClientHook;
import org.midirack.host.jack.JackLatency;
import org.midirack.host.jack.JackMidiOutNode;
import org.midirack.host.jack.JackMidiPorts;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --midi-out jack:PORT} for {@code play} and {@code live}, and the JACK side of
 * {@code live --input jack:PORT}: the sequence (or the processed live input) leaves through a JACK MIDI
 * output port {@code midi_out} of midirack's own JACK client at the frames the host produced it, and a
 * JACK MIDI input port {@code midi_in} brings another program's events into the graph at their frame.
 *
 * <p>Both need the JACK audio output: the JACK process callback is the render cycle, and only inside it
 * do JACK MIDI events have the frames the host renders. So a JACK MIDI option with no {@code --output}
 * chooses {@code --output jack}; with {@code --output javasound} or {@code null} it is a usage error (the
 * user asked for two things that cannot go together, and silently overriding one would surprise).
 * The ports are made on the client the audio session opens, by {@link JackMidiPorts} (as {@code serve}
 * does), and connected to PORT each time the client opens.
 */
final class JackOptions {
    /** The prefix naming a JACK port in {@code --midi-out} and {@code --input}. */
    static final String PREFIX = "jack:";

    @Option(names = "--midi-out", paramLabel = "jack:PORT",
            description = "Send the MIDI played (the sequence, or the processed live input) through a JACK MIDI port of"
                    + " midirack's JACK client, at exact frames, connected to PORT (e.g. jack:fluidsynth:midi_00)."
                    + " Needs the JACK output (chosen when --output is not given).")
    String midiOut;

    /** JACK cycles rendered before the song starts, for the connections to take effect. */
    static final int SETTLE_CYCLES = 8;

    private JackMidiPorts ports;

    /** Whether {@code name} names a JACK port ({@code jack:PORT}). @thread main */
    static boolean isJack(String name) {
        return name != null && name.startsWith(PREFIX);
    }

    /**
     * Checks the options and says which audio output to open: {@code output} itself, or "jack" when a
     * JACK MIDI port is asked for and no output was given.
     *
     * @param spec the command, for usage errors
     * @param output the {@code --output} given, or null
     * @param input the live input given ({@code --input}), or null
     * @return the output kind to open
     * @thread main
     */
    String output(CommandSpec spec, String output, String input) {
        if (midiOut != null && (!isJack(midiOut) || midiOut.length() == PREFIX.length())) {
            throw new ParameterException(spec.commandLine(), "--midi-out must be jack:PORT, a JACK MIDI input port"
                    + " (e.g. jack:fluidsynth:midi_00), not '" + midiOut + "'");
        }
        if (isJack(input) && input.length() == PREFIX.length()) {
            throw new ParameterException(spec.commandLine(), "--input jack: needs a JACK MIDI port after 'jack:'"
                    + " (e.g. jack:seq:out)");
        }
        if (midiOut == null && !isJack(input)) {
            return output;
        }
        if (output == null || output.equals("jack")) {
            return "jack";
        }
        String what = midiOut != null ? "--midi-out " + midiOut : "--input " + input;
        throw new ParameterException(spec.commandLine(), what + " needs --output jack (JACK MIDI events get their"
                + " frames in JACK's render cycle), not --output " + output);
    }

    /**
     * Checks that the ports named are on the JACK server: PORT of {@code --midi-out} a MIDI port that
     * takes MIDI, PORT of {@code --input} one that sends it. One line naming a missing one.
     *
     * @param input the live input given, or null
     * @throws CliError naming the first port missing
     * @thread main
     */
    void requirePorts(String input) {
        if (midiOut != null) {
            require(midiOut, false, "--midi-out");
        }
        if (isJack(input)) {
            require(input, true, "--input");
        }
    }

    private static void require(String name, boolean sends, String option) {
        String port = name.substring(PREFIX.length());
        if (!JackMidiPorts.listPorts(sends).contains(port)) {
            throw new CliError(option + ": no JACK MIDI port '" + port + "' that " + (sends ? "sends" : "takes")
                    + " MIDI on the JACK server (jack_lsp -t lists the ports; 'midirack devices' lists them as jack:PORT)");
        }
    }

    /**
     * Adds the graph's end of the JACK MIDI ports to an engine, when a port is asked for: a
     * {@link JackMidiOutNode} fed by the end of every chain of MIDI processors (with none, the
     * host's MIDI input: the sequence or the live input as played), and a JACK MIDI input whose
     * events enter the host's MIDI input at their frame.
     *
     * @param engine the engine to play
     * @param input the live input given, or null
     * @return the ports to hand to the JACK output, or null when no JACK MIDI port is asked for
     * @throws CliError when the graph cannot take the node
     * @thread main
     */
    JackMidiPorts attach(Engine engine, String input) {
        return attach(engine, input, null);
    }

    /**
     * As {@link #attach(Engine, String)}, the JACK input's events recorded (while recording) by
     * {@code recorder} at their JACK frames.
     *
     * @param engine the engine to play
     * @param input the live input given, or null
     * @param recorder the devices whose recorder takes the JACK input, or null for none
     * @return the ports, or null when no JACK MIDI port is asked for
     * @thread main
     */
    JackMidiPorts attach(Engine engine, String input, EngineMidi recorder) {
        boolean in = isJack(input);
        if (midiOut == null && !in) {
            return null;
        }
        Host host = engine.host();
        JackMidiOutNode node = null;
        try {
            if (midiOut != null) {
                node = new JackMidiOutNode();
                int slot = host.add(node);
                for (int s : ServeCommand.midiOutSources(host, slot)) {
                    host.connectMidi(s, slot);
                }
            }
            org.midirack.host.midi.MidiInputSink sink = !in ? null
                    : recorder != null ? recorder.jackInput() : engine::offerLive;
            ports = new JackMidiPorts(in ? "midi_in" : null, sink,
                    midiOut != null ? "midi_out" : null, node);
            if (in) {
                ports.sysexInto(host);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliError(e.getMessage(), e);
        }
        if (midiOut != null) {
            ports.connectOnOpen("midi_out", midiOut.substring(PREFIX.length()));
        }
        if (in) {
            ports.connectOnOpen(input.substring(PREFIX.length()), "midi_in");
        }
        return ports;
    }

    /**
     * The JACK outputs the audio session opens (and re-opens after a server restart): client
     * {@code midirack} on the default server, its audio connected to the playback ports, carrying
     * {@code ports}, and reporting the graph's latency on its ports as {@code serve} does.
     *
     * @param engine the engine played
     * @param ports from {@link #attach}
     * @return the factory
     * @thread main
     */
    static Supplier<AudioOutput> devices(Engine engine, JackMidiPorts ports) {
        List<String> in = ports.hasInput() ? List.of("midi_in") : List.of();
        List<String> out = ports.hasOutput() ? List.of("midi_out") : List.of();
        JackClientHook hook = JackClientHook.all(ports,
                new JackLatency(engine.host()::latencyFrames, in, List.of("out_1", "out_2"), out));
        return () -> new AudioOutputJack("midirack", null, true, hook);
    }

    /**
     * What to run once the JACK client renders, before the song starts: waits until it has rendered
     * {@link #SETTLE_CYCLES} cycles (1 s at most), so that the connections made when it opened are in
     * the server's graph (JACK applies a connection at a cycle's edge, later on a loaded server) and the
     * song's first events reach PORT; then runs {@code then}.
     *
     * @param engine the engine playing
     * @param then what runs next (e.g. joining Ableton Link), or null
     * @return the step, or {@code then} when no JACK MIDI port was made
     * @thread main
     */
    Runnable afterStart(Engine engine, Runnable then) {
        if (ports == null) {
            return then;
        }
        return () -> {
            long target = engine.framesRendered() + (long) SETTLE_CYCLES * engine.maxFrames();
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (engine.framesRendered() < target && System.nanoTime() - deadline < 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
            }
            if (then != null) {
                then.run();
            }
        };
    }

    /**
     * Prints one line at the end of a run: what went through the JACK MIDI ports (nothing when none was
     * made).
     *
     * @thread main
     */
    void printSummary() {
        JackMidiPorts p = ports;
        if (p != null) {
            System.out.println(summary(p));
        }
    }

    private static String summary(JackMidiPorts p) {
        return "JACK MIDI: " + p.received() + " events in, " + (p.sent() + p.sysexSent() + p.sysexThru()) + " out"
                + (p.notSent() > 0 ? " (" + p.notSent() + " found no room in JACK's buffer)" : "")
                + (p.refused() > 0 ? " (" + p.refused() + " refused by a full FIFO)" : "");
    }
}
