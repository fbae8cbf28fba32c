package org.midirack.host.link;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * Link's sockets on one IPv4 interface that is up: a discovery socket bound to the interface's
 * address (it sends our alive and bye-bye messages to the multicast group out of this interface
 * only, and our responses to peers' alive messages), and a measurement socket bound to the same
 * address (it answers pings and carries our own measurements); both on ports the system picks.
 * Nothing else is opened; the multicast receiver on port {@value LinkWire#PORT} is the session's.
 * Network thread only.
 */
final class LinkGateway implements AutoCloseable {
    final NetworkInterface nif;
    final Inet4Address address;
    final int prefixLength;
    final DatagramChannel discovery;
    final DatagramChannel measurement;
    private final InetSocketAddress group;
    private final byte[] out = new byte[LinkWire.MAX_MESSAGE];
    private final LinkCounters counters;

    private LinkGateway(NetworkInterface nif, Inet4Address address, int prefixLength, InetSocketAddress group,
                        LinkCounters counters) throws IOException {
        this.nif = nif;
        this.address = address;
        this.prefixLength = prefixLength;
        this.group = group;
        this.counters = counters;
        DatagramChannel d = null;
        DatagramChannel m = null;
        try {
            d = DatagramChannel.open(StandardProtocolFamily.INET);
            d.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
            d.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            d.bind(new InetSocketAddress(address, 0));
            d.configureBlocking(false);
            m = DatagramChannel.open(StandardProtocolFamily.INET);
            m.bind(new InetSocketAddress(address, 0));
            m.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            closeQuietly(d);
            closeQuietly(m);
            throw e;
        }
        this.discovery = d;
        this.measurement = m;
    }

    /**
     * Gateways on every IPv4 interface that is up (loopback included, as Link does).
     * @thread Link network
     */
    static List<LinkGateway> openAll(LinkCounters counters) throws IOException {
        InetSocketAddress group = new InetSocketAddress(InetAddress.getByName(LinkWire.MULTICAST_ADDRESS), LinkWire.PORT);
        List<LinkGateway> gateways = new ArrayList<>();
        Enumeration<NetworkInterface> nifs = NetworkInterface.getNetworkInterfaces();
        while (nifs != null && nifs.hasMoreElements()) {
            NetworkInterface nif = nifs.nextElement();
            try {
                if (!nif.isUp()) {
                    continue;
                }
            } catch (SocketException e) {
                continue;
            }
            for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                if (ia.getAddress() instanceof Inet4Address a4) {
                    try {
                        gateways.add(new LinkGateway(nif, a4, ia.getNetworkPrefixLength(), group, counters));
                    } catch (IOException e) {
                        counters.sendErrors.incrementAndGet();
                    }
                }
            }
        }
        return gateways;
    }

    /**
     * Opens the multicast receiver (port {@value LinkWire#PORT}, shared with other Link programs on
     * this machine), joins Link's group on every gateway's interface, and registers it and every
     * gateway's sockets with {@code selector}.
     * @throws IOException when there is no gateway or the group can be joined on none
     * @thread main
     */
    static DatagramChannel openReceiver(List<LinkGateway> gateways, Selector selector) throws IOException {
        if (gateways.isEmpty()) {
            throw new IOException("no IPv4 network interface is up");
        }
        DatagramChannel mc = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            mc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            mc.bind(new InetSocketAddress(LinkWire.PORT));
            InetAddress group = InetAddress.getByName(LinkWire.MULTICAST_ADDRESS);
            int joined = 0;
            for (LinkGateway g : gateways) {
                try {
                    mc.join(group, g.nif);
                    joined++;
                } catch (IOException e) {
                    // this interface takes no membership (already joined through another address)
                }
                g.register(selector);
            }
            if (joined == 0) {
                throw new IOException("could not join " + LinkWire.MULTICAST_ADDRESS + " on any interface");
            }
            mc.configureBlocking(false);
            mc.register(selector, SelectionKey.OP_READ, null);
            return mc;
        } catch (IOException | RuntimeException e) {
            closeQuietly(mc);
            throw e;
        }
    }

    /** The ports of the gateways' sockets: measurement, discovery, per gateway. @thread any */
    static int[] ports(List<LinkGateway> gateways) {
        int[] ports = new int[gateways.size() * 2];
        for (int i = 0; i < gateways.size(); i++) {
            LinkGateway g = gateways.get(i);
            ports[2 * i] = g.endpointPort();
            try {
                ports[2 * i + 1] = ((InetSocketAddress) g.discovery.getLocalAddress()).getPort();
            } catch (IOException e) {
                ports[2 * i + 1] = LinkWire.PORT;
            }
        }
        return ports;
    }

    /** Registers both sockets for reading. @thread Link network */
    void register(Selector selector) throws IOException {
        discovery.register(selector, SelectionKey.OP_READ, this);
        measurement.register(selector, SelectionKey.OP_READ, this);
    }

    /** Whether {@code a} is on this interface's subnet. @thread any */
    boolean covers(InetAddress a) {
        if (!(a instanceof Inet4Address)) {
            return false;
        }
        int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        return (LinkWire.getInt(a.getAddress(), 0) & mask) == (LinkWire.getInt(address.getAddress(), 0) & mask);
    }

    /** The measurement endpoint as 'mep4' numbers: address. @thread any */
    int endpointAddress() {
        return LinkWire.getInt(address.getAddress(), 0);
    }

    /** The measurement endpoint's port. @thread any */
    int endpointPort() {
        try {
            return ((InetSocketAddress) measurement.getLocalAddress()).getPort();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Sends our state (alive to the group when {@code to} is null, else a response). @thread Link network */
    void sendState(int type, InetSocketAddress to, long nodeId, LinkTimeline timeline, long sessionId,
                   LinkWire.StartStop startStop) {
        int n = LinkWire.encodeDiscovery(out, type, LinkSession.TTL_SECONDS, nodeId, timeline, sessionId, startStop,
                endpointAddress(), endpointPort());
        send(discovery, n, to == null ? group : to);
    }

    /** Sends bye-bye to the group. @thread Link network */
    void sendByeBye(long nodeId) {
        int n = LinkWire.encodeDiscovery(out, LinkWire.BYEBYE, 0, nodeId, null, 0, null, 0, -1);
        send(discovery, n, group);
    }

    /** @thread Link network */
    void sendPing(InetSocketAddress to, long hostTime, long prevGhostTime) {
        send(measurement, LinkWire.encodePing(out, hostTime, prevGhostTime), to);
    }

    /**
     * Answers a ping with a pong: our session, our ghost time now, and the ping's payload.
     * @throws LinkWire.Malformed for a ping payload larger than Link's ({@value LinkWire#MAX_PING_PAYLOAD} bytes)
     * @thread Link network
     */
    void answerPing(InetSocketAddress from, LinkWire.Measurement ping, byte[] datagram, long sessionId, long ghostNow)
            throws LinkWire.Malformed {
        if (ping.payloadLength() > LinkWire.MAX_PING_PAYLOAD) {
            throw new LinkWire.Malformed("ping payload of " + ping.payloadLength() + " bytes, over 32");
        }
        sendPong(from, sessionId, ghostNow, datagram, ping.payloadOffset(), ping.payloadLength());
    }

    /** @thread Link network */
    void sendPong(InetSocketAddress to, long sessionId, long ghostTime, byte[] ping, int offset, int length) {
        send(measurement, LinkWire.encodePong(out, sessionId, ghostTime, ping, offset, length), to);
    }

    private void send(DatagramChannel ch, int n, InetSocketAddress to) {
        try {
            ch.send(ByteBuffer.wrap(out, 0, n), to);
            counters.sent.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            counters.sendErrors.incrementAndGet();
        }
    }

    /** @thread Link network */
    @Override
    public void close() {
        closeQuietly(discovery);
        closeQuietly(measurement);
    }

    static void closeQuietly(DatagramChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // closing: nothing to do
            }
        }
    }
}
