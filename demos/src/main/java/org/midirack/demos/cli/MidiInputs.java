package org.midirack.demos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Sequencer;
import javax.sound.midi.Synthesizer;

/** Finds MIDI input ports (hardware or virtual) by name. */
final class MidiInputs {
    private MidiInputs() {
    }

    /**
     * Opens the input whose name equals (or else contains) {@code name}, case-insensitive; the
     * first input when {@code name} is null.
     * @throws CliError naming the request and the inputs there are
     * @thread main
     */
    static MidiDevice open(String name) {
        List<MidiDevice> inputs = new ArrayList<>();
        for (MidiDevice.Info info : MidiSystem.getMidiDeviceInfo()) {
            try {
                MidiDevice d = MidiSystem.getMidiDevice(info);
                if (!(d instanceof Sequencer) && !(d instanceof Synthesizer) && d.getMaxTransmitters() != 0) {
                    inputs.add(d);
                }
            } catch (MidiUnavailableException | RuntimeException e) {
                // skip a device that cannot be asked
            }
        }
        MidiDevice found = null;
        if (name == null) {
            found = inputs.isEmpty() ? null : inputs.get(0);
        } else {
            String n = name.toLowerCase(Locale.ROOT);
            for (MidiDevice d : inputs) {
                if (d.getDeviceInfo().getName().equalsIgnoreCase(name)) {
                    found = d;
                    break;
                }
            }
            for (MidiDevice d : inputs) {
                if (found == null && d.getDeviceInfo().getName().toLowerCase(Locale.ROOT).contains(n)) {
                    found = d;
                }
            }
        }
        if (found == null) {
            List<String> names = new ArrayList<>();
            for (MidiDevice d : inputs) {
                names.add(d.getDeviceInfo().getName());
            }
            throw new CliError((name == null ? "no MIDI input found" : "no MIDI input named '" + name + "'")
                    + "; MIDI inputs: " + (names.isEmpty() ? "none" : String.join(", ", names))
                    + " (see 'midirack devices')");
        }
        try {
            found.open();
        } catch (MidiUnavailableException e) {
            throw new CliError("MIDI input '" + found.getDeviceInfo().getName() + "' cannot be opened: " + e.getMessage(), e);
        }
        return found;
    }
}
