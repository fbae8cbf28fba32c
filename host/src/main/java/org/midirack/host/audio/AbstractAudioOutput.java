package org.midirack.host.audio;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * State machine, counters, block buffers and renderer call shared by every output. Subclasses
 * implement {@link #doOpen}, {@link #doStart}, {@link #doStop} and {@link #doClose}, and call
 * {@link #renderBlock(int)} on their render thread.
 */
abstract class AbstractAudioOutput implements AudioOutput {

    enum State { NEW, OPEN, RUNNING, STOPPED, CLOSED }

    private final String name;
    private final AudioOutputCounters counters = new AudioOutputCounters();
    private final AtomicBoolean lost = new AtomicBoolean();
    private volatile State state = State.NEW;
    private volatile AudioOutputInfo info;
    private volatile Listener listener;
    private volatile Throwable renderFailure;
    /** Block buffers, one per channel, {@code bufferFrames} long; allocated in open. */
    float[][] block;
    AudioRenderer renderer;

    AbstractAudioOutput(String name) {
        this.name = name;
    }

    /**
     * {@inheritDoc}
     *
     * @thread any
     */
    @Override
    public final String name() {
        return name;
    }

    /**
     * {@inheritDoc}
     *
     * @thread main
     */
    @Override
    public final synchronized AudioOutputInfo open(AudioOutputConfig requested) throws AudioOutputException {
        if (requested == null) {
            throw new IllegalArgumentException("requested output config is null");
        }
        if (state != State.NEW) {
            throw new IllegalStateException(name + ": open() called in state " + state + "; an output is opened once");
        }
        AudioOutputInfo actual = doOpen(requested);
        block = new float[actual.channels()][actual.bufferFrames()];
        info = actual;
        state = State.OPEN;
        return actual;
    }

    /**
     * {@inheritDoc}
     *
     * @thread main
     */
    @Override
    public final synchronized void start(AudioRenderer renderer) throws AudioOutputException {
        if (renderer == null) {
            throw new IllegalArgumentException("renderer is null");
        }
        if (state != State.OPEN && state != State.STOPPED) {
            throw new IllegalStateException(name + ": start() called in state " + state + "; open it first");
        }
        if (this.renderer != renderer) {
            renderer.open(info); // once per renderer: a stop/start cycle keeps the format
            this.renderer = renderer;
        }
        state = State.RUNNING;
        try {
            doStart();
        } catch (AudioOutputException | RuntimeException e) {
            state = State.STOPPED;
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * @thread main
     */
    @Override
    public final synchronized void stop() {
        if (state == State.RUNNING) {
            state = State.STOPPED;
            doStop();
        }
    }

    /**
     * {@inheritDoc}
     *
     * @thread main
     */
    @Override
    public synchronized void close() {
        closeState();
    }

    /** Stops if running, releases the device once. */
    final synchronized void closeState() {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasRunning = state == State.RUNNING;
        state = State.CLOSED;
        if (wasRunning) {
            doStop();
        }
        doClose();
    }

    /**
     * {@inheritDoc}
     *
     * @thread any
     */
    @Override
    public final AudioOutputInfo info() {
        return info;
    }

    /**
     * {@inheritDoc}
     *
     * @thread any
     */
    @Override
    public final AudioOutputCounters counters() {
        return counters;
    }

    /**
     * {@inheritDoc}
     *
     * @thread any
     */
    @Override
    public final boolean isLost() {
        return lost.get();
    }

    /**
     * {@inheritDoc}
     *
     * @thread main
     */
    @Override
    public final void setListener(Listener listener) {
        this.listener = listener;
    }

    /**
     * The first exception the renderer threw, or null. After it the output renders silence.
     *
     * @return the failure
     * @thread any
     */
    public final Throwable renderFailure() {
        return renderFailure;
    }

    /**
     * {@inheritDoc}
     *
     * @thread any
     */
    @Override
    public final boolean isRealTime() {
        return isRealTimeImpl();
    }

    abstract boolean isRealTimeImpl();

    final boolean isRunning() {
        return state == State.RUNNING;
    }

    /**
     * Clears the block, lets the renderer fill {@code frames} frames and counts the call. A renderer
     * that throws is not called again; the output goes on with silence.
     */
    final void renderBlock(int frames) {
        float[][] b = block;
        for (float[] ch : b) {
            Arrays.fill(ch, 0, frames, 0f);
        }
        if (renderFailure == null) {
            try {
                renderer.render(b, frames);
            } catch (Throwable t) {
                renderFailure = t;
                for (float[] ch : b) {
                    Arrays.fill(ch, 0, frames, 0f);
                }
            }
        }
        counters.countCallback(frames);
    }

    /** Marks the device lost once and tells the listener. */
    final void reportLost(String reason) {
        if (lost.compareAndSet(false, true)) {
            Listener l = listener;
            if (l != null) {
                l.deviceLost(this, reason);
            }
        }
    }

    abstract AudioOutputInfo doOpen(AudioOutputConfig requested) throws AudioOutputException;

    abstract void doStart() throws AudioOutputException;

    /** Stops rendering; when it returns no render call runs. */
    abstract void doStop();

    abstract void doClose();

    /**
     * {@inheritDoc}
     *
     * @thread any
     */
    @Override
    public String toString() {
        AudioOutputInfo i = info;
        return i == null ? name : i.toString();
    }
}
