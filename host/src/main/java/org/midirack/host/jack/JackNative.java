package org.midirack.host.jack;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.PointerType;
import java.lang.reflect.Field;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackPort;

/**
 * The few libjack calls midirack makes on JACK's process thread itself, bound by JNA direct mapping
 * with every pointer passed as a {@code long}: no argument or result is a Java object, so a call
 * allocates nothing (jnajack's own {@code JackMidi} reads its event structure by reflection and boxes
 * its fields, and its process wrapper makes a {@code Pointer} per port per cycle).
 *
 * <p>Structures are native {@link Memory} blocks allocated once by their owner and read with
 * {@code Memory.getInt/getDouble/...}, which allocate nothing. The layouts are JACK's ABI on a 64-bit
 * machine ({@code jack/midiport.h}, {@code jack/types.h}; {@code jack_position_t} is packed).
 *
 * <p>The raw {@code jack_client_t*} and {@code jack_port_t*} behind jnajack's objects are read once
 * from jnajack's fields (jnajack is an automatic module: its packages are open).
 */
public final class JackNative {

    /** {@code jack_midi_event_t}: time (uint32) at 0, size (size_t) at 8, buffer pointer at 16. */
    static final int MIDI_EVENT_SIZE = 24;
    static final int MIDI_EVENT_TIME = 0;
    static final int MIDI_EVENT_BYTES = 8;
    static final int MIDI_EVENT_BUFFER = 16;

    /** {@code jack_position_t}, packed, 136 bytes; the offsets of the fields midirack reads and writes. */
    static final int POSITION_SIZE = 136;
    static final int POS_FRAME_RATE = 16;
    static final int POS_FRAME = 20;
    static final int POS_VALID = 24;
    static final int POS_BAR = 28;
    static final int POS_BEAT = 32;
    static final int POS_TICK = 36;
    static final int POS_BAR_START_TICK = 40;
    static final int POS_BEATS_PER_BAR = 48;
    static final int POS_BEAT_TYPE = 52;
    static final int POS_TICKS_PER_BEAT = 56;
    static final int POS_BPM = 64;
    /** {@code JackPositionBBT}: bar, beat, tick and tempo are valid. */
    static final int POSITION_BBT = 0x10;

    /** {@code jack_transport_state_t}. */
    static final int TRANSPORT_STOPPED = 0;
    static final int TRANSPORT_ROLLING = 1;
    static final int TRANSPORT_STARTING = 3;

    /** {@code jack_latency_callback_mode_t}: capture 0, playback 1. {@code jack_latency_range_t}: two uint32. */
    static final int CAPTURE_LATENCY = 0;
    static final int PLAYBACK_LATENCY = 1;

    private static volatile boolean bound;
    private static volatile String bindError;

    private JackNative() {
    }

    /**
     * Binds the functions below to libjack (jnajack's own loading has found it already when a client
     * is open). Safe to call more than once.
     *
     * @throws IllegalStateException when libjack or libc cannot be bound, naming the reason
     * @thread any
     */
    public static synchronized void bind() {
        if (bound) {
            return;
        }
        if (bindError != null) {
            throw new IllegalStateException(bindError);
        }
        try {
            try {
                Native.register(JackNative.class, "jack");
            } catch (UnsatisfiedLinkError e) {
                Native.register(JackNative.class, "libjack.so.0");
            }
            LibC.bind();
            bound = true;
        } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
            bindError = "cannot bind libjack's MIDI and transport calls (install jackd2 / libjack): " + e.getMessage();
            throw new IllegalStateException(bindError, e);
        }
    }

    /** The {@code jack_port_t*} behind a jnajack port. @thread any (not render) */
    static long address(JackPort port) {
        return pointerField(JackPort.class, "portPtr", port);
    }

    /** The {@code jack_client_t*} behind a jnajack client. @thread any (not render) */
    static long address(JackClient client) {
        return pointerField(JackClient.class, "clientPtr", client);
    }

    private static long pointerField(Class<?> type, String name, Object owner) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            PointerType p = (PointerType) f.get(owner);
            Pointer raw = p == null ? null : p.getPointer();
            if (raw == null) {
                throw new IllegalStateException("jnajack's " + type.getSimpleName() + " has no native pointer");
            }
            return Pointer.nativeValue(raw);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read jnajack's " + type.getSimpleName() + "." + name
                    + " (jnajack 1.4.0 expected): " + e, e);
        }
    }

    /** The address of a native block. @thread any */
    static long address(Memory m) {
        return Pointer.nativeValue(m);
    }

    // ------------------------------------------------------------------ libjack, direct mapping

    static native long jack_port_get_buffer(long port, int nframes);

    static native int jack_midi_get_event_count(long portBuffer);

    static native int jack_midi_event_get(long event, long portBuffer, int index);

    static native void jack_midi_clear_buffer(long portBuffer);

    static native int jack_midi_event_write(long portBuffer, int time, long data, long size);

    static native int jack_midi_get_lost_event_count(long portBuffer);

    static native int jack_transport_query(long client, long position);

    static native int jack_set_timebase_callback(long client, int conditional, JackTransport.TimebaseCallback callback,
            long arg);

    static native int jack_last_frame_time(long client);

    static native void jack_port_set_latency_range(long port, int mode, long range);

    static native void jack_port_get_latency_range(long port, int mode, long range);

    static native int jack_set_latency_callback(long client, JackLatency.LatencyCallback callback, long arg);

    static native long jack_port_by_name(long client, String name);

    static native int jack_recompute_total_latencies(long client);

    /** {@code memcpy} from libc, to copy an event's bytes out of JACK's buffer without a Pointer object. */
    static final class LibC {
        private LibC() {
        }

        static void bind() {
            Native.register(LibC.class, "c");
        }

        static native long memcpy(long dst, long src, long n);
    }
}
