package org.midirack.host.midi;

import javax.sound.midi.MidiDevice;
import javax.sound.midi.spi.MidiDeviceProvider;

/**
 * The Java Sound service provider that makes {@link MidiVirtualPort}s visible through
 * {@link javax.sound.midi.MidiSystem}; registered in {@code META-INF/services}. Every instance
 * shows the same, current set of plugged virtual devices.
 */
public final class MidiVirtualDeviceProvider extends MidiDeviceProvider {
    /** @thread any (instantiated by the Java Sound service loader) */
    public MidiVirtualDeviceProvider() {
    }

    /** @thread any */
    @Override
    public MidiDevice.Info[] getDeviceInfo() {
        MidiVirtualDevice[] devices = MidiVirtualPort.pluggedDevices();
        MidiDevice.Info[] infos = new MidiDevice.Info[devices.length];
        for (int i = 0; i < devices.length; i++) {
            infos[i] = devices[i].getDeviceInfo();
        }
        return infos;
    }

    /** @thread any */
    @Override
    public boolean isDeviceSupported(MidiDevice.Info info) {
        return find(info) != null;
    }

    /**
     * @throws IllegalArgumentException when the info is not a plugged virtual device
     * @thread any
     */
    @Override
    public MidiDevice getDevice(MidiDevice.Info info) {
        MidiVirtualDevice d = find(info);
        if (d == null) {
            throw new IllegalArgumentException("MIDI device " + (info == null ? "null" : "'" + info.getName() + "'")
                    + " is not a plugged-in midirack virtual device");
        }
        return d;
    }

    private static MidiVirtualDevice find(MidiDevice.Info info) {
        for (MidiVirtualDevice d : MidiVirtualPort.pluggedDevices()) {
            if (d.getDeviceInfo() == info) {
                return d;
            }
        }
        return null;
    }
}
