package org.midirack.host.mapping;

/**
 * Where a {@link MidiMappingTable} sends the parameter changes its mappings produce: the host's
 * {@link org.midirack.host.Host#offerParam} ({@code host::offerParam}), or any engine that can
 * deliver a change to a node's parameter at a frame offset (the demo rack).
 */
@FunctionalInterface
public interface MidiMappingSink {
    /**
     * Delivers a parameter change to act at {@code offset} frames from the start of the node's
     * next cycle: the same offset the MIDI event that caused it had. Must not block, allocate or
     * throw.
     *
     * @param node the node's number (as in {@link MidiMapping#node()})
     * @param paramIndex the parameter's index in the node's descriptor
     * @return false when refused (unknown node, full FIFO); the table counts it
     * @thread render (or whatever thread feeds the table its MIDI input)
     */
    boolean offerParam(int node, int offset, int paramIndex, float value);
}
