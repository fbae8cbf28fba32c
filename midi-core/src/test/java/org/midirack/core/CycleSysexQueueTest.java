package org.midirack.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The render thread's SysEx queue: copies, keeps order, carries offsets, refuses and counts. */
class CycleSysexQueueTest {
    private static final byte[] GM_ON = {(byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7};
    private static final byte[] VOLUME = {(byte) 0xF0, 0x7F, 0x7F, 0x04, 0x01, 0x10, 0x20, (byte) 0xF7};

    @Test
    void messagesComeOutInOrderWithTheirBytesCopiedAndOffsetsCarriedCycleByCycle() {
        CycleSysexQueue q = new CycleSysexQueue(4, 16);
        byte[] scratch = Arrays.copyOf(VOLUME, 32); // longer than the message: only length bytes count
        assertTrue(q.offer(GM_ON, GM_ON.length, 300));
        assertTrue(q.offer(scratch, VOLUME.length, 10));
        Arrays.fill(scratch, (byte) 0); // the caller reuses its array at once
        assertEquals(2, q.size());
        assertEquals(300, q.headOffset());
        q.carry(128);
        q.carry(128);
        assertEquals(44, q.headOffset(), "300 frames into the first of three 128-frame cycles is frame 44 of the third");
        assertArrayEquals(GM_ON, Arrays.copyOf(q.headData(), q.headLength()));
        q.pop();
        assertEquals(0, q.headOffset(), "the second waited behind the first and is due at once");
        assertArrayEquals(VOLUME, Arrays.copyOf(q.headData(), q.headLength()));
        q.pop();
        assertEquals(0, q.size());
    }

    @Test
    void malformedTooLongAndFullAreRefusedAndCounted() {
        CycleSysexQueue q = new CycleSysexQueue(2, 8);
        assertFalse(q.offer(new byte[] {(byte) 0x90, 60, 100}, 3, 0), "not SysEx");
        assertFalse(q.offer(new byte[] {(byte) 0xF0, 0x01, (byte) 0x90, (byte) 0xF7}, 4, 0), "a status byte inside");
        assertFalse(q.offer(new byte[] {(byte) 0xF0, 0x01, 0x02}, 3, 0), "no end");
        assertFalse(q.offer(new byte[12], 12, 0), "longer than a slot");
        assertEquals(4, q.refusedMalformed());
        assertTrue(q.offer(GM_ON, GM_ON.length, -5));
        assertEquals(0, q.headOffset(), "a late message acts at frame 0");
        assertTrue(q.offer(VOLUME, VOLUME.length, 0));
        assertFalse(q.offer(GM_ON, GM_ON.length, 0));
        assertEquals(1, q.refusedFull());
        q.clear();
        assertEquals(0, q.size());
    }
}
