package org.midirack.instruments.gervill;

/**
 * What the Gervill instrument plays through: one {@link GervillEngine}, or a {@link GervillSplit} that spreads
 * the 16 MIDI channels over several engines for an offline render. Both schedule events exactly alike (same
 * Gervill timestamp keys, so the same frames) and render the same cycles.
 */
public interface GervillSink extends AutoCloseable {

    /**
     * Schedules a short MIDI message at an offset from the start of the next {@link #render} call (see
     * {@link GervillEngine#send}).
     *
     * @return false when the message was malformed and dropped
     * @thread render
     */
    boolean send(int offset, int status, int data1, int data2);

    /**
     * Schedules a system-exclusive message (F0 ... F7) at an offset from the start of the next render call.
     *
     * @return false when malformed and dropped
     * @thread render
     */
    boolean sendSysex(int offset, byte[] data, int length);

    /**
     * Renders the next {@code frames} frames into two channel arrays from {@code offset}.
     *
     * @thread render
     */
    void render(float[] left, float[] right, int offset, int frames);

    /**
     * Closes Gervill (every engine, and the workers of a split); later renders produce silence.
     *
     * @thread main
     */
    @Override
    void close();
}
