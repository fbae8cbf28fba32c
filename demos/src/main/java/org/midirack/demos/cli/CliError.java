package org.midirack.demos.cli;

/**
 * Bad input the user can fix (missing file, corrupt MIDI file, script error, unreadable
 * soundbank, no audio output): the command line prints the message as one line and exits 1.
 * Control characters in the message are shown escaped ({@code PrintableText}): it stays one line.
 */
public final class CliError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @thread any */
    public CliError(String message) {
        super(org.midirack.demos.melody.PrintableText.escape(message));
    }

    /** @thread any */
    public CliError(String message, Throwable cause) {
        super(org.midirack.demos.melody.PrintableText.escape(message), cause);
    }
}
