package org.midirack.host.link;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One measurement of a session's ghost time against this machine's host time, as Link does it:
 * pings to a session member's measurement endpoint carry our host time ('__ht') and the ghost time
 * of the last pong ('_pgt'); each pong (the member's 'sess', its ghost time '__gt' and our ping's
 * payload echoed) gives one or two samples of (ghost time - host time) taken at the midpoint of a
 * round trip. After more than {@value #DATA_POINTS} samples the offset is their median; a pong from
 * another session, or {@value #MAX_TIMEOUTS} timeouts of {@value #TIMEOUT_MILLIS} ms, fail it.
 * Network thread only.
 */
final class LinkMeasurement {
    static final int DATA_POINTS = 100;
    static final int MAX_TIMEOUTS = 5;
    static final long TIMEOUT_MILLIS = 50;

    final long sessionId;
    final InetSocketAddress target;
    final LinkGateway gateway;
    private final List<Double> data = new ArrayList<>();
    private int timeouts;
    long deadlineNanos;

    LinkMeasurement(long sessionId, InetSocketAddress target, LinkGateway gateway) {
        this.sessionId = sessionId;
        this.target = target;
        this.gateway = gateway;
    }

    /** Sends the first ping. @thread Link network */
    void start(long nowNanos) {
        gateway.sendPing(target, LinkSession.hostMicros(), 0);
        deadlineNanos = nowNanos + TIMEOUT_MILLIS * 1_000_000L;
    }

    /**
     * The timer ran out: ping again, or give up. Returns false when the measurement failed.
     * @thread Link network
     */
    boolean timeout(long nowNanos) {
        if (timeouts >= MAX_TIMEOUTS) {
            return false;
        }
        timeouts++;
        gateway.sendPing(target, LinkSession.hostMicros(), 0);
        deadlineNanos = nowNanos + TIMEOUT_MILLIS * 1_000_000L;
        return true;
    }

    /**
     * A pong came back. Returns {@link Double#NaN} while measuring, the ghost-minus-host offset
     * (microseconds) when done; throws {@link IllegalStateException} for a pong of another session.
     * @thread Link network
     */
    double pong(LinkWire.Measurement m, long nowNanos) {
        if (m.sessionId() == null || m.sessionId() != sessionId) {
            throw new IllegalStateException("pong from another session");
        }
        long hostTime = LinkSession.hostMicros();
        gateway.sendPing(target, hostTime, m.ghostTime());
        if (m.ghostTime() != 0 && m.hostTime() != 0) {
            data.add(m.ghostTime() - (hostTime + m.hostTime()) * 0.5);
            if (m.prevGhostTime() != 0) {
                data.add((m.ghostTime() + m.prevGhostTime()) * 0.5 - m.hostTime());
            }
        }
        if (data.size() > DATA_POINTS) {
            return median(data);
        }
        deadlineNanos = nowNanos + TIMEOUT_MILLIS * 1_000_000L;
        return Double.NaN;
    }

    /** The median (mean of the middle two for an even count). @thread any */
    static double median(List<Double> values) {
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    }
}
