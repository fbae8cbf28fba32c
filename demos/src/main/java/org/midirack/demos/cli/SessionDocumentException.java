package org.midirack.demos.cli;

/**
 * A session document that cannot be read: the message names the key (or the line) and what is
 * wrong, e.g. {@code node.2.param.gain: ... outside [-60.0, 12.0]}.
 */
public final class SessionDocumentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @thread any */
    public SessionDocumentException(String message) {
        super(message);
    }

    /** @thread any */
    public SessionDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
