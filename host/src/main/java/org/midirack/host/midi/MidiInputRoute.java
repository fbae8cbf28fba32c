package org.midirack.host.midi;

import org.midirack.core.MidiMessages;
import org.midirack.core.SysexReceiver;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;

/**
 * A route from a MIDI input port to a sink (a node's event FIFO). Created by
 * {@link MidiRouter#addInput}; it stays while its device comes and goes and re-binds by itself
 * when the same port (same {@link MidiPortInfo#id()}) comes back.
 *
 * <p>Path: the device's thread stamps each message on arrival (the device timestamp where the
 * provider gives one, else {@code System.nanoTime()}) and puts it into a lock-free, bounded,
 * pre-allocated ring (never blocks; a full ring drops and counts). At the start of every render
 * cycle {@link MidiRouter#beginCycle} maps each stamp to host sample time through the router's
 * {@link MidiTimeMap} and offers it to the sink at that frame plus a constant latency (default one
 * cycle), so the distance between playing and sounding is the same for every message: zero
 * jitter. In {@link Timing#LOWEST_LATENCY} mode everything plays at frame 0 of the first cycle
 * after arrival instead. Target frames never go backwards, so arrival order is kept, and every
 * message is kept, however many share a timestamp.
 *
 * <p>When the device disappears, every note it started (and every sustain pedal it holds down)
 * is released in the next cycle, right after the last message that arrived.
 *
 * <p>System-exclusive messages go to the {@link SysexListener}, system common and real-time
 * messages (clock, start, stop, song position) to the {@link RealtimeListener}, on the device's
 * thread; they are not offered to the sink. Active sensing is dropped.
 */
public final class MidiInputRoute {
    /** When a message plays. */
    public enum Timing {
        /** At its arrival time plus a constant latency: zero jitter (the default). */
        CONSTANT_LATENCY,
        /** At frame 0 of the first cycle after it arrived: least latency, up to a cycle of jitter. */
        LOWEST_LATENCY
    }

    /** Receives system-exclusive messages, on the device's thread. */
    @FunctionalInterface
    public interface SysexListener {
        /**
         * @param message the message as the device delivered it
         * @param nanoTime arrival time on the {@code System.nanoTime()} clock
         * @thread device (the input device's delivery thread)
         */
        void sysex(SysexMessage message, long nanoTime);
    }

    /** Receives system common and real-time messages (0xF1..0xFF except 0xF7 and 0xFE). */
    @FunctionalInterface
    public interface RealtimeListener {
        /**
         * @param nanoTime arrival time on the {@code System.nanoTime()} clock
         * @thread device (the input device's delivery thread)
         */
        void message(int status, int data1, int data2, long nanoTime);
    }

    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);

    private final String portId;
    private final MidiInputSink sink;
    private final int capacity;
    private final int mask;
    private final long[] sequence;
    private final long[] stamps;
    private final int[] messages;
    private final AtomicLong tail = new AtomicLong();
    private long head;

    private final MidiNoteTracker notes = new MidiNoteTracker();
    private final Receiver receiver = new RouteReceiver();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong sysexRefused = new AtomicLong();
    private final AtomicLong detachRequests = new AtomicLong();
    private volatile long detachesHandled;

    private volatile Timing timing = Timing.CONSTANT_LATENCY;
    private volatile int latencyFrames = -1;
    private volatile SysexListener sysexListener;
    private volatile RealtimeListener realtimeListener;

    // binding, written by the router's thread
    private volatile MidiPortInfo boundPort;
    private volatile long deviceOffsetNanos;
    private volatile boolean deviceStamps;
    volatile javax.sound.midi.Transmitter transmitter;
    volatile MidiDevice lastDevice;

    // render-thread state and counters (single writer, read anywhere)
    private long lastTarget = Long.MIN_VALUE;
    private volatile long delivered;
    private volatile long refused;
    private volatile long late;
    private volatile long released;

    MidiInputRoute(String portId, MidiInputSink sink, int capacity) {
        if (portId == null || portId.isBlank()) {
            throw new IllegalArgumentException("input route needs a port id, was " + portId);
        }
        if (sink == null) {
            throw new IllegalArgumentException("input route for '" + portId + "' needs a sink, was null");
        }
        if (capacity < 2 || capacity > (1 << 24) || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two in 2.." + (1 << 24)
                    + ", was " + capacity);
        }
        this.portId = portId;
        this.sink = sink;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.sequence = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            sequence[i] = i;
        }
        this.stamps = new long[capacity];
        this.messages = new int[capacity];
        VarHandle.releaseFence();
    }

    /** The stable id of the port this route follows. @thread any */
    public String portId() {
        return portId;
    }

    /** The port it is bound to now, or null while its device is away. @thread any */
    public MidiPortInfo boundPort() {
        return boundPort;
    }

    /** @thread any */
    public boolean isBound() {
        return boundPort != null;
    }

    /** @thread any */
    public Timing timing() {
        return timing;
    }

    /** Sets the timing mode; takes effect from the next cycle. @thread any */
    public MidiInputRoute timing(Timing timing) {
        if (timing == null) {
            throw new IllegalArgumentException("timing must not be null");
        }
        this.timing = timing;
        return this;
    }

    /**
     * The constant latency in frames for {@link Timing#CONSTANT_LATENCY}, or -1 for one cycle
     * (the length of each cycle, the default).
     * @thread any
     */
    public int latencyFrames() {
        return latencyFrames;
    }

    /**
     * Sets the constant latency in frames, or -1 for one cycle.
     * @throws IllegalArgumentException when below -1
     * @thread any
     */
    public MidiInputRoute latencyFrames(int frames) {
        if (frames < -1) {
            throw new IllegalArgumentException("latency must be >= 0 frames, or -1 for one cycle; was " + frames);
        }
        this.latencyFrames = frames;
        return this;
    }

    /** Sets (or clears, with null) the system-exclusive listener. @thread any */
    public MidiInputRoute sysexListener(SysexListener listener) {
        this.sysexListener = listener;
        return this;
    }

    /**
     * Forwards system-exclusive messages to a node that takes them (e.g. a Gervill instrument: GM
     * reset, MIDI Tuning Standard), to act at the start of its next cycle; refusals are counted.
     * @thread any
     */
    public MidiInputRoute sysexTo(SysexReceiver node) {
        if (node == null) {
            throw new IllegalArgumentException("sysex target must not be null (use sysexListener(null) to stop)");
        }
        this.sysexListener = (message, nanoTime) -> {
            if (!node.sysex(message.getMessage(), 0)) {
                sysexRefused.incrementAndGet();
            }
        };
        return this;
    }

    /** System-exclusive messages the {@link #sysexTo} target refused. @thread any */
    public long sysexRefused() {
        return sysexRefused.get();
    }

    /** Sets (or clears, with null) the system common / real-time listener. @thread any */
    public MidiInputRoute realtimeListener(RealtimeListener listener) {
        this.realtimeListener = listener;
        return this;
    }

    /** Short channel messages that arrived from devices. @thread any */
    public long received() {
        return received.get();
    }

    /** Messages lost because the ring was full (the render side did not keep up). @thread any */
    public long overflowed() {
        return overflowed.get();
    }

    /** Messages the sink took. @thread any */
    public long delivered() {
        return delivered;
    }

    /** Messages the sink refused. @thread any */
    public long refused() {
        return refused;
    }

    /** Messages whose target frame had already passed when they were dispatched. @thread any */
    public long late() {
        return late;
    }

    /** Note-offs and pedal releases sent because the device went away. @thread any */
    public long released() {
        return released;
    }

    /** Notes this route delivered and not yet ended. @thread render */
    public int heldNotes() {
        return notes.heldCount();
    }

    /** True when every detach so far has had its notes released by the render thread. */
    boolean releaseDone() {
        return detachRequests.get() == detachesHandled;
    }

    /** The receiver the bound device's transmitter sends to. */
    Receiver receiver() {
        return receiver;
    }

    /** Binds to a device that was just (re)found; called by the router. */
    void bound(MidiPortInfo port, MidiDevice device) {
        long offset = 0;
        boolean stamps = true;
        if (!(device instanceof MidiVirtualDevice)) {
            offset = estimateOffset(device);
            stamps = offset != Long.MIN_VALUE;
        }
        deviceOffsetNanos = stamps ? offset : 0;
        deviceStamps = stamps;
        boundPort = port;
    }

    /** The device went away: release its notes at the next cycle; called by the router. */
    void detached() {
        boundPort = null;
        detachRequests.incrementAndGet();
    }

    /**
     * Offset between the device's microsecond clock and System.nanoTime: the best of a few
     * readings (the one taken in the shortest window).
     */
    private static long estimateOffset(MidiDevice device) {
        long best = Long.MIN_VALUE;
        long bestWindow = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long a = System.nanoTime();
            long us = device.getMicrosecondPosition();
            long b = System.nanoTime();
            if (us < 0) {
                return Long.MIN_VALUE;
            }
            if (b - a < bestWindow) {
                bestWindow = b - a;
                best = a + (b - a) / 2 - us * 1000L;
            }
        }
        return best;
    }

    /** Producer side: stamps and queues a short message. Never blocks. */
    boolean push(long nanoTime, int packed) {
        long pos;
        int i;
        while (true) {
            pos = tail.get();
            i = (int) pos & mask;
            long s = (long) SEQ.getAcquire(sequence, i);
            if (s == pos) {
                if (tail.compareAndSet(pos, pos + 1)) {
                    break;
                }
            } else if (s < pos) {
                overflowed.incrementAndGet();
                return false;
            }
        }
        stamps[i] = nanoTime;
        messages[i] = packed;
        SEQ.setRelease(sequence, i, pos + 1);
        return true;
    }

    /**
     * Render side: offers everything that arrived to the sink, at constant latency, then releases
     * the notes of a device that went away. No allocation, no lock, no exception.
     */
    void dispatch(MidiTimeMap map, long cycleStart, int frames) {
        Timing mode = timing;
        int lat = latencyFrames;
        if (lat < 0) {
            lat = frames;
        }
        long maxAhead = (long) map.sampleRate() + lat;
        long d = delivered;
        long r = refused;
        long l = late;
        while (true) {
            int i = (int) head & mask;
            long s = (long) SEQ.getAcquire(sequence, i);
            if (s != head + 1) {
                break;
            }
            long nanos = stamps[i];
            int packed = messages[i];
            SEQ.setRelease(sequence, i, head + capacity);
            head++;
            long target = mode == Timing.LOWEST_LATENCY ? cycleStart
                    : (long) Math.floor(map.frameAt(nanos) + 0.5) + lat;
            if (target < lastTarget) {
                target = lastTarget;
            }
            lastTarget = target;
            long off = target - cycleStart;
            if (off < 0) {
                l++;
                off = 0;
            } else if (off > maxAhead) {
                off = maxAhead;
            }
            int status = MidiMessages.status(packed);
            int d1 = MidiMessages.data1(packed);
            int d2 = MidiMessages.data2(packed);
            if (sink.offer((int) off, status, d1, d2)) {
                d++;
                notes.track(status, d1, d2);
            } else {
                r++;
            }
        }
        long requests = detachRequests.get();
        if (requests != detachesHandled) {
            detachesHandled = requests;
            long at = Math.max(lastTarget, cycleStart);
            lastTarget = at;
            released += notes.releaseAll(sink, (int) Math.min(at - cycleStart, maxAhead));
        }
        delivered = d;
        refused = r;
        late = l;
    }

    private long arrival(long timeStamp) {
        if (timeStamp >= 0 && deviceStamps) {
            return timeStamp * 1000L + deviceOffsetNanos;
        }
        return System.nanoTime();
    }

    /** @thread any */
    @Override
    public String toString() {
        MidiPortInfo p = boundPort;
        return "MidiInputRoute[" + portId + (p == null ? ", unbound" : ", bound") + "]";
    }

    private final class RouteReceiver implements Receiver {
        @Override
        public void send(MidiMessage message, long timeStamp) {
            long nanos = arrival(timeStamp);
            if (message instanceof SysexMessage) {
                SysexListener l = sysexListener;
                if (l != null) {
                    l.sysex((SysexMessage) message, nanos);
                }
                return;
            }
            int status;
            int d1;
            int d2;
            if (message instanceof ShortMessage) {
                ShortMessage sm = (ShortMessage) message;
                status = sm.getStatus();
                d1 = sm.getData1();
                d2 = sm.getData2();
            } else {
                byte[] b = message.getMessage();
                if (b.length == 0) {
                    return;
                }
                status = b[0] & 0xFF;
                d1 = b.length > 1 ? b[1] & 0x7F : 0;
                d2 = b.length > 2 ? b[2] & 0x7F : 0;
            }
            if (status >= 0xF0) {
                RealtimeListener l = realtimeListener;
                if (l != null && status != 0xFE && status != 0xF7) {
                    l.message(status, d1, d2, nanos);
                }
                return;
            }
            if (!MidiMessages.isValid(status, d1, d2)) {
                return;
            }
            received.incrementAndGet();
            push(nanos, MidiMessages.pack(status, d1, d2));
        }

        @Override
        public void close() {
        }
    }
}
