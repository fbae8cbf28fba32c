package org.midirack.core.hosting;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Padding before the producers' hot fields (JCTools-style layout by inheritance). */
abstract class FifoPadHead {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p10, p11, p12, p13, p14, p15, p16, p17;
}

/** The producers' hot fields: the ring's claim index, the credit counter and the releases' headroom. */
abstract class FifoProducerFields extends FifoPadHead {
    private static final VarHandle TAIL;
    private static final VarHandle CREDITS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(FifoProducerFields.class, "tail", long.class);
            CREDITS = l.findVarHandle(FifoProducerFields.class, "credits", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile long tail;
    private volatile long credits;
    private final long headroom;

    FifoProducerFields(int capacity, int headroom) {
        credits = capacity;
        this.headroom = headroom;
    }

    final long headroom() {
        return headroom;
    }

    final long getAndIncrementTail() {
        return (long) TAIL.getAndAdd(this, 1L);
    }

    final long tailAcquire() {
        return (long) TAIL.getAcquire(this);
    }

    /** Takes one credit if more than {@code keep} are left (CAS loop; never blocks). */
    final boolean takeCredit(long keep) {
        long c;
        do {
            c = (long) CREDITS.getVolatile(this);
            if (c <= keep) {
                return false;
            }
        } while (!CREDITS.compareAndSet(this, c, c - 1));
        return true;
    }

    final void returnCredit(int n) {
        CREDITS.getAndAdd(this, (long) n);
    }

    final long creditsNow() {
        return (long) CREDITS.getAcquire(this);
    }
}

/** Padding between producers' and consumer's fields. */
abstract class FifoPadMid extends FifoProducerFields {
    long p20, p21, p22, p23, p24, p25, p26, p27;
    long p30, p31, p32, p33, p34, p35, p36, p37;

    FifoPadMid(int capacity, int headroom) {
        super(capacity, headroom);
    }
}

/**
 * The FIFO's counters, readable from any thread without locks. Producers only touch the rare
 * ones (refusals and the side channel's releases, each a getAndAdd on the rare path); the
 * consumer's are written with release stores by the one consumer and read with acquire loads.
 *
 * <p>Accounting, exact once everything offered has been drained:
 * {@code offered() == accepted() + refusedFull() + refusedInvalid()} and
 * {@code accepted() == delivered() + releasesMerged() + discarded() + inFlight}, where in-flight
 * events are the ones still in the ring, carried, or waiting in the side channel.
 */
public abstract class FifoCounters extends FifoPadMid {
    private static final VarHandle REFUSED_FULL;
    private static final VarHandle REFUSED_INVALID;
    private static final VarHandle SIDE_RELEASES;
    private static final VarHandle MERGED_BY_PRODUCERS;
    private static final VarHandle DELIVERED;
    private static final VarHandle LATE;
    private static final VarHandle CARRIED;
    private static final VarHandle DISCARDED;
    private static final VarHandle MERGED_BY_CONSUMER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            REFUSED_FULL = l.findVarHandle(FifoCounters.class, "refusedFull", long.class);
            REFUSED_INVALID = l.findVarHandle(FifoCounters.class, "refusedInvalid", long.class);
            SIDE_RELEASES = l.findVarHandle(FifoCounters.class, "sideReleases", long.class);
            MERGED_BY_PRODUCERS = l.findVarHandle(FifoCounters.class, "mergedByProducers", long.class);
            DELIVERED = l.findVarHandle(FifoCounters.class, "delivered", long.class);
            LATE = l.findVarHandle(FifoCounters.class, "late", long.class);
            CARRIED = l.findVarHandle(FifoCounters.class, "carried", long.class);
            DISCARDED = l.findVarHandle(FifoCounters.class, "discarded", long.class);
            MERGED_BY_CONSUMER = l.findVarHandle(FifoCounters.class, "mergedByConsumer", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long refusedFull;
    private long refusedInvalid;
    private long sideReleases;
    private long mergedByProducers;
    long p40, p41, p42, p43, p44, p45, p46, p47;
    private long delivered;
    private long late;
    private long carried;
    private long discarded;
    private long mergedByConsumer;
    long p50, p51, p52, p53, p54, p55, p56, p57;

    FifoCounters(int capacity, int headroom) {
        super(capacity, headroom);
    }

    final void countRefusedFull() {
        REFUSED_FULL.getAndAdd(this, 1L);
    }

    final void countRefusedInvalid() {
        REFUSED_INVALID.getAndAdd(this, 1L);
    }

    final void countSideRelease(int mergedNow) {
        SIDE_RELEASES.getAndAdd(this, 1L);
        if (mergedNow != 0) {
            MERGED_BY_PRODUCERS.getAndAdd(this, (long) mergedNow);
        }
    }

    final void countDrained(int deliveredNow, int lateNow, int carriedNow, int mergedNow) {
        if (deliveredNow != 0) {
            DELIVERED.setRelease(this, delivered + deliveredNow);
        }
        if (lateNow != 0) {
            LATE.setRelease(this, late + lateNow);
        }
        if (carriedNow != 0) {
            CARRIED.setRelease(this, carried + carriedNow);
        }
        if (mergedNow != 0) {
            MERGED_BY_CONSUMER.setRelease(this, mergedByConsumer + mergedNow);
        }
    }

    final void countDiscarded(int n) {
        if (n != 0) {
            DISCARDED.setRelease(this, discarded + n);
        }
    }

    /** Offers made: {@code accepted() + refusedFull() + refusedInvalid()}. @thread any */
    public final long offered() {
        return accepted() + refusedFull() + refusedInvalid();
    }

    /** Offers accepted: into the ring, or (releases only) into the side channel. @thread any */
    public final long accepted() {
        return tailAcquire() + releasesViaSideChannel();
    }

    /**
     * Offers refused because the ring had no room for an ordinary event (everything but a
     * release; the last {@code capacity / 8} slots are kept for releases). @thread any
     */
    public final long refusedFull() {
        return (long) REFUSED_FULL.getAcquire(this);
    }

    /**
     * Offers refused because the bytes were no short MIDI message (or a parameter index was out of
     * 0..65535). @thread any
     */
    public final long refusedInvalid() {
        return (long) REFUSED_INVALID.getAcquire(this);
    }

    /** Every refusal: {@code refusedFull() + refusedInvalid()}. @thread any */
    public final long refused() {
        return refusedFull() + refusedInvalid();
    }

    /** The old name of {@link #refusedFull()}, the same counter. @thread any */
    public final long dropped() {
        return refusedFull();
    }

    /** The old name of {@link #refusedInvalid()}, the same counter. @thread any */
    public final long invalid() {
        return refusedInvalid();
    }

    /**
     * Releases accepted while the ring had no room for them, through the lossless side channel
     * (each also counted in {@link #accepted()}). @thread any
     */
    public final long releasesViaSideChannel() {
        return (long) SIDE_RELEASES.getAcquire(this);
    }

    /**
     * Side-channel releases that were merged into another pending release of the same slot
     * (the same channel and key, or the same channel and controller) and so are not delivered as
     * an event of their own: a slot keeps only its earliest and its latest offset. @thread any
     */
    public final long releasesMerged() {
        return (long) MERGED_BY_PRODUCERS.getAcquire(this) + (long) MERGED_BY_CONSUMER.getAcquire(this);
    }

    /** Events handed to the consumer by {@link ManyToOneEventFifo#drain(int)}. @thread any */
    public final long delivered() {
        return (long) DELIVERED.getAcquire(this);
    }

    /** Delivered events whose offset was negative (played at frame 0). @thread any */
    public final long late() {
        return (long) LATE.getAcquire(this);
    }

    /** Events carried into a later cycle at least once (each counted once). @thread any */
    public final long carried() {
        return (long) CARRIED.getAcquire(this);
    }

    /**
     * Ordinary events thrown away by {@link ManyToOneEventFifo#clear()} (releases are never
     * thrown away). @thread any
     */
    public final long discarded() {
        return (long) DISCARDED.getAcquire(this);
    }

    /** Free room for an ordinary event right now (the releases' headroom excluded). @thread any */
    public final long freeCredits() {
        return Math.max(0L, creditsNow() - headroom());
    }
}
