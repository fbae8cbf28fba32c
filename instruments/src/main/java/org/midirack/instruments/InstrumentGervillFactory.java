package org.midirack.instruments;

import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeFactory;

/** Publishes {@link InstrumentGervill} through the NodeFactory SPI. */
public final class InstrumentGervillFactory implements NodeFactory {
    /** @thread any */
    @Override
    public NodeDescriptor descriptor() {
        return InstrumentGervill.descriptorFor();
    }

    /** @thread main */
    @Override
    public Node create() {
        return new InstrumentGervill();
    }
}
