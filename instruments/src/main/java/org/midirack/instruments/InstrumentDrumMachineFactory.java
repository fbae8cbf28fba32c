package org.midirack.instruments;

import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeFactory;

/** Publishes {@link InstrumentDrumMachine} through the NodeFactory SPI. */
public final class InstrumentDrumMachineFactory implements NodeFactory {
    /** @thread any */
    @Override
    public NodeDescriptor descriptor() {
        return InstrumentDrumMachine.descriptorFor();
    }

    /** @thread main */
    @Override
    public Node create() {
        return new InstrumentDrumMachine();
    }
}
