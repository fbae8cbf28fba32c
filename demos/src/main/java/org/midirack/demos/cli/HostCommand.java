package org.midirack.demos.cli;

import org.midirack.core.Node;
import org.midirack.core.NodeKind;
import org.midirack.core.hosting.NodeRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import javax.sound.midi.Transmitter;

import org.midirack.host.audio.AudioOutput;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputException;
import org.midirack.host.audio.AudioOutputNull;
import org.midirack.host.mapping.MidiMappingTable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code host}: the interactive demo host. Reads one command per line from stdin: the hosted
 * nodes, a transport panel, sequencing (load tracks, loop, record, save), and the nodes'
 * parameters with MIDI mapping and learn ({@link HostMappingCommands}).
 */
@Command(name = "host", mixinStandardHelpOptions = true,
        description = "The interactive demo host: load Standard MIDI Files and melody scripts as tracks, play, loop,"
                + " record from a MIDI input, save as a Standard MIDI File, save and load whole sessions."
                + " Type 'help' at the prompt.")
public final class HostCommand implements Callable<Integer> {
    static final int PPQ = 480;

    @Spec
    CommandSpec spec;

    @Option(names = "--in", paramLabel = "NAME", description = "MIDI input to play and record from (default: the first, if any).")
    String in;

    @Option(names = "--fx", paramLabel = "arp,delay,...", description = "Effects in order, by (part of) their node id.")
    String fx;

    @Option(names = "--output", paramLabel = "javasound|jack|null", description = "Audio output (default: Java Sound, then JACK, else null: no sound, clock-paced).")
    String output;

    @Option(names = "--session", paramLabel = "FILE", description = "Start with a saved session (nodes, parameters,"
            + " MIDI mappings, tracks, tempo, loop) instead of --instrument, --soundbank, --program and --fx.")
    Path sessionFile;

    @Mixin
    RackOptions rack;

    private final List<Sequence> tracks = new ArrayList<>();
    private final List<String> trackNames = new ArrayList<>();
    private double tempoOverride = -1;
    private int program = -1;
    private int loopFrom;
    private int loopTo;
    private NodeRegistry registry;
    private volatile Rack r;
    private volatile MidiMappingTable mappings;
    private HostMappingCommands mappingCommands;
    private AudioOutput out;
    private Track recTrack;
    private volatile boolean recordingOn;
    private PrintStream o;

    /** @thread main */
    @Override
    public Integer call() throws IOException {
        rack.validate(spec);
        if (output != null && !List.of("javasound", "jack", "null").contains(output)) {
            throw new ParameterException(spec.commandLine(), "--output must be javasound, jack or null, not '" + output + "'");
        }
        o = System.out;
        NodeRegistry reg = NodeRegistry.load();
        registry = reg;
        SessionDocument startSession = sessionFile == null ? null : SessionDocument.readForCommand(spec, sessionFile, reg);
        List<Node> midiFx = new ArrayList<>();
        List<Node> audioFx = new ArrayList<>();
        Node drums = null;
        Node instrument = null;
        if (startSession == null) {
            RackOptions.effects(reg, fx, midiFx, audioFx);
            drums = RackOptions.find(reg, "drum", NodeKind.INSTRUMENT);
            instrument = rack.createInstrument();
        }
        List<String> why = new ArrayList<>();
        AudioOutputConfig cfg = new AudioOutputConfig(rack.sampleRate, rack.buffer, 2);
        out = Outputs.open(output, cfg, why);
        if (out == null) {
            o.println("no audio output (" + String.join("; ", why) + "): running on the null output (no sound)");
            out = new AudioOutputNull();
            try {
                out.open(cfg);
            } catch (AudioOutputException e) {
                throw new CliError(e.getMessage(), e);
            }
        }
        if (startSession == null) {
            r = RackOptions.rack(out.info().sampleRate(), Math.max(rack.buffer, out.info().bufferFrames()), instrument,
                    drums, midiFx, audioFx, 0xFFFF);
            program = rack.programOrNone();
        } else {
            try {
                SessionDocument.Built b = startSession.build(reg, out.info().sampleRate(),
                        Math.max(rack.buffer, out.info().bufferFrames()));
                adoptSession(startSession, b, sessionMappings(startSession, b.rack()));
            } catch (RuntimeException e) {
                out.close();
                throw e;
            }
        }
        r.setPlaying(false);
        if (startSession == null) {
            mappings = new MidiMappingTable(r, r);
            mappingCommands = new HostMappingCommands(r, mappings, o);
        }
        MidiDevice device = null;
        Transmitter tx = null;
        try {
            device = MidiInputs.open(in);
            tx = device.getTransmitter();
            tx.setReceiver(new Receiver() {
                @Override
                public void send(MidiMessage m, long ts) {
                    liveIn(m);
                }

                @Override
                public void close() {
                }
            });
        } catch (CliError | MidiUnavailableException e) {
            if (in != null) {
                out.close();
                r.close();
                throw e instanceof CliError c ? c : new CliError(e.getMessage(), e);
            }
            o.println("no MIDI input: recording is off (" + e.getMessage() + ")");
            device = null;
        }
        r.warmUp((long) out.info().sampleRate());
        try {
            out.start(r);
        } catch (AudioOutputException e) {
            out.close();
            r.close();
            throw new CliError(e.getMessage(), e);
        }
        o.println("midirack host on " + out.info());
        if (sessionFile != null) {
            o.println("session " + sessionFile + ": " + sessionSummary());
        }
        o.println("nodes: " + String.join(" -> ", r.nodeNames()));
        o.println("type 'help' for commands");
        try {
            repl();
        } finally {
            r.setPlaying(false);
            Realtime.sleepQuietly(50);
            out.stop();
            if (tx != null) {
                tx.close();
            }
            if (device != null) {
                device.close();
            }
            out.close();
            r.close();
        }
        return 0;
    }

    private void liveIn(MidiMessage m) {
        if (!(m instanceof ShortMessage sm) || sm.getStatus() >= 0xF0) {
            return;
        }
        int d2 = sm.getLength() > 2 ? sm.getData2() : 0;
        if (!mappings.handle(0, sm.getStatus(), sm.getData1(), d2)) { // mapped controllers move parameters
            r.fifo().offer(0, sm.getStatus(), sm.getData1(), d2);
        }
        mappings.completeLearn(); // binds what learning captured, and says so
        if (recordingOn) {
            synchronized (this) {
                if (recTrack != null) {
                    recTrack.add(new MidiEvent((ShortMessage) sm.clone(), Math.max(0, Math.round(r.beat() * PPQ))));
                }
            }
        }
    }

    private void repl() throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (true) {
            o.print("> ");
            o.flush();
            String line = reader.readLine();
            if (line == null) {
                o.println();
                return;
            }
            String[] w = line.trim().split("\\s+");
            if (w[0].isEmpty()) {
                continue;
            }
            try {
                if (!command(w)) {
                    return;
                }
            } catch (CliError | IllegalArgumentException e) {
                o.println("error: " + e.getMessage());
            }
        }
    }

    private boolean command(String[] w) {
        switch (w[0].toLowerCase(Locale.ROOT)) {
            case "help", "?" -> o.println("""
                    commands:
                      nodes                 the hosted nodes
                      tracks                the loaded tracks
                      load FILE             add a .mid/.midi file or melody script as tracks
                      play | stop           start / stop the transport
                      rewind                back to bar 1
                      tempo BPM             play every track at this tempo (tempo off: the files' own)
                      loop BAR1 BAR2        loop from the start of BAR1 to the start of BAR2 (loop off)
                      record                start / stop recording the MIDI input into a new track
                      save FILE.mid         write all tracks as a Standard MIDI File
                      session save FILE     write the whole session: nodes, parameters, MIDI mappings,
                                            tracks, tempo, loop
                      session load FILE     replace the session with a saved one (checked first: a bad
                                            file changes nothing); the transport stops at bar 1
                      status                the transport panel
                    """ + HostMappingCommands.HELP + "  quit");
            case "nodes" -> {
                for (int i = 0; i < r.nodeNames().size(); i++) {
                    o.println("  " + (i + 1) + ": " + r.nodeNames().get(i));
                }
            }
            case "params", "set", "map", "learn", "unmap", "mappings" -> mappingCommands.run(w);
            case "tracks" -> {
                if (trackNames.isEmpty()) {
                    o.println("  none");
                }
                for (int i = 0; i < trackNames.size(); i++) {
                    o.println("  " + (i + 1) + ": " + trackNames.get(i));
                }
            }
            case "load" -> {
                need(w, 2, "load FILE");
                Path p = Path.of(w[1]);
                tracks.add(Inputs.load(p));
                trackNames.add(p.toString());
                reload();
                o.println("loaded " + p + " (" + tracks.get(tracks.size() - 1).getTracks().length + " tracks)");
            }
            case "play" -> {
                r.setPlaying(true);
                o.println("playing");
            }
            case "stop" -> {
                r.setPlaying(false);
                o.println("stopped at " + position());
            }
            case "rewind" -> {
                r.requestLocate(0);
                o.println("rewound to 001:1:000");
            }
            case "tempo" -> {
                need(w, 2, "tempo BPM|off");
                if (w[1].equals("off")) {
                    tempoOverride = -1;
                } else {
                    double t = Double.parseDouble(w[1]);
                    if (!(t >= 10 && t <= 999)) {
                        throw new IllegalArgumentException("tempo must be 10-999 BPM, not " + w[1]);
                    }
                    tempoOverride = t;
                }
                double beat = r.beat();
                reload();
                applyLoop(); // the loop's bars fall on other frames at the new tempo
                r.requestLocate(r.frameOfBeat(beat));
                o.println("tempo " + (tempoOverride < 0 ? "from the files" : fmt(tempoOverride)));
            }
            case "loop" -> {
                need(w, 2, "loop BAR1 BAR2 | loop off");
                if (w[1].equals("off")) {
                    loopFrom = 0;
                    loopTo = 0;
                    r.setLoop(0, 0);
                    o.println("loop off");
                } else {
                    need(w, 3, "loop BAR1 BAR2");
                    int a = Integer.parseInt(w[1]);
                    int b = Integer.parseInt(w[2]);
                    if (a < 1 || b <= a) {
                        throw new IllegalArgumentException("loop needs 1 <= BAR1 < BAR2, not " + a + " " + b);
                    }
                    loopFrom = a;
                    loopTo = b;
                    applyLoop();
                    o.println("loop bars " + a + " to " + b);
                }
            }
            case "record" -> toggleRecord();
            case "save" -> {
                need(w, 2, "save FILE.mid");
                ConvertCommand.writeMidi(combined(), Path.of(w[1]));
                o.println("saved " + w[1]);
            }
            case "session" -> session(w);
            case "status", "panel" -> o.println(panel());
            case "quit", "exit", "q" -> {
                return false;
            }
            default -> o.println("unknown command '" + w[0] + "'; type 'help'");
        }
        return true;
    }

    private static void need(String[] w, int n, String usage) {
        if (w.length < n) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    private void toggleRecord() {
        synchronized (this) {
            if (!recordingOn) {
                try {
                    Sequence s = new Sequence(Sequence.PPQ, PPQ);
                    recTrack = s.createTrack();
                    tracks.add(s);
                    trackNames.add("recording " + tracks.size());
                } catch (InvalidMidiDataException e) {
                    throw new IllegalStateException(e);
                }
                recordingOn = true;
                r.setRecording(true);
                o.println("recording");
            } else {
                recordingOn = false;
                r.setRecording(false);
                int n = recTrack.size() - 1;
                recTrack = null;
                reload();
                o.println("recorded " + n + " events");
            }
        }
    }

    private void reload() {
        r.load(combined(), program);
    }

    private void applyLoop() {
        if (loopFrom > 0) {
            r.setLoop(r.frameOfBeat((loopFrom - 1) * 4.0), r.frameOfBeat((loopTo - 1) * 4.0));
        } else {
            r.setLoop(0, 0);
        }
    }

    /** Every track at 480 ticks per quarter, with the tempo override when set. */
    synchronized Sequence combined() {
        return SessionDocument.combine(tracks, tempoOverride);
    }

    private String position() {
        long tick = Math.max(0, Math.round(r.beat() * PPQ));
        long bar = tick / (4L * PPQ) + 1;
        long beat = tick % (4L * PPQ) / PPQ + 1;
        return String.format(Locale.ROOT, "%03d:%d:%03d", bar, beat, tick % PPQ);
    }

    private String panel() {
        long[] loop = r.loop();
        return String.format(Locale.ROOT, "%s %s | tempo %s | loop %s | %s | load max %.3f mean %.3f | underruns %d",
                r.playing() ? "> playing" : "[] stopped", recordingOn ? "| (*) rec" : "| rec off",
                fmt(r.tempo()), loop[1] < 0 ? "off" : "on", position(), r.maxLoad(), r.meanLoad(),
                out.counters().underruns());
    }

    private static String fmt(double v) {
        // tempo meta events hold whole microseconds: 90 BPM reads back as 89.99996
        return Math.abs(v - Math.rint(v)) < 0.001 ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.1f", v);
    }

    // ------------------------------------------------------------------ sessions (SessionDocument)

    /** {@code session save FILE} / {@code session load FILE}. */
    private void session(String[] w) {
        need(w, 3, "session save FILE | session load FILE");
        Path file = Path.of(w[2]);
        switch (w[1].toLowerCase(Locale.ROOT)) {
            case "save" -> {
                captureSession().write(file);
                o.println("saved session " + file + ": " + sessionSummary());
            }
            case "load" -> {
                loadSession(file);
                o.println("loaded session " + file + ": " + sessionSummary());
                o.println("nodes: " + String.join(" -> ", r.nodeNames()));
            }
            default -> throw new IllegalArgumentException("usage: session save FILE | session load FILE");
        }
    }

    /** The running session as a document. */
    private synchronized SessionDocument captureSession() {
        return SessionDocument.capture(r, program, tracks, trackNames, tempoOverride, loopFrom, loopTo,
                mappings.mappings());
    }

    /**
     * Reads and checks the whole file, builds and starts a new rack from it, and only then swaps
     * it in for the running one: any failure before the swap leaves the running session as it was.
     */
    private void loadSession(Path file) {
        synchronized (this) {
            if (recordingOn) {
                throw new IllegalArgumentException("recording: stop it ('record') before loading a session");
            }
        }
        SessionDocument doc = SessionDocument.read(file, registry);
        Rack old = r;
        SessionDocument.Built b = doc.build(registry, old.sampleRate(), old.maxFrames());
        Rack next = b.rack();
        MidiMappingTable table;
        try {
            table = sessionMappings(doc, next);
        } catch (RuntimeException e) {
            next.close();
            throw e;
        }
        next.warmUp((long) old.sampleRate());
        out.stop();
        try {
            out.start(next);
        } catch (AudioOutputException e) {
            next.close();
            try {
                out.start(old);
            } catch (AudioOutputException again) {
                e.addSuppressed(again);
            }
            throw new CliError("cannot start the loaded session on " + out.name() + ": " + e.getMessage(), e);
        }
        MidiMappingTable oldMappings = mappings;
        adoptSession(doc, b, table);
        oldMappings.cancelLearn();
        old.close();
    }

    /** A mapping table on a new rack holding a session's mappings (checked again against the rack). */
    private static MidiMappingTable sessionMappings(SessionDocument doc, Rack rack) {
        MidiMappingTable t = new MidiMappingTable(rack, rack);
        try {
            t.replaceAll(doc.mappings());
        } catch (IllegalArgumentException e) {
            throw new CliError("the session's MIDI mappings do not fit its nodes: " + e.getMessage(), e);
        }
        return t;
    }

    /** Makes a built session the running one (its rack is already the output's renderer). */
    private void adoptSession(SessionDocument doc, SessionDocument.Built b, MidiMappingTable table) {
        synchronized (this) {
            tracks.clear();
            tracks.addAll(b.tracks());
            trackNames.clear();
            trackNames.addAll(b.trackNames());
            tempoOverride = doc.tempo();
            program = doc.program();
            loopFrom = doc.loopFrom();
            loopTo = doc.loopTo();
        }
        r = b.rack();
        mappings = table;
        mappingCommands = new HostMappingCommands(b.rack(), table, o);
    }

    private String sessionSummary() {
        return r.nodeNames().size() + " nodes, " + mappings.mappings().size() + " MIDI mappings, " + tracks.size()
                + " tracks, tempo "
                + (tempoOverride < 0 ? "from the files" : fmt(tempoOverride)) + ", loop "
                + (loopFrom == 0 ? "off" : "bars " + loopFrom + " to " + loopTo);
    }
}
