package org.midirack.demos.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.sound.midi.Sequence;

import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.hosting.NodeRegistry;
import org.midirack.host.Host;
import org.midirack.host.audio.AudioOutput;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputInfo;
import org.midirack.host.audio.AudioSession;
import org.midirack.host.mapping.MidiMappingTable;

/**
 * The demo host's session as an object a front end other than the terminal drives (the window of
 * {@code midirack gui}): the same {@link HostGraph}, {@link Engine}, {@link SessionDocument},
 * {@link SessionSong} and {@link Realtime} the {@code host} command runs on, with the state the
 * {@code host} command keeps around them (tracks, tempo and loop, program, MIDI mappings). Nodes
 * are named by slot here, not by words. Every method that can fail throws an
 * {@link IllegalArgumentException} or {@link CliError} with a one-line message and changes nothing.
 */
public final class DemoHostSession implements AutoCloseable {
    private final NodeRegistry registry;
    private final String outputKind;
    private final AudioOutputInfo outputInfo;
    private final List<Sequence> tracks = new ArrayList<>();
    private final List<String> trackNames = new ArrayList<>();
    private double tempoOverride = -1;
    private int program = -1;
    private int loopFrom;
    private int loopTo;
    private volatile Engine engine;
    private volatile HostGraph graph;
    private volatile MidiMappingTable mappings;
    private volatile Realtime running;
    private EngineMidi midi;
    private boolean recordingOn;
    private long songFrames;
    private String inputName;
    private boolean inputOff;
    private final java.util.concurrent.ConcurrentLinkedQueue<String> messages = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The engine's reports (a node muted for a fault) go to the window, not to a terminal. */
    private final PrintStream report = new PrintStream(new java.io.OutputStream() {
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                messages.add(line.toString(java.nio.charset.StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }, true, java.nio.charset.StandardCharsets.UTF_8);

    private DemoHostSession(NodeRegistry registry, String outputKind, AudioOutputInfo info) {
        this.registry = registry;
        this.outputKind = outputKind;
        this.outputInfo = info;
    }

    /**
     * Starts a session on an audio output, from a saved session file or, with {@code file} null,
     * from {@code startTypes} (node types added in order, not connected), playing in real time.
     *
     * @param output "javasound", "jack", "null", or null for the default (Java Sound, then JACK,
     *               else the null output, which is said on {@code err})
     * @throws CliError when the session file or a node cannot be used
     * @thread main
     */
    public static DemoHostSession start(Path file, List<String> startTypes, String output, double sampleRate,
                                        int buffer, PrintStream err) {
        return start(file, startTypes, output, null, sampleRate, buffer, err);
    }

    /**
     * As {@link #start(Path, List, String, double, int, PrintStream)}, with the MIDI input to play
     * and record from: (part of) its name, or null for the first there is (none: recording is off).
     * @throws CliError when a named input is not there
     * @thread main
     */
    public static DemoHostSession start(Path file, List<String> startTypes, String output, String midiIn,
                                        double sampleRate, int buffer, PrintStream err) {
        NodeRegistry reg = NodeRegistry.load();
        SessionDocument doc = file == null ? null : SessionDocument.read(file, reg);
        AudioOutput probe = Outputs.openOrNull(output, new AudioOutputConfig(sampleRate, buffer, 2), err);
        DemoHostSession s = new DemoHostSession(reg, Outputs.kindOf(probe), probe.info());
        s.inputName = midiIn;
        probe.close();
        int frames = Math.max(buffer, s.outputInfo.bufferFrames());
        SessionDocument.Built b;
        if (doc != null) {
            b = doc.build(reg, s.outputInfo.sampleRate(), frames);
        } else {
            b = new SessionDocument(-1, -1, 0, 0, List.of(), List.of(), List.of(), List.of(), List.of())
                    .build(reg, s.outputInfo.sampleRate(), frames);
            for (String t : startTypes) {
                b.graph().add(t, null);
            }
        }
        MidiMappingTable table;
        try {
            table = doc == null ? b.engine().newMappingTable() : SessionRun.mappings(doc, b);
        } catch (RuntimeException e) {
            b.engine().close();
            throw e;
        }
        s.adopt(doc, b, table);
        try {
            s.midi = s.attachMidi(b.engine(), table);
        } catch (RuntimeException e) {
            b.engine().close();
            throw e;
        }
        s.running = Realtime.start(b.engine(), s.outputKind, s.outputInfo, s.report);
        return s;
    }

    private EngineMidi attachMidi(Engine e, MidiMappingTable table) {
        EngineMidi m = EngineMidi.attach(e);
        if (inputOff) {
            return m;
        }
        try {
            m.openInput(inputName, table);
        } catch (CliError noInput) {
            if (inputName != null) {
                m.close();
                throw noInput;
            }
            // no MIDI input: the window says so, recording is off
        }
        return m;
    }

    private synchronized void adopt(SessionDocument doc, SessionDocument.Built b, MidiMappingTable table) {
        tracks.clear();
        tracks.addAll(b.tracks());
        trackNames.clear();
        trackNames.addAll(b.trackNames());
        tempoOverride = doc == null ? -1 : doc.tempo();
        program = doc == null ? -1 : doc.program();
        loopFrom = doc == null ? 0 : doc.loopFrom();
        loopTo = doc == null ? 0 : doc.loopTo();
        engine = b.engine();
        graph = b.graph();
        mappings = table;
        songFrames = b.lengthFrames();
    }

    // ------------------------------------------------------------------ graph

    /** The host the graph runs in (queries: slots, links, nodes, transport, statistics). @thread any */
    public Host host() {
        return engine.host();
    }

    /** The installed node types. @thread any */
    public List<NodeDescriptor> types() {
        return registry.list();
    }

    /** A node's name, {@code in} for {@link Host#BOUNDARY}. @thread main */
    public String name(int slot) {
        return graph.name(slot);
    }

    /**
     * Adds a node of a type (its id, or a part of one id, as {@code add} takes it).
     * @return its slot
     * @thread main
     */
    public int add(String type) {
        return graph.add(type, null);
    }

    /** Removes a node with its connections and mappings; its tracks play into {@code in}. @thread main */
    public void remove(int slot) {
        boolean routed = false;
        for (int i = 0; i < graph.trackCount(); i++) {
            routed |= graph.trackDestination(i) == slot;
        }
        graph.remove(Integer.toString(slot + 1));
        mappings.removeNode(slot);
        if (routed) {
            reload();
        }
    }

    /** Connects audio (ports from 0; {@code dst} {@link Host#BOUNDARY}: the output). @thread main */
    public void connectAudio(int src, int srcPort, int dst, int dstPort, double gain) {
        graph.connectAudio(new HostGraph.End(src, srcPort), new HostGraph.End(dst, dstPort), gain);
    }

    /** @thread main */
    public void disconnectAudio(int src, int srcPort, int dst, int dstPort) {
        graph.disconnectAudio(new HostGraph.End(src, srcPort), new HostGraph.End(dst, dstPort));
    }

    /**
     * Connects MIDI from a node or {@code in} ({@link Host#BOUNDARY}) to a node.
     * @param channels a channel list as {@code connect midi} takes it ({@code 1-9,11-16}), or null for all 16
     * @param remap -1 keeps the channel, 0..15 moves every channel message to it
     * @thread main
     */
    public void connectMidi(int src, int dst, String channels, int remap) {
        int mask = channels == null || channels.isBlank() ? HostGraph.ALL_CHANNELS : MidiChannels.parseChannels(channels);
        graph.connectMidi(src, dst, mask, remap);
    }

    /** @thread main */
    public void disconnectMidi(int src, int dst) {
        graph.disconnectMidi(src, dst);
    }

    /** "1-9,11-16" for a channel mask. @thread any */
    public static String channelsText(int mask) {
        return MidiChannels.channelsText(mask);
    }

    /** The MIDI mappings and learn. @thread any */
    public MidiMappingTable mappings() {
        return mappings;
    }

    // ------------------------------------------------------------------ tracks

    /** @thread main */
    public synchronized List<String> trackNames() {
        return List.copyOf(trackNames);
    }

    /** A loaded track's sequence (at its own resolution). @thread main */
    public synchronized Sequence track(int i) {
        return tracks.get(i);
    }

    /** Where track i plays: a slot or {@link Host#BOUNDARY} ({@code in}). @thread main */
    public synchronized int trackDestination(int i) {
        return graph.trackDestination(i);
    }

    /** Sends track i into a node, or {@link Host#BOUNDARY} for {@code in}. @thread main */
    public void setTrackDestination(int i, int slot) {
        synchronized (this) {
            graph.setTrackDestination(i, slot);
        }
        reload();
    }

    /**
     * Loads a Standard MIDI File or melody script as a new track.
     * @return its index
     * @thread main
     */
    public int load(Path file) {
        Sequence s = Inputs.load(file);
        int i;
        synchronized (this) {
            tracks.add(s);
            trackNames.add(file.getFileName().toString());
            graph.trackAdded();
            i = tracks.size() - 1;
        }
        reload();
        return i;
    }

    /** Writes every track as one Standard MIDI File. @thread main */
    public synchronized void saveTracks(Path file) {
        ConvertCommand.writeMidi(SessionSong.combine(tracks, tempoOverride), file);
    }

    private synchronized void reload() {
        songFrames = SessionSong.play(engine, graph, tracks, tempoOverride, program);
    }

    // ------------------------------------------------------------------ transport

    /** Starts or stops the transport (a stop releases every note). @thread any (not render) */
    public void setPlaying(boolean on) {
        engine.setPlaying(on);
    }

    /** Whether the transport plays (a start just asked for shows at once). @thread any */
    public boolean playing() {
        return engine.playing();
    }

    /** Back to the song's start. @thread any (not render) */
    public void rewind() {
        engine.requestLocate(0);
    }

    /** The song's beat (quarter notes from its start), for a play position. @thread any */
    public double songBeat() {
        return engine.beat();
    }

    /** Seconds into the song (its frame at the engine's sample rate; loops and locates included). @thread any */
    public double songSeconds() {
        Engine e = engine;
        return e.position() / e.sampleRate();
    }

    /**
     * The render thread's largest and mean time per cycle as a fraction of the cycle's period,
     * counted since the output started (the warm-up left out). @thread any (racy)
     */
    public double[] load() {
        Engine e = engine;
        return new double[] {e.maxLoad(), e.meanLoad()};
    }

    /**
     * Every track at this tempo, or the files' own with {@code bpm} &lt;= 0.
     * @throws IllegalArgumentException outside 10..999 BPM
     * @thread main
     */
    public void setTempo(double bpm) {
        if (bpm > 0 && !(bpm >= 10 && bpm <= 999)) {
            throw new IllegalArgumentException("tempo must be 10-999 BPM, not " + bpm);
        }
        double beat = engine.beat();
        synchronized (this) {
            tempoOverride = bpm > 0 ? bpm : -1;
        }
        reload();
        applyLoop();
        engine.requestLocate(engine.frameOfBeat(beat));
    }

    /** The tempo override, or -1 for the files' own. @thread main */
    public synchronized double tempoOverride() {
        return tempoOverride;
    }

    /**
     * Loops from the start of bar {@code from} to the start of bar {@code to} (4/4 bars, as
     * {@code loop} counts them); {@code from} 0: off.
     * @throws IllegalArgumentException unless 1 &lt;= from &lt; to
     * @thread main
     */
    public void setLoop(int from, int to) {
        if (from != 0 && (from < 1 || to <= from)) {
            throw new IllegalArgumentException("loop needs 1 <= BAR1 < BAR2, not " + from + " " + to);
        }
        synchronized (this) {
            loopFrom = from;
            loopTo = from == 0 ? 0 : to;
        }
        applyLoop();
    }

    /** {from, to} bars of the loop, {0, 0} when off. @thread main */
    public synchronized int[] loopBars() {
        return new int[] {loopFrom, loopTo};
    }

    private synchronized void applyLoop() {
        if (loopFrom > 0) {
            engine.setLoop(engine.frameOfBeat((loopFrom - 1) * 4.0), engine.frameOfBeat((loopTo - 1) * 4.0));
        } else {
            engine.setLoop(0, 0);
        }
    }

    /** Whether the MIDI input is being recorded. @thread any */
    public synchronized boolean recording() {
        return recordingOn;
    }

    /** The MIDI input recorded from, or null when there is none. @thread main */
    public synchronized String midiInput() {
        return midi.inputName();
    }

    /** The MIDI input ports there are now (rescanned), as {@code midirack devices} lists them. @thread main */
    public synchronized List<String> midiInputs() {
        return midi.inputNames();
    }

    /**
     * Plays and records from another MIDI input (its name, as {@link #midiInputs} gives it), or
     * from none with {@code name} null; a session loaded later keeps the choice. The old input is
     * detached first (its held notes released); when the new one cannot be opened, there is none
     * and the error says why.
     * @throws CliError when no such input can be opened, or while recording
     * @thread main
     */
    public synchronized void setMidiInput(String name) {
        if (recordingOn) {
            throw new CliError("recording: stop it before changing the MIDI input");
        }
        midi.closeInput();
        inputOff = name == null;
        inputName = name;
        if (name != null) {
            try {
                midi.openInput(name, mappings);
            } catch (CliError e) {
                inputOff = true;
                inputName = null;
                throw e;
            }
        }
    }

    /**
     * Starts or stops recording the MIDI input into a new track.
     * @return whether it records now
     * @throws CliError when there is no MIDI input
     * @thread main
     */
    public boolean toggleRecord() {
        synchronized (this) {
            if (!recordingOn) {
                if (midi.inputName() == null) {
                    throw new CliError("record: there is no MIDI input to record from");
                }
                midi.startRecording(true);
                recordingOn = true;
                engine.setRecording(true);
                return true;
            }
            recordingOn = false;
            engine.setRecording(false);
            midi.stopRecording();
            tracks.add(midi.recorded(engine.tempoMap()));
            trackNames.add("recording " + tracks.size());
            graph.trackAdded();
        }
        reload();
        return false;
    }

    // ------------------------------------------------------------------ output

    /** The output session: underruns, device losses and resumes, what it plays on. @thread any */
    public AudioSession audio() {
        return running.session();
    }

    /** "javasound", "jack" or "null". @thread any */
    public String outputKind() {
        return outputKind;
    }

    // ------------------------------------------------------------------ sessions

    /** Writes the whole session (atomically), in the command line's format. @thread main */
    public synchronized void saveSession(Path file) {
        SessionDocument.capture(graph, program, tracks, trackNames, tempoOverride, loopFrom, loopTo,
                mappings.mappings()).write(file);
    }

    /**
     * Replaces the session with a saved one, checked and built first: a bad file changes nothing.
     * @thread main
     */
    public void loadSession(Path file) {
        SessionRun.Prepared next = SessionRun.prepare(file, registry, engine, recording());
        mappings.cancelLearn();
        running.stop(report);
        midi.close();
        midi = attachMidi(next.built().engine(), next.mappings());
        adopt(next.doc(), next.built(), next.mappings());
        running = Realtime.start(next.built().engine(), outputKind, outputInfo, report);
    }

    /**
     * The engine's messages since the last call, one line each: a node muted for a fault
     * ({@code midirack: node 2 'test.fault-throw' threw ...; it is muted, the others play on}).
     * @thread any
     */
    public List<String> pollMessages() {
        List<String> out = new ArrayList<>();
        for (String m; (m = messages.poll()) != null; ) {
            out.add(m);
        }
        return out;
    }

    /** Names of node types as {@code add} takes them. @thread any */
    public static String shortId(String id) {
        return HostGraph.shortId(id);
    }

    /** The node at a slot. @thread any */
    public Node node(int slot) {
        return engine.host().node(slot);
    }

    /** Stops (every note released), closes the output and the MIDI devices. @thread main */
    @Override
    public void close() {
        mappings.cancelLearn();
        running.stop(report);
        midi.close();
    }
}
