package org.midirack.host.audio;

import java.util.concurrent.locks.LockSupport;

/**
 * An output that plays nothing but keeps real time: its render thread calls the renderer once per
 * buffer, paced by {@link System#nanoTime()} against absolute deadlines (block {@code n} starts no
 * earlier than {@code start + n * bufferFrames / sampleRate}), so time does not drift however long it
 * runs. The render thread does nothing else.
 *
 * <p>If the thread wakes more than one buffer after a deadline (a pause of the machine or of the JVM)
 * one underrun is counted per stall and the missed blocks are rendered back to back to catch up; if it is more
 * than {@link #MAX_CATCH_UP_NANOS} behind, the missed time is dropped and the clock restarts from now.
 */
public final class AudioOutputNull extends AbstractAudioOutput {

    /** Furthest the output catches up after a stall before it drops the missed time: 250 ms. */
    public static final long MAX_CATCH_UP_NANOS = 250_000_000L;

    private Thread thread;
    private volatile boolean running;
    private volatile long startNanos;

    /**
     * A null output named "null".
     *
     * @thread any
     */
    public AudioOutputNull() {
        super("null");
    }

    /**
     * The {@link System#nanoTime()} at which block 0 was due; block {@code n} is due
     * {@code n * bufferFrames / sampleRate} seconds later (until a catch-up restart).
     *
     * @return the start time in ns, 0 before {@link #start}
     * @thread any
     */
    public long startNanos() {
        return startNanos;
    }

    @Override
    AudioOutputInfo doOpen(AudioOutputConfig requested) {
        return new AudioOutputInfo("null (clock-paced)", requested.sampleRate(), requested.sampleRate(),
                requested.bufferFrames(), requested.bufferFrames(), requested.channels(), 0);
    }

    @Override
    boolean isRealTimeImpl() {
        return true;
    }

    @Override
    void doStart() {
        running = true;
        thread = new Thread(this::loop, "midirack-audio-null");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        startNanos = System.nanoTime();
        thread.start();
    }

    private void loop() {
        AudioOutputInfo i = info();
        final int frames = i.bufferFrames();
        final double nanosPerFrame = 1e9 / i.sampleRate();
        final long bufferNanos = (long) Math.ceil(frames * nanosPerFrame);
        long origin = startNanos;
        long framesSinceOrigin = 0;
        boolean behind = false;
        while (running) {
            long deadline = origin + (long) (framesSinceOrigin * nanosPerFrame);
            long now = System.nanoTime();
            while (now - deadline < 0) {
                LockSupport.parkNanos(deadline - now);
                if (!running) {
                    return;
                }
                now = System.nanoTime();
            }
            long late = now - deadline;
            if (late > bufferNanos) {
                if (!behind) {
                    counters().countUnderrun();
                    behind = true;
                }
                if (late > MAX_CATCH_UP_NANOS) {
                    origin = now;
                    framesSinceOrigin = 0;
                }
            } else {
                behind = false;
            }
            renderBlock(frames);
            framesSinceOrigin += frames;
        }
    }

    @Override
    void doStop() {
        running = false;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t);
            joinQuietly(t);
        }
        thread = null;
    }

    @Override
    void doClose() {
    }

    static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
