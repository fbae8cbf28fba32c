package org.midirack.host.midi;

import org.midirack.core.Transport;
import org.midirack.host.CycleListener;
import org.midirack.host.Host;
import org.midirack.host.transport.ClockFollower;

/**
 * A host's MIDI devices in one place, for a front end: attach it once, then route live input to a
 * node or to the host's own MIDI input (channel-routed by the graph's links from
 * {@link Host#BOUNDARY}), send MIDI clock from the host's transport, follow MIDI clock with the
 * host's tempo. Each cycle, before any node runs, it starts the {@link MidiRouter}'s cycle (inputs
 * dispatched at their constant-latency frames) and lets every clock out emit that cycle's clock
 * messages; a sender thread hands output to the devices on time.
 *
 * <p>The clock out follows the transport the nodes hear; to line it up with the sound at the
 * speakers, delay its route by the host's and the output's latency
 * ({@link MidiOutputRoute#delayFrames(int)}).
 */
public final class HostMidi implements CycleListener, AutoCloseable {
    /** Period of the sender thread that hands due output to the devices, in microseconds. */
    public static final long SENDER_PERIOD_MICROS = 250;

    private final Host host;
    private final MidiRouter router;
    private final Object lock = new Object();
    private volatile MidiClockOut[] clocksOut = new MidiClockOut[0];
    private volatile boolean held;
    // render thread
    private long cycleFrame;

    private HostMidi(Host host, MidiRouter router) {
        this.host = host;
        this.router = router;
    }

    /**
     * Drives {@code router} from {@code host}'s cycles from the next cycle on, and starts its sender.
     * @throws IllegalArgumentException when either is null
     * @thread main
     */
    public static HostMidi attach(Host host, MidiRouter router) {
        if (host == null || router == null) {
            throw new IllegalArgumentException("HostMidi.attach needs a host and a router, was " + host + ", " + router);
        }
        HostMidi m = new HostMidi(host, router);
        router.startSender(SENDER_PERIOD_MICROS);
        host.addCycleListener(m);
        return m;
    }

    /** @thread any */
    public MidiRouter router() {
        return router;
    }

    /**
     * Live input from a port into a node's FIFO at constant latency.
     * @throws IllegalArgumentException for an unknown slot, a node that takes no MIDI, or a port id that is no input
     * @thread main
     */
    public MidiInputRoute input(String portId, int slot) {
        return router.addInput(portId, host.midiInputSink(slot));
    }

    /**
     * Live input from a port into the host's own MIDI input: each message goes through the MIDI
     * links from {@link Host#BOUNDARY} with their channel filters, as a file played with
     * {@code new SequenceSource(player, Host.BOUNDARY)} does.
     * @thread main
     */
    public MidiInputRoute input(String portId) {
        return input(portId, (offset, status, d1, d2) -> host.offer(Host.BOUNDARY, offset, status, d1, d2));
    }

    /**
     * Live input from a port into any sink, at constant latency: e.g. a mapping table's sink in
     * front of the host's own input, or a tap that records what arrives. The sink runs on the
     * render thread at the start of a cycle ({@code offset} into it; the cycle's first frame is
     * {@link #cycleFrame()}), so it must not allocate, lock, block or throw.
     * @throws IllegalArgumentException for a null sink or a port id that is no input
     * @thread main
     */
    public MidiInputRoute input(String portId, MidiInputSink sink) {
        if (sink == null) {
            throw new IllegalArgumentException("HostMidi.input needs a sink for port " + portId + ", was null");
        }
        return router.addInput(portId, sink);
    }

    /**
     * The host frame (transport sample position) of the cycle whose input is being dispatched;
     * read it in an input sink to stamp a message: {@code cycleFrame() + offset}.
     * @thread render
     */
    public long cycleFrame() {
        return cycleFrame;
    }

    /**
     * Holds the devices off the host's cycles, or lets them on again: while held, a cycle
     * dispatches no input (it waits on its route), sends no clock and the host follows no clock
     * (neither its tempo nor its start and stop). For cycles no device may hear, such as a warm-up
     * rendered faster than real time: the router's clock would take their frames for real time.
     * @thread any
     */
    public void hold(boolean on) {
        held = on;
    }

    /** Whether the devices are held off the host's cycles ({@link #hold}). @thread any */
    public boolean held() {
        return held;
    }

    /**
     * Sends MIDI clock to a port from the host's transport: 24 clocks per quarter note on their
     * frames, Start, Stop, Continue and Song Position Pointer as the transport plays, stops and
     * moves (see {@link MidiClockOut}).
     * @throws IllegalArgumentException for a port id that is no output
     * @thread main
     */
    public MidiClockOut clockOut(String portId) {
        MidiClockOut clock = new MidiClockOut(router.addOutput(portId));
        synchronized (lock) {
            MidiClockOut[] c = java.util.Arrays.copyOf(clocksOut, clocksOut.length + 1);
            c[c.length - 1] = clock;
            clocksOut = c;
        }
        return clock;
    }

    /**
     * Follows MIDI clock from a port: the host's tempo follows the clock's (fitted over a bar,
     * smoothed so that it moves without jumps and loses no change), the host plays from the
     * clock's position on Start or Continue and stops on Stop. Channel messages on that port go to
     * the host's own MIDI input, as {@link #input(String)}.
     * @throws IllegalArgumentException for a port id that is no input
     * @thread main
     */
    public MidiClockIn clockIn(String portId) {
        return clockIn(portId, (offset, status, d1, d2) -> host.offer(Host.BOUNDARY, offset, status, d1, d2));
    }

    /**
     * Follows MIDI clock from a port as {@link #clockIn(String)} does, with the channel messages on
     * that port going to {@code channelMessages} instead (e.g. a sink that drops them, when the
     * same device's notes already come in through {@link #input(String, MidiInputSink)}).
     * @throws IllegalArgumentException for a null sink or a port id that is no input
     * @thread main
     */
    public MidiClockIn clockIn(String portId, MidiInputSink channelMessages) {
        MidiClockIn clock = new MidiClockIn();
        input(portId, channelMessages).realtimeListener(clock);
        host.transport().followClock(new ClockFollower() {
            private boolean lastPlaying; // render thread

            @Override
            public double tempo(int frames) {
                return held ? Double.NaN : clock.smoothedTempo(frames);
            }

            @Override
            public boolean playing() {
                if (!held) {
                    lastPlaying = clock.playing();
                }
                return lastPlaying;
            }

            @Override
            public double startBeat() {
                return clock.beatAt(System.nanoTime());
            }
        });
        return clock;
    }

    /** @thread render */
    @Override
    public void cycleStart(Transport t) {
        if (held) {
            return;
        }
        long frame = t.samplePosition();
        cycleFrame = frame;
        router.beginCycle(System.nanoTime(), frame, t.frames());
        for (MidiClockOut c : clocksOut) {
            c.process(t, frame);
        }
    }

    /**
     * Stops driving the router and following clock (the router itself stays open: close it to
     * close the devices).
     * @thread main
     */
    @Override
    public void close() {
        host.removeCycleListener(this);
        host.transport().followClock(null);
    }
}
