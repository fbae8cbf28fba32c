package org.midirack.host;

import org.midirack.host.audio.AudioOutput;

/**
 * A JVM shutdown hook (Ctrl-C, SIGTERM, normal exit) that shuts a host down cleanly: every
 * sounding note released and its release rendered, the output stopped and closed (a WAV
 * recording completed), every node deactivated. See {@link Host#shutdown}.
 */
public final class HostShutdownHook {
    private final Thread thread;

    private HostShutdownHook(Thread thread) {
        this.thread = thread;
    }

    /**
     * Registers the hook.
     *
     * @param host the host to shut down
     * @param output its output, or null when it renders offline
     * @param maxTailSeconds the longest release to wait for
     * @return the registered hook, to {@link #remove()} after a normal shutdown
     * @thread main
     */
    public static HostShutdownHook install(Host host, AudioOutput output, double maxTailSeconds) {
        if (host == null) {
            throw new IllegalArgumentException("host is null");
        }
        Thread t = new Thread(() -> host.shutdown(output, maxTailSeconds), "midirack-shutdown");
        Runtime.getRuntime().addShutdownHook(t);
        return new HostShutdownHook(t);
    }

    /**
     * Unregisters the hook (after the host was shut down some other way).
     *
     * @return false when the JVM is already shutting down
     * @thread main
     */
    public boolean remove() {
        try {
            return Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }

    /**
     * Runs the shutdown now, on the calling thread, as the JVM would on exit.
     *
     * @thread main
     */
    public void runNow() {
        thread.run();
    }
}
