package org.midirack.core;

/** A node state document that cannot be read or applied; the message says what was wrong. */
public final class StateFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @thread any */
    public StateFormatException(String message) {
        super(message);
    }

    /** @thread any */
    public StateFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
