package org.midirack.host.link;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside a private network namespace (started by {@link LinkInteropTest} through
 * {@code unshare -n}): midirack's {@link LinkSession} and one or two of Ableton's peers (the test
 * peer built from ableton-link-dev, driven over its stdin/stdout) on loopback. Prints
 * {@code RESULT name value} lines the test checks, and {@code FAIL why} when a step times out.
 * Usage: {@code LinkInteropProbe PEER_BINARY sync|robust SECONDS}.
 */
public final class LinkInteropProbe {
    private static final double QUANTUM = 4;

    private LinkInteropProbe() {
    }

    /** A running Ableton peer. */
    static final class Peer implements AutoCloseable {
        final Process process;
        final PrintWriter toPeer;
        final BufferedReader fromPeer;

        Peer(String binary) throws IOException {
            process = new ProcessBuilder(binary).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            toPeer = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII), true);
            fromPeer = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            expect("ready");
        }

        void expect(String what) throws IOException {
            String line = fromPeer.readLine();
            if (line == null || !line.startsWith(what)) {
                throw new IOException("peer said '" + line + "', expected '" + what + "'");
            }
        }

        void command(String c) throws IOException {
            toPeer.println(c);
            expect("ok");
        }

        /** mono micros, beat, phase, bpm, peers, playing. */
        double[] obs() throws IOException {
            toPeer.println("obs " + QUANTUM);
            String line = fromPeer.readLine();
            if (line == null || !line.startsWith("obs ")) {
                throw new IOException("peer said '" + line + "' to obs");
            }
            String[] f = line.trim().split(" ");
            double[] v = new double[6];
            for (int i = 0; i < 6; i++) {
                v[i] = Double.parseDouble(f[i + 1]);
            }
            return v;
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                toPeer.println("quit");
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** @thread main */
    public static void main(String[] args) throws Exception {
        String binary = args[0];
        String scenario = args[1];
        int seconds = Integer.parseInt(args[2]);
        try (LinkSession link = new LinkSession(100); Peer peer = new Peer(binary)) {
            link.enable();
            long t0 = System.nanoTime();
            while (link.state().peers() < 1 || peer.obs()[4] < 1) {
                if (System.nanoTime() - t0 > 5_000_000_000L) {
                    fail("no session with the Ableton peer within 5 s: midirack sees " + link.state().peers()
                            + " peers; " + link.counters().describe());
                }
                Thread.sleep(10);
            }
            result("joinMs", (System.nanoTime() - t0) / 1e6);
            Thread.sleep(1500); // the joining side's measurement settles
            if (scenario.equals("sync")) {
                sync(link, peer, seconds);
            } else {
                robust(link, peer, binary, seconds);
            }
            result("malformed", link.counters().malformed());
            result("loopErrors", link.counters().loopErrors());
        }
        System.out.println("DONE");
    }

    private static void sync(LinkSession link, Peer peer, int seconds) throws Exception {
        result("tempoAfterJoin", link.state().tempo());
        result("peerTempoAfterJoin", peer.obs()[3]);
        // a peer's tempo change reaches midirack
        long t = System.nanoTime();
        peer.command("tempo 133");
        result("tempoPeerToMidirackMs", waitFor(() -> Math.abs(link.state().tempo() - 133) < 1e-3, t));
        // midirack's reaches the peer
        t = System.nanoTime();
        link.setTempo(91.5, LinkSession.hostMicros());
        result("tempoMidirackToPeerMs", waitFor(() -> Math.abs(peer.obs()[3] - 91.5) < 1e-3, t));
        phase(link, peer, seconds);
        // start/stop both ways
        t = System.nanoTime();
        peer.command("play");
        result("startPeerToMidirackMs", waitFor(() -> link.state().playing(), t));
        t = System.nanoTime();
        link.setPlaying(false, LinkSession.hostMicros());
        result("stopMidirackToPeerMs", waitFor(() -> peer.obs()[5] == 0, t));
        t = System.nanoTime();
        link.setPlaying(true, LinkSession.hostMicros());
        result("startMidirackToPeerMs", waitFor(() -> peer.obs()[5] == 1, t));
        t = System.nanoTime();
        peer.command("stop");
        result("stopPeerToMidirackMs", waitFor(() -> !link.state().playing(), t));
    }

    /** Phase and beat agreement at the same host time, with tempo changes from both sides. */
    private static void phase(LinkSession link, Peer peer, int seconds) throws Exception {
        double maxPhaseMs = 0;
        double maxBeatMs = 0;
        long samples = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        int step = 0;
        long nextChange = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            if (System.nanoTime() >= nextChange) {
                step++;
                double bpm = 80 + 17 * step;
                if (step % 2 == 0) {
                    peer.command(String.format(Locale.ROOT, "tempo %.3f", bpm));
                } else {
                    link.setTempo(bpm, LinkSession.hostMicros());
                }
                long t = System.nanoTime();
                waitFor(() -> Math.abs(link.state().tempo() - bpm) < 1e-3 && Math.abs(peer.obs()[3] - bpm) < 1e-3, t);
                nextChange += 10_000_000_000L;
            }
            double[] o = peer.obs();
            LinkState s = link.state();
            if (Math.abs(o[3] - s.tempo()) > 1e-3) {
                continue; // a tempo change on its way: compare once both have it
            }
            long mono = (long) o[0];
            double msPerBeat = 60_000 / s.tempo();
            double dPhase = circular(s.phaseAtTime(mono, QUANTUM) - o[2], QUANTUM);
            double dBeat = circular(s.beatAtTime(mono, QUANTUM) - o[1], QUANTUM);
            maxPhaseMs = Math.max(maxPhaseMs, Math.abs(dPhase) * msPerBeat);
            maxBeatMs = Math.max(maxBeatMs, Math.abs(dBeat) * msPerBeat);
            samples++;
            Thread.sleep(20);
        }
        result("phaseSamples", samples);
        result("tempoChanges", step);
        result("maxPhaseErrorMs", maxPhaseMs);
        result("maxBeatErrorMs", maxBeatMs);
    }

    /** x reduced to (-q/2, q/2]. */
    private static double circular(double x, double q) {
        double r = x - q * Math.floor(x / q);
        return r > q / 2 ? r - q : r;
    }

    private static void robust(LinkSession link, Peer peer, String binary, int seconds) throws Exception {
        long session = link.state().sessionId();
        // garbage and truncated datagrams at Link's port and at every socket midirack opened
        byte[] alive = new byte[LinkWire.MAX_MESSAGE];
        int n = LinkWire.encodeDiscovery(alive, LinkWire.ALIVE, 5, 0x1122334455667788L,
                LinkTimeline.of(60, 10, 20), 0x1122334455667788L, LinkWire.StartStop.NONE, 0x7f000001, 9);
        Random r = new Random(16);
        long malformedBefore = link.counters().malformed();
        int sent = 0;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            InetAddress group = InetAddress.getByName(LinkWire.MULTICAST_ADDRESS);
            int[] ports = localPorts(link);
            for (int i = 0; i < 400; i++) {
                byte[] d;
                if (i % 4 == 0) {
                    d = new byte[r.nextInt(600)];
                    r.nextBytes(d);
                } else if (i % 4 == 1) {
                    d = java.util.Arrays.copyOf(alive, 21 + r.nextInt(n - 22)); // a valid message cut short
                } else if (i % 4 == 2) {
                    d = java.util.Arrays.copyOf(alive, n);
                    d[DISCOVERY_SIZE_BYTE + r.nextInt(4)] = (byte) r.nextInt(256); // a lying entry size
                    d[DISCOVERY_SIZE_BYTE] |= 0x40;
                } else {
                    d = "_link_v\u0001\u0001__ht\u0000\u0000\u0000\u0009ABC".getBytes(StandardCharsets.ISO_8859_1);
                }
                int port = i % 3 == 0 ? LinkWire.PORT : ports[r.nextInt(ports.length)];
                s.send(new DatagramPacket(d, d.length, i % 3 == 0 ? group : InetAddress.getLoopbackAddress(), port));
                sent++;
            }
        }
        Thread.sleep(500);
        result("garbageSent", sent);
        result("malformedCounted", link.counters().malformed() - malformedBefore);
        result("peersAfterGarbage", link.state().peers());
        result("sameSessionAfterGarbage", link.state().sessionId() == session ? 1 : 0);
        // a second Ableton peer joins, leaves with bye-bye; the first is killed without one
        try (Peer second = new Peer(binary)) {
            long t = System.nanoTime();
            result("secondJoinMs", waitFor(() -> link.state().peers() == 2, t));
            t = System.nanoTime();
            second.toPeer.println("quit");
            second.process.waitFor(3, TimeUnit.SECONDS);
            result("byeByeLeaveMs", waitFor(() -> link.state().peers() == 1, t));
        }
        long t = System.nanoTime();
        peer.process.destroyForcibly(); // SIGKILL: no bye-bye
        peer.process.waitFor(3, TimeUnit.SECONDS);
        result("killedPeerGoneMs", waitFor(() -> link.state().peers() == 0, t, 8000));
        result("sameSessionAtEnd", link.state().sessionId() == session ? 1 : 0);
        result("stillEnabled", link.isEnabled() ? 1 : 0);
    }

    /** Offset of the first entry's size field in a discovery message. */
    private static final int DISCOVERY_SIZE_BYTE = LinkWire.DISCOVERY_HEADER_SIZE + 4;

    private static int[] localPorts(LinkSession link) {
        return link.localPorts();
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static double waitFor(Condition c, long t0) throws Exception {
        return waitFor(c, t0, 5000);
    }

    private static double waitFor(Condition c, long t0, long limitMs) throws Exception {
        while (!c.holds()) {
            if (System.nanoTime() - t0 > limitMs * 1_000_000L) {
                return -1;
            }
            Thread.sleep(1);
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    private static void result(String name, double value) {
        System.out.println("RESULT " + name + " " + value);
    }

    private static void fail(String why) {
        System.out.println("FAIL " + why);
        System.exit(3);
    }
}
