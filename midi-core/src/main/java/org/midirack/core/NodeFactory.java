package org.midirack.core;

/**
 * How a node type publishes itself (seed 000): implementations are listed in
 * {@code META-INF/services/org.midirack.core.NodeFactory} and found through
 * {@link java.util.ServiceLoader}; see {@link NodeRegistry}.
 */
public interface NodeFactory {
    /** @thread any */
    NodeDescriptor descriptor();

    /**
     * A new, inactive node.
     * @thread main
     */
    Node create();
}
