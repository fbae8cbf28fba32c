package org.midirack.core.hosting;

import org.midirack.core.EventList;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.ProcessContext;
import org.midirack.core.RemoteControl;
import org.midirack.core.Transport;

/**
 * The host's side of a {@link ProcessContext}: a host builds one per node at activation (every
 * buffer allocated here, for the largest cycle) and refills it each cycle with {@link #begin} and
 * {@link #end}. The node is handed it as a {@code ProcessContext} and only reads it; these
 * methods are protected there and public here, so a node cannot start, end or re-wire its own
 * cycle.
 */
public final class CycleContext extends ProcessContext {
    /**
     * @param maxFrames the largest cycle the host will run
     * @param midiOutCapacity events a node may emit per cycle
     * @thread main (allocation)
     */
    public CycleContext(NodeDescriptor descriptor, int maxFrames, int midiOutCapacity) {
        super(descriptor, maxFrames, midiOutCapacity);
    }

    /**
     * Marks an input port connected or not; an unconnected one reads silence.
     * @thread render (host, between cycles) or main before activation
     */
    @Override
    public void setInputConnected(int port, boolean connected) {
        super.setInputConnected(port, connected);
    }

    /**
     * Marks an output port connected or not; an unconnected one is silenced after the node ran.
     * @thread render (host, between cycles) or main before activation
     */
    @Override
    public void setOutputConnected(int port, boolean connected) {
        super.setOutputConnected(port, connected);
    }

    /**
     * Starts a cycle: sets the frame count, events, transport and remote; clears the MIDI output;
     * silences unconnected inputs and every output.
     * @thread render (host)
     */
    @Override
    public void begin(int frames, EventList events, Transport transport, RemoteControl remote) {
        super.begin(frames, events, transport, remote);
    }

    /**
     * Ends a cycle: silences unconnected outputs.
     * @thread render (host)
     */
    @Override
    public void end() {
        super.end();
    }
}
