package org.midirack.effects;

import org.midirack.core.Node;
import org.midirack.core.testkit.NodeContractTest;

class DynamicsLimiterContractTest extends NodeContractTest {
    @Override
    protected Node createNode() {
        return new DynamicsLimiter();
    }

    /**
     * Nothing is named: the gain and the ceiling shape the reduction of the input at their frame, which
     * shows as early as that frame but only where the signal is over the ceiling (signal-dependent; see
     * DynamicsLimiterTest#ceilingChangeActsWithTheInputAtItsFrame for exact frames on a steady input); the
     * release and the ceiling's clamp act from k + latency, where the envelope needs them. Every change is
     * still checked never to act before frame k: the reduction of a peak starts a whole lookahead (the
     * latency) before the peak leaves.
     */
    @Override
    protected int timingLookaheadFrames(Node active) {
        return active.latencyFrames();
    }
}
