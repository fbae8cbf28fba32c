package org.midirack.host.audio;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Keeps audio running whatever the device does (seed 003). Plays through a device output made by a
 * factory; when the device goes away (its output reports it lost, or no block has been rendered for
 * the stall timeout) the session goes on at once on a clock-paced {@link AudioOutputNull} at the same
 * format, so the host keeps time; it retries the device every retry period and resumes on it when it
 * opens again. If the device comes back with a different sample rate or buffer size, the renderer's
 * {@link AudioRenderer#open} is called with the new format (no render call running) so the engine can
 * re-activate its nodes; with the same format it is not called again.
 *
 * <p>All switching happens on the session's supervisor thread; counters are readable from any
 * thread without locks (during a switch a reading may briefly miss the retiring output's share).
 */
public final class AudioSession implements AutoCloseable {

    /** Told about device loss, resumption and format changes, on the supervisor thread. */
    public interface Listener {
        /**
         * The device went away; the session now runs on the null output.
         *
         * @param reason what happened
         * @thread session supervisor
         */
        default void deviceLost(String reason) {
        }

        /**
         * The session plays on the device again.
         *
         * @param info what the device gave
         * @thread session supervisor
         */
        default void deviceResumed(AudioOutputInfo info) {
        }

        /**
         * The actual format changed (called after {@link AudioRenderer#open} with the new one).
         *
         * @param before the format so far
         * @param now the new format
         * @thread session supervisor
         */
        default void formatChanged(AudioOutputInfo before, AudioOutputInfo now) {
        }
    }

    private final Supplier<? extends AudioOutput> deviceFactory;
    private final AudioOutputConfig requested;
    private final FormatGate gate;
    private final long retryNanos;
    private final long stallNanos;
    private volatile Listener listener = new Listener() { };

    private final AtomicLong retiredCallbacks = new AtomicLong();
    private final AtomicLong retiredFrames = new AtomicLong();
    private final AtomicLong retiredGlitches = new AtomicLong();
    private final AtomicLong deviceLosses = new AtomicLong();
    private final AtomicLong resumes = new AtomicLong();
    private final AtomicLong failedRetries = new AtomicLong();

    private static final long CLOSE_WAIT_MILLIS = 5_000;

    private volatile AudioOutput current;
    private volatile boolean onDevice;
    private volatile String lastFailure;
    private volatile boolean closed;
    private volatile boolean deviceLostFlag;
    private Thread supervisor;

    /**
     * A session with a 1 s retry period and a 1 s stall timeout.
     *
     * @param deviceFactory makes a fresh, unopened device output for every attempt
     * @param requested the format to ask the device for
     * @param renderer what produces the audio
     * @thread main
     */
    public AudioSession(Supplier<? extends AudioOutput> deviceFactory, AudioOutputConfig requested, AudioRenderer renderer) {
        this(deviceFactory, requested, renderer, 1_000, 1_000);
    }

    /**
     * A session.
     *
     * @param deviceFactory makes a fresh, unopened device output for every attempt
     * @param requested the format to ask the device for
     * @param renderer what produces the audio
     * @param retryMillis how often to retry a lost device, 10 .. 3,600,000 ms
     * @param stallMillis how long a device may render nothing before it counts as lost, 50 .. 60,000 ms
     * @thread main
     */
    public AudioSession(Supplier<? extends AudioOutput> deviceFactory, AudioOutputConfig requested, AudioRenderer renderer,
            long retryMillis, long stallMillis) {
        if (deviceFactory == null || requested == null || renderer == null) {
            throw new IllegalArgumentException("device factory, requested config and renderer must not be null");
        }
        if (retryMillis < 10 || retryMillis > 3_600_000) {
            throw new IllegalArgumentException("retry period " + retryMillis + " ms is outside 10 .. 3600000 ms");
        }
        if (stallMillis < 50 || stallMillis > 60_000) {
            throw new IllegalArgumentException("stall timeout " + stallMillis + " ms is outside 50 .. 60000 ms");
        }
        this.deviceFactory = deviceFactory;
        this.requested = requested;
        this.gate = new FormatGate(renderer);
        this.retryNanos = retryMillis * 1_000_000L;
        this.stallNanos = stallMillis * 1_000_000L;
    }

    /**
     * Sets who is told about loss, resumption and format changes.
     *
     * @param listener the listener, not null
     * @thread main
     */
    public void setListener(Listener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener is null");
        }
        this.listener = listener;
    }

    /**
     * Starts on the device, or on the null output if the device cannot be opened now (it is then
     * retried like a lost one).
     *
     * @return the format in use
     * @thread main
     */
    public synchronized AudioOutputInfo start() {
        if (supervisor != null || closed) {
            throw new IllegalStateException("audio session already started or closed");
        }
        if (!tryDevice(false)) {
            startNull(requested);
        }
        supervisor = new Thread(this::supervise, "midirack-audio-session");
        supervisor.setDaemon(true);
        supervisor.start();
        return current.info();
    }

    /**
     * Whether the session plays on the device (false: on the null output).
     *
     * @return true on the device
     * @thread any
     */
    public boolean isOnDevice() {
        return onDevice;
    }

    /**
     * The output in use.
     *
     * @return the current output
     * @thread any
     */
    public AudioOutput currentOutput() {
        return current;
    }

    /**
     * The format the renderer was last opened with.
     *
     * @return the format in use
     * @thread any
     */
    public AudioOutputInfo info() {
        return gate.current;
    }

    /**
     * Render calls over every output of this session.
     *
     * @return the count
     * @thread any
     */
    public long callbacks() {
        AudioOutput o = current;
        return retiredCallbacks.get() + (o == null ? 0 : o.counters().callbacks());
    }

    /**
     * Frames rendered over every output of this session: the session's timeline.
     *
     * @return the count
     * @thread any
     */
    public long frames() {
        AudioOutput o = current;
        return retiredFrames.get() + (o == null ? 0 : o.counters().frames());
    }

    /**
     * Underruns and xruns over every output of this session.
     *
     * @return the count
     * @thread any
     */
    public long underruns() {
        AudioOutput o = current;
        return retiredGlitches.get() + (o == null ? 0 : o.counters().glitches());
    }

    /**
     * Times the device was lost.
     *
     * @return the count
     * @thread any
     */
    public long deviceLosses() {
        return deviceLosses.get();
    }

    /**
     * Times the session resumed on the device after a loss (or after starting without it).
     *
     * @return the count
     * @thread any
     */
    public long resumes() {
        return resumes.get();
    }

    /**
     * Retries that failed to open the device.
     *
     * @return the count
     * @thread any
     */
    public long failedRetries() {
        return failedRetries.get();
    }

    /**
     * Why the device was last lost or could not be opened, or null.
     *
     * @return the reason
     * @thread any
     */
    public String lastFailure() {
        return lastFailure;
    }

    /**
     * Stops the supervisor and closes the current output.
     *
     * @thread main
     */
    @Override
    public void close() {
        Thread s;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            s = supervisor;
        }
        if (s != null) {
            LockSupport.unpark(s);
            // the supervisor may be inside a device driver that never returns (libjack can block
            // for good in jack_client_open/close once its server died: jack2 issue #395); it is a
            // daemon thread, so a bounded wait, then the current output is closed regardless
            try {
                s.join(CLOSE_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (s.isAlive()) {
                lastFailure = "audio session closed while its supervisor was stuck in the device driver";
            }
        }
        AudioOutput o = current;
        if (o != null) {
            o.close();
        }
    }

    private void supervise() {
        long lastCallbacks = -1;
        long lastProgress = System.nanoTime();
        long nextRetry = System.nanoTime() + retryNanos;
        while (!closed) {
            LockSupport.parkNanos(Math.min(retryNanos, 20_000_000L));
            if (closed) {
                break;
            }
            long now = System.nanoTime();
            AudioOutput o = current;
            if (onDevice) {
                long cb = o.counters().callbacks();
                if (cb != lastCallbacks) {
                    lastCallbacks = cb;
                    lastProgress = now;
                }
                String reason = null;
                if (deviceLostFlag || o.isLost()) {
                    reason = lastFailure == null ? o.name() + " reported its device lost" : lastFailure;
                } else if (now - lastProgress > stallNanos) {
                    reason = o.name() + " rendered nothing for " + (now - lastProgress) / 1_000_000 + " ms";
                }
                if (reason != null) {
                    lost(reason);
                    nextRetry = System.nanoTime() + retryNanos;
                }
            } else if (now - nextRetry >= 0) {
                if (tryDevice(true)) {
                    lastCallbacks = -1;
                    lastProgress = System.nanoTime();
                    listener.deviceResumed(current.info());
                } else {
                    failedRetries.incrementAndGet();
                }
                nextRetry = System.nanoTime() + retryNanos;
            }
        }
    }

    private void lost(String reason) {
        deviceLosses.incrementAndGet();
        lastFailure = reason;
        AudioOutput dead = current;
        AudioOutputInfo format = gate.current;
        retire(dead);
        startNull(new AudioOutputConfig(format.sampleRate(), format.bufferFrames(), format.channels()));
        listener.deviceLost(reason);
    }

    /**
     * Opens a fresh device output; on success stops the null output and starts the device. A resume
     * is counted before {@code onDevice} is published, so whoever sees the session on the device also
     * sees the resume.
     */
    private boolean tryDevice(boolean resume) {
        AudioOutput d;
        try {
            d = deviceFactory.get();
        } catch (RuntimeException e) {
            lastFailure = "device factory failed: " + e;
            return false;
        }
        deviceLostFlag = false;
        try {
            d.setListener((out, reason) -> {
                if (out != current) {
                    return; // an output already retired
                }
                lastFailure = reason;
                deviceLostFlag = true;
                Thread s = supervisor;
                if (s != null) {
                    LockSupport.unpark(s);
                }
            });
            d.open(requested);
        } catch (AudioOutputException | RuntimeException e) {
            lastFailure = e.getMessage();
            d.close();
            return false;
        }
        AudioOutput previous = current;
        if (previous != null) {
            retire(previous);
        }
        try {
            current = d;
            d.start(gate);
            if (resume) {
                resumes.incrementAndGet();
            }
            onDevice = true;
            return true;
        } catch (AudioOutputException | RuntimeException e) {
            lastFailure = e.getMessage();
            retire(d);
            onDevice = false;
            AudioOutputInfo format = gate.current;
            startNull(format == null ? requested
                    : new AudioOutputConfig(format.sampleRate(), format.bufferFrames(), format.channels()));
            return false;
        }
    }

    private void startNull(AudioOutputConfig config) {
        AudioOutputNull n = new AudioOutputNull();
        try {
            n.open(config);
            current = n;
            onDevice = false;
            n.start(gate);
        } catch (AudioOutputException e) {
            throw new IllegalStateException("the null output cannot fail to start: " + e, e);
        }
    }

    /** Closes an output and folds its counters into the session's totals. */
    private void retire(AudioOutput o) {
        o.close();
        if (current == o) {
            current = null;
        }
        AudioOutputCounters c = o.counters();
        retiredCallbacks.addAndGet(c.callbacks());
        retiredFrames.addAndGet(c.frames());
        retiredGlitches.addAndGet(c.glitches());
    }

    /** Forwards to the engine's renderer, re-opening it only when the format really changes. */
    private final class FormatGate implements AudioRenderer {
        private final AudioRenderer target;
        volatile AudioOutputInfo current;

        FormatGate(AudioRenderer target) {
            this.target = target;
        }

        @Override
        public void open(AudioOutputInfo info) {
            AudioOutputInfo before = current;
            if (info.formatDiffersFrom(before)) {
                target.open(info);
                current = info;
                if (before != null) {
                    listener.formatChanged(before, info);
                }
            } else {
                current = info;
            }
        }

        @Override
        public void render(float[][] out, int frames) {
            target.render(out, frames);
        }
    }
}
