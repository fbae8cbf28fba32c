package org.midirack.demos.cli;

import org.midirack.core.Node;
import org.midirack.core.sync.HostSync;
import java.util.ArrayList;
import java.util.List;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

import org.midirack.host.Host;
import org.midirack.host.HostConfig;
import org.midirack.host.NodeError;
import org.midirack.host.SequenceSource;
import org.midirack.host.mapping.MidiMappingTable;
import org.midirack.host.midi.HostMidi;
import org.midirack.host.seq.SequencePlayer;
import org.midirack.host.seq.TempoMap;

/**
 * The command line's engine: builds an {@link Host} graph from the command options and plays a
 * song through it ({@link SequenceSource}); {@link Realtime} plays it in real time on an
 * {@code AudioSession}, {@link Jobs} offline into a WAV file, {@link EngineMidi} brings MIDI devices in
 * (constant-latency input, recording, clock). Every command, the demo host and
 * {@code MelodyRender} run on it; it renders nothing itself, the {@code Host} does. Its graph's
 * shape (the options' chain of nodes and links, or a graph built elsewhere) is an
 * {@link EngineGraph}, its song on the render thread an {@link EngineSong}, its figures an
 * {@link EngineStats}. It keeps no transport of its own: whether it plays is the host's
 * transport, with a start or stop it has just asked for shown at once ({@link #playing}).
 *
 * <h2>Package API</h2>
 * <ul>
 * <li>{@link #Engine} builds and activates (the options' chain, or a graph built elsewhere: the
 * demo host's, a session's); {@link #close} deactivates.</li>
 * <li>Graph: {@link #host}, {@link #graph} (nodes in signal order = slots, names, release tail),
 * {@link #sampleRate}, {@link #maxFrames}, {@link #offerLive},
 * {@link #newMappingTable} (targets are node numbers = slots).</li>
 * <li>Song: {@link #load} (any time; {@code load(song, slotOfTrack)} sends each track to a node of
 * its own or to the host's MIDI input; a song loaded while playing goes on from the current beat),
 * {@link #withProgram}, {@link #frameOfBeat}, {@link #tempoMap}, {@link #setLoop}, {@link #loop},
 * {@link #position} (the song frame); {@link #PPQ} for the sequences the command line builds.</li>
 * <li>Transport: {@link #setPlaying}, {@link #playing}, {@link #requestLocate}, {@link #setRecording},
 * {@link #beat}, {@link #tempo}, {@link #releaseAll}.</li>
 * <li>Offline: {@link #startFromTop} then {@link #skip} / {@link #render} / {@link #renderOffline};
 * {@link #renderSong} for {@code MelodyRender}; {@link #warmUp} before a real-time output (with
 * {@link #holdWhileWarming} the MIDI devices it must not reach).</li>
 * <li>Figures: {@link #statsLine}, {@link #resetStats}, {@link #maxLoad}, {@link #meanLoad},
 * {@link #framesRendered}, {@link #pollErrors}, {@link #describe}.</li>
 * </ul>
 */
public final class Engine implements AutoCloseable {
    /** Ticks per quarter of the sequences the command line builds. */
    static final int PPQ = 480;

    /** {@link #playRequest} when no start or stop is waiting to show. */
    private static final long NO_REQUEST = -1;

    private final Host host;
    private final double sampleRate;
    private final int maxFrames;
    private final EngineGraph graph;
    private final EngineSong song = new EngineSong();
    private final EngineStats meter;
    /**
     * The last start or stop this engine asked of the host, until the host's transport shows it:
     * the host's cycle count after asking, times 2, plus 1 for a start; or {@link #NO_REQUEST}.
     * One long, so a reader never sees the state of one request with the cycle of another.
     */
    private volatile long playRequest = NO_REQUEST;
    private volatile boolean started;
    private volatile HostMidi devices;
    private volatile double tempoSet = Double.NaN;
    private volatile long tempoSetAtCycle;

    /**
     * Builds the options' chain ({@link EngineGraph#chain}) and activates every node at this rate
     * and block size; the transport is stopped at the song's start.
     *
     * @param drums         the node for channel 10, or null to send channel 10 to the instrument
     * @param midiFx        MIDI effects in order, fed the channels in {@code fxChannelMask}
     * @param audioFx       audio effects in order
     * @param fxChannelMask bit c set: MIDI channel c+1 goes through {@code midiFx}
     * @throws CliError when a node cannot take its place or start
     * @thread main
     */
    Engine(double sampleRate, int maxFrames, Node instrument, Node drums, List<Node> midiFx, List<Node> audioFx,
           int fxChannelMask) {
        this.sampleRate = sampleRate;
        this.maxFrames = maxFrames;
        this.host = new Host(new HostConfig().maxNodes(Math.max(16, midiFx.size() + audioFx.size() + 2)));
        this.meter = new EngineStats(host, sampleRate);
        try {
            this.graph = EngineGraph.chain(host, instrument, drums, midiFx, audioFx, fxChannelMask);
            host.addCycleListener(meter);
            host.addEventSource(song);
            host.activate(sampleRate, maxFrames);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliError(e.getMessage(), e);
        }
    }

    /**
     * Runs a graph built elsewhere (the demo host's, a session's: see {@link HostGraph}): the song
     * and live input enter at the host's own MIDI input ({@link Host#BOUNDARY}), whose MIDI links
     * route them by channel, unless {@link #load(Sequence, int[])} gives a track a node of its own.
     * Activates the host when it is not active yet; the transport is stopped at the song's start.
     *
     * @throws CliError when a node cannot start
     * @thread main
     */
    Engine(Host host, double sampleRate, int maxFrames) {
        this.sampleRate = sampleRate;
        this.maxFrames = maxFrames;
        this.host = host;
        this.graph = EngineGraph.builtElsewhere(host);
        this.meter = new EngineStats(host, sampleRate);
        try {
            host.addCycleListener(meter);
            host.addEventSource(song);
            if (!host.isActive()) {
                host.activate(sampleRate, maxFrames);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliError(e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ graph

    /** The host the graph runs in. @thread any */
    Host host() {
        return host;
    }

    /** @thread any */
    double sampleRate() {
        return sampleRate;
    }

    /** @thread any */
    int maxFrames() {
        return maxFrames;
    }

    /** The graph's shape: its nodes in signal order, their names, its release tail. @thread any */
    EngineGraph graph() {
        return graph;
    }

    /** A MIDI mapping table whose node numbers are this graph's nodes. @thread main */
    MidiMappingTable newMappingTable() {
        return MidiMappingTable.forHost(host);
    }

    /**
     * Offers a live message at the host's MIDI input: the graph's channel links take it on (the
     * sink of a MIDI input route; offsets relative to the next cycle, no latency shift).
     * @thread any (lock-free, allocation-free)
     */
    boolean offerLive(int offset, int status, int d1, int d2) {
        return host.offer(Host.BOUNDARY, offset, status, d1, d2);
    }

    // ------------------------------------------------------------------ song

    /**
     * Loads a song (frame 0 = its start): it plays from the current beat at the next cycle, every
     * track into the host's MIDI input ({@link Host#BOUNDARY}, one destination).
     *
     * @param programOverride a program 0..127 for every channel but 10 instead of the song's own
     *                        program changes, or -1
     * @return the frame of the song's end (its length)
     * @thread main
     */
    long load(Sequence sequence, int programOverride) {
        Sequence s = programOverride >= 0 ? withProgram(sequence, programOverride) : sequence;
        int[] slots = new int[s.getTracks().length];
        java.util.Arrays.fill(slots, Host.BOUNDARY);
        return load(s, slots);
    }

    /**
     * Loads a song whose track t plays into the node at slot {@code slotOfTrack[t]}, or, for
     * {@link Host#BOUNDARY}, into the host's own MIDI input, routed by channel through the graph's
     * MIDI links (as {@link #load(Sequence, int)}, which sends every track there).
     *
     * @return the frame of the song's end (its length)
     * @throws IllegalArgumentException when the slots do not match the song's tracks
     * @thread main
     */
    long load(Sequence sequence, int[] slotOfTrack) {
        if (slotOfTrack.length != sequence.getTracks().length) {
            throw new IllegalArgumentException("the song has " + sequence.getTracks().length + " tracks but "
                    + slotOfTrack.length + " destinations were given");
        }
        List<Integer> distinct = new ArrayList<>();
        int[] destination = new int[slotOfTrack.length];
        for (int t = 0; t < slotOfTrack.length; t++) {
            int d = distinct.indexOf(slotOfTrack[t]);
            if (d < 0) {
                d = distinct.size();
                distinct.add(slotOfTrack[t]);
            }
            destination[t] = d;
        }
        if (distinct.isEmpty()) {
            distinct.add(Host.BOUNDARY);
        }
        TempoMap map = new TempoMap(sequence, Math.round(sampleRate));
        SequencePlayer player = new SequencePlayer(sequence, map, distinct.size(),
                (track, channel) -> track >= 0 && track < destination.length ? destination[track] : 0);
        SequenceSource src = new SequenceSource(player, distinct.stream().mapToInt(Integer::intValue).toArray());
        long[] loop = song.loopFrames;
        if (loop != null) {
            player.setLoopFrames(loop[0], loop[1]);
        }
        setTempo(clampTempo(map.tempoBpmAtFrame(Math.max(0, song.songFrame))));
        song.load(src, map);
        return player.endFrame();
    }

    private static double clampTempo(double bpm) {
        return Math.max(1, Math.min(1000, bpm));
    }

    /** The sequence with every program change but channel 10's replaced by one program at tick 0. */
    static Sequence withProgram(Sequence in, int program) {
        try {
            Sequence out = new Sequence(in.getDivisionType(), in.getResolution());
            for (Track t : in.getTracks()) {
                Track d = out.createTrack();
                for (int i = 0; i < t.size(); i++) {
                    MidiEvent e = t.get(i);
                    if (e.getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.PROGRAM_CHANGE
                            && m.getChannel() != 9) {
                        continue;
                    }
                    d.add(e);
                }
            }
            Track p = out.createTrack();
            for (int ch = 0; ch < 16; ch++) {
                if (ch != 9) {
                    p.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, ch, program, 0), 0));
                }
            }
            return out;
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException("program " + program + ": " + e.getMessage(), e);
        }
    }

    /** The frame at which a beat (quarter notes from the song start) falls in the loaded song. @thread any */
    long frameOfBeat(double beat) {
        TempoMap m = song.map;
        return m == null ? Math.round(beat * HostSync.framesPerBeat(120, sampleRate)) : m.frameOfBeat(beat);
    }

    /** Loops the song over [startFrame, endFrame), sample-exact; endFrame &lt;= startFrame: off. @thread any */
    void setLoop(long startFrame, long endFrame) {
        song.setLoop(endFrame <= startFrame ? null : new long[] {startFrame, endFrame});
    }

    /** Loop start and end frames, or -1 when off. @thread any */
    long[] loop() {
        long[] l = song.loopFrames;
        return l == null ? new long[] {-1, -1} : l.clone();
    }

    /** The loaded song's tempo map (an empty song's, 120 BPM, before a song is loaded). @thread any */
    TempoMap tempoMap() {
        TempoMap m = song.map;
        return m != null ? m : EngineMidi.tempoMap120(sampleRate);
    }

    /** The song frame the next cycle plays (loops and stops included). @thread any */
    long position() {
        return song.songFrame;
    }

    // ------------------------------------------------------------------ transport

    /**
     * Starts or stops the transport at the next cycle. The first start plays from a pre-roll of
     * the graph's latency, so the song's first notes are on their frames; stopping releases every
     * note (see {@link #releaseAll}).
     * @thread any (not render)
     */
    void setPlaying(boolean on) {
        if (on == playing()) {
            return;
        }
        if (on) {
            if (!started) {
                startFromTop();
            } else {
                host.transport().play();
                requested(true);
            }
        } else {
            host.transport().stop();
            requested(false);
            releaseAll();
        }
    }

    /**
     * Whether the transport plays: the host's ({@code host.transport().isPlaying()}), so a start or
     * stop that came from elsewhere (a followed MIDI clock, a node's remote request) shows here and
     * {@link #setPlaying} acts on it. A start or stop this engine has just asked for shows at once,
     * before the cycle that applies it: until the host has run the cycle after the one that may
     * have been running when it was asked.
     * @thread any
     */
    boolean playing() {
        long r = playRequest;
        if (r != NO_REQUEST && host.statistics().cycles() <= (r >> 1) + 1) {
            return (r & 1) != 0;
        }
        return host.transport().isPlaying();
    }

    /** Shows a start or stop just asked of the host until the host's transport shows it. */
    private void requested(boolean on) {
        playRequest = host.statistics().cycles() * 2 + (on ? 1 : 0);
    }

    /**
     * Plays from the song's start after a pre-roll of the graph's latency (nothing late): at
     * output frame {@code latency} the song's frame 0 sounds. Renders one frame first when the
     * graph has not run yet (so its latency is known).
     * @return the pre-roll in frames
     * @thread main (before a real-time output starts) or any with the output running
     */
    int startFromTop() {
        if (host.statistics().cycles() == 0) {
            host.render(new float[2][1], 1);
        }
        int latency = host.latencyFrames();
        TempoMap m = song.map;
        double bpm = clampTempo(m == null ? 120 : m.tempoBpmAtTick(0));
        setTempo(bpm);
        host.transport().playFrom(-latency / HostSync.framesPerBeat(bpm, sampleRate));
        started = true;
        requested(true);
        return latency;
    }

    /** Moves the song to a frame at the next cycle (its sounding notes are released). @thread any (not render) */
    void requestLocate(long frame) {
        TempoMap m = song.map;
        double beat = m == null ? frame / HostSync.framesPerBeat(120, sampleRate) : m.beatOfFrame(Math.max(0, frame));
        if (!started) {
            started = true;
        }
        song.songFrame = Math.max(0, frame);
        host.transport().locate(beat);
    }

    /** Sets the transport's recording flag. @thread any */
    void setRecording(boolean on) {
        host.transport().record(on);
    }

    /** Beat (quarter notes from the song start) at the song position. @thread any */
    double beat() {
        TempoMap m = song.map;
        return m == null ? host.transport().beat() : m.beatOfFrame(Math.max(0, position()));
    }

    /**
     * The tempo of the transport; a tempo the engine just set shows at once, before the cycle
     * that applies it.
     * @thread any
     */
    double tempo() {
        double t = tempoSet;
        // a cycle already running when the tempo was set applies it only in the cycle after: until
        // two cycles have ended since, the host's own tempo may still be the old one
        return t == t && host.statistics().cycles() <= tempoSetAtCycle + 1 ? t : host.transport().tempo();
    }

    private void setTempo(double bpm) {
        tempoSetAtCycle = host.statistics().cycles();
        tempoSet = bpm;
        host.transport().setTempo(bpm);
    }

    /**
     * Releases every sounding note of every node at its next cycle: sustain pedal off, All Notes
     * Off and All Sound Off on all 16 channels.
     * @thread any
     */
    void releaseAll() {
        host.allNotesOff();
        for (int slot : host.slots()) {
            if (host.node(slot).descriptor().midiIn()) {
                for (int ch = 0; ch < 16; ch++) {
                    host.offer(slot, 0, 0xB0 | ch, 64, 0);
                    host.offer(slot, 0, 0xB0 | ch, 123, 0);
                    host.offer(slot, 0, 0xB0 | ch, 120, 0);
                }
            }
        }
    }

    // ------------------------------------------------------------------ rendering (offline)

    /**
     * Renders {@code frames} frames into {@code out} (channels × frames) through the host, in
     * cycles of at most the block size. Acts as the render thread: no output may be running.
     * @thread main
     */
    void render(float[][] out, int frames) {
        host.render(out, frames);
    }

    /**
     * Renders the song offline from its start, latency-compensated: audio frame f carries song
     * frame f. Channels × frames.
     * @thread main
     */
    float[][] renderOffline(long frames) {
        if (frames > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too long to render into one array: " + frames + " frames");
        }
        skip(startFromTop());
        resetStats();
        return host.renderOffline((int) frames, maxFrames);
    }

    /** Renders and drops {@code frames} frames (the pre-roll). @thread main */
    void skip(long frames) {
        float[][] scratch = new float[2][maxFrames];
        while (frames > 0) {
            int n = (int) Math.min(maxFrames, frames);
            host.render(scratch, n);
            frames -= n;
        }
    }

    /**
     * Warms the render path before a real-time output starts: plays the song (and a four-note
     * chord every eighth of a second on channels 1 and 10, so every voice path runs) offline for
     * up to {@code maxCycles} cycles or {@code maxMillis}, so the classes are loaded and the hot
     * code compiled; then stops, reopens every Gervill-based node, resets every node and goes back to the
     * song's start, stopped: nothing the warm-up played sounds afterwards (no reverb, chorus or echo tail).
     * @thread main (no output running)
     */
    void warmUp(int maxCycles, long maxMillis) {
        HostMidi held = devices;
        if (held != null) {
            held.hold(true); // faster than real time: no device may hear it, no clock may steer it
        }
        skip(startFromTop());
        float[][] scratch = new float[2][maxFrames];
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        int chordEvery = Math.max(1, (int) (sampleRate / 8 / maxFrames));
        for (int c = 0; c < maxCycles && System.nanoTime() < deadline; c++) {
            if (c % chordEvery == 0) {
                for (int ch : new int[] {0, 9}) {
                    int on = (c / chordEvery) % 2 == 0 ? 0x90 : 0x80;
                    for (int k : new int[] {48, 52, 55, 60}) {
                        offerLive(c % maxFrames, on | ch, k + (ch == 9 ? -12 : 0), on == 0x90 ? 90 : 0);
                    }
                }
            }
            host.render(scratch, maxFrames);
        }
        host.transport().stop();
        releaseAll();
        host.render(scratch, maxFrames);
        host.render(scratch, maxFrames);
        reopenSynthesizers(); // before reset: the last cycle must not feed a delay line the old reverb's tail
        host.reset();
        host.transport().locate(0);
        host.render(scratch, maxFrames);
        playRequest = NO_REQUEST; // the host has run the stop: it shows stopped
        started = false;
        song.songFrame = 0;
        resetStats();
        if (held != null) {
            held.hold(false);
        }
    }

    /**
     * Gervill engines the instrument renders with: above 1 when an offline render spreads the song's channels
     * ({@code render --threads}, {@link OfflineGervill}); 1 for one engine or another instrument.
     * @thread main
     */
    int gervillEngines() {
        int n = 1;
        for (int slot : host.slots()) {
            if (host.node(slot) instanceof org.midirack.instruments.InstrumentGervill g) {
                n = Math.max(n, g.engineCount());
            }
        }
        return n;
    }

    /**
     * Voice connections the Gervill instrument leaves out for the song being rendered, because the song never
     * moves one of their inputs ({@link OfflineGervill}); 0 for real time or another instrument.
     * @thread main
     */
    int gervillSkippedConnections() {
        int n = 0;
        for (int slot : host.slots()) {
            if (host.node(slot) instanceof org.midirack.instruments.InstrumentGervill g) {
                n += g.skippedConnections();
            }
        }
        return n;
    }

    /**
     * Reopens every Gervill-based node, whose reverb and chorus keep a tail through {@link Host#reset}
     * (Gervill offers no way to empty them but a new synthesizer): after the warm-up the user hears
     * what a fresh engine plays, not the warm-up chords' reverb.
     */
    private void reopenSynthesizers() {
        for (int slot : host.slots()) {
            Node n = host.node(slot);
            if (n instanceof org.midirack.instruments.InstrumentGervill g) {
                g.reopen();
            } else if (n instanceof org.midirack.instruments.InstrumentDrumMachine d) {
                d.reopen();
            }
        }
    }

    /** The MIDI devices to hold off the warm-up ({@link HostMidi#hold}), or null. @thread main */
    void holdWhileWarming(HostMidi midi) {
        devices = midi;
    }

    /** The host's errors since the last call (each muted node once). @thread any (not render) */
    List<NodeError> pollErrors() {
        return host.pollErrors();
    }

    /** One line for stderr about a muted node. @thread any */
    static String describe(NodeError e) {
        return "midirack: node " + (e.slot() + 1) + " '" + e.nodeId() + "' " + e.reason()
                + (e.cause() != null && e.cause().getMessage() != null ? " (" + e.cause().getMessage() + ")" : "")
                + "; it is muted, the others play on";
    }

    /**
     * Renders a song offline through an instrument, latency-compensated (audio frame f carries
     * song frame f): the song's length plus {@code tailSeconds}, channels × frames. For
     * {@code org.midirack.demos.MelodyRender}.
     * @throws IllegalArgumentException when the render would not fit one array
     * @thread main
     */
    public static float[][] renderSong(Sequence sequence, Node instrument, double sampleRate, int buffer,
                                       double tailSeconds, int program) {
        try (Engine e = new Engine(sampleRate, buffer, instrument, null, List.of(), List.of(), 0)) {
            long length = e.load(sequence, program);
            return e.renderOffline(length + Math.round(tailSeconds * sampleRate));
        }
    }

    // ------------------------------------------------------------------ figures

    /** Starts the render-time and event figures afresh (after a warm-up or pre-roll). @thread main */
    void resetStats() {
        meter.reset();
    }

    /** A one-line summary of the render load and the event counters (offline: no output). @thread main */
    String statsLine(long underruns, long glitches) {
        return meter.line(underruns, 0, glitches);
    }

    /**
     * A one-line summary of the render load and the event counters ({@link EngineStats#line}).
     * @thread main
     */
    String statsLine(long underruns, long xruns, long glitches) {
        return meter.line(underruns, xruns, glitches);
    }

    /** Largest render time as a fraction of the cycle period. @thread any (racy) */
    double maxLoad() {
        return meter.maxLoad();
    }

    /** Mean render time as a fraction of the cycle period. @thread any (racy) */
    double meanLoad() {
        return meter.meanLoad();
    }

    /** Frames the host has rendered. @thread any */
    long framesRendered() {
        return host.statistics().frames();
    }

    /** Deactivates every node. @thread main (no render call running) */
    @Override
    public void close() {
        if (host.isActive()) {
            host.deactivate();
        }
    }
}
