package org.midirack.demos.cli;

/**
 * Bad input the user can fix (missing file, corrupt MIDI file, script error, unreadable
 * soundbank, no audio output): the command line prints the message as one line and exits 1.
 */
public final class CliError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @thread any */
    public CliError(String message) {
        super(message);
    }

    /** @thread any */
    public CliError(String message, Throwable cause) {
        super(message, cause);
    }
}
