package org.midirack.core;

/**
 * Everything a node gets for one cycle: the frame count, each audio port's buffers (channels of
 * {@code float} samples, indices 0..frames-1 used), per-port connected flags, this cycle's input
 * events, an output event list, the transport and the remote control. The host builds one per
 * node at activation (all buffers pre-allocated for the maximum block size) and refills it every
 * cycle with {@link #begin}; nothing in it allocates afterwards.
 *
 * <p>Rules the context enforces (seed 001): an unconnected input port reads silence, never the
 * data a previous connection left; outputs start each cycle silent; an unconnected output port
 * is silenced after the node ran ({@link #end()}).
 *
 * <p>A node sees only the reading side. The host's side (building it, {@link #begin}, {@link #end},
 * the connected flags) is protected here and public in
 * {@link org.midirack.core.hosting.CycleContext}, the class a host creates.
 */
public class ProcessContext {
    private static final EventList NO_EVENTS = new MidiEventBuffer(1);

    private final NodeDescriptor descriptor;
    private final int maxFrames;
    private final float[][][] in;
    private final float[][][] out;
    private final boolean[] inConnected;
    private final boolean[] outConnected;
    private final MidiEventBuffer midiOut;
    private int frames;
    private EventList events = NO_EVENTS;
    private Transport transport = new Transport();
    private RemoteControl remote = RemoteControl.NONE;

    /**
     * @param maxFrames the largest cycle the host will run
     * @param midiOutCapacity events a node may emit per cycle
     * @thread main (allocation)
     */
    protected ProcessContext(NodeDescriptor descriptor, int maxFrames, int midiOutCapacity) {
        if (maxFrames < 1) {
            throw new IllegalArgumentException("maxFrames must be >= 1, was " + maxFrames);
        }
        this.descriptor = descriptor;
        this.maxFrames = maxFrames;
        in = new float[descriptor.audioInputPorts()][][];
        inConnected = new boolean[in.length];
        for (int p = 0; p < in.length; p++) {
            in[p] = new float[descriptor.audioInputChannels(p)][maxFrames];
            inConnected[p] = true;
        }
        out = new float[descriptor.audioOutputPorts()][][];
        outConnected = new boolean[out.length];
        for (int p = 0; p < out.length; p++) {
            out[p] = new float[descriptor.audioOutputChannels(p)][maxFrames];
            outConnected[p] = true;
        }
        midiOut = new MidiEventBuffer(Math.max(1, midiOutCapacity));
    }

    /** @thread any */
    public final NodeDescriptor descriptor() {
        return descriptor;
    }

    /** @thread any */
    public final int maxFrames() {
        return maxFrames;
    }

    /** Frames in this cycle, 1..maxFrames. @thread render */
    public final int frames() {
        return frames;
    }

    /** Channels of an audio input port. @thread render */
    public final float[][] inputs(int port) {
        return in[port];
    }

    /** One channel of an audio input port. @thread render */
    public final float[] input(int port, int channel) {
        return in[port][channel];
    }

    /** Channels of an audio output port. @thread render */
    public final float[][] outputs(int port) {
        return out[port];
    }

    /** One channel of an audio output port. @thread render */
    public final float[] output(int port, int channel) {
        return out[port][channel];
    }

    /** @thread render */
    public final boolean inputConnected(int port) {
        return inConnected[port];
    }

    /** @thread render */
    public final boolean outputConnected(int port) {
        return outConnected[port];
    }

    /** This cycle's input events, sorted by offset, offsets in [0, frames). @thread render */
    public final EventList events() {
        return events;
    }

    /** Where the node writes the MIDI it emits this cycle (cleared by {@link #begin}). @thread render */
    public final MidiEventBuffer midiOut() {
        return midiOut;
    }

    /** The host sync for this cycle. @thread render */
    public final Transport transport() {
        return transport;
    }

    /** The node's line to its host. @thread render */
    public final RemoteControl remote() {
        return remote;
    }

    /** The host's sample rate (from the transport). @thread render */
    public final double sampleRate() {
        return transport.sampleRate();
    }

    /**
     * Marks an input port connected or not; an unconnected one reads silence.
     * @thread render (host, between cycles) or main before activation
     */
    protected void setInputConnected(int port, boolean connected) {
        inConnected[port] = connected;
    }

    /** @thread render (host, between cycles) or main before activation */
    protected void setOutputConnected(int port, boolean connected) {
        outConnected[port] = connected;
    }

    /**
     * Starts a cycle: sets the frame count, events, transport and remote; clears the MIDI output;
     * silences unconnected inputs and every output. The host fills connected inputs before or
     * after this call (the inputs are not touched for connected ports).
     * @thread render (host)
     */
    protected void begin(int frames, EventList events, Transport transport, RemoteControl remote) {
        if (frames < 1) {
            frames = 1;
        } else if (frames > maxFrames) {
            frames = maxFrames;
        }
        this.frames = frames;
        this.events = events == null ? NO_EVENTS : events;
        if (transport != null) {
            this.transport = transport;
        }
        this.remote = remote == null ? RemoteControl.NONE : remote;
        midiOut.clear();
        for (int p = 0; p < in.length; p++) {
            if (!inConnected[p]) {
                for (float[] ch : in[p]) {
                    java.util.Arrays.fill(ch, 0, frames, 0f);
                }
            }
        }
        for (float[][] port : out) {
            for (float[] ch : port) {
                java.util.Arrays.fill(ch, 0, frames, 0f);
            }
        }
    }

    /**
     * Ends a cycle: silences unconnected outputs.
     * @thread render (host)
     */
    protected void end() {
        for (int p = 0; p < out.length; p++) {
            if (!outConnected[p]) {
                for (float[] ch : out[p]) {
                    java.util.Arrays.fill(ch, 0, frames, 0f);
                }
            }
        }
    }
}
