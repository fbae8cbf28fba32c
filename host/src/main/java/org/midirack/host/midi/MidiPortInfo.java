package org.midirack.host.midi;

import java.util.Objects;
import javax.sound.midi.MidiDevice;

/**
 * One MIDI port found by {@link MidiPortScanner}: a device seen in one direction.
 *
 * @param id stable identity across rescans and re-plugs: {@code coremidi:<in|out>:<unique id>}
 *     where CoreMIDI gives one, else {@code jdk:<in|out>:<name>|<vendor>|<description>#<position>},
 *     position counting earlier ports with the same direction, name, vendor and description
 * @param direction input (device to host) or output (host to device)
 * @param name device name
 * @param vendor device vendor
 * @param description device description
 * @param info the Java Sound info of the device in the scan that produced this record
 */
public record MidiPortInfo(String id, MidiPortDirection direction, String name, String vendor,
        String description, MidiDevice.Info info) {
    /** @thread any */
    public MidiPortInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(info, "info");
    }

    /** @thread any */
    @Override
    public String toString() {
        return direction + " '" + name + "' (" + id + ")";
    }
}
