package org.midirack.core;

/**
 * A node's line to its host: transport requests and latency reports. The host applies requests
 * at the next cycle boundary, so the change is visible in the transport of the next cycle, and
 * re-reads {@link Node#latencyFrames()} when told it changed. Never blocks or allocates.
 */
public interface RemoteControl {
    /**
     * Asks the host to act on its transport at the next cycle boundary.
     * @return false when this host has no transport to control
     * @thread render (or any)
     */
    boolean request(RemoteRequest request);

    /**
     * Reports that the node's latency is now {@code frames}.
     * @thread render (or any)
     */
    void latencyChanged(int frames);

    /** A remote control that accepts nothing, for nodes run without a host. */
    RemoteControl NONE = new RemoteControl() {
        @Override
        public boolean request(RemoteRequest request) {
            return false;
        }

        @Override
        public void latencyChanged(int frames) {
        }
    };
}
