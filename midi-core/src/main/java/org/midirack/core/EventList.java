package org.midirack.core;

/**
 * A read-only, offset-sorted list of timed events: short MIDI messages and parameter changes,
 * stored as primitives (no object per event). An event is an {@code int} frame offset plus one
 * {@code long} of data, see {@link #midiData(int)} and {@link #paramData(int, float)}.
 *
 * <p>Render a cycle in sub-blocks between event offsets so that an event at offset k changes the
 * output at exactly frame k:
 * <pre>{@code
 * int pos = 0;
 * for (int i = 0; i < ev.size(); i++) {
 *     renderFrames(pos, ev.offset(i)); pos = ev.offset(i);
 *     apply(ev.status(i), ev.data1(i), ev.data2(i));
 * }
 * renderFrames(pos, frames);
 * }</pre>
 */
public interface EventList {
    /** Event type tag for a short MIDI message. */
    int TYPE_MIDI = 0;
    /** Event type tag for a parameter change. */
    int TYPE_PARAM = 1;

    /** @thread the list's reader (the render thread for a cycle's events) */
    int size();

    /** Frame offset of event i, in [0, cycle length) for a drained cycle. @thread reader */
    int offset(int i);

    /** The raw data long of event i. @thread reader */
    long data(int i);

    /** @thread reader */
    default int type(int i) {
        return (int) (data(i) >>> 56);
    }

    /** @thread reader */
    default boolean isParam(int i) {
        return type(i) == TYPE_PARAM;
    }

    /** @thread reader */
    default boolean isMidi(int i) {
        return type(i) == TYPE_MIDI;
    }

    /** The packed short message ({@link MidiMessages#pack}). @thread reader */
    default int message(int i) {
        return (int) (data(i) & 0xFFFFFF);
    }

    /** @thread reader */
    default int status(int i) {
        return (int) (data(i) >>> 16) & 0xFF;
    }

    /** @thread reader */
    default int data1(int i) {
        return (int) (data(i) >>> 8) & 0xFF;
    }

    /** @thread reader */
    default int data2(int i) {
        return (int) data(i) & 0xFF;
    }

    /** Index of the parameter a {@link #TYPE_PARAM} event changes. @thread reader */
    default int paramIndex(int i) {
        return (int) (data(i) >>> 32) & 0xFFFF;
    }

    /** Value of a {@link #TYPE_PARAM} event. @thread reader */
    default float paramValue(int i) {
        return Float.intBitsToFloat((int) data(i));
    }

    /** Data long of a short MIDI message (bytes masked, not checked). @thread any */
    static long midiData(int status, int data1, int data2) {
        return MidiMessages.pack(status, data1, data2) & 0xFFFFFFL;
    }

    /** Data long of a parameter change. @thread any */
    static long paramData(int index, float value) {
        return (long) TYPE_PARAM << 56 | ((long) (index & 0xFFFF) << 32)
                | (Float.floatToRawIntBits(value) & 0xFFFFFFFFL);
    }
}
