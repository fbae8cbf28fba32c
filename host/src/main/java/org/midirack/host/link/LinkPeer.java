package org.midirack.host.link;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * What we last heard from another peer: its session, timeline, start/stop state, measurement
 * endpoint, the gateway it was heard on, and when it expires (its message's ttl after receipt).
 */
record LinkPeer(long nodeId, long sessionId, LinkTimeline timeline, LinkWire.StartStop startStop,
                InetSocketAddress endpoint, LinkGateway gateway, long expiresNanos) {

    /** The IPv4 address of a 'mep4' entry. @thread Link network */
    static InetAddress address(int a) {
        try {
            return Inet4Address.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
