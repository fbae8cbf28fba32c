package org.midirack.host.midi;

import org.midirack.core.EventList;
import org.midirack.core.MidiMessages;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.Receiver;
import javax.sound.midi.SysexMessage;

/**
 * A route from the host (node MIDI output, sequenced tracks, {@link MidiClockOut}) to a MIDI
 * output port. Created by {@link MidiRouter#addOutput}; it re-binds by itself when its port comes
 * back after an unplug.
 *
 * <p>The render thread writes timed short messages into a pre-allocated single-producer ring
 * (never blocks, never allocates; full ring drops and counts); a sender thread ({@link #flush})
 * hands them to the device's receiver with a timestamp in the device's time base, so a device
 * that honours timestamps (CoreMIDI, Gervill, the virtual ports) plays them on the exact time.
 * For a device without a clock the sender holds each message until it is due.
 *
 * <p>Frame to time: a message at host frame f leaves at {@code timeMap.nanosAt(f + delayFrames)};
 * set {@link #delayFrames(int)} to the audio output latency to line MIDI gear up with the audio.
 */
public final class MidiOutputRoute {
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;

    static {
        try {
            TAIL = MethodHandles.lookup().findVarHandle(MidiOutputRoute.class, "tail", long.class);
            HEAD = MethodHandles.lookup().findVarHandle(MidiOutputRoute.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String portId;
    private final MidiTimeMap timeMap;
    private final int capacity;
    private final int mask;
    private final long[] stamps;
    private final int[] messages;
    @SuppressWarnings("unused")
    private volatile long tail;
    @SuppressWarnings("unused")
    private volatile long head;

    private volatile int delayFrames;
    private volatile long overflowed;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong unbound = new AtomicLong();
    private final Object sendLock = new Object();
    private final MidiNoteTracker sounding = new MidiNoteTracker();

    private volatile MidiPortInfo boundPort;
    volatile Receiver receiver;
    volatile MidiDevice lastDevice;
    private volatile long deviceOffsetNanos;
    private volatile boolean deviceStamps;

    MidiOutputRoute(String portId, MidiTimeMap timeMap, int capacity) {
        if (portId == null || portId.isBlank()) {
            throw new IllegalArgumentException("output route needs a port id, was " + portId);
        }
        if (capacity < 2 || capacity > (1 << 24) || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two in 2.." + (1 << 24)
                    + ", was " + capacity);
        }
        this.portId = portId;
        this.timeMap = timeMap;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.stamps = new long[capacity];
        this.messages = new int[capacity];
    }

    /** @thread any */
    public String portId() {
        return portId;
    }

    /** The port bound now, or null while its device is away. @thread any */
    public MidiPortInfo boundPort() {
        return boundPort;
    }

    /** @thread any */
    public boolean isBound() {
        return boundPort != null;
    }

    /** @thread any */
    public int delayFrames() {
        return delayFrames;
    }

    /**
     * Frames added to every message's time (e.g. the audio output latency); not negative.
     * @thread any
     */
    public MidiOutputRoute delayFrames(int frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("output delay must be >= 0 frames, was " + frames);
        }
        this.delayFrames = frames;
        return this;
    }

    /** Messages handed to a device receiver. @thread any */
    public long sent() {
        return sent.get();
    }

    /** Messages dropped because the ring was full. @thread any */
    public long overflowed() {
        return overflowed;
    }

    /** Messages dropped because no device was bound when they were due. @thread any */
    public long droppedUnbound() {
        return unbound.get();
    }

    /**
     * Queues a short message for host frame {@code frame} (absolute, on the clock fed to
     * {@link MidiRouter#beginCycle}). Invalid bytes are refused.
     * @return false when refused or the ring is full (counted)
     * @thread render
     */
    public boolean send(long frame, int status, int data1, int data2) {
        if (!MidiMessages.isValid(status, data1, data2)) {
            return false;
        }
        return push(timeMap.nanosAt((double) frame + delayFrames), MidiMessages.pack(status, data1, data2));
    }

    /**
     * Queues every short MIDI message of a cycle's event list (a node's MIDI output), each at
     * {@code cycleStart + offset}.
     * @return how many were queued
     * @thread render
     */
    public int send(EventList events, long cycleStart) {
        int n = 0;
        for (int i = 0; i < events.size(); i++) {
            if (events.isMidi(i) && send(cycleStart + events.offset(i), events.status(i), events.data1(i), events.data2(i))) {
                n++;
            }
        }
        return n;
    }

    private boolean push(long nanos, int packed) {
        long t = (long) TAIL.getOpaque(this);
        if (t - (long) HEAD.getAcquire(this) >= capacity) {
            overflowed++;
            return false;
        }
        int i = (int) t & mask;
        stamps[i] = nanos;
        messages[i] = packed;
        TAIL.setRelease(this, t + 1);
        return true;
    }

    /**
     * Hands every queued message that is due to the device (all of them when the device takes
     * timestamps). Called by the router's sender thread; callable from any other non-render thread.
     * @return messages sent
     * @thread sender (any thread but render)
     */
    public int flush() {
        synchronized (sendLock) {
            int n = 0;
            long h = (long) HEAD.getOpaque(this);
            long t = (long) TAIL.getAcquire(this);
            long now = System.nanoTime();
            while (h < t) {
                int i = (int) h & mask;
                long nanos = stamps[i];
                int packed = messages[i];
                Receiver r = receiver;
                boolean stamped = deviceStamps;
                if (r != null && !stamped && nanos > now + 500_000L) {
                    break; // not due yet on a device without a clock
                }
                h++;
                HEAD.setRelease(this, h);
                if (r == null) {
                    unbound.incrementAndGet();
                    continue;
                }
                long ts = stamped ? Math.max(0, Math.floorDiv(nanos - deviceOffsetNanos, 1000L)) : -1;
                try {
                    r.send(MidiMessages.toShortMessage(packed), ts);
                    sounding.track(MidiMessages.status(packed), MidiMessages.data1(packed), MidiMessages.data2(packed));
                    sent.incrementAndGet();
                    n++;
                } catch (IllegalStateException e) {
                    unbound.incrementAndGet(); // closed under us: the device went away
                }
            }
            return n;
        }
    }

    /**
     * Sends a system-exclusive message now (after everything queued that is due).
     * @param data the complete message, starting with 0xF0 (or 0xF7 for a continuation)
     * @throws IllegalArgumentException when the bytes are not a system-exclusive message
     * @throws IllegalStateException when no device is bound
     * @thread any (not render)
     */
    public void sendSysex(byte[] data) {
        SysexMessage m;
        try {
            if (data == null || data.length < 2) {
                throw new InvalidMidiDataException("needs at least 2 bytes");
            }
            m = new SysexMessage(data, data.length);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException("not a system-exclusive message (" + e.getMessage()
                    + "); it must start with 0xF0 or 0xF7", e);
        }
        synchronized (sendLock) {
            flush();
            Receiver r = receiver;
            if (r == null) {
                throw new IllegalStateException("output route to '" + portId + "' has no device bound");
            }
            r.send(m, -1);
            sent.incrementAndGet();
        }
    }

    /**
     * Sends a note-off for every note this route sent and did not end (and lifts sustain pedals);
     * used when the host stops or the route is removed.
     * @return messages sent
     * @thread any (not render)
     */
    public int releaseAll() {
        synchronized (sendLock) {
            flush();
            Receiver r = receiver;
            if (r == null) {
                sounding.releaseAll((o, s, d1, d2) -> true, 0);
                return 0;
            }
            int[] count = new int[1];
            sounding.releaseAll((o, s, d1, d2) -> {
                r.send(MidiMessages.toShortMessage(MidiMessages.pack(s, d1, d2)), -1);
                count[0]++;
                return true;
            }, 0);
            sent.addAndGet(count[0]);
            return count[0];
        }
    }

    void bound(MidiPortInfo port, MidiDevice device, Receiver r) {
        synchronized (sendLock) {
            long offset = 0;
            boolean stamps = true;
            if (!(device instanceof MidiVirtualDevice)) {
                long a = System.nanoTime();
                long us = device.getMicrosecondPosition();
                long b = System.nanoTime();
                stamps = us >= 0;
                offset = stamps ? a + (b - a) / 2 - us * 1000L : 0;
            }
            deviceOffsetNanos = offset;
            deviceStamps = stamps;
            receiver = r;
            boundPort = port;
        }
    }

    Receiver detached() {
        synchronized (sendLock) {
            Receiver r = receiver;
            receiver = null;
            boundPort = null;
            sounding.releaseAll((o, s, d1, d2) -> true, 0); // the device lost its notes with it
            return r;
        }
    }

    /** @thread any */
    @Override
    public String toString() {
        return "MidiOutputRoute[" + portId + (boundPort == null ? ", unbound" : ", bound") + "]";
    }
}
