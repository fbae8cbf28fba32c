package org.midirack.host.midi;

/**
 * Where an input route delivers short MIDI messages: the host implements it by offering into a
 * node's {@link org.midirack.core.hosting.ManyToOneEventFifo} ({@code fifo::offer}).
 */
@FunctionalInterface
public interface MidiInputSink {
    /**
     * Takes one message at a frame offset relative to the start of the current cycle (the cycle
     * whose start was passed to {@link MidiRouter#beginCycle}); must not block, allocate or throw.
     * @return false when the message was refused (counted by the route as dropped)
     * @thread render
     */
    boolean offer(int offset, int status, int data1, int data2);
}
