package org.midirack.host.mapping;

import org.midirack.core.ParamDescriptor;
import java.util.List;

/**
 * Tells a {@link MidiMappingTable} (and the loader in {@link MidiMappingDocument}) which nodes
 * exist and what parameters they have, so that a mapping is checked against the real node before
 * it is accepted.
 */
@FunctionalInterface
public interface MidiMappingResolver {
    /**
     * The parameters of a node, in descriptor order (a parameter's index in this list is the index
     * changes are sent with), or null when there is no such node.
     * @thread any (not render)
     */
    List<ParamDescriptor> params(int node);
}
