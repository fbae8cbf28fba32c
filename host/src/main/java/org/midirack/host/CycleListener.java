package org.midirack.host;

import org.midirack.core.Transport;

/**
 * Told at the start and end of every host cycle on the render thread, with the cycle's own
 * transport (not shifted for latency): e.g. a MIDI router that places device input on this cycle
 * ({@code MidiRouter.beginCycle}) before the nodes drain their FIFOs, and flushes node output to
 * devices after. Must not allocate, lock, block or throw.
 */
public interface CycleListener {
    /**
     * Before any node drains its FIFO.
     *
     * @param cycle this cycle's transport (frames, sample position, beat, state)
     * @thread render
     */
    default void cycleStart(Transport cycle) {
    }

    /**
     * After every node ran and the output was mixed.
     *
     * @param cycle this cycle's transport
     * @thread render
     */
    default void cycleEnd(Transport cycle) {
    }
}
