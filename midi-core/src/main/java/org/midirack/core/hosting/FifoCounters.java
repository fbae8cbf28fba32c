package org.midirack.core.hosting;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Padding before the producers' hot fields (JCTools-style layout by inheritance). */
abstract class FifoPadHead {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p10, p11, p12, p13, p14, p15, p16, p17;
}

/** The producers' hot fields: the ring's claim index and the credit counter. */
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

    FifoProducerFields(int capacity) {
        credits = capacity;
    }

    final long getAndIncrementTail() {
        return (long) TAIL.getAndAdd(this, 1L);
    }

    final long tailAcquire() {
        return (long) TAIL.getAcquire(this);
    }

    final boolean takeCredit(int n) {
        long c;
        do {
            c = (long) CREDITS.getVolatile(this);
            if (c < n) {
                return false;
            }
        } while (!CREDITS.compareAndSet(this, c, c - n));
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

    FifoPadMid(int capacity) {
        super(capacity);
    }
}

/**
 * The FIFO's counters, readable from any thread without locks. Producers only touch the rare
 * ones (dropped, invalid); the consumer's are written with release stores by the one consumer.
 */
public abstract class FifoCounters extends FifoPadMid {
    private static final VarHandle DROPPED;
    private static final VarHandle INVALID;
    private static final VarHandle DELIVERED;
    private static final VarHandle LATE;
    private static final VarHandle CARRIED;
    private static final VarHandle DISCARDED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DROPPED = l.findVarHandle(FifoCounters.class, "dropped", long.class);
            INVALID = l.findVarHandle(FifoCounters.class, "invalid", long.class);
            DELIVERED = l.findVarHandle(FifoCounters.class, "delivered", long.class);
            LATE = l.findVarHandle(FifoCounters.class, "late", long.class);
            CARRIED = l.findVarHandle(FifoCounters.class, "carried", long.class);
            DISCARDED = l.findVarHandle(FifoCounters.class, "discarded", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long dropped;
    private long invalid;
    long p40, p41, p42, p43, p44, p45, p46, p47;
    private long delivered;
    private long late;
    private long carried;
    private long discarded;
    long p50, p51, p52, p53, p54, p55, p56, p57;

    FifoCounters(int capacity) {
        super(capacity);
    }

    final void countOffered() {
        // offered is derived: accepted + dropped + invalid; nothing to write on the hot path
    }

    final void countAccepted() {
        // accepted is the ring's claim index; nothing to write on the hot path
    }

    final void countDropped() {
        DROPPED.getAndAdd(this, 1L);
    }

    final void countInvalid() {
        INVALID.getAndAdd(this, 1L);
    }

    final void countDrained(int deliveredNow, int lateNow, int carriedNow) {
        if (deliveredNow != 0) {
            DELIVERED.setRelease(this, delivered + deliveredNow);
        }
        if (lateNow != 0) {
            LATE.setRelease(this, late + lateNow);
        }
        if (carriedNow != 0) {
            CARRIED.setRelease(this, carried + carriedNow);
        }
    }

    final void countDiscarded(int n) {
        if (n != 0) {
            DISCARDED.setRelease(this, discarded + n);
        }
    }

    /** Offers made: accepted + dropped + invalid. @thread any */
    public final long offered() {
        return accepted() + dropped() + invalid();
    }

    /** Offers accepted into the FIFO. @thread any */
    public final long accepted() {
        return tailAcquire();
    }

    /** Offers refused because the FIFO was full. @thread any */
    public final long dropped() {
        return (long) DROPPED.getAcquire(this);
    }

    /** Offers refused because the bytes were no short message. @thread any */
    public final long invalid() {
        return (long) INVALID.getAcquire(this);
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

    /** Events thrown away by {@link ManyToOneEventFifo#clear()}. @thread any */
    public final long discarded() {
        return (long) DISCARDED.getAcquire(this);
    }

    /** Free room for an ordinary event right now (excludes reserved note-off room). @thread any */
    public final long freeCredits() {
        return creditsNow();
    }
}
