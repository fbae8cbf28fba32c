package org.midirack.demos.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.midirack.core.Node;
import org.midirack.core.hosting.NodeRegistry;
import org.midirack.host.Host;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputException;
import org.midirack.host.audio.AudioOutputInfo;
import org.midirack.host.audio.AudioOutputJack;
import org.midirack.host.audio.AudioSession;
import org.midirack.host.audio.JackClientHook;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.host.HostConfig;
import org.midirack.host.jack.JackAudioInputs;
import org.midirack.host.jack.JackMidiOutNode;
import org.midirack.host.jack.JackLatency;
import org.midirack.host.jack.JackMidiPorts;
import org.midirack.host.jack.JackTransport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: publishes a graph as a JACK client any JACK program can play and hear. Ports:
 * {@code NAME:midi_in} (events enter the graph at their own frame of the JACK cycle, which is the
 * cycle the host renders), {@code NAME:midi_out} (what the graph's MIDI processors send, or with none
 * what came in, at its frame), {@code NAME:out_1}, {@code NAME:out_2}, and with an audio effect
 * {@code NAME:in_1}, {@code NAME:in_2} feeding it (JackAudioInputs). Runs until SIGINT/SIGTERM (or
 * {@code --duration}); a JACK server that goes away is waited for and the client, its ports and its
 * {@code --connect} connections come back with it (the audio session's recovery).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Publish an instrument (and effects, or a saved session) as a JACK client: NAME:midi_in,"
                + " NAME:midi_out, NAME:out_1, NAME:out_2. Runs until Ctrl-C or SIGTERM.")
public final class ServeCommand implements Callable<Integer> {
    /** The longest JACK cycle the audio inputs take (a longer one renders them silent, counted). */
    private static final int AUDIO_IN_FRAMES = 8192;

    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "midirack",
            description = "JACK client name. Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--fx", paramLabel = "arp,delay,...", description = "Effects in order, by (part of) their node id.")
    String fx;

    @Option(names = "--session", paramLabel = "FILE", description = "Serve a session saved by the host (its graph).")
    Path session;

    @Option(names = "--connect", arity = "2", paramLabel = "PORT",
            description = "Connect two JACK ports once the client is up (and again after a server restart), e.g."
                    + " --connect seq:out midi_in; a name without ':' is one of this client's ports. Repeatable.")
    List<String> connect = new ArrayList<>();

    @Option(names = "--transport", paramLabel = "off|follow|lead", defaultValue = "off",
            description = "JACK transport: off (the host's own, playing from the start), follow (JACK's rolling, locate,"
                    + " tempo and bar/beat from its timebase master), lead (midirack is timebase master at --tempo and rolls"
                    + " the transport). Default: ${DEFAULT-VALUE}.")
    String transport;

    @Option(names = "--tempo", paramLabel = "BPM", defaultValue = "120",
            description = "Tempo to lead with (--transport lead), or to follow a transport without timebase master at."
                    + " Default: ${DEFAULT-VALUE}.")
    double tempo;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this long (default: until Ctrl-C).")
    Double duration;

    @Mixin
    EngineOptions rack;

    /** @thread main */
    @Override
    public Integer call() {
        if (session == null) {
            rack.validate(spec);
        }
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9 ._+-]{0,62}")) {
            throw new ParameterException(spec.commandLine(), "--name: a JACK client name is letters, digits, space,"
                    + " '.', '_', '+', '-' (63 at most), not '" + name + "'");
        }
        if (duration != null && !(duration > 0)) {
            throw new ParameterException(spec.commandLine(), "--duration must be more than 0 seconds, not " + duration);
        }
        if (!List.of("off", "follow", "lead").contains(transport)) {
            throw new ParameterException(spec.commandLine(), "--transport must be off, follow or lead, not '" + transport + "'");
        }
        if (!(tempo >= 1 && tempo <= 1000)) {
            throw new ParameterException(spec.commandLine(), "--tempo must be 1-1000 BPM, not " + tempo);
        }
        List<Node> midiFx = new ArrayList<>();
        List<Node> audioFx = new ArrayList<>();
        if (fx != null) {
            EngineOptions.checkFx(spec, fx);
        }
        AudioOutputInfo probe = probe();
        int rate = (int) probe.sampleRate();
        int frames = probe.bufferFrames();
        Engine engine;
        if (session != null) {
            engine = SessionRun.load(spec, session, rate, frames, System.out).engine();
        } else {
            if (fx != null) {
                EngineOptions.effects(NodeRegistry.load(), fx, midiFx, audioFx);
            }
            engine = audioFx.isEmpty()
                    ? EngineOptions.engine(rate, frames, rack.createInstrument(), null, midiFx, audioFx, 0xFFFF)
                    : withAudioInput(rate, frames, rack.createInstrument(), midiFx, audioFx);
        }
        Host host = engine.host();
        JackMidiOutNode outNode = new JackMidiOutNode();
        JackMidiPorts ports;
        try {
            int outSlot = host.add(outNode);
            List<Integer> sources = midiOutSources(host, outSlot);
            for (int s : sources) {
                host.connectMidi(s, outSlot);
            }
            ports = new JackMidiPorts("midi_in", (o, s, a, b) -> host.offer(Host.BOUNDARY, o, s, a, b),
                    "midi_out", outNode).sysexInto(host);
            for (int i = 0; i + 1 < connect.size(); i += 2) {
                ports.connectOnOpen(connect.get(i), connect.get(i + 1));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            engine.close();
            throw new CliError(e.getMessage(), e);
        }
        JackTransport link = transport.equals("off") ? null
                : new JackTransport(transport.equals("lead") ? JackTransport.Mode.LEAD : JackTransport.Mode.FOLLOW, tempo);
        if (link != null) {
            host.transport().followClock(link);
        }
        return run(engine, ports, link, rate);
    }

    /**
     * The options' chain (instrument, MIDI effects, audio effects) on a host that takes stereo audio
     * input, linked from the host's input into the first audio effect beside the instrument: what
     * another JACK program sends into {@code in_1}/{@code in_2} is processed by the effects as the
     * instrument's sound is.
     */
    private static Engine withAudioInput(int rate, int frames, Node instrument, List<Node> midiFx, List<Node> audioFx) {
        NodeDescriptor d = new NodeDescriptor("midirack.serve", "midirack serve", NodeKind.MUSIC_EFFECT, "midirack",
                "0.1.0", new int[] {2}, new int[] {2}, true, true, List.of());
        Host host = new Host(new HostConfig().maxNodes(Math.max(16, midiFx.size() + audioFx.size() + 2)).descriptor(d));
        try {
            EngineGraph.chain(host, instrument, null, midiFx, audioFx, 0xFFFF);
            for (int s : host.slots()) {
                if (host.node(s) == audioFx.get(0)) {
                    host.connectAudio(Host.BOUNDARY, 0, s, 0);
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliError(e.getMessage(), e);
        }
        return new Engine(host, rate, frames);
    }

    /** Opens and closes a plain client to learn the server's format; no server is a one-line error. */
    private AudioOutputInfo probe() {
        AudioOutputJack p = new AudioOutputJack(name + "-probe", null, false);
        try {
            return p.open(new AudioOutputConfig(rack.sampleRate, rack.buffer, 2));
        } catch (AudioOutputException | RuntimeException | LinkageError e) {
            throw new CliError(e.getMessage(), e);
        } finally {
            p.close();
        }
    }

    /**
     * Where midi_out takes its MIDI from: every node that sends MIDI and has no MIDI link into another
     * node that sends MIDI (the end of each chain of MIDI processors); with none, the host's input.
     */
    static List<Integer> midiOutSources(Host host, int exclude) {
        List<Integer> ends = new ArrayList<>();
        for (int s : host.slots()) {
            if (s == exclude || !host.node(s).descriptor().midiOut()) {
                continue;
            }
            boolean feedsProcessor = false;
            for (Host.MidiLink l : host.midiLinks()) {
                if (l.src() == s && l.dst() != Host.BOUNDARY && l.dst() != exclude
                        && host.node(l.dst()).descriptor().midiOut()) {
                    feedsProcessor = true;
                }
            }
            if (!feedsProcessor) {
                ends.add(s);
            }
        }
        if (ends.isEmpty()) {
            ends.add(Host.BOUNDARY);
        }
        return ends;
    }

    private int run(Engine engine, JackMidiPorts ports, JackTransport link, int rate) {
        Realtime.StopHook ctrlC = new Realtime.StopHook("midirack-serve-stop");
        Realtime rt = null;
        try {
            String client = name;
            boolean audioIn = engine.host().descriptor().audioInputPorts() > 0;
            JackAudioInputs inputs = audioIn ? new JackAudioInputs(engine.host(), AUDIO_IN_FRAMES, "in_1", "in_2") : null;
            JackLatency latency = new JackLatency(engine.host()::latencyFrames,
                    audioIn ? List.of("midi_in", "in_1", "in_2") : List.of("midi_in"), List.of("out_1", "out_2"),
                    List.of("midi_out"));
            JackClientHook jackPorts = JackClientHook.all(ports, inputs, link, latency);
            rt = Realtime.start(engine, () -> new AudioOutputJack(client, null, false, jackPorts),
                    new AudioOutputConfig(rate, engine.maxFrames(), 2), System.err);
            AudioSession s = rt.session();
            if (!s.isOnDevice()) {
                String why = s.lastFailure();
                rt.stop(System.err);
                rt = null;
                throw new CliError("JACK client '" + name + "' could not start: " + why);
            }
            s.setListener(new AudioSession.Listener() {
                @Override
                public void deviceLost(String reason) {
                    System.err.println("midirack serve: " + reason + "; waiting for the JACK server to come back");
                }

                @Override
                public void deviceResumed(AudioOutputInfo info) {
                    System.err.println("midirack serve: JACK client back on the server; ports "
                            + String.join(", ", portNames(rt0(s), ports, inputs)));
                }
            });
            if (link == null) {
                engine.startFromTop();
            } else if (link.mode() == JackTransport.Mode.LEAD) {
                link.start();
            }
            AudioOutputInfo info = s.currentOutput().info();
            System.out.printf(Locale.ROOT, "serving JACK client %s (%d Hz, %d frames); ports:%n",
                    ((AudioOutputJack) s.currentOutput()).clientName(), (long) info.sampleRate(), info.bufferFrames());
            for (String p : portNames(rt0(s), ports, inputs)) {
                System.out.println("  " + p);
            }
            if (link != null) {
                System.out.printf(Locale.ROOT, "JACK transport: %s%n", link.mode() == JackTransport.Mode.LEAD
                        ? "midirack is timebase master at " + tempo + " BPM, 4/4" : "following");
            }
            System.out.println("Ctrl-C stops");
            System.out.flush();
            long end = duration == null ? 0 : System.nanoTime() + (long) (duration * 1e9);
            while (!ctrlC.stopped() && (duration == null || System.nanoTime() - end < 0)) {
                if (!ctrlC.await(20)) {
                    break;
                }
            }
            var counters = s.currentOutput().counters();
            long underruns = counters.underruns();
            long xruns = counters.xruns();
            rt.stop(System.err);
            rt = null;
            System.out.printf(Locale.ROOT, "served: %d MIDI events in, %d out (%d refused by a full FIFO, %d not MIDI a node"
                    + " takes)%n", ports.received(), ports.sent() + ports.sysexSent() + ports.sysexThru(), ports.refused(),
                    ports.ignored());
            if (rack.stats) {
                System.out.println(engine.statsLine(underruns, xruns, 0));
            }
            System.out.flush();
            return 0;
        } finally {
            if (rt != null) {
                rt.session().close();
                engine.close();
            }
            ctrlC.close();
        }
    }

    private static AudioOutputJack rt0(AudioSession s) {
        return s.currentOutput() instanceof AudioOutputJack j ? j : null;
    }

    private static List<String> portNames(AudioOutputJack out, JackMidiPorts ports, JackAudioInputs inputs) {
        List<String> names = new ArrayList<>(ports.portNames());
        if (inputs != null) {
            names.addAll(inputs.portNames());
        }
        if (out != null) {
            names.addAll(List.of(out.portNames()));
        }
        return names;
    }
}
