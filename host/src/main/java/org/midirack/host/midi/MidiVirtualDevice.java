package org.midirack.host.midi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiDeviceReceiver;
import javax.sound.midi.MidiDeviceTransmitter;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Transmitter;

/**
 * One side of a {@link MidiVirtualPort}: the input side has transmitters only, the output side
 * receivers only. Obtained through {@code MidiSystem.getMidiDevice(info)} like any device.
 * Its time base ({@link #getMicrosecondPosition()}) is {@code System.nanoTime() / 1000}.
 */
public final class MidiVirtualDevice implements MidiDevice {
    private final MidiVirtualPort port;
    private final boolean inputSide;
    private final Info info;
    private volatile boolean open;
    private volatile boolean gone;
    private final CopyOnWriteArrayList<VirtualTransmitter> transmitters = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<VirtualReceiver> receivers = new CopyOnWriteArrayList<>();

    MidiVirtualDevice(MidiVirtualPort port, boolean inputSide) {
        this.port = port;
        this.inputSide = inputSide;
        this.info = new VirtualInfo(port.name(), inputSide
                ? MidiVirtualPort.DESCRIPTION_INPUT : MidiVirtualPort.DESCRIPTION_OUTPUT);
    }

    /**
     * The port this device belongs to.
     * @thread any
     */
    public MidiVirtualPort port() {
        return port;
    }

    /**
     * True for the side with transmitters.
     * @thread any
     */
    public boolean isInputSide() {
        return inputSide;
    }

    /** @thread any */
    @Override
    public Info getDeviceInfo() {
        return info;
    }

    /**
     * Opens the device.
     * @throws MidiUnavailableException when the port was unplugged
     * @thread any
     */
    @Override
    public void open() throws MidiUnavailableException {
        if (gone) {
            throw new MidiUnavailableException("virtual MIDI device '" + port.name()
                    + "' is unplugged; get it again from MidiSystem after it is plugged back in");
        }
        open = true;
    }

    /**
     * Closes the device and every receiver and transmitter it gave out.
     * @thread any
     */
    @Override
    public void close() {
        open = false;
        for (VirtualTransmitter t : transmitters) {
            t.close();
        }
        for (VirtualReceiver r : receivers) {
            r.close();
        }
    }

    /** @thread any */
    @Override
    public boolean isOpen() {
        return open;
    }

    /** @thread any */
    @Override
    public long getMicrosecondPosition() {
        return System.nanoTime() / 1000L;
    }

    /** @thread any */
    @Override
    public int getMaxReceivers() {
        return inputSide ? 0 : -1;
    }

    /** @thread any */
    @Override
    public int getMaxTransmitters() {
        return inputSide ? -1 : 0;
    }

    /**
     * A new receiver (output side only).
     * @throws MidiUnavailableException on the input side, or when unplugged
     * @thread any
     */
    @Override
    public Receiver getReceiver() throws MidiUnavailableException {
        if (inputSide) {
            throw new MidiUnavailableException("virtual MIDI device '" + port.name()
                    + "' (input side) has no receivers; send to the output side of the port");
        }
        if (gone) {
            throw new MidiUnavailableException("virtual MIDI device '" + port.name() + "' is unplugged");
        }
        VirtualReceiver r = new VirtualReceiver();
        receivers.add(r);
        return r;
    }

    /** @thread any */
    @Override
    public List<Receiver> getReceivers() {
        return new ArrayList<>(receivers);
    }

    /**
     * A new transmitter (input side only).
     * @throws MidiUnavailableException on the output side, or when unplugged
     * @thread any
     */
    @Override
    public Transmitter getTransmitter() throws MidiUnavailableException {
        if (!inputSide) {
            throw new MidiUnavailableException("virtual MIDI device '" + port.name()
                    + "' (output side) has no transmitters; listen to the input side of the port");
        }
        if (gone) {
            throw new MidiUnavailableException("virtual MIDI device '" + port.name() + "' is unplugged");
        }
        VirtualTransmitter t = new VirtualTransmitter();
        transmitters.add(t);
        return t;
    }

    /** @thread any */
    @Override
    public List<Transmitter> getTransmitters() {
        return new ArrayList<>(transmitters);
    }

    void unplugged() {
        gone = true;
        close();
    }

    void transmit(MidiMessage message, long timeStamp) {
        if (!open) {
            return;
        }
        long stamp = timeStamp >= 0 ? timeStamp : getMicrosecondPosition();
        for (VirtualTransmitter t : transmitters) {
            Receiver r = t.receiver;
            if (r != null && t.open) {
                r.send(message, stamp);
            }
        }
    }

    /** @thread any */
    @Override
    public String toString() {
        return "MidiVirtualDevice[" + port.name() + (inputSide ? ", input side" : ", output side") + "]";
    }

    private static final class VirtualInfo extends Info {
        VirtualInfo(String name, String description) {
            super(name, MidiVirtualPort.VENDOR, description, MidiVirtualPort.VERSION);
        }
    }

    private final class VirtualTransmitter implements MidiDeviceTransmitter {
        private volatile Receiver receiver;
        private volatile boolean open = true;

        @Override
        public void setReceiver(Receiver receiver) {
            this.receiver = receiver;
        }

        @Override
        public Receiver getReceiver() {
            return receiver;
        }

        @Override
        public void close() {
            open = false;
            transmitters.remove(this);
        }

        @Override
        public MidiDevice getMidiDevice() {
            return MidiVirtualDevice.this;
        }
    }

    private final class VirtualReceiver implements MidiDeviceReceiver {
        private volatile boolean open = true;

        @Override
        public void send(MidiMessage message, long timeStamp) {
            if (message == null) {
                throw new IllegalArgumentException("MIDI message is null");
            }
            if (!open) {
                throw new IllegalStateException("receiver of virtual MIDI device '" + port.name() + "' is closed");
            }
            if (!MidiVirtualDevice.this.open) {
                throw new IllegalStateException("virtual MIDI device '" + port.name()
                        + "' (output side) is not open" + (gone ? " (unplugged)" : ""));
            }
            port.loop(MidiVirtualDevice.this, message, timeStamp);
        }

        @Override
        public void close() {
            open = false;
            receivers.remove(this);
        }

        @Override
        public MidiDevice getMidiDevice() {
            return MidiVirtualDevice.this;
        }
    }
}
