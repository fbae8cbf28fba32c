package org.midirack.host.audio;

/**
 * One place audio goes: a real-time device (Java Sound, JACK), a WAV file, or the clock-paced null
 * output. Every output calls one {@link AudioRenderer} from one render thread.
 *
 * <p>Lifecycle: {@link #open} (reports what the device actually gave), {@link #start} (calls
 * {@link AudioRenderer#open} with that, then renders), {@link #stop}, {@link #close}. An output is
 * used once: after {@code close} make a new one.
 */
public interface AudioOutput extends AutoCloseable {

    /** Told when a real-time output loses its device. */
    interface Listener {
        /**
         * The device went away or failed; the output renders no more. Must return at once.
         *
         * @param output the output that failed
         * @param reason what happened, for the user
         * @thread any (a device or notification thread)
         */
        void deviceLost(AudioOutput output, String reason);
    }

    /**
     * A short name for logs and reports, e.g. "jack:midirack" or "null".
     *
     * @return the name
     * @thread any
     */
    String name();

    /**
     * Opens the device with a requested format and reports what it actually gave.
     *
     * @param requested sample rate, buffer size and channels asked for
     * @return what the output will run at
     * @throws AudioOutputException naming the device when it cannot be opened
     * @thread main
     */
    AudioOutputInfo open(AudioOutputConfig requested) throws AudioOutputException;

    /**
     * Calls {@code renderer.open(info())} (not again when the same renderer is restarted after
     * {@link #stop}), then starts calling {@code renderer.render} on the output's render thread.
     *
     * @param renderer what produces the audio
     * @throws AudioOutputException when the device cannot be started
     * @thread main
     */
    void start(AudioRenderer renderer) throws AudioOutputException;

    /**
     * Stops rendering; when this returns no render call is running or will run.
     *
     * @thread main
     */
    void stop();

    /**
     * Stops and releases the device (a file output completes its file). Safe to call twice.
     *
     * @thread main
     */
    @Override
    void close();

    /**
     * What the output runs at; null before {@link #open}.
     *
     * @return the actual format and latency
     * @thread any
     */
    AudioOutputInfo info();

    /**
     * Callbacks, frames, underruns and xruns, readable from any thread.
     *
     * @return the live counters
     * @thread any
     */
    AudioOutputCounters counters();

    /**
     * Whether the output is paced by a real clock (device or null output) rather than as fast as
     * possible (file).
     *
     * @return true for real-time outputs
     * @thread any
     */
    boolean isRealTime();

    /**
     * Whether the output has reported its device lost.
     *
     * @return true after a device failure
     * @thread any
     */
    boolean isLost();

    /**
     * Sets who is told about device loss; replaces any earlier listener.
     *
     * @param listener the listener, or null for none
     * @thread main
     */
    void setListener(Listener listener);
}
