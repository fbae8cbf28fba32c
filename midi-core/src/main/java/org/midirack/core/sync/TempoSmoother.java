package org.midirack.core.sync;

/**
 * Smooths a jittery host tempo without losing any change (seed 004's rate accumulator). Every
 * requested change goes into an accumulator; each cycle a fraction {@code alpha = frames / tau}
 * (at most 1) of what is owed is applied to the rate and the rest stays owed. So at every moment
 * {@code rate + remaining == latest requested tempo}: the applied total of changes plus what
 * is still owed equals the requested total, and once the host holds still the rate converges to
 * exactly the requested tempo. Allocation-free; one instance per node.
 */
public final class TempoSmoother {
    private final double tauFrames;
    private double rate = Double.NaN;
    private double requested;
    private double remaining;
    private double appliedTotal;
    private double requestedTotal;

    /**
     * @param tauFrames smoothing time in frames (seed 004 uses 5120)
     * @thread main
     */
    public TempoSmoother(double tauFrames) {
        if (!(tauFrames >= 1)) {
            throw new IllegalArgumentException("tauFrames must be >= 1, was " + tauFrames);
        }
        this.tauFrames = tauFrames;
    }

    /**
     * Feeds the tempo the host reports for a cycle of {@code frames} frames and returns the
     * smoothed tempo to use for it. The first call starts at the reported tempo.
     * @thread render
     */
    public double update(double hostTempo, int frames) {
        if (rate != rate) {
            rate = hostTempo;
            requested = hostTempo;
            return rate;
        }
        double change = hostTempo - requested;
        requested = hostTempo;
        requestedTotal += change;
        remaining += change;
        double alpha = Math.min(1.0, Math.max(0, frames) / tauFrames);
        double step = remaining * alpha;
        rate += step;
        remaining -= step;
        appliedTotal += step;
        return rate;
    }

    /** The smoothed rate now. @thread render */
    public double rate() {
        return rate;
    }

    /** Change requested but not yet applied. @thread render */
    public double remaining() {
        return remaining;
    }

    /** Sum of all changes applied to the rate. @thread render */
    public double appliedTotal() {
        return appliedTotal;
    }

    /** Sum of all changes the host requested. @thread render */
    public double requestedTotal() {
        return requestedTotal;
    }

    /** Jumps straight to a tempo (after a relocation), dropping what was owed. @thread render */
    public void reset(double tempo) {
        rate = tempo;
        requested = tempo;
        remaining = 0;
    }
}
