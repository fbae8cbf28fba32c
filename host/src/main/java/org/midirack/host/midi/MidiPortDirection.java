package org.midirack.host.midi;

/** Which way MIDI flows through a device port, seen from the host. */
public enum MidiPortDirection {
    /** The device transmits to the host (a keyboard, a controller): {@code getMaxTransmitters() != 0}. */
    INPUT,
    /** The host sends to the device (a synth, a drum machine): {@code getMaxReceivers() != 0}. */
    OUTPUT
}
