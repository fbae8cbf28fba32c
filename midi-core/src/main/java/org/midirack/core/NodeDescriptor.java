package org.midirack.core;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a node type publishes about itself (seed 000, "publish yourself"): a stable id, a name,
 * its kind, vendor and version, its ports and its parameters. Immutable.
 *
 * <p>Ports: {@code audioIns[p]} / {@code audioOuts[p]} is the channel count of audio port p;
 * {@code midiOut} says whether it emits MIDI. MIDI in follows from the kind.
 */
public final class NodeDescriptor {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    private final String id;
    private final String name;
    private final NodeKind kind;
    private final String vendor;
    private final String version;
    private final int[] audioIns;
    private final int[] audioOuts;
    private final boolean midiOut;
    private final boolean deterministic;
    private final List<ParamDescriptor> params;

    /**
     * @param id stable id, lower case: letters, digits, '.', '_' and '-' (e.g. "midirack.sine")
     * @param audioIns channel count per audio input port (empty for generators and instruments)
     * @param audioOuts channel count per audio output port
     * @param deterministic whether the same events and input always give the same samples
     * @thread any
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public NodeDescriptor(String id, String name, NodeKind kind, String vendor, String version,
                          int[] audioIns, int[] audioOuts, boolean midiOut, boolean deterministic,
                          List<ParamDescriptor> params) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("node id '" + id
                    + "' must be lower case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        this.id = id;
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.version = Objects.requireNonNull(version, "version");
        this.audioIns = audioIns.clone();
        this.audioOuts = audioOuts.clone();
        for (int c : this.audioIns) {
            if (c < 1 || c > 64) {
                throw new IllegalArgumentException(id + ": audio input port channel count " + c + " not in 1..64");
            }
        }
        for (int c : this.audioOuts) {
            if (c < 1 || c > 64) {
                throw new IllegalArgumentException(id + ": audio output port channel count " + c + " not in 1..64");
            }
        }
        if (kind.takesAudio() && this.audioIns.length == 0) {
            throw new IllegalArgumentException(id + ": a " + kind + " needs at least one audio input port");
        }
        if (!kind.takesAudio() && this.audioIns.length != 0) {
            throw new IllegalArgumentException(id + ": a " + kind + " takes no audio input");
        }
        this.midiOut = midiOut;
        this.deterministic = deterministic;
        this.params = List.copyOf(params);
        for (int i = 0; i < this.params.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (this.params.get(i).id().equals(this.params.get(j).id())) {
                    throw new IllegalArgumentException(id + ": parameter id '" + this.params.get(i).id() + "' appears twice");
                }
            }
        }
    }

    /** @thread any */
    public String id() {
        return id;
    }

    /** @thread any */
    public String name() {
        return name;
    }

    /** @thread any */
    public NodeKind kind() {
        return kind;
    }

    /** @thread any */
    public String vendor() {
        return vendor;
    }

    /** @thread any */
    public String version() {
        return version;
    }

    /** @thread any */
    public int audioInputPorts() {
        return audioIns.length;
    }

    /** @thread any */
    public int audioOutputPorts() {
        return audioOuts.length;
    }

    /** @thread any */
    public int audioInputChannels(int port) {
        return audioIns[port];
    }

    /** @thread any */
    public int audioOutputChannels(int port) {
        return audioOuts[port];
    }

    /** @thread any */
    public boolean midiIn() {
        return kind.takesMidi();
    }

    /** @thread any */
    public boolean midiOut() {
        return midiOut;
    }

    /** @thread any */
    public boolean deterministic() {
        return deterministic;
    }

    /** @thread any */
    public List<ParamDescriptor> params() {
        return params;
    }

    /**
     * Fails when MIDI is to be connected into a node whose kind takes none: called by hosts at
     * connection time, so MIDI is never silently dropped.
     * @thread main
     * @throws IllegalArgumentException naming the node and its kind
     */
    public void requireMidiIn() {
        if (!midiIn()) {
            throw new IllegalArgumentException("node '" + id + "' is a " + kind
                    + " and takes no MIDI input; connect MIDI to an INSTRUMENT or MUSIC_EFFECT");
        }
    }

    /**
     * Fails when audio is to be connected into an input port the node does not have.
     * @thread main
     * @throws IllegalArgumentException naming the node, the port and its kind
     */
    public void requireAudioIn(int port) {
        if (port < 0 || port >= audioIns.length) {
            throw new IllegalArgumentException("node '" + id + "' (" + kind + ") has no audio input port "
                    + port + "; it has " + audioIns.length);
        }
    }

    /** @thread any */
    @Override
    public String toString() {
        return id + " (" + name + ", " + kind + ", in " + Arrays.toString(audioIns) + ", out "
                + Arrays.toString(audioOuts) + (midiIn() ? ", midi in" : "") + (midiOut ? ", midi out" : "") + ")";
    }
}
