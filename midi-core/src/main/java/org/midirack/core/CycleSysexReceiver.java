package org.midirack.core;

/**
 * Optional node feature: takes system-exclusive messages on the thread that runs the node's cycles,
 * between two of its cycles, so that a host can hand over SysEx it receives or plays inside its render
 * cycle (a JACK MIDI input in the JACK process callback, a Standard MIDI File's SysEx from the sequencer)
 * without a lock, an allocation or a thread hop.
 *
 * <p>Why beside {@link SysexReceiver}: that one is for producers on other threads (a MIDI device, a UI)
 * and may serialise them on a lock, which the render thread must never take. This one has exactly one
 * caller at a time, the render thread, and the node's own {@code process} runs after it on the same
 * thread (or on a worker the host hands the cycle to, after this call returned), so a node keeps the
 * messages in a pre-allocated queue that nothing else touches.
 *
 * <p>Contract for implementations: copy the bytes (the array is the caller's and is reused at once);
 * act at {@code offset} frames into the node's next cycle where the node can (a later cycle when the
 * offset lies past it: carried, as the event FIFO does; a negative offset acts at frame 0); never
 * allocate, lock, block, log or throw; return false for a malformed message (not 0xF0 ... 0xF7, longer
 * than the node takes) or a full queue, and count it.
 */
public interface CycleSysexReceiver {
    /**
     * Takes one complete system-exclusive message for the node's next cycle.
     *
     * @param data the message in {@code data[0 .. length)}, starting with 0xF0 and ending with 0xF7; read
     *     during the call only
     * @param length bytes of the message
     * @param offset the frame in the node's next cycle where it acts
     * @return false when refused (malformed, too long, no room)
     * @thread render (the thread running the node's cycles, between two of them; never concurrently with
     *     the node's process)
     */
    boolean sysexInCycle(byte[] data, int length, int offset);

    /**
     * Whether a message is a complete system-exclusive message: at least 0xF0 0xF7, starting with 0xF0,
     * ending with 0xF7, no other status byte inside.
     *
     * @param data the bytes
     * @param length how many of them
     * @return true for a well-formed message
     * @thread any
     */
    static boolean wellFormed(byte[] data, int length) {
        if (data == null || length < 2 || length > data.length || (data[0] & 0xFF) != 0xF0
                || (data[length - 1] & 0xFF) != 0xF7) {
            return false;
        }
        for (int i = 1; i < length - 1; i++) {
            if ((data[i] & 0x80) != 0) {
                return false;
            }
        }
        return true;
    }
}
