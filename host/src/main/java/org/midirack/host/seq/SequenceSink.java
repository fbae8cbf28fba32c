package org.midirack.host.seq;

/**
 * Where a {@link SequencePlayer} sends its events, one call per event, on the render thread.
 * A host implementation typically offers them to the destination node's
 * {@link org.midirack.core.hosting.ManyToOneEventFifo}. Implementations must not allocate, block or throw.
 */
public interface SequenceSink {
    /**
     * A short MIDI message at a frame offset in [0, frames) of the current cycle.
     * @param destination the destination index given by the player's {@link SequencePlayer.Router}
     * @thread render
     */
    void shortMessage(int destination, int offset, int status, int data1, int data2);

    /**
     * A complete system-exclusive message (as stored in the file: starting with 0xF0, or 0xF7 for
     * an escaped packet). The array belongs to the player and is shared between cycles: read it,
     * do not keep or change it.
     * @thread render
     */
    void sysex(int destination, int offset, byte[] message);
}
