package org.midirack.host;

/**
 * Where a producer running inside the host's cycle (the sequencer, a MIDI router) delivers
 * short MIDI messages addressed to a node of the graph by its slot. The host implements it by
 * offering into that node's {@link org.midirack.core.hosting.ManyToOneEventFifo}, sent early by the
 * latency from the node's input to the host's output, so sequenced notes land on their frame at
 * the output.
 */
@FunctionalInterface
public interface EventSink {
    /**
     * Delivers one message.
     *
     * @param nodeSlot the slot {@link Host#add} returned for the receiving node
     * @param offset frames from the start of the window the producer was asked for (see
     *     {@link EventSource#cycle}); values past the cycle are carried to later cycles
     * @return false when refused (unknown slot, invalid bytes, full FIFO); never blocks or throws
     * @thread render
     */
    boolean event(int nodeSlot, int offset, int status, int d1, int d2);

    /**
     * Delivers one complete system-exclusive message (0xF0 ... 0xF7) to a node that takes SysEx on the
     * render thread ({@link org.midirack.core.CycleSysexReceiver}), or through every MIDI link from the
     * host's input for {@link Host#BOUNDARY}, with the offsets and latency lead of {@link #event}. The
     * receiver copies the bytes during the call.
     *
     * @param nodeSlot the receiving node's slot, or {@link Host#BOUNDARY}
     * @param offset frames from the start of the window
     * @param data the message in {@code data[0 .. length)}
     * @param length its length
     * @return false when no node took it (this sink takes no SysEx, no receiver, malformed, no room)
     * @thread render
     */
    default boolean sysex(int nodeSlot, int offset, byte[] data, int length) {
        return false;
    }
}
