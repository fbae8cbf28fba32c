package org.midirack.host.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The codec against datagrams written by hand from the protocol description (big-endian, 4-char
 * keys, 4-byte sizes), not produced by the encoder under test; and garbage: every malformed datagram
 * is refused with a reason, never with another exception.
 */
class LinkWireTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    // "_asdp_v" 01 | type 01 (alive) | ttl 05 | group 0000 | node id 0102030405060708
    private static final String HEADER = "5f617364705f7601 01 05 0000 0102030405060708";
    // 'tmln' size 24: 500000 us/beat (120 BPM), beat origin 2.5 beats = 2500000 ub, time origin -1000 us
    private static final String TMLN = "746d6c6e 00000018 000000000007a120 00000000002625a0 fffffffffffffc18";
    // 'sess' size 8
    private static final String SESS = "73657373 00000008 a1a2a3a4a5a6a7a8";
    // 'stst' size 17: playing, beats 4.0 = 4000000 ub, timestamp 123456789 us
    private static final String STST = "73747374 00000011 01 00000000003d0900 00000000075bcd15";
    // 'mep4' size 6: 127.0.0.1 port 20809
    private static final String MEP4 = "6d657034 00000006 7f000001 5149";
    // an unknown entry 'mep6' size 18 (skipped)
    private static final String MEP6 = "6d657036 00000012 000000000000000000000000000000010000";

    @Test
    void aliveWithEveryEntryReadsBackTheNumbersWritten() throws Exception {
        byte[] d = hex(HEADER + TMLN + SESS + STST + MEP6 + MEP4);
        LinkWire.PeerMessage m = LinkWire.parseDiscovery(d, d.length);
        assertEquals(LinkWire.ALIVE, m.type());
        assertEquals(5, m.ttl());
        assertEquals(0, m.group());
        assertEquals(0x0102030405060708L, m.nodeId());
        assertEquals(new LinkTimeline(500_000, 2_500_000, -1000), m.timeline());
        assertEquals(120.0, m.timeline().bpm(), 1e-12);
        assertEquals(0xa1a2a3a4a5a6a7a8L, m.sessionId());
        assertEquals(new LinkWire.StartStop(true, 4_000_000, 123_456_789), m.startStop());
        assertEquals(0x7f000001, m.endpointAddress());
        assertEquals(20809, m.endpointPort());
    }

    @Test
    void byeByeHasAHeaderOnly() throws Exception {
        byte[] d = hex("5f617364705f7601 03 00 0000 0102030405060708");
        LinkWire.PeerMessage m = LinkWire.parseDiscovery(d, d.length);
        assertEquals(LinkWire.BYEBYE, m.type());
        assertNull(m.timeline());
        assertEquals(-1, m.endpointPort());
    }

    @Test
    void encoderWritesTheBytesTheProtocolDescribes() {
        byte[] out = new byte[LinkWire.MAX_MESSAGE];
        int n = LinkWire.encodeDiscovery(out, LinkWire.ALIVE, 5, 0x0102030405060708L,
                new LinkTimeline(500_000, 2_500_000, -1000), 0xa1a2a3a4a5a6a7a8L,
                new LinkWire.StartStop(true, 4_000_000, 123_456_789), 0x7f000001, 20809);
        assertArrayEquals(hex(HEADER + TMLN + SESS + STST + MEP4), Arrays.copyOf(out, n));
        n = LinkWire.encodeDiscovery(out, LinkWire.BYEBYE, 0, 0x0102030405060708L, null, 0, null, 0, -1);
        assertArrayEquals(hex("5f617364705f7601 03 00 0000 0102030405060708"), Arrays.copyOf(out, n));
    }

    @Test
    void pingAndPongFollowTheMeasurementProtocol() throws Exception {
        // "_link_v" 01 | ping 01 | '__ht' 8: 1000000 | '_pgt' 8: 42
        String ping = "5f6c696e6b5f7601 01 5f5f6874 00000008 00000000000f4240 5f706774 00000008 000000000000002a";
        byte[] out = new byte[LinkWire.MAX_MESSAGE];
        int n = LinkWire.encodePing(out, 1_000_000, 42);
        assertArrayEquals(hex(ping), Arrays.copyOf(out, n));
        byte[] p = hex(ping);
        LinkWire.Measurement m = LinkWire.parseMeasurement(p, p.length);
        assertEquals(LinkWire.PING, m.type());
        assertEquals(1_000_000, m.hostTime());
        assertEquals(42, m.prevGhostTime());
        assertEquals(32, m.payloadLength());
        // a pong: 'sess', '__gt' 7, then the ping's payload echoed
        String pong = "5f6c696e6b5f7601 02 73657373 00000008 a1a2a3a4a5a6a7a8 5f5f6774 00000008 0000000000000007"
                + ping.substring(ping.indexOf("5f5f6874"));
        n = LinkWire.encodePong(out, 0xa1a2a3a4a5a6a7a8L, 7, p, m.payloadOffset(), m.payloadLength());
        assertArrayEquals(hex(pong), Arrays.copyOf(out, n));
        byte[] q = hex(pong);
        LinkWire.Measurement r = LinkWire.parseMeasurement(q, q.length);
        assertEquals(LinkWire.PONG, r.type());
        assertEquals(0xa1a2a3a4a5a6a7a8L, r.sessionId());
        assertEquals(7, r.ghostTime());
        assertEquals(1_000_000, r.hostTime());
        assertEquals(42, r.prevGhostTime());
    }

    @Test
    void everyTruncationOfAValidMessageIsRefusedWithAReason() {
        byte[] d = hex(HEADER + TMLN + SESS + STST + MEP4);
        int refused = 0;
        for (int len = 0; len < d.length; len++) {
            // a cut exactly between two entries is a shorter valid message
            if (len == 20 || len == 20 + 32 || len == 20 + 32 + 16 || len == 20 + 32 + 16 + 25) {
                continue;
            }
            int l = len;
            LinkWire.Malformed e = assertThrows(LinkWire.Malformed.class, () -> LinkWire.parseDiscovery(d, l),
                    "cut to " + len + " bytes");
            assertFalse(e.getMessage().isEmpty());
            refused++;
        }
        assertEquals(d.length - 4, refused);
    }

    @Test
    void wrongProtocolLyingSizesAndBadValuesAreRefused() {
        byte[][] bad = {
            hex("5f617364705f7602 01 05 0000 0102030405060708"),                     // version 2
            hex("5f6c696e6b5f7601 01 05 0000 0102030405060708"),                     // measurement header
            hex(HEADER + "746d6c6e 7fffffff 00"),                                    // size past the end
            hex(HEADER + "746d6c6e ffffffff 00"),                                    // size 4 GiB
            hex(HEADER + "73657373 00000004 01020304"),                              // 'sess' of 4 bytes
            hex(HEADER + "746d6c6e 00000010 000000000007a120 00000000002625a0"),     // 'tmln' of 16 bytes
            hex(HEADER + "6d657034 00000004 7f000001"),                              // 'mep4' of 4 bytes
            hex(HEADER + "746d6c6e 00000018 0000000000000000 0000000000000000 0000000000000000"), // tempo 0
            hex(HEADER + "746d6c6e 00000018 8000000000000000 0000000000000000 0000000000000000"), // tempo < 0
            hex(HEADER + "73747374 00000011 02 0000000000000000 0000000000000000"),  // playing flag 2
            hex(HEADER + "6d657034"),                                                // entry header cut
        };
        for (byte[] d : bad) {
            assertThrows(LinkWire.Malformed.class, () -> LinkWire.parseDiscovery(d, d.length), HexFormat.of().formatHex(d));
        }
        byte[] shortPing = hex("5f6c696e6b5f7601");
        assertThrows(LinkWire.Malformed.class, () -> LinkWire.parseMeasurement(shortPing, shortPing.length));
        byte[] lying = hex("5f6c696e6b5f7601 01 5f5f6874 00000009 00000000000f4240");
        assertThrows(LinkWire.Malformed.class, () -> LinkWire.parseMeasurement(lying, lying.length));
    }

    @Test
    void randomGarbageNeverThrowsAnythingButMalformed() {
        Random r = new Random(16);
        byte[] d = new byte[600];
        byte[] valid = hex(HEADER + TMLN + SESS + STST + MEP4);
        for (int i = 0; i < 200_000; i++) {
            int len;
            if (i % 2 == 0) {
                len = r.nextInt(d.length);
                r.nextBytes(d);
                if (i % 4 == 0) {
                    System.arraycopy(valid, 0, d, 0, 8); // past the protocol header into the entries
                }
            } else {
                len = valid.length;
                System.arraycopy(valid, 0, d, 0, len);
                d[r.nextInt(len)] = (byte) r.nextInt(256);
                d[r.nextInt(len)] = (byte) r.nextInt(256);
            }
            try {
                LinkWire.parseDiscovery(d, len);
            } catch (LinkWire.Malformed expected) {
                assertTrue(expected.getMessage().length() > 5);
            }
            try {
                LinkWire.parseMeasurement(d, len);
            } catch (LinkWire.Malformed expected) {
                assertTrue(expected.getMessage().length() > 5);
            }
        }
    }
}
