package org.midirack.instruments;

import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeFactory;

/** Publishes {@link InstrumentSine} through the NodeFactory SPI. */
public final class InstrumentSineFactory implements NodeFactory {
    /** @thread any */
    @Override
    public NodeDescriptor descriptor() {
        return InstrumentSine.descriptorFor();
    }

    /** @thread main */
    @Override
    public Node create() {
        return new InstrumentSine();
    }
}
