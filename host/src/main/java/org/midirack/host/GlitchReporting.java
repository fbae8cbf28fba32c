package org.midirack.host;

/** A node that can fail to deliver a block in time and counts it (e.g. an offloaded node). */
public interface GlitchReporting {
    /**
     * Blocks that could not be delivered in time so far (a repeated or silent block each).
     *
     * @return the count
     * @thread any
     */
    long glitches();
}
