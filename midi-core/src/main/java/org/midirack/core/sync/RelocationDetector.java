package org.midirack.core.sync;

import org.midirack.core.Transport;

/**
 * Tells a relocation (rewind, loop wrap, jump) apart from ordinary progress (seed 004): each
 * cycle the beat the host reports is compared with where the previous cycle ended. A jump
 * backwards (beyond {@link #BACKWARD_TOLERANCE_FRAMES} frames' worth of beats, so host jitter is no jump) or forwards by more than a cycle's worth of
 * beats means reposition, not speed up. The first cycle after start, and every start of play,
 * count as a relocation. Allocation-free; one instance per node.
 */
public final class RelocationDetector {
    /** Backward jitter tolerated before a step back counts as a relocation, in frames. */
    public static final double BACKWARD_TOLERANCE_FRAMES = 4.0;

    private boolean primed;
    private boolean wasPlaying;
    private double expectedBeat;
    private long relocations;

    /**
     * Feeds this cycle's transport; true when the node must reposition to {@code t.beat()}.
     * @thread render
     */
    public boolean update(Transport t) {
        double bpf = HostSync.beatsPerFrame(t.tempo(), t.sampleRate());
        boolean startedPlaying = t.playing() && !wasPlaying;
        boolean relocated;
        if (!primed || startedPlaying) {
            relocated = true;
        } else {
            double d = t.beat() - expectedBeat;
            double cycleBeats = Math.max(1, t.frames()) * bpf;
            relocated = d < -BACKWARD_TOLERANCE_FRAMES * bpf || d > cycleBeats;
        }
        primed = true;
        wasPlaying = t.playing();
        expectedBeat = HostSync.beatAtEnd(t);
        int wrap = HostSync.loopWrapFrame(t);
        if (wrap >= 0) {
            expectedBeat = HostSync.beatAtFrame(t, t.frames());
        }
        if (relocated) {
            relocations++;
        }
        return relocated;
    }

    /** The beat this detector expects the next cycle to start at. @thread render */
    public double expectedBeat() {
        return expectedBeat;
    }

    /** Forgets history: the next update counts as a relocation. @thread render */
    public void reset() {
        primed = false;
        wasPlaying = false;
    }

    /** Relocations seen so far. @thread render */
    public long relocations() {
        return relocations;
    }
}
