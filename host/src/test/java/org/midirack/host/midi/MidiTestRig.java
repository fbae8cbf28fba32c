package org.midirack.host.midi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Transmitter;

/**
 * A virtual port standing in for a hardware device, the watcher and router of a host, and a
 * simulated audio clock driven by the test (sample rate 48 kHz, 128-frame cycles, an audio clock
 * that runs {@code drift} fast against the system clock, and jitter on each cycle's start time).
 * Messages travel through the real MidiSystem device path.
 */
final class MidiTestRig implements AutoCloseable {
    static final double RATE = 48000;
    static final int FRAMES = 128;
    /**
     * System time of simulated frame 0: an hour ahead of the real clock, so that a message stamped on
     * arrival ({@code timeStamp -1}, i.e. {@code System.nanoTime()}) is always in the simulated past and
     * plays at the start of the next cycle. (A fixed value broke once the machine's uptime passed it.)
     */
    static final long BASE_NANOS = System.nanoTime() + 3_600_000_000_000L;

    final MidiVirtualPort port;
    final MidiPortWatcher watcher;
    final MidiRouter router;
    final double nanosPerFrame;
    final long jitterNanos;
    final java.util.Random random;
    long frame;
    long cycles;

    MidiTestRig(String portName, double drift, long jitterNanos, long seed) {
        this.port = MidiVirtualPort.create(portName);
        this.watcher = new MidiPortWatcher(new MidiPortScanner());
        this.router = new MidiRouter(watcher, RATE);
        this.nanosPerFrame = 1e9 / RATE / (1 + drift);
        this.jitterNanos = jitterNanos;
        this.random = new java.util.Random(seed);
    }

    /** The stable id of the port's input side (what the host listens to). */
    String inputId() {
        return router.findPort(port.name(), MidiPortDirection.INPUT).orElseThrow().id();
    }

    /** The stable id of the port's output side. */
    String outputId() {
        return router.findPort(port.name(), MidiPortDirection.OUTPUT).orElseThrow().id();
    }

    /** True system time of a frame on the simulated audio clock. */
    double nanosOfFrame(double f) {
        return BASE_NANOS + f * nanosPerFrame;
    }

    /** Frame on the simulated audio clock at a system time. */
    double frameOfNanos(double nanos) {
        return (nanos - BASE_NANOS) / nanosPerFrame;
    }

    /** System time the next cycle starts at (true, without jitter). */
    double nextCycleNanos() {
        return nanosOfFrame(frame);
    }

    /** Runs one cycle: feeds the router the (jittered) start time; returns its first frame. */
    long cycle() {
        long j = jitterNanos == 0 ? 0 : (long) ((random.nextDouble() * 2 - 1) * jitterNanos);
        long start = frame;
        router.beginCycle(Math.round(nanosOfFrame(start)) + j, start, FRAMES);
        frame += FRAMES;
        cycles++;
        return start;
    }

    /** A receiver on the output side, obtained through MidiSystem like any hardware output. */
    Receiver openSender() throws MidiUnavailableException {
        MidiDevice out = MidiSystem.getMidiDevice(port.outputInfo());
        out.open();
        return out.getReceiver();
    }

    static ShortMessage msg(int status, int d1, int d2) {
        try {
            return new ShortMessage(status & 0xF0, status & 0x0F, d1, d2);
        } catch (javax.sound.midi.InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Records what arrives at the input side of a virtual port, with timestamps. */
    static final class Capture implements Receiver, AutoCloseable {
        final List<MidiMessage> messages = Collections.synchronizedList(new ArrayList<>());
        final List<Long> stamps = Collections.synchronizedList(new ArrayList<>());
        private final MidiDevice device;
        private final Transmitter transmitter;

        Capture(MidiVirtualPort port) throws MidiUnavailableException {
            device = MidiSystem.getMidiDevice(port.inputInfo());
            device.open();
            transmitter = device.getTransmitter();
            transmitter.setReceiver(this);
        }

        @Override
        public void send(MidiMessage message, long timeStamp) {
            synchronized (messages) {
                messages.add(message);
                stamps.add(timeStamp);
            }
        }

        @Override
        public void close() {
            transmitter.close();
            device.close();
        }
    }

    @Override
    public void close() {
        router.close();
        watcher.close();
        port.remove();
    }
}
