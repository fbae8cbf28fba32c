package org.midirack.demos.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Sequencer;
import javax.sound.midi.Synthesizer;

import picocli.CommandLine.Command;

/** {@code devices}: MIDI inputs, MIDI outputs (javax.sound.midi's, then JACK's as {@code jack:CLIENT:PORT}) and audio outputs. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List MIDI inputs, MIDI outputs and audio outputs (each list says none when empty).")
public final class DevicesCommand implements Callable<Integer> {

    /** @thread main */
    @Override
    public Integer call() {
        List<String> ins = new ArrayList<>();
        List<String> outs = new ArrayList<>();
        midiPorts(ins, outs);
        if (!"none".equals(Outputs.forced())) {
            // JACK MIDI ports of other programs (not midirack's own listing client)
            for (String p : org.midirack.host.jack.JackMidiPorts.listPorts(true)) {
                ins.add("jack:" + p);
            }
            for (String p : org.midirack.host.jack.JackMidiPorts.listPorts(false)) {
                outs.add("jack:" + p);
            }
        }
        section("MIDI inputs", ins);
        section("MIDI outputs", outs);
        section("Audio outputs", Outputs.list());
        return 0;
    }

    private static void section(String title, List<String> items) {
        System.out.println(title + ":");
        if (items.isEmpty()) {
            System.out.println("  none");
        }
        for (String s : items) {
            System.out.println("  " + s);
        }
    }

    /** Hardware (and virtual) MIDI ports: no sequencers, no software synthesizers. @thread main */
    static void midiPorts(List<String> ins, List<String> outs) {
        for (MidiDevice.Info info : MidiSystem.getMidiDeviceInfo()) {
            MidiDevice d;
            try {
                d = MidiSystem.getMidiDevice(info);
            } catch (MidiUnavailableException | RuntimeException e) {
                continue;
            }
            if (d instanceof Sequencer || d instanceof Synthesizer) {
                continue;
            }
            String name = info.getName() + (info.getVendor() == null || info.getVendor().isBlank() ? "" : " (" + info.getVendor() + ")");
            if (d.getMaxTransmitters() != 0) {
                ins.add(name);
            }
            if (d.getMaxReceivers() != 0) {
                outs.add(name);
            }
        }
    }
}
