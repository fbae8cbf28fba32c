package org.midirack.host.midi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Sequencer;
import javax.sound.midi.Synthesizer;
import uk.co.xfactorylibrarians.coremidi4j.CoreMidiDeviceInfo;
import uk.co.xfactorylibrarians.coremidi4j.CoreMidiDeviceProvider;
import uk.co.xfactorylibrarians.coremidi4j.CoreMidiException;

/**
 * Lists the MIDI ports of the machine's MIDI devices (hardware and virtual ports; software
 * synthesizers and sequencers are left out). On macOS, where CoreMIDI4J's native library loads,
 * the list comes from {@link CoreMidiDeviceProvider#getMidiDeviceInfo()} (real CoreMIDI, with
 * SysEx and hot-plug); elsewhere from {@link MidiSystem#getMidiDeviceInfo()} (ALSA on Linux, MME
 * on Windows). A device with transmitters is an input port, one with receivers an output port.
 */
public final class MidiPortScanner {
    private final boolean coreMidi;

    /**
     * A scanner that uses CoreMIDI4J when its library is loaded.
     * @thread any
     */
    public MidiPortScanner() {
        this.coreMidi = coreMidiLoaded();
    }

    /**
     * True when CoreMIDI4J's native library is loaded (macOS); false elsewhere, without error.
     * @thread any
     */
    public static boolean coreMidiLoaded() {
        try {
            return CoreMidiDeviceProvider.isLibraryLoaded();
        } catch (CoreMidiException | LinkageError e) {
            return false;
        }
    }

    /**
     * True when this scanner lists through CoreMIDI4J.
     * @thread any
     */
    public boolean usesCoreMidi() {
        return coreMidi;
    }

    /**
     * The device infos this scanner starts from (before filtering).
     * @thread any (not render)
     */
    public MidiDevice.Info[] deviceInfos() {
        return coreMidi ? CoreMidiDeviceProvider.getMidiDeviceInfo() : MidiSystem.getMidiDeviceInfo();
    }

    /**
     * Scans now: input ports and output ports, in provider order.
     * @thread any (not render: queries Java Sound, allocates)
     */
    public List<MidiPortInfo> scan() {
        MidiDevice.Info[] infos = deviceInfos();
        List<MidiPortInfo> ports = new ArrayList<>();
        Map<String, Integer> positions = new HashMap<>();
        for (MidiDevice.Info info : infos) {
            MidiDevice device;
            try {
                device = MidiSystem.getMidiDevice(info);
            } catch (MidiUnavailableException | IllegalArgumentException e) {
                continue; // vanished between listing and lookup: the next scan settles it
            }
            if (device instanceof Synthesizer || device instanceof Sequencer) {
                continue;
            }
            if (device.getMaxTransmitters() != 0) {
                ports.add(port(info, MidiPortDirection.INPUT, positions));
            }
            if (device.getMaxReceivers() != 0) {
                ports.add(port(info, MidiPortDirection.OUTPUT, positions));
            }
        }
        return ports;
    }

    /**
     * The stable identity a port gets (see {@link MidiPortInfo#id()}), position 0 assumed.
     * @thread any
     */
    public static String idOf(MidiDevice.Info info, MidiPortDirection direction) {
        return baseId(info, direction) + (info instanceof CoreMidiDeviceInfo ? "" : "#0");
    }

    private static String baseId(MidiDevice.Info info, MidiPortDirection direction) {
        String dir = direction == MidiPortDirection.INPUT ? "in" : "out";
        if (info instanceof CoreMidiDeviceInfo) {
            return "coremidi:" + dir + ":" + ((CoreMidiDeviceInfo) info).getEndPointUniqueID();
        }
        return "jdk:" + dir + ":" + info.getName() + "|" + info.getVendor() + "|" + info.getDescription();
    }

    private static MidiPortInfo port(MidiDevice.Info info, MidiPortDirection direction,
            Map<String, Integer> positions) {
        String base = baseId(info, direction);
        String id;
        if (info instanceof CoreMidiDeviceInfo) {
            id = base;
        } else {
            int pos = positions.merge(base, 1, Integer::sum) - 1;
            id = base + "#" + pos;
        }
        return new MidiPortInfo(id, direction, info.getName(), info.getVendor(), info.getDescription(), info);
    }
}
