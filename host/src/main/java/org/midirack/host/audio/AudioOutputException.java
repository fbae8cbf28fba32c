package org.midirack.host.audio;

/** An output could not be opened or started; the message names the device and what went wrong. */
public class AudioOutputException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the device
     * @thread any
     */
    public AudioOutputException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong, naming the device
     * @param cause the underlying failure
     * @thread any
     */
    public AudioOutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
