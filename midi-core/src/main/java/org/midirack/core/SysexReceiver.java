package org.midirack.core;

/**
 * Optional node feature: takes system-exclusive messages (which do not fit the short-message
 * FIFO), e.g. GM reset or MIDI Tuning Standard for a synth.
 */
public interface SysexReceiver {
    /**
     * Queues a complete SysEx message (starting with 0xF0, ending with 0xF7) to act at the start
     * of the node's next cycle plus {@code offset} frames where the node supports it.
     * @return false when the message was refused (malformed, or no room)
     * @thread any (not the render thread)
     */
    boolean sysex(byte[] message, int offset);
}
