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
import java.util.concurrent.locks.LockSupport;

import javax.sound.midi.Sequence;

import org.midirack.host.audio.AudioOutput;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputInfo;
import org.midirack.host.mapping.MidiMappingTable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code host}: the interactive demo host. Reads one command per line from stdin: the graph
 * (add and remove nodes, connect audio and MIDI, track destinations: {@link HostGraphCommands}),
 * a transport panel, sequencing (load tracks, loop, record, save), and the nodes' parameters with
 * MIDI mapping and learn ({@link HostMappingCommands}). The graph starts as the options' chain
 * (or a session's graph) and runs on an {@link Engine} built from it.
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

    @Option(names = "--clock-out", paramLabel = "DEVICE", description = "Send MIDI clock that follows the transport to this MIDI output.")
    String clockOutPort;

    @Option(names = "--clock-in", paramLabel = "DEVICE", description = "Follow MIDI clock from this MIDI input: it drives the tempo, smoothed.")
    String clockInPort;

    @Option(names = "--script", paramLabel = "FILE", description = "Run the commands in FILE ('-': standard input)"
            + " in order, with no prompt, and quit at its end; the first failing line stops it, naming the line"
            + " (exit 1: bad input, 2: not a command or bad usage). 'wait' holds the script while the song plays.")
    String script;

    @Option(names = "--interactive", description = "Read standard input as typed at the prompt even when it is not a"
            + " terminal (an error prints 'error: ...' and the next line runs). Without it, standard input that is"
            + " not a terminal (a pipe, a file) is a script, as with --script -.")
    boolean interactive;

    @Mixin
    EngineOptions rack;

    @Mixin
    SoundOptions sound;

    @Mixin
    LinkOptions linkOptions;
    private HostLinkCommands linkCommands;

    private final List<Sequence> tracks = new ArrayList<>();
    private final List<String> trackNames = new ArrayList<>();
    private double tempoOverride = -1;
    private int program = -1;
    private int loopFrom;
    private int loopTo;
    private NodeRegistry registry;
    private volatile Engine r;
    private volatile MidiMappingTable mappings;
    private HostMappingCommands mappingCommands;
    private volatile HostGraph graph;
    private HostGraphCommands graphCommands;
    private String outputKind;
    private AudioOutputInfo outputInfo;
    private Realtime running;
    private EngineMidi midi;
    private volatile boolean recordingOn;
    private PrintStream o;
    private long songFrames;
    /** The master stage in front of the running engine (--gain; counts what goes past full scale). */
    private org.midirack.host.audio.MasterGain master;
    /** What the masters of engines a loaded session replaced clipped: samples, peak. */
    private long clippedBefore;
    private float peakBefore;

    /** @thread main */
    @Override
    public Integer call() throws IOException {
        rack.validate(spec);
        linkOptions.validate(spec);
        sound.applyTo(spec, rack, sessionFile);
        if (output != null && !List.of("javasound", "jack", "null").contains(output)) {
            throw new ParameterException(spec.commandLine(), "--output must be javasound, jack or null, not '" + output + "'");
        }
        o = System.out;
        if (script != null && script.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--script needs a file ('-': standard input)");
        }
        List<String> scriptLines = script == null ? null : HostScript.read(script);
        // piped standard input is a script (streamed: each line runs as it arrives), unless --interactive
        boolean pipedScript = script == null && !interactive && !HostScript.stdinIsTerminal();
        NodeRegistry reg = NodeRegistry.load();
        registry = reg;
        SessionDocument startSession = sessionFile == null ? null : SessionDocument.readForCommand(spec, sessionFile, reg);
        List<Node> midiFx = new ArrayList<>();
        List<Node> audioFx = new ArrayList<>();
        Node drums = null;
        Node instrument = null;
        if (startSession == null) {
            try {
                EngineOptions.effects(reg, fx, midiFx, audioFx);
            } catch (CliError e) {
                throw new ParameterException(spec.commandLine(), "--fx: " + e.getMessage());
            }
            drums = EngineOptions.find(reg, "drum", NodeKind.INSTRUMENT);
            instrument = rack.createInstrument();
        }
        AudioOutput probe = Outputs.openOrNull(output, new AudioOutputConfig(rack.sampleRate, rack.buffer, 2), o);
        outputKind = Outputs.kindOf(probe);
        outputInfo = probe.info();
        probe.close();
        int buffer = Math.max(rack.buffer, outputInfo.bufferFrames());
        SessionDocument.Built built = startSession == null
                ? SessionDocument.chain(reg, instrument, drums, midiFx, audioFx, 0xFFFF, outputInfo.sampleRate(), buffer)
                : startSession.build(reg, outputInfo.sampleRate(), buffer);
        Engine first = built.engine();
        MidiMappingTable table;
        EngineMidi m;
        try {
            table = startSession == null ? first.newMappingTable() : SessionRun.mappings(startSession, built);
            m = attachMidi(first, table, in != null);
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
        adoptSession(startSession, built, table);
        midi = m;
        master = new org.midirack.host.audio.MasterGain(first.host(), sound.gain());
        running = Realtime.start(first, outputKind, outputInfo, System.err, master);
        Thread learner = startLearner();
        linkCommands = new HostLinkCommands(o, linkOptions, () -> r, () -> running.info());
        linkCommands.start();
        o.println("midirack host on " + running.info());
        if (sessionFile != null) {
            o.println("session " + sessionFile + ": " + sessionSummary());
        }
        o.println("nodes: " + graph.nodeList() + " (the graph: 'graph')");
        if (scriptLines == null && !pipedScript) {
            o.println("type 'help' for commands");
        }
        try {
            if (scriptLines != null) {
                return HostScript.run(script, scriptLines.iterator(), this::command, System.err);
            }
            if (pipedScript) {
                return HostScript.run("-", HostScript.stdinLines(), this::command, System.err);
            }
            repl();
        } finally {
            learner.interrupt();
            linkCommands.close();
            running.stop(System.err);
            midi.close();
            long clipped = clippedBefore + master.clippedSamples();
            if (clipped > 0) {
                System.err.println(SoundOptions.clipLine(clipped, Math.max(peakBefore, master.peak())));
            }
        }
        return 0;
    }

    /**
     * MIDI for an engine: the input (when there is one) through the mapping table into the graph,
     * and the clock ports. A missing input is an error only when one was asked for.
     */
    private EngineMidi attachMidi(Engine engine, MidiMappingTable table, boolean inputRequired) {
        EngineMidi m = EngineMidi.attach(engine);
        try {
            try {
                m.openInput(in, table);
            } catch (CliError e) {
                if (inputRequired) {
                    throw e;
                }
                if (midi == null) {
                    o.println("no MIDI input: recording is off (" + e.getMessage() + ")");
                }
            }
            if (clockOutPort != null) {
                m.clockOut(clockOutPort);
            }
            if (clockInPort != null) {
                m.clockIn(clockInPort);
            }
            return m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** Binds what learning captured (allocates, so not on the render thread), every 20 ms. */
    private Thread startLearner() {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                MidiMappingTable table = mappings;
                if (table != null) {
                    table.completeLearn();
                }
                LockSupport.parkNanos(20_000_000L);
            }
        }, "midirack-learn");
        t.setDaemon(true);
        t.start();
        return t;
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
                      tracks                the loaded tracks
                      load FILE             add a .mid/.midi file or melody script as tracks
                      play | stop           start / stop the transport
                      rewind                back to bar 1
                      tempo BPM             play every track at this tempo (tempo off: the files' own)
                      loop BAR1 BAR2        loop from the start of BAR1 to the start of BAR2 (loop off)
                      record                start / stop recording the MIDI input into a new track
                      save FILE.mid         write all tracks as a Standard MIDI File
                      session save FILE     write the whole session: the graph (nodes, parameters,
                                            connections), MIDI mappings, tracks, tempo, loop
                      session load FILE     replace the session with a saved one (checked first: a bad
                                            file changes nothing); the transport stops at bar 1
                      status                the transport panel
                      wait                  until the song ends (wait N s: seconds, wait N bars)
                    """ + HostGraphCommands.HELP + HostMappingCommands.HELP + HostLinkCommands.HELP + "  quit");
            case "nodes", "add", "remove", "rename", "connect", "disconnect", "graph", "track" -> graphCommands.run(w);
            case "transport" -> {
                graphCommands.run(w);
                linkCommands.transport();
            }
            case "link" -> linkCommands.run(w);
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
                Sequence loaded = Inputs.load(p);
                synchronized (this) {
                    tracks.add(loaded);
                    trackNames.add(p.toString());
                    graph.trackAdded();
                }
                reload();
                o.println("loaded " + p + " as track " + tracks.size());
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
                    double t = number(w[1], "tempo");
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
                    int a = bar(w[1]);
                    int b = bar(w[2]);
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
            case "wait" -> o.println(HostScript.waitFor(w, r, songFrames));
            case "quit", "exit", "q" -> {
                return false;
            }
            default -> throw HostScript.unknownCommand(w[0]);
        }
        return true;
    }

    private static void need(String[] w, int n, String usage) {
        if (w.length < n) {
            throw new HostScript.UsageError("usage: " + usage);
        }
    }

    private static double number(String word, String what) {
        try {
            return Double.parseDouble(word);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + ": '" + word + "' is not a number");
        }
    }

    private static int bar(String word) {
        if (!word.matches("[0-9]{1,6}")) {
            throw new IllegalArgumentException("loop: '" + word + "' is not a bar number (1, 2, ...)");
        }
        return Integer.parseInt(word);
    }

    private void toggleRecord() {
        synchronized (this) {
            if (!recordingOn) {
                if (midi.inputName() == null) {
                    throw new CliError("record: there is no MIDI input to record from (see 'midirack devices';"
                            + " choose one with --in NAME)");
                }
                midi.startRecording(true);
                recordingOn = true;
                r.setRecording(true);
                o.println("recording");
            } else {
                recordingOn = false;
                r.setRecording(false);
                int n = midi.stopRecording();
                tracks.add(midi.recorded(r.tempoMap()));
                trackNames.add("recording " + tracks.size());
                graph.trackAdded();
                reload();
                o.println("recorded " + n + " events");
            }
        }
    }

    /** Plays the tracks (each into its destination), with the tempo and program overrides. */
    private synchronized void reload() {
        songFrames = SessionSong.play(r, graph, tracks, tempoOverride, program);
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
        return SessionSong.combine(tracks, tempoOverride);
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
                r.playing() ? "transport: playing" : "transport: stopped", recordingOn ? "| (*) rec" : "| rec off",
                fmt(r.tempo()), loop[1] < 0 ? "off" : "on", position(), r.maxLoad(), r.meanLoad(),
                running.session().underruns());
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
                o.println("nodes: " + graph.nodeList() + " (the graph: 'graph')");
            }
            default -> throw new IllegalArgumentException("usage: session save FILE | session load FILE");
        }
    }

    /** The running session as a document. */
    private synchronized SessionDocument captureSession() {
        return SessionDocument.capture(graph, program, tracks, trackNames, tempoOverride, loopFrom, loopTo,
                mappings.mappings());
    }

    /**
     * Reads and checks the whole file, builds and starts a new rack from it, and only then swaps
     * it in for the running one: any failure before the swap leaves the running session as it was.
     */
    private void loadSession(Path file) {
        SessionRun.Prepared p = SessionRun.prepare(file, registry, r, recordingOn);
        SessionDocument doc = p.doc();
        SessionDocument.Built b = p.built();
        Engine next = b.engine();
        MidiMappingTable table = p.mappings();
        MidiMappingTable oldMappings = mappings;
        running.stop(System.err);
        midi.close();
        EngineMidi m;
        try {
            m = attachMidi(next, table, false);
        } catch (RuntimeException e) {
            next.close();
            throw new CliError("cannot attach MIDI to the loaded session: " + e.getMessage(), e);
        }
        midi = m;
        adoptSession(doc, b, table);
        oldMappings.cancelLearn();
        clippedBefore += master.clippedSamples();
        peakBefore = Math.max(peakBefore, master.peak());
        master = new org.midirack.host.audio.MasterGain(next.host(), sound.gain());
        running = Realtime.start(next, outputKind, outputInfo, System.err, master);
        linkCommands.engineReplaced();
    }

    /**
     * Makes a built session the running one (its engine is about to become the output's
     * renderer); {@code doc} null: the options' graph, with their program.
     */
    private void adoptSession(SessionDocument doc, SessionDocument.Built b, MidiMappingTable table) {
        synchronized (this) {
            tracks.clear();
            tracks.addAll(b.tracks());
            trackNames.clear();
            trackNames.addAll(b.trackNames());
            tempoOverride = doc == null ? -1 : doc.tempo();
            program = doc == null ? rack.programOrNone() : doc.program();
            loopFrom = doc == null ? 0 : doc.loopFrom();
            loopTo = doc == null ? 0 : doc.loopTo();
        }
        r = b.engine();
        songFrames = b.lengthFrames();
        graph = b.graph();
        mappings = table;
        mappingCommands = new HostMappingCommands(b.graph(), table, o);
        graphCommands = new HostGraphCommands(b.graph(), graphSession, o);
    }

    /** What the graph commands need from the host around them. */
    private final HostGraphCommands.Session graphSession = new HostGraphCommands.Session() {
        @Override
        public List<String> trackNames() {
            synchronized (HostCommand.this) {
                return List.copyOf(trackNames);
            }
        }

        @Override
        public void tracksRouted() {
            reload();
        }

        @Override
        public int nodeRemoved(int slot) {
            return mappings.removeNode(slot);
        }

        @Override
        public String loopText() {
            return loopFrom == 0 ? "off" : "bars " + loopFrom + " to " + loopTo;
        }
    };

    private String sessionSummary() {
        return graph.host().slots().length + " nodes, " + mappings.mappings().size() + " MIDI mappings, " + tracks.size()
                + " tracks, tempo "
                + (tempoOverride < 0 ? "from the files" : fmt(tempoOverride)) + ", loop "
                + (loopFrom == 0 ? "off" : "bars " + loopFrom + " to " + loopTo);
    }
}
