package org.midirack.host.link;

import java.nio.ByteBuffer;

/**
 * Link's two wire formats, read and written on plain byte arrays (big-endian throughout).
 * <p>Discovery (UDP multicast {@value #MULTICAST_ADDRESS}:{@value #PORT}, and unicast responses):
 * the 8 bytes {@code "_asdp_v"} + version 1, then message type (1 = alive, 2 = response, 3 = bye-bye),
 * ttl in seconds (1 byte), session group (2 bytes, always 0) and the sender's node id (8 bytes),
 * then payload entries: a 4-character key, a 4-byte size, and that many bytes. A peer's state is
 * 'tmln' (tempo as microseconds per beat, beat origin in micro-beats, time origin in ghost
 * microseconds: three int64), 'sess' (session id, 8 bytes), 'stst' (start/stop: playing as one
 * byte, beats in micro-beats, ghost timestamp in microseconds) and 'mep4' (the IPv4 address and
 * port its measurement socket answers pings on). Unknown keys are skipped.
 * <p>Measurement (unicast to a peer's 'mep4'): {@code "_link_v"} + version 1, then type (1 = ping,
 * 2 = pong), then entries '__ht' (sender's host time), '__gt' (ghost time), '_pgt' (previous ghost
 * time) and 'sess'. A pong is the responder's 'sess' and '__gt' followed by the ping's payload.
 * <p>Parsing never trusts a length: a datagram too short, with the wrong protocol header, an entry
 * running past its end, or a known entry of the wrong size or value is refused with a
 * {@link Malformed} naming what was wrong; the caller counts and drops it.
 */
public final class LinkWire {
    /** Link's discovery multicast group. */
    public static final String MULTICAST_ADDRESS = "224.76.78.75";
    /** Link's discovery port. */
    public static final int PORT = 20808;
    /** The largest message Link sends or reads. */
    public static final int MAX_MESSAGE = 512;

    static final byte[] DISCOVERY_PROTOCOL = {'_', 'a', 's', 'd', 'p', '_', 'v', 1};
    static final byte[] MEASUREMENT_PROTOCOL = {'_', 'l', 'i', 'n', 'k', '_', 'v', 1};
    /** Protocol header, type, ttl, group, node id. */
    public static final int DISCOVERY_HEADER_SIZE = 20;

    public static final int ALIVE = 1;
    public static final int RESPONSE = 2;
    public static final int BYEBYE = 3;
    public static final int PING = 1;
    public static final int PONG = 2;

    public static final int KEY_TIMELINE = 0x746d6c6e;      // 'tmln'
    public static final int KEY_SESSION = 0x73657373;       // 'sess'
    public static final int KEY_START_STOP = 0x73747374;    // 'stst'
    public static final int KEY_ENDPOINT_V4 = 0x6d657034;   // 'mep4'
    public static final int KEY_HOST_TIME = 0x5f5f6874;     // '__ht'
    public static final int KEY_GHOST_TIME = 0x5f5f6774;    // '__gt'
    public static final int KEY_PREV_GHOST_TIME = 0x5f706774; // '_pgt'

    /** The largest ping payload a responder answers: '__ht' and '_pgt' entries. */
    public static final int MAX_PING_PAYLOAD = 32;

    private LinkWire() {
    }

    /** A datagram that is not a well-formed Link message; the message says what was wrong. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String why) {
            super(why, null, false, false);
        }
    }

    /** Start/stop state: playing, at {@code beats} (micro-beats), decided at {@code timestamp}. */
    public record StartStop(boolean playing, long beats, long timestamp) {
        /** What a peer that never started or stopped sends. */
        public static final StartStop NONE = new StartStop(false, 0, 0);
    }

    /**
     * A discovery message: header fields and, for alive/response, the peer state entries that were
     * present (null when absent); {@code endpointPort} is -1 without 'mep4'.
     */
    public record PeerMessage(int type, int ttl, int group, long nodeId, LinkTimeline timeline, Long sessionId,
                              StartStop startStop, int endpointAddress, int endpointPort) {
    }

    /**
     * A measurement message; a time entry that is absent reads 0 (as Link treats it);
     * {@code payloadOffset}/{@code payloadLength} locate the payload in the datagram.
     */
    public record Measurement(int type, Long sessionId, long ghostTime, long prevGhostTime, long hostTime,
                              int payloadOffset, int payloadLength) {
    }

    // ---- parsing ------------------------------------------------------------------------------

    /**
     * Reads a discovery datagram.
     * @throws Malformed when it is not a well-formed discovery message
     * @thread Link network
     */
    public static PeerMessage parseDiscovery(byte[] b, int len) throws Malformed {
        if (len < DISCOVERY_HEADER_SIZE) {
            throw new Malformed("discovery message of " + len + " bytes, shorter than its 20-byte header");
        }
        requireProtocol(b, len, DISCOVERY_PROTOCOL, "_asdp_v1");
        int type = b[8] & 0xff;
        int ttl = b[9] & 0xff;
        int group = ((b[10] & 0xff) << 8) | (b[11] & 0xff);
        long nodeId = getLong(b, 12);
        LinkTimeline timeline = null;
        Long session = null;
        StartStop startStop = null;
        int epAddr = 0;
        int epPort = -1;
        int p = DISCOVERY_HEADER_SIZE;
        while (p < len) {
            final long size = entrySize(b, p, len);
            final int key = getInt(b, p);
            final int v = p + 8;
            switch (key) {
                case KEY_TIMELINE -> {
                    requireSize(key, size, 24);
                    long mpb = getLong(b, v);
                    if (mpb <= 0) {
                        throw new Malformed("timeline tempo of " + mpb + " microseconds per beat");
                    }
                    timeline = new LinkTimeline(mpb, getLong(b, v + 8), getLong(b, v + 16));
                }
                case KEY_SESSION -> {
                    requireSize(key, size, 8);
                    session = getLong(b, v);
                }
                case KEY_START_STOP -> {
                    requireSize(key, size, 17);
                    int playing = b[v] & 0xff;
                    if (playing > 1) {
                        throw new Malformed("start/stop playing flag " + playing);
                    }
                    startStop = new StartStop(playing == 1, getLong(b, v + 1), getLong(b, v + 9));
                }
                case KEY_ENDPOINT_V4 -> {
                    requireSize(key, size, 6);
                    epAddr = getInt(b, v);
                    epPort = ((b[v + 4] & 0xff) << 8) | (b[v + 5] & 0xff);
                }
                default -> {
                    // an entry this version does not know (e.g. 'mep6'): skipped
                }
            }
            p = v + (int) size;
        }
        return new PeerMessage(type, ttl, group, nodeId, timeline, session, startStop, epAddr, epPort);
    }

    /**
     * Reads a measurement datagram.
     * @throws Malformed when it is not a well-formed measurement message
     * @thread Link network
     */
    public static Measurement parseMeasurement(byte[] b, int len) throws Malformed {
        if (len < 9) {
            throw new Malformed("measurement message of " + len + " bytes, shorter than its 9-byte header");
        }
        requireProtocol(b, len, MEASUREMENT_PROTOCOL, "_link_v1");
        int type = b[8] & 0xff;
        Long session = null;
        long gt = 0;
        long pgt = 0;
        long ht = 0;
        int p = 9;
        while (p < len) {
            final long size = entrySize(b, p, len);
            final int key = getInt(b, p);
            final int v = p + 8;
            switch (key) {
                case KEY_SESSION -> {
                    requireSize(key, size, 8);
                    session = getLong(b, v);
                }
                case KEY_GHOST_TIME -> {
                    requireSize(key, size, 8);
                    gt = getLong(b, v);
                }
                case KEY_PREV_GHOST_TIME -> {
                    requireSize(key, size, 8);
                    pgt = getLong(b, v);
                }
                case KEY_HOST_TIME -> {
                    requireSize(key, size, 8);
                    ht = getLong(b, v);
                }
                default -> {
                }
            }
            p = v + (int) size;
        }
        return new Measurement(type, session, gt, pgt, ht, 9, len - 9);
    }

    private static void requireProtocol(byte[] b, int len, byte[] protocol, String name) throws Malformed {
        for (int i = 0; i < protocol.length; i++) {
            if (b[i] != protocol[i]) {
                throw new Malformed("not a Link message: protocol header is not " + name);
            }
        }
    }

    /** The size of the payload entry whose 8-byte header (key, size) starts at {@code p}, checked to fit in {@code len}. */
    private static long entrySize(byte[] b, int p, int len) throws Malformed {
        if (len - p < 8) {
            throw new Malformed("truncated payload entry header at byte " + p);
        }
        final long size = getInt(b, p + 4) & 0xffffffffL;
        if (size > len - (p + 8)) {
            throw new Malformed("payload entry '" + keyName(getInt(b, p)) + "' of " + size + " bytes runs past the end");
        }
        return size;
    }

    private static void requireSize(int key, long size, int expected) throws Malformed {
        if (size != expected) {
            throw new Malformed("payload entry '" + keyName(key) + "' of " + size + " bytes, expected " + expected);
        }
    }

    /** The four characters of a key, '?' for the unprintable. @thread any */
    public static String keyName(int key) {
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            int ch = (key >>> (24 - 8 * i)) & 0xff;
            c[i] = ch >= 0x20 && ch < 0x7f ? (char) ch : '?';
        }
        return new String(c);
    }

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Writes a discovery message into {@code out} (at least {@link #MAX_MESSAGE} bytes) and returns
     * its length. Alive and response carry the state entries ('tmln', 'sess', 'stst', and 'mep4'
     * when {@code endpointPort >= 0}); bye-bye carries none.
     * @thread Link network
     */
    public static int encodeDiscovery(byte[] out, int type, int ttl, long nodeId, LinkTimeline timeline,
                                      long sessionId, StartStop startStop, int endpointAddress, int endpointPort) {
        ByteBuffer bb = ByteBuffer.wrap(out);
        bb.put(DISCOVERY_PROTOCOL).put((byte) type).put((byte) ttl).putShort((short) 0).putLong(nodeId);
        if (type != BYEBYE) {
            bb.putInt(KEY_TIMELINE).putInt(24).putLong(timeline.microsPerBeat()).putLong(timeline.beatOrigin())
                    .putLong(timeline.timeOrigin());
            bb.putInt(KEY_SESSION).putInt(8).putLong(sessionId);
            bb.putInt(KEY_START_STOP).putInt(17).put((byte) (startStop.playing() ? 1 : 0)).putLong(startStop.beats())
                    .putLong(startStop.timestamp());
            if (endpointPort >= 0) {
                bb.putInt(KEY_ENDPOINT_V4).putInt(6).putInt(endpointAddress).putShort((short) endpointPort);
            }
        }
        return bb.position();
    }

    /**
     * Writes a ping: '__ht' always, '_pgt' when {@code prevGhostTime != 0}. Returns the length.
     * @thread Link network
     */
    public static int encodePing(byte[] out, long hostTime, long prevGhostTime) {
        ByteBuffer bb = ByteBuffer.wrap(out);
        bb.put(MEASUREMENT_PROTOCOL).put((byte) PING);
        bb.putInt(KEY_HOST_TIME).putInt(8).putLong(hostTime);
        if (prevGhostTime != 0) {
            bb.putInt(KEY_PREV_GHOST_TIME).putInt(8).putLong(prevGhostTime);
        }
        return bb.position();
    }

    /**
     * Writes a pong: 'sess', '__gt', then {@code echoLength} bytes of the ping's payload.
     * Returns the length.
     * @thread Link network
     */
    public static int encodePong(byte[] out, long sessionId, long ghostTime, byte[] echo, int echoOffset,
                                 int echoLength) {
        ByteBuffer bb = ByteBuffer.wrap(out);
        bb.put(MEASUREMENT_PROTOCOL).put((byte) PONG);
        bb.putInt(KEY_SESSION).putInt(8).putLong(sessionId);
        bb.putInt(KEY_GHOST_TIME).putInt(8).putLong(ghostTime);
        bb.put(echo, echoOffset, echoLength);
        return bb.position();
    }

    static long getLong(byte[] b, int p) {
        return ((long) getInt(b, p) << 32) | (getInt(b, p + 4) & 0xffffffffL);
    }

    static int getInt(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }
}
