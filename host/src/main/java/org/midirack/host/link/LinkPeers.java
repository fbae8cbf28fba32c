package org.midirack.host.link;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/**
 * The other peers we have heard, by node id: each one's session, timeline, start/stop state,
 * measurement endpoint, the gateway it was heard on, and when it expires (the ttl of its last
 * message after receipt; a peer killed without bye-bye goes then). Network thread only (under the
 * session's lock).
 */
final class LinkPeers {

    /** What we last heard from one peer. */
    record Peer(long nodeId, long sessionId, LinkTimeline timeline, LinkWire.StartStop startStop,
                InetSocketAddress endpoint, LinkGateway gateway, long expiresNanos) {
    }

    private final Map<Long, Peer> peers = new HashMap<>();

    /**
     * Records a peer's state from an alive or response message heard through {@code via}.
     * @thread Link network
     */
    void saw(LinkWire.PeerMessage m, LinkGateway via, long nowNanos) {
        LinkWire.StartStop ss = m.startStop() == null ? LinkWire.StartStop.NONE : m.startStop();
        InetSocketAddress endpoint = new InetSocketAddress(address(m.endpointAddress()), m.endpointPort());
        peers.put(m.nodeId(), new Peer(m.nodeId(), m.sessionId(), m.timeline(), ss, endpoint, via,
                nowNanos + m.ttl() * 1_000_000_000L));
    }

    /** A peer said bye-bye. @thread Link network */
    void remove(long nodeId) {
        peers.remove(nodeId);
    }

    /** @thread Link network */
    void clear() {
        peers.clear();
    }

    /**
     * The peer to measure a session through: the one whose node id is the session's id (it
     * started the session) when we know it, else any member; null when none.
     * @thread Link network
     */
    Peer memberOf(long sessionId) {
        Peer chosen = null;
        for (Peer p : peers.values()) {
            if (p.sessionId() == sessionId && (chosen == null || p.nodeId() == sessionId)) {
                chosen = p;
            }
        }
        return chosen;
    }

    /** Peers in a session. @thread Link network */
    int countIn(long sessionId) {
        int n = 0;
        for (Peer p : peers.values()) {
            if (p.sessionId() == sessionId) {
                n++;
            }
        }
        return n;
    }

    /**
     * The latest start/stop state the members of a session sent, or {@code current} when none is
     * later.
     * @thread Link network
     */
    LinkWire.StartStop latestStartStop(long sessionId, LinkWire.StartStop current) {
        LinkWire.StartStop latest = current;
        for (Peer p : peers.values()) {
            if (p.sessionId() == sessionId && p.startStop().timestamp() > latest.timestamp()) {
                latest = p.startStop();
            }
        }
        return latest;
    }

    /** Forgets every member of a session (its measurement failed). @thread Link network */
    void forgetSession(long sessionId) {
        peers.values().removeIf(p -> p.sessionId() == sessionId);
    }

    /** Drops the peers whose ttl ran out; true when any went. @thread Link network */
    boolean expire(long nowNanos) {
        return peers.values().removeIf(p -> nowNanos >= p.expiresNanos());
    }

    /** The IPv4 address of a 'mep4' entry. @thread any */
    static InetAddress address(int a) {
        try {
            return Inet4Address.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
