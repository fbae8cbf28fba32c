package org.midirack.host.link;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One Ableton Link peer: joins and leaves a session, shares tempo, beat and phase for any quantum
 * and start/stop, speaking Link's wire protocol ({@link LinkWire}) so that midirack and any other
 * Link application see one session. Off until {@link #enable()}; then it opens only Link's
 * sockets (the multicast receiver on port {@value LinkWire#PORT} and two sockets per up IPv4
 * interface, see {@link LinkGateway}) and runs one network thread. Everything that changes the
 * session happens under this object's lock, by the network thread or an API caller; the render
 * thread reads {@link #state()}, an immutable snapshot, and never locks.
 * <p>Session rules (Link's): each peer starts its own session (its node id) with ghost time 0 at
 * start; seeing a peer of another session, it measures that session's ghost time
 * ({@link LinkMeasurement}) and joins it when its ghost time is more than 0.5 s ahead (the older
 * session), or within 0.5 s and its id is smaller. Within a session the timeline with the larger
 * beat origin wins (a tempo change gives a larger one), and the start/stop state with the later
 * timestamp. Peers expire after the ttl of their last message (5 s) or on bye-bye.
 */
public final class LinkSession implements AutoCloseable {
    static final int TTL_SECONDS = 5;
    static final long BROADCAST_NANOS = TTL_SECONDS * 1_000_000_000L / 20;
    static final long MIN_BROADCAST_NANOS = 50_000_000L;
    static final long SESSION_EPS_MICROS = 500_000;
    static final long REMEASURE_NANOS = 30_000_000_000L;

    private final SecureRandom random = new SecureRandom();
    private final LinkCounters counters = new LinkCounters();
    private final LinkPeers peers = new LinkPeers();
    private final Map<Long, LinkTimeline> otherSessions = new HashMap<>();
    private final Map<Long, LinkMeasurement> measurements = new HashMap<>();
    private final byte[] in = new byte[2048];
    private final ByteBuffer inBuf = ByteBuffer.wrap(in);

    // session state, guarded by this
    private long nodeId;
    private long sessionId;
    private long ghostIntercept;          // ghost = host + intercept
    private LinkTimeline sessionTimeline; // ghost time
    private LinkWire.StartStop sessionStartStop = LinkWire.StartStop.NONE;
    private LinkTimeline clientTimeline;  // host time
    private boolean clientPlaying;
    private long clientPlayingTime;
    private long clientPlayingStamp;
    private boolean startStopSync = true;
    private int sessionPeers;
    private long version;
    private volatile LinkState state;

    // network, guarded by this
    private boolean enabled;
    private Selector selector;
    private DatagramChannel multicast;
    private List<LinkGateway> gateways = List.of();
    private Thread thread;
    private long lastBroadcastNanos;
    private long nextBroadcastNanos;
    private long remeasureNanos = Long.MAX_VALUE;

    /**
     * A peer at {@code bpm} (clamped to 20..999), not yet on the network.
     * @thread main
     */
    public LinkSession(double bpm) {
        nodeId = random.nextLong();
        sessionId = nodeId;
        long now = hostMicros();
        ghostIntercept = -now;
        sessionTimeline = LinkTimeline.of(bpm, 0, 0);
        clientTimeline = new LinkTimeline(sessionTimeline.microsPerBeat(), 0, ghostToHost(0));
        clientPlayingTime = now;
        clientPlayingStamp = now;
        publish();
    }

    /**
     * This machine's host time for Link: {@link System#nanoTime()} in microseconds
     * (CLOCK_MONOTONIC on Linux; Ableton's library reads CLOCK_MONOTONIC_RAW, which runs at the same
     * rate within parts per billion here: the difference in origin is what ghost time absorbs).
     * @thread any (allocation-free)
     */
    public static long hostMicros() {
        return System.nanoTime() / 1000;
    }

    /** The current state; a new object after every change. @thread any (render: one volatile read) */
    public LinkState state() {
        return state;
    }

    /** Counters of the network thread. @thread any */
    public LinkCounters counters() {
        return counters;
    }

    /** Whether start/stop is shared with the session (default on). @thread any */
    public synchronized void setStartStopSync(boolean on) {
        startStopSync = on;
    }

    /**
     * Joins the network: opens Link's sockets and starts a fresh session of our own (keeping our
     * beat grid), which meets the other peers'. Does nothing when already on.
     * @throws IOException when the multicast receiver cannot be opened (e.g. no IPv4 network)
     * @thread main
     */
    public synchronized void enable() throws IOException {
        if (enabled) {
            return;
        }
        Selector sel = Selector.open();
        DatagramChannel mc = null;
        List<LinkGateway> gws = List.of();
        try {
            gws = LinkGateway.openAll(counters);
            mc = LinkGateway.openReceiver(gws, sel);
        } catch (IOException | RuntimeException e) {
            gws.forEach(LinkGateway::close);
            sel.close();
            throw e;
        }
        selector = sel;
        multicast = mc;
        gateways = gws;
        resetSession();
        enabled = true;
        nextBroadcastNanos = System.nanoTime();
        Thread t = new Thread(this::loop, "midirack-link");
        t.setDaemon(true);
        thread = t;
        publish();
        t.start();
    }

    /**
     * Leaves the network: says bye-bye, closes the sockets and stops the thread; the beat grid
     * and tempo stay as they were.
     * @thread main
     */
    public void disable() {
        Thread t;
        synchronized (this) {
            if (!enabled) {
                return;
            }
            enabled = false;
            for (LinkGateway g : gateways) {
                g.sendByeBye(nodeId);
            }
            t = thread;
            thread = null;
            selector.wakeup();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            try {
                selector.close();
            } catch (IOException e) {
                // closing
            }
            LinkGateway.closeQuietly(multicast);
            gateways.forEach(LinkGateway::close);
            gateways = List.of();
            peers.clear();
            otherSessions.clear();
            measurements.clear();
            sessionPeers = 0;
            publish();
        }
    }

    /** @thread main */
    @Override
    public void close() {
        disable();
    }

    /** The ports of the unicast sockets this peer opened (discovery and measurement, per interface). @thread any */
    synchronized int[] localPorts() {
        return LinkGateway.ports(gateways);
    }

    /** Whether the peer is on the network. @thread any */
    public synchronized boolean isEnabled() {
        return enabled;
    }

    /**
     * Sets the session tempo from host time {@code atHostMicros} on: our beat at that time stays,
     * and every peer follows.
     * @thread any (not render)
     */
    public synchronized void setTempo(double bpm, long atHostMicros) {
        long mpb = LinkTimeline.microsPerBeat(bpm);
        LinkTimeline desired = new LinkTimeline(mpb, clientTimeline.toBeats(atHostMicros), atHostMicros);
        clientTimeline = new LinkTimeline(mpb, clientTimeline.beatOrigin(), desired.fromBeats(clientTimeline.beatOrigin()));
        clientTimelineChanged(atHostMicros);
    }

    /**
     * Starts or stops the session at host time {@code atHostMicros} (shared when start/stop sync
     * is on).
     * @thread any (not render)
     */
    public synchronized void setPlaying(boolean playing, long atHostMicros) {
        long now = hostMicros();
        if (now < clientPlayingStamp) {
            return;
        }
        clientPlaying = playing;
        clientPlayingTime = atHostMicros;
        clientPlayingStamp = now;
        if (startStopSync) {
            long ghostStamp = hostToGhost(now);
            if (ghostStamp > sessionStartStop.timestamp()) {
                sessionStartStop = new LinkWire.StartStop(playing,
                        sessionTimeline.toBeats(hostToGhost(atHostMicros)), ghostStamp);
                broadcastSoon();
            }
        }
        publish();
    }

    // ---- session state (callers hold the lock) ---------------------------------------------------

    private long hostToGhost(long host) {
        return host + ghostIntercept;
    }

    private long ghostToHost(long ghost) {
        return ghost - ghostIntercept;
    }

    private void resetSession() {
        long now = hostMicros();
        long newIntercept = -now;
        LinkTimeline tl = new LinkTimeline(sessionTimeline.microsPerBeat(),
                sessionTimeline.toBeats(hostToGhost(now)), now + newIntercept);
        nodeId = random.nextLong();
        sessionId = nodeId;
        sessionStartStop = LinkWire.StartStop.NONE;
        updateSessionTiming(tl, newIntercept);
        peers.clear();
        otherSessions.clear();
        measurements.clear();
        sessionPeers = 0;
        remeasureNanos = Long.MAX_VALUE;
    }

    private void clientTimelineChanged(long atHostMicros) {
        LinkTimeline session = LinkTimeline.sessionFromClient(sessionTimeline, clientTimeline, atHostMicros,
                ghostIntercept);
        updateSessionTiming(session, ghostIntercept);
        broadcastSoon();
        publish();
    }

    private void updateSessionTiming(LinkTimeline newTimeline, long newIntercept) {
        if (newTimeline.equals(sessionTimeline) && newIntercept == ghostIntercept) {
            return;
        }
        sessionTimeline = newTimeline;
        ghostIntercept = newIntercept;
        clientTimeline = LinkTimeline.clientFromSession(clientTimeline, newTimeline, hostMicros(), newIntercept);
        if (startStopSync && !sessionStartStop.equals(LinkWire.StartStop.NONE)) {
            adoptSessionStartStop();
        }
        publish();
    }

    private void adoptSessionStartStop() {
        clientPlaying = sessionStartStop.playing();
        clientPlayingTime = ghostToHost(sessionTimeline.fromBeats(sessionStartStop.beats()));
        clientPlayingStamp = ghostToHost(sessionStartStop.timestamp());
    }

    private void publish() {
        state = new LinkState(clientTimeline, enabled, clientPlaying, clientPlayingTime, sessionPeers, sessionId,
                ++version);
    }

    private void broadcastSoon() {
        if (enabled) {
            nextBroadcastNanos = Math.max(lastBroadcastNanos + MIN_BROADCAST_NANOS, System.nanoTime());
            selector.wakeup();
        }
    }

    // ---- the network thread -----------------------------------------------------------------------

    private void loop() {
        Selector sel;
        synchronized (this) {
            sel = selector;
        }
        while (true) {
            try {
                long timeoutMillis;
                synchronized (this) {
                    if (!enabled) {
                        return;
                    }
                    timeoutMillis = Math.max(1, (nextDeadline() - System.nanoTime()) / 1_000_000L);
                }
                sel.select(Math.min(timeoutMillis, 250));
                synchronized (this) {
                    if (!enabled) {
                        return;
                    }
                    for (Iterator<SelectionKey> it = sel.selectedKeys().iterator(); it.hasNext(); ) {
                        SelectionKey key = it.next();
                        it.remove();
                        receiveAll(key);
                    }
                    timers(System.nanoTime());
                }
            } catch (IOException | RuntimeException e) {
                counters.loopErrors.incrementAndGet();
                if (!sel.isOpen()) {
                    return;
                }
            }
        }
    }

    private long nextDeadline() {
        long d = Math.min(nextBroadcastNanos, remeasureNanos);
        for (LinkMeasurement m : measurements.values()) {
            d = Math.min(d, m.deadlineNanos);
        }
        return d;
    }

    private void receiveAll(SelectionKey key) throws IOException {
        if (!key.isValid() || !key.isReadable()) {
            return;
        }
        DatagramChannel ch = (DatagramChannel) key.channel();
        LinkGateway gw = (LinkGateway) key.attachment();
        for (int i = 0; i < 64; i++) {
            inBuf.clear();
            InetSocketAddress from = (InetSocketAddress) ch.receive(inBuf);
            if (from == null) {
                return;
            }
            counters.received.incrementAndGet();
            int len = inBuf.position();
            try {
                if (len > LinkWire.MAX_MESSAGE) {
                    throw new LinkWire.Malformed("datagram of " + len + " bytes, over Link's 512");
                }
                if (gw != null && ch == gw.measurement) {
                    onMeasurement(gw, from, len);
                } else {
                    onDiscovery(gw, from, len);
                }
            } catch (LinkWire.Malformed e) {
                counters.malformed.incrementAndGet();
                counters.lastMalformed = e.getMessage();
            } catch (RuntimeException e) {
                counters.loopErrors.incrementAndGet();
            }
        }
    }

    private void onDiscovery(LinkGateway gw, InetSocketAddress from, int len) throws LinkWire.Malformed {
        LinkWire.PeerMessage m = LinkWire.parseDiscovery(in, len);
        if (m.nodeId() == nodeId || m.group() != 0) {
            counters.ignored.incrementAndGet();
            return;
        }
        LinkGateway via = gw != null ? gw : gatewayFor(from.getAddress());
        switch (m.type()) {
            case LinkWire.ALIVE -> {
                if (via != null) {
                    via.sendState(LinkWire.RESPONSE, from, nodeId, sessionTimeline, sessionId, sessionStartStop);
                    lastBroadcastNanos = System.nanoTime();
                }
                onPeerState(via, from, m);
            }
            case LinkWire.RESPONSE -> onPeerState(via, from, m);
            case LinkWire.BYEBYE -> {
                peers.remove(m.nodeId());
                countSessionPeers();
            }
            default -> counters.ignored.incrementAndGet();
        }
    }

    private LinkGateway gatewayFor(InetAddress a) {
        for (LinkGateway g : gateways) {
            if (g.covers(a)) {
                return g;
            }
        }
        return gateways.isEmpty() ? null : gateways.get(0);
    }

    private void onPeerState(LinkGateway via, InetSocketAddress from, LinkWire.PeerMessage m)
            throws LinkWire.Malformed {
        if (m.timeline() == null || m.sessionId() == null) {
            throw new LinkWire.Malformed("peer state without 'tmln' or 'sess'");
        }
        if (m.endpointPort() < 0) {
            throw new LinkWire.Malformed("peer state without 'mep4'");
        }
        LinkWire.StartStop ss = m.startStop() == null ? LinkWire.StartStop.NONE : m.startStop();
        peers.saw(m, via, System.nanoTime());
        sawSessionTimeline(m.sessionId(), m.timeline());
        if (m.sessionId() == sessionId && ss.timestamp() > sessionStartStop.timestamp()) {
            sessionStartStop = ss;
            broadcastSoon();
            if (startStopSync) {
                adoptSessionStartStop();
            }
            publish();
        }
        countSessionPeers();
    }

    private void sawSessionTimeline(long sid, LinkTimeline tl) {
        if (sid == sessionId) {
            if (tl.beatOrigin() > sessionTimeline.beatOrigin()) {
                updateSessionTiming(tl, ghostIntercept);
                broadcastSoon();
            }
            return;
        }
        LinkTimeline known = otherSessions.get(sid);
        if (known == null) {
            otherSessions.put(sid, tl);
            measureSession(sid);
        } else if (tl.beatOrigin() > known.beatOrigin()) {
            otherSessions.put(sid, tl);
        }
    }

    private void measureSession(long sid) {
        if (measurements.containsKey(sid)) {
            return;
        }
        LinkPeers.Peer chosen = peers.memberOf(sid);
        if (chosen == null || chosen.gateway() == null) {
            return;
        }
        LinkMeasurement m = new LinkMeasurement(sid, chosen.endpoint(), chosen.gateway());
        measurements.put(sid, m);
        m.start(System.nanoTime());
    }

    private void onMeasurement(LinkGateway gw, InetSocketAddress from, int len) throws LinkWire.Malformed {
        LinkWire.Measurement m = LinkWire.parseMeasurement(in, len);
        if (m.type() == LinkWire.PING) {
            gw.answerPing(from, m, in, sessionId, hostToGhost(hostMicros()));
            return;
        }
        if (m.type() != LinkWire.PONG) {
            counters.ignored.incrementAndGet();
            return;
        }
        for (LinkMeasurement meas : measurements.values()) {
            if (meas.target.equals(from) && meas.gateway == gw) {
                double offset;
                try {
                    offset = meas.pong(m, System.nanoTime());
                } catch (IllegalStateException e) {
                    measurements.remove(meas.sessionId);
                    measurementFailed(meas.sessionId);
                    return;
                }
                if (!Double.isNaN(offset)) {
                    measurements.remove(meas.sessionId);
                    measured(meas.sessionId, LinkTimeline.roundHalfAway(offset));
                }
                return;
            }
        }
        counters.ignored.incrementAndGet();
    }

    private void measured(long sid, long intercept) {
        if (sid == sessionId) {
            updateSessionTiming(sessionTimeline, intercept);
            remeasureNanos = System.nanoTime() + REMEASURE_NANOS;
            return;
        }
        LinkTimeline other = otherSessions.get(sid);
        if (other == null) {
            return;
        }
        long host = hostMicros();
        long diff = (host + intercept) - hostToGhost(host);
        if (diff > SESSION_EPS_MICROS || (Math.abs(diff) < SESSION_EPS_MICROS && Long.compareUnsigned(sid, sessionId) < 0)) {
            otherSessions.remove(sid);
            otherSessions.put(sessionId, sessionTimeline);
            sessionId = sid;
            sessionStartStop = LinkWire.StartStop.NONE;
            counters.sessionJoins.incrementAndGet();
            updateSessionTiming(other, intercept);
            sessionStartStop = peers.latestStartStop(sid, sessionStartStop); // the new session's latest
            if (startStopSync && !sessionStartStop.equals(LinkWire.StartStop.NONE)) {
                adoptSessionStartStop();
            }
            remeasureNanos = System.nanoTime() + REMEASURE_NANOS;
            countSessionPeers();
            broadcastSoon();
            publish();
        }
    }

    private void measurementFailed(long sid) {
        if (sid == sessionId) {
            remeasureNanos = System.nanoTime() + REMEASURE_NANOS;
        } else {
            otherSessions.remove(sid);
            peers.forgetSession(sid);
            countSessionPeers();
        }
    }

    private void timers(long now) {
        if (now >= nextBroadcastNanos) {
            for (LinkGateway g : gateways) {
                g.sendState(LinkWire.ALIVE, null, nodeId, sessionTimeline, sessionId, sessionStartStop);
            }
            lastBroadcastNanos = now;
            nextBroadcastNanos = now + BROADCAST_NANOS;
        }
        List<Long> failed = null;
        for (LinkMeasurement m : measurements.values()) {
            if (now >= m.deadlineNanos && !m.timeout(now)) {
                if (failed == null) {
                    failed = new ArrayList<>();
                }
                failed.add(m.sessionId);
            }
        }
        if (failed != null) {
            for (Long sid : failed) {
                measurements.remove(sid);
                measurementFailed(sid);
            }
        }
        if (now >= remeasureNanos) {
            remeasureNanos = Long.MAX_VALUE;
            if (sessionId != nodeId) {
                measureSession(sessionId);
            }
        }
        if (peers.expire(now)) {
            otherSessions.keySet().removeIf(sid -> peers.countIn(sid) == 0);
            countSessionPeers();
        }
    }

    private void countSessionPeers() {
        int n = peers.countIn(sessionId);
        if (n != sessionPeers) {
            sessionPeers = n;
            publish();
        }
    }
}
