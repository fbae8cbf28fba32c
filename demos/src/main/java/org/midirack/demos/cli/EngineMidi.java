package org.midirack.demos.cli;

import org.midirack.core.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

import javax.sound.midi.Sequence;

import org.midirack.host.CycleListener;
import org.midirack.host.mapping.MidiMappingTable;
import org.midirack.host.midi.MidiClockIn;
import org.midirack.host.midi.MidiClockOut;
import org.midirack.host.midi.MidiInputRoute;
import org.midirack.host.midi.MidiInputSink;
import org.midirack.host.midi.MidiOutputRoute;
import org.midirack.host.midi.MidiPortDirection;
import org.midirack.host.midi.MidiPortInfo;
import org.midirack.host.midi.MidiPortScanner;
import org.midirack.host.midi.MidiPortWatcher;
import org.midirack.host.midi.MidiRouter;
import org.midirack.host.seq.MidiRecorder;
import org.midirack.host.seq.TempoMap;

/**
 * MIDI devices on an {@link Engine}: a MIDI input through a {@link MidiInputRoute} (constant
 * latency, no quantisation to the buffer) into the graph by channel, with MIDI mapping in front;
 * recording through a {@link MidiRecorder}; MIDI clock out ({@link MidiClockOut}) and in
 * ({@link MidiClockIn}, which drives the host's tempo, smoothed). The router is told every cycle
 * by the host ({@link CycleListener}).
 *
 * <p>Package API: {@link #attach}, {@link #openInput}, {@link #clockOut}, {@link #clockIn},
 * {@link #startRecording}, {@link #stopRecording}, {@link #recorded}, {@link #close}.
 */
final class EngineMidi implements CycleListener, AutoCloseable {
    private final Engine engine;
    private final MidiPortWatcher watcher;
    private final MidiRouter router;
    private final MidiRecorder recorder = new MidiRecorder(1 << 16, 1 << 16);
    private final List<MidiInputRoute> routes = new ArrayList<>();
    private volatile boolean recording;
    private volatile boolean songClock;
    private volatile long originFrame;
    private volatile MidiClockOut clockOut;
    private volatile MidiClockIn clockIn;
    private Thread clockFollower;
    private String inputName;
    // render thread
    private long cycleFrame;

    private EngineMidi(Engine engine) {
        this.engine = engine;
        this.watcher = new MidiPortWatcher(new MidiPortScanner());
        this.router = new MidiRouter(watcher, engine.sampleRate());
    }

    /**
     * MIDI for an engine: lists the ports and hooks the router into the engine's cycles.
     * @thread main
     */
    static EngineMidi attach(Engine engine) {
        EngineMidi m = new EngineMidi(engine);
        m.watcher.rescan();
        m.watcher.start(1000);
        engine.host().addCycleListener(m);
        return m;
    }

    /**
     * The port whose name equals (or else contains) {@code name}, case-insensitive; the first
     * input when {@code name} is null.
     * @throws CliError naming the request and the ports there are
     * @thread main
     */
    MidiPortInfo find(String name, MidiPortDirection direction) {
        List<MidiPortInfo> ports = new ArrayList<>();
        for (MidiPortInfo p : watcher.ports()) {
            if (p.direction() == direction) {
                ports.add(p);
            }
        }
        MidiPortInfo found = null;
        if (name == null) {
            found = ports.isEmpty() ? null : ports.get(0);
        } else {
            for (MidiPortInfo p : ports) {
                if (found == null && p.name().equalsIgnoreCase(name)) {
                    found = p;
                }
            }
            String n = name.toLowerCase(Locale.ROOT);
            for (MidiPortInfo p : ports) {
                if (found == null && p.name().toLowerCase(Locale.ROOT).contains(n)) {
                    found = p;
                }
            }
        }
        if (found == null) {
            String kind = direction == MidiPortDirection.INPUT ? "MIDI input" : "MIDI output";
            List<String> names = new ArrayList<>();
            for (MidiPortInfo p : ports) {
                names.add(p.name());
            }
            throw new CliError((name == null ? "no " + kind + " found" : "no " + kind + " named '" + name + "'")
                    + "; " + kind + "s: " + (names.isEmpty() ? "none" : String.join(", ", names))
                    + " (see 'midirack devices')");
        }
        return found;
    }

    /**
     * Routes a MIDI input into the graph (mapped controllers move parameters first when
     * {@code mappings} is given); what arrives is recorded while recording is on.
     * @return the port's name
     * @throws CliError when there is no such input or it cannot be opened
     * @thread main
     */
    String openInput(String name, MidiMappingTable mappings) {
        MidiPortInfo port = find(name, MidiPortDirection.INPUT);
        MidiInputSink toGraph = mappings == null ? engine::offerLive : mappings.inputSink(engine::offerLive);
        MidiInputSink sink = (offset, status, d1, d2) -> {
            if (recording) {
                recorder.record((songClock ? engine.position() : cycleFrame) + offset, status, d1, d2);
            }
            return toGraph.offer(offset, status, d1, d2);
        };
        MidiInputRoute route = router.addInput(port.id(), sink);
        if (!route.isBound()) {
            router.removeInput(route);
            throw new CliError("MIDI input '" + port.name() + "' cannot be opened"
                    + (router.bindErrors().isEmpty() ? "" : ": " + router.bindErrors().get(router.bindErrors().size() - 1)));
        }
        routes.add(route);
        inputName = port.name();
        return port.name();
    }

    /** The input's name, or null. @thread any */
    String inputName() {
        return inputName;
    }

    /**
     * Sends MIDI clock that follows the transport to an output port.
     * @throws CliError when there is no such output
     * @thread main
     */
    String clockOut(String name) {
        MidiPortInfo port = find(name, MidiPortDirection.OUTPUT);
        MidiOutputRoute out = router.addOutput(port.id());
        router.startSender(1000);
        clockOut = new MidiClockOut(out);
        return port.name();
    }

    /**
     * Follows MIDI clock from an input port: its tempo drives the host's, smoothed.
     * @throws CliError when there is no such input
     * @thread main
     */
    String clockIn(String name) {
        MidiPortInfo port = find(name, MidiPortDirection.INPUT);
        MidiClockIn in = new MidiClockIn();
        MidiInputRoute route = router.addInput(port.id(), (o, s, a, b) -> true);
        route.realtimeListener(in);
        routes.add(route);
        clockIn = in;
        Thread t = new Thread(() -> {
            long last = System.nanoTime();
            double applied = Double.NaN;
            while (!Thread.currentThread().isInterrupted()) {
                LockSupport.parkNanos(10_000_000L);
                long now = System.nanoTime();
                int frames = (int) Math.max(1, Math.round((now - last) / 1e9 * engine.sampleRate()));
                last = now;
                double bpm = in.smoothedTempo(frames);
                if (bpm == bpm && bpm >= 1 && bpm <= 1000 && !(Math.abs(bpm - applied) < 1e-4)) {
                    engine.host().setTempo(bpm);
                    applied = bpm;
                }
            }
        }, "midirack-clock-in");
        t.setDaemon(true);
        t.start();
        clockFollower = t;
        return port.name();
    }

    /** The clock being followed, or null. @thread any */
    MidiClockIn followedClock() {
        return clockIn;
    }

    /** The clock being sent, or null. @thread any */
    MidiClockOut sentClock() {
        return clockOut;
    }

    /**
     * Starts recording the input, afresh.
     * @param onSongTimeline true: stamp messages with the song frame (the demo host), false: with
     *                       the host's frames from now
     * @thread main
     */
    void startRecording(boolean onSongTimeline) {
        recorder.clear();
        songClock = onSongTimeline;
        originFrame = onSongTimeline ? 0 : engine.framesRendered();
        recording = true;
    }

    /** Stops recording. @return messages recorded @thread main */
    int stopRecording() {
        recording = false;
        return recorder.size();
    }

    /** @thread any */
    boolean recording() {
        return recording;
    }

    /**
     * The take as a sequence on a tempo map (a song's, or 120 BPM at {@value Engine#PPQ} PPQ).
     * @thread main (recording stopped)
     */
    Sequence recorded(TempoMap map) {
        return recorder.toSequence(map, originFrame);
    }

    /** An empty song's tempo map: 120 BPM at {@value Engine#PPQ} ticks per quarter. @thread any */
    static TempoMap tempoMap120(double sampleRate) {
        try {
            return new TempoMap(new Sequence(Sequence.PPQ, Engine.PPQ), Math.round(sampleRate));
        } catch (javax.sound.midi.InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Messages recorded so far. @thread any */
    int recordedCount() {
        return recorder.size();
    }

    /** @thread render */
    @Override
    public void cycleStart(Transport cycle) {
        if (engine.warming()) {
            return; // rendered faster than real time: no device clock, no input, no clock out
        }
        cycleFrame = cycle.samplePosition();
        router.beginCycle(System.nanoTime(), cycle.samplePosition(), cycle.frames());
        MidiClockOut c = clockOut;
        if (c != null) {
            c.process(cycle, cycle.samplePosition());
        }
    }

    /** Closes the ports. @thread main */
    @Override
    public void close() {
        if (clockFollower != null) {
            clockFollower.interrupt();
        }
        engine.host().removeCycleListener(this);
        router.close();
        watcher.close();
    }
}
