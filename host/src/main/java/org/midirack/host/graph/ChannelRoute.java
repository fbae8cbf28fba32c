package org.midirack.host.graph;

import org.midirack.core.EventList;

/**
 * What a MIDI link does to one event on the render thread: passes it when its channel is in the
 * link's mask (system messages, status 0xF0 and above, and parameter events always pass), and
 * rewrites the channel of a channel message when the link remaps. Allocation-free, never throws.
 */
public final class ChannelRoute {
    /** Returned by {@link #apply} for an event the link's filter stops. */
    public static final long BLOCKED = -1L;

    private ChannelRoute() {
    }

    /**
     * @param data a raw event (see {@link EventList})
     * @param mask bit c passes channel c (0..15)
     * @param remap -1 keeps the channel, 0..15 rewrites it
     * @return the event as the link delivers it, or {@link #BLOCKED}
     * @thread render (or any thread offering at the host's boundary)
     */
    public static long apply(long data, int mask, int remap) {
        if ((int) (data >>> 56) != EventList.TYPE_MIDI) {
            return data;
        }
        int status = (int) (data >>> 16) & 0xFF;
        if (status >= 0xF0) {
            return data;
        }
        if ((mask & (1 << (status & 0x0F))) == 0) {
            return BLOCKED;
        }
        if (remap < 0) {
            return data;
        }
        return (data & ~0x0F_0000L) | ((long) remap << 16);
    }

    /**
     * Checks a link's filter and remap.
     * @throws IllegalArgumentException for a mask that passes no channel or has bits above channel
     *     15, or a remap outside -1..15, naming the value
     * @thread any
     */
    public static void check(int channelMask, int remapChannel) {
        if (channelMask == 0 || (channelMask & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("channel mask 0x" + Integer.toHexString(channelMask)
                    + " must pass at least one of the 16 channels (bits 0..15, 0xFFFF = all)");
        }
        if (remapChannel < -1 || remapChannel > 15) {
            throw new IllegalArgumentException("remap channel " + remapChannel + " must be -1 (keep the channel) or 0..15");
        }
    }

    /** Whether a status byte passes a mask. @thread any */
    public static boolean passes(int status, int mask) {
        return status >= 0xF0 || (mask & (1 << (status & 0x0F))) != 0;
    }

    /** The status a link delivers. @thread any */
    public static int remapStatus(int status, int remap) {
        return status >= 0xF0 || remap < 0 ? status : (status & 0xF0) | remap;
    }
}
