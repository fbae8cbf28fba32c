package org.midirack.demos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sound.midi.Sequence;

import org.midirack.host.mapping.MidiMappingTable;
import org.midirack.host.midi.HostMidi;
import org.midirack.host.midi.MidiClockIn;
import org.midirack.host.midi.MidiClockOut;
import org.midirack.host.midi.MidiInputRoute;
import org.midirack.host.midi.MidiInputSink;
import org.midirack.host.midi.MidiPortDirection;
import org.midirack.host.midi.MidiPortInfo;
import org.midirack.host.midi.MidiPortScanner;
import org.midirack.host.midi.MidiPortWatcher;
import org.midirack.host.midi.MidiRouter;
import org.midirack.host.seq.MidiRecorder;
import org.midirack.host.seq.TempoMap;

/**
 * MIDI devices on an {@link Engine}, through the host's {@link HostMidi}: a MIDI input (constant
 * latency, no quantisation to the buffer) into the graph by channel, with MIDI mapping in front;
 * recording through a {@link MidiRecorder}; MIDI clock out ({@link MidiClockOut}) and in
 * ({@link MidiClockIn}: the host follows its tempo, smoothed, on the render thread, and its Start,
 * Continue and Stop). The engine holds the devices off its warm-up.
 *
 * <p>Package API: {@link #attach}, {@link #openInput}, {@link #clockOut}, {@link #clockIn},
 * {@link #startRecording}, {@link #stopRecording}, {@link #recorded}, {@link #close}.
 */
final class EngineMidi implements AutoCloseable {
    /** Channel messages on the clock port: dropped (notes come in through the input, mapped). */
    private static final MidiInputSink CLOCK_PORT_CHANNEL_MESSAGES = (offset, status, d1, d2) -> true;

    private final Engine engine;
    private final MidiPortWatcher watcher;
    private final MidiRouter router;
    private final HostMidi midi;
    private final MidiRecorder recorder = new MidiRecorder(1 << 16, 1 << 16);
    private volatile boolean recording;
    private volatile boolean songClock;
    private volatile long originFrame;
    private volatile MidiClockOut clockOut;
    private volatile MidiClockIn clockIn;
    private String inputName;
    private MidiInputRoute inputRoute;

    private EngineMidi(Engine engine, MidiPortWatcher watcher) {
        this.engine = engine;
        this.watcher = watcher;
        this.router = new MidiRouter(watcher, engine.sampleRate());
        this.midi = HostMidi.attach(engine.host(), router);
    }

    /**
     * MIDI for an engine: lists the ports and hooks the devices into the engine's cycles.
     * @thread main
     */
    static EngineMidi attach(Engine engine) {
        MidiPortWatcher watcher = new MidiPortWatcher(new MidiPortScanner());
        watcher.rescan();
        watcher.start(1000);
        EngineMidi m = new EngineMidi(engine, watcher);
        engine.holdWhileWarming(m.midi);
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
                recorder.record((songClock ? engine.position() : midi.cycleFrame()) + offset, status, d1, d2);
            }
            return toGraph.offer(offset, status, d1, d2);
        };
        MidiInputRoute route = midi.input(port.id(), sink);
        if (!route.isBound()) {
            router.removeInput(route);
            throw new CliError("MIDI input '" + port.name() + "' cannot be opened"
                    + (router.bindErrors().isEmpty() ? "" : ": " + router.bindErrors().get(router.bindErrors().size() - 1)));
        }
        inputRoute = route;
        inputName = port.name();
        return port.name();
    }

    /**
     * Detaches the input {@link #openInput} routed (its held notes are released in the next
     * cycle); nothing when there is none.
     * @thread main
     */
    void closeInput() {
        if (inputRoute != null) {
            router.removeInput(inputRoute);
            inputRoute = null;
            inputName = null;
        }
    }

    /** The names of the MIDI input ports there are now (rescanned), as {@code devices} lists them. @thread main */
    List<String> inputNames() {
        List<String> names = new ArrayList<>();
        for (MidiPortInfo p : watcher.rescan()) {
            if (p.direction() == MidiPortDirection.INPUT) {
                names.add(p.name());
            }
        }
        return names;
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
        clockOut = midi.clockOut(port.id());
        return port.name();
    }

    /**
     * Follows MIDI clock from an input port: the host follows its tempo (smoothed, on the render
     * thread) and plays and stops with its Start, Continue and Stop. Notes on that port are not
     * played (they come in through {@link #openInput}, mapped).
     * @throws CliError when there is no such input
     * @thread main
     */
    String clockIn(String name) {
        MidiPortInfo port = find(name, MidiPortDirection.INPUT);
        clockIn = midi.clockIn(port.id(), CLOCK_PORT_CHANNEL_MESSAGES);
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

    /**
     * The sink of a JACK MIDI input ({@code live --input jack:PORT}): each event enters the host's MIDI
     * input at its frame of the JACK cycle and, while recording, is recorded at the host frame where that
     * cycle starts plus that frame, so the take keeps the frames JACK gave (no device time map).
     *
     * @return the sink, called in JACK's process callback before the host renders the cycle
     * @thread main
     */
    MidiInputSink jackInput() {
        return (offset, status, d1, d2) -> {
            if (recording) {
                recorder.record(engine.framesRendered() + offset, status, d1, d2);
            }
            return engine.offerLive(offset, status, d1, d2);
        };
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

    /** Closes the ports. @thread main */
    @Override
    public void close() {
        engine.holdWhileWarming(null);
        midi.close();
        router.close();
        watcher.close();
    }
}
