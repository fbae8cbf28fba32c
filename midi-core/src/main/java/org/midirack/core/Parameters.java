package org.midirack.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * A node's parameter values. Any thread sets a value with {@link #set(int, double)} without
 * locks; the render thread picks pending values up at the start of its next cycle
 * ({@link #applyPending(Listener)}), and timeline changes at a sample offset arrive through the
 * node's FIFO as parameter events ({@link ManyToOneEventFifo#offerParam}) and are applied with
 * {@link #applyFromTimeline(int, double)} on their frame (acting on the output at that frame plus
 * the node's latency, see {@link Node}). Non-finite values are rejected and
 * counted; out-of-range ones are clamped and counted: neither ever reaches the DSP.
 *
 * <p>Memory ordering (why a value set from another thread is never lost). A setter stores the
 * value (release) and then raises the parameter's dirty flag (release), so whoever sees the flag
 * up sees that value or a later one. The render thread clears the flag with an atomic
 * {@code getAndSet} (a volatile read-modify-write: a full fence) and only then reads the value
 * (acquire). Nothing can move the read ahead of the clear, so a set that lands after the read
 * also lands after the clear and raises the flag again: it is applied at the next cycle. (A plain
 * release store to clear the flag followed by an acquire load of the value may be reordered —
 * store then load — by the JIT or by the CPU's store buffer; the value read could then be older
 * than the last set while the flag was already cleared for good.) {@link #get(int)} reports the
 * latest accepted value; when two threads set the same parameter at the same instant, the render
 * thread and {@code get} each end with one of the two values, not necessarily the same one.
 */
public final class Parameters {
    private static final VarHandle PENDING = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle DIRTY = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);

    /** Receives applied changes on the render thread. */
    @FunctionalInterface
    public interface Listener {
        /** @thread render */
        void parameterChanged(int index, double value);
    }

    private final ParamDescriptor[] descriptors;
    private final double[] current;       // render thread's view
    private final long[] pending;         // double bits, any thread
    private final int[] dirty;
    private final long[] lastSet;         // double bits of the latest accepted value, any thread
    private final long[] counters = new long[2]; // rejected, clamped

    /** @thread main */
    public Parameters(List<ParamDescriptor> descriptors) {
        this.descriptors = descriptors.toArray(new ParamDescriptor[0]);
        int n = this.descriptors.length;
        current = new double[n];
        pending = new long[n];
        dirty = new int[n];
        lastSet = new long[n];
        for (int i = 0; i < n; i++) {
            current[i] = this.descriptors[i].defaultValue();
            pending[i] = Double.doubleToRawLongBits(current[i]);
            lastSet[i] = pending[i];
        }
        VarHandle.releaseFence();
    }

    /** @thread any */
    public int count() {
        return descriptors.length;
    }

    /** @thread any */
    public ParamDescriptor descriptor(int index) {
        return descriptors[index];
    }

    /**
     * Index of the parameter with this id, or -1.
     * @thread any
     */
    public int indexOf(String id) {
        for (int i = 0; i < descriptors.length; i++) {
            if (descriptors[i].id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Requests a new value; it acts at the start of the node's next cycle. Non-finite values and
     * unknown indices are rejected (false, counted); out-of-range values are clamped (counted);
     * stepped values snap to their step (not counted: a mapped controller lands between steps).
     * @thread any (lock-free)
     */
    public boolean set(int index, double value) {
        if (index < 0 || index >= descriptors.length || !Double.isFinite(value)) {
            COUNT.getAndAdd(counters, 0, 1L);
            return false;
        }
        ParamDescriptor d = descriptors[index];
        double c = d.clamp(value);
        if (value < d.min() || value > d.max()) { // snapping an in-range value to its step is not clamping
            COUNT.getAndAdd(counters, 1, 1L);
        }
        long bits = Double.doubleToRawLongBits(c);
        PENDING.setRelease(pending, index, bits);
        PENDING.setRelease(lastSet, index, bits);
        DIRTY.setRelease(dirty, index, 1);
        return true;
    }

    /**
     * Sets by id.
     * @thread any (not the render thread: throws)
     * @throws IllegalArgumentException for an unknown id or a non-finite value
     */
    public void set(String id, double value) {
        int i = indexOf(id);
        if (i < 0) {
            throw new IllegalArgumentException("unknown parameter '" + id + "'");
        }
        if (!set(i, value)) {
            throw new IllegalArgumentException("parameter '" + id + "': value " + value + " is not a finite number");
        }
    }

    /**
     * The latest accepted value (requested from any thread or applied on the timeline).
     * @thread any
     */
    public double get(int index) {
        return Double.longBitsToDouble((long) PENDING.getAcquire(lastSet, index));
    }

    /** @thread any */
    public double get(String id) {
        int i = indexOf(id);
        if (i < 0) {
            throw new IllegalArgumentException("unknown parameter '" + id + "'");
        }
        return get(i);
    }

    /**
     * The value the DSP uses now.
     * @thread render
     */
    public double value(int index) {
        return current[index];
    }

    /**
     * Moves values set from other threads into the render thread's view, calling the listener
     * for each that changed.
     * @thread render
     */
    public void applyPending(Listener listener) {
        for (int i = 0; i < descriptors.length; i++) {
            // cheap check first; the clear must be an atomic read-modify-write (a full fence), so
            // the read of the value below cannot move ahead of it (a release store could)
            if ((int) DIRTY.getAcquire(dirty, i) != 0 && (int) DIRTY.getAndSet(dirty, i, 0) != 0) {
                double v = Double.longBitsToDouble((long) PENDING.getAcquire(pending, i));
                current[i] = v;
                if (listener != null) {
                    listener.parameterChanged(i, v);
                }
            }
        }
    }

    /**
     * Applies a change from the timeline on the render thread; non-finite or unknown are
     * rejected and counted, out-of-range clamped and counted.
     * @return the value applied, or NaN when rejected
     * @thread render
     */
    public double applyFromTimeline(int index, double value) {
        if (index < 0 || index >= descriptors.length || !Double.isFinite(value)) {
            COUNT.getAndAdd(counters, 0, 1L);
            return Double.NaN;
        }
        ParamDescriptor d = descriptors[index];
        double c = d.clamp(value);
        if (value < d.min() || value > d.max()) { // snapping an in-range value to its step is not clamping
            COUNT.getAndAdd(counters, 1, 1L);
        }
        current[index] = c;
        PENDING.setRelease(lastSet, index, Double.doubleToRawLongBits(c));
        return c;
    }

    /**
     * Puts every value back to its default, through the same path as {@link #set(int, double)}.
     * @thread any
     */
    public void resetToDefaults() {
        for (int i = 0; i < descriptors.length; i++) {
            set(i, descriptors[i].defaultValue());
        }
    }

    /** Values refused (non-finite, unknown index). @thread any */
    public long rejected() {
        return (long) COUNT.getAcquire(counters, 0);
    }

    /** Values clamped into range. @thread any */
    public long clamped() {
        return (long) COUNT.getAcquire(counters, 1);
    }
}
