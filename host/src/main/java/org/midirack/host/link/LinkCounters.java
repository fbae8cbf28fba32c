package org.midirack.host.link;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the Link network thread counted: datagrams received, refused as malformed (with the last
 * reason), ignored (our own, another session group, an unknown type), sent, failed sends, and
 * unexpected errors caught in the receive loop (which keeps running).
 */
public final class LinkCounters {
    final AtomicLong received = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final AtomicLong ignored = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong sendErrors = new AtomicLong();
    final AtomicLong loopErrors = new AtomicLong();
    final AtomicLong sessionJoins = new AtomicLong();
    volatile String lastMalformed = "";

    /** @thread any */
    public long received() {
        return received.get();
    }

    /** Datagrams that were not well-formed Link messages, dropped. @thread any */
    public long malformed() {
        return malformed.get();
    }

    /** What was wrong with the last malformed datagram. @thread any */
    public String lastMalformed() {
        return lastMalformed;
    }

    /** Well-formed datagrams not for us (our own, another group, unknown type). @thread any */
    public long ignored() {
        return ignored.get();
    }

    /** @thread any */
    public long sent() {
        return sent.get();
    }

    /** @thread any */
    public long sendErrors() {
        return sendErrors.get();
    }

    /** Unexpected exceptions caught by the network loop (it carried on). @thread any */
    public long loopErrors() {
        return loopErrors.get();
    }

    /** Times this peer joined another session. @thread any */
    public long sessionJoins() {
        return sessionJoins.get();
    }

    /** One line of the counts. @thread any */
    public String describe() {
        return "received " + received() + ", malformed " + malformed() + ", ignored " + ignored() + ", sent "
                + sent() + ", send errors " + sendErrors() + ", loop errors " + loopErrors();
    }
}
