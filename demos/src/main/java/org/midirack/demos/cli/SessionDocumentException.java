package org.midirack.demos.cli;

/**
 * A session document that cannot be read: the message names the key (or the line) and what is
 * wrong, e.g. {@code node.2.param.gain: ... outside [-60.0, 12.0]}.
 * Control characters in the message are shown escaped ({@code PrintableText}): it stays one line.
 */
public final class SessionDocumentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @thread any */
    public SessionDocumentException(String message) {
        super(org.midirack.demos.melody.PrintableText.escape(message));
    }

    /** @thread any */
    public SessionDocumentException(String message, Throwable cause) {
        super(org.midirack.demos.melody.PrintableText.escape(message), cause);
    }
}
