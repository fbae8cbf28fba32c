package org.midirack.host;

/**
 * A node the host muted because it failed on the render thread, reported once.
 *
 * @param slot the node's slot in its host
 * @param nodeId the node's descriptor id
 * @param reason what happened, for the user
 * @param cause the exception the node threw, or null for non-finite output
 * @param cycle the host cycle (counted from activation) in which it happened
 */
public record NodeError(int slot, String nodeId, String reason, Throwable cause, long cycle) {
    /**
     * The one line a front end prints for the user, e.g. {@code node 'sine' failed: threw
     * java.lang.IllegalStateException in process: boom}; a node inside a nested host is named by
     * its path, {@code 'rack/sine'}.
     * @thread any
     */
    public String message() {
        String detail = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return "node '" + nodeId + "' failed: " + reason + detail;
    }

    /** @thread any */
    @Override
    public String toString() {
        return "node '" + nodeId + "' (slot " + slot + ") muted in cycle " + cycle + ": " + reason
                + (cause == null ? "" : " (" + cause + ")");
    }
}
