package org.midirack.host.midi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiMessage;

/**
 * A named virtual MIDI port: a loopback pair of devices visible to every Java program through
 * {@link javax.sound.midi.MidiSystem} (registered by {@link MidiVirtualDeviceProvider}).
 *
 * <p>The <b>output</b> side is a device with receivers (other programs send to it, exactly as they
 * send to a hardware output); everything sent there comes out of the <b>input</b> side's
 * transmitters (the host listens to it, exactly as it listens to a keyboard). Both sides carry the
 * port's name; tell them apart by {@link MidiDevice#getMaxTransmitters()} /
 * {@link MidiDevice#getMaxReceivers()} or by the description.
 *
 * <p>Timestamps are honoured: a message sent with a timestamp (microseconds in the devices'
 * time base, which is {@code System.nanoTime() / 1000}) leaves the input side with that same
 * timestamp; a message sent with {@code -1} is stamped on arrival. Delivery is immediate, on the
 * sender's thread, in sending order; messages with equal timestamps are all delivered, and
 * system-exclusive messages pass unchanged.
 *
 * <p>{@link #unplug()} makes both devices disappear from {@code MidiSystem.getMidiDeviceInfo()} and
 * closes them (as pulling a USB cable does); {@link #replug()} brings fresh devices with the same
 * name, vendor and description back.
 */
public final class MidiVirtualPort {
    /** Vendor string of every virtual device. */
    public static final String VENDOR = "midirack";
    /** Description of the input side (the device with transmitters). */
    public static final String DESCRIPTION_INPUT = "midirack virtual port, input side (transmits what is sent to the output side)";
    /** Description of the output side (the device with receivers). */
    public static final String DESCRIPTION_OUTPUT = "midirack virtual port, output side (loops back to the input side)";
    /** Version string of every virtual device. */
    public static final String VERSION = "1.0";

    private static final Object LOCK = new Object();
    private static final Map<String, MidiVirtualPort> PORTS = new LinkedHashMap<>();
    private static volatile MidiVirtualDevice[] plugged = new MidiVirtualDevice[0];
    private static final CopyOnWriteArrayList<Runnable> LISTENERS = new CopyOnWriteArrayList<>();

    private final String name;
    private volatile MidiVirtualDevice input;
    private volatile MidiVirtualDevice output;
    private boolean removed;
    private final AtomicLong looped = new AtomicLong();

    private MidiVirtualPort(String name) {
        this.name = name;
    }

    /**
     * Creates and plugs in a virtual port.
     * @param name the name both devices show in MidiSystem; not blank, unique among virtual ports
     * @throws IllegalArgumentException when the name is blank or already used by a virtual port
     * @thread any
     */
    public static MidiVirtualPort create(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("virtual MIDI port name must not be blank, was "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        MidiVirtualPort port;
        synchronized (LOCK) {
            if (PORTS.containsKey(name)) {
                throw new IllegalArgumentException("a virtual MIDI port named '" + name
                        + "' already exists; remove it first or pick another name");
            }
            port = new MidiVirtualPort(name);
            PORTS.put(name, port);
            port.plugLocked();
        }
        fireChanged();
        return port;
    }

    /**
     * The virtual port with this name, plugged or not.
     * @thread any
     */
    public static Optional<MidiVirtualPort> find(String name) {
        synchronized (LOCK) {
            return Optional.ofNullable(PORTS.get(name));
        }
    }

    /**
     * Names of all virtual ports, in creation order.
     * @thread any
     */
    public static List<String> names() {
        synchronized (LOCK) {
            return new ArrayList<>(PORTS.keySet());
        }
    }

    /**
     * Adds a callback run (on the changing thread) after any port is plugged, unplugged or removed.
     * @thread any
     */
    public static void addChangeListener(Runnable listener) {
        LISTENERS.add(listener);
    }

    /** @thread any */
    public static void removeChangeListener(Runnable listener) {
        LISTENERS.remove(listener);
    }

    /** @thread any */
    public String name() {
        return name;
    }

    /**
     * True while the devices are visible in MidiSystem.
     * @thread any
     */
    public boolean isPlugged() {
        return input != null;
    }

    /**
     * The input side's info (a device with transmitters).
     * @throws IllegalStateException when unplugged
     * @thread any
     */
    public MidiDevice.Info inputInfo() {
        MidiVirtualDevice d = input;
        if (d == null) {
            throw new IllegalStateException("virtual MIDI port '" + name + "' is unplugged");
        }
        return d.getDeviceInfo();
    }

    /**
     * The output side's info (a device with receivers).
     * @throws IllegalStateException when unplugged
     * @thread any
     */
    public MidiDevice.Info outputInfo() {
        MidiVirtualDevice d = output;
        if (d == null) {
            throw new IllegalStateException("virtual MIDI port '" + name + "' is unplugged");
        }
        return d.getDeviceInfo();
    }

    /**
     * Messages that went from the output side to the input side since creation.
     * @thread any
     */
    public long loopedCount() {
        return looped.get();
    }

    /**
     * Removes both devices from MidiSystem and closes them; idempotent.
     * @thread any
     */
    public void unplug() {
        boolean changed;
        synchronized (LOCK) {
            changed = unplugLocked();
        }
        if (changed) {
            fireChanged();
        }
    }

    /**
     * Plugs fresh devices with the same name, vendor and description back in; idempotent.
     * @throws IllegalStateException when the port was removed
     * @thread any
     */
    public void replug() {
        boolean changed;
        synchronized (LOCK) {
            if (removed) {
                throw new IllegalStateException("virtual MIDI port '" + name + "' was removed; create it again");
            }
            changed = input == null;
            if (changed) {
                plugLocked();
            }
        }
        if (changed) {
            fireChanged();
        }
    }

    /**
     * Unplugs and forgets the port, freeing its name.
     * @thread any
     */
    public void remove() {
        synchronized (LOCK) {
            unplugLocked();
            removed = true;
            PORTS.remove(name, this);
        }
        fireChanged();
    }

    /** All plugged devices, both sides. */
    static MidiVirtualDevice[] pluggedDevices() {
        return plugged;
    }

    /** Called by the output side's receivers. */
    void loop(MidiVirtualDevice from, MidiMessage message, long timeStamp) {
        MidiVirtualDevice in = input;
        if (in == null || output != from) {
            return;
        }
        looped.incrementAndGet();
        in.transmit(message, timeStamp);
    }

    private void plugLocked() {
        input = new MidiVirtualDevice(this, true);
        output = new MidiVirtualDevice(this, false);
        rebuildPluggedLocked();
    }

    private boolean unplugLocked() {
        MidiVirtualDevice in = input;
        MidiVirtualDevice out = output;
        if (in == null) {
            return false;
        }
        input = null;
        output = null;
        rebuildPluggedLocked();
        out.unplugged();
        in.unplugged();
        return true;
    }

    private static void rebuildPluggedLocked() {
        List<MidiVirtualDevice> all = new ArrayList<>();
        for (MidiVirtualPort p : PORTS.values()) {
            MidiVirtualDevice in = p.input;
            MidiVirtualDevice out = p.output;
            if (in != null) {
                all.add(in);
                all.add(out);
            }
        }
        plugged = all.toArray(new MidiVirtualDevice[0]);
    }

    private static void fireChanged() {
        for (Runnable r : LISTENERS) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // a listener's failure must not stop the others or the caller
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }

    /** @thread any */
    @Override
    public String toString() {
        return "MidiVirtualPort[" + name + (isPlugged() ? "" : ", unplugged") + "]";
    }
}
