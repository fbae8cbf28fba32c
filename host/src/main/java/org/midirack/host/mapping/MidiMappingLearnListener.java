package org.midirack.host.mapping;

/** Told when learning has bound a source to the armed parameter. */
@FunctionalInterface
public interface MidiMappingLearnListener {
    /**
     * @param mapping the mapping now in the table
     * @thread the thread that completed learning ({@link MidiMappingTable#completeLearn}; never render)
     */
    void learned(MidiMapping mapping);
}
