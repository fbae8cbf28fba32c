package org.midirack.host.mapping;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.midirack.host.Host;
import org.midirack.host.midi.MidiInputSink;

/**
 * The MIDI mapper: a table of {@link MidiMapping}s that turns controllers, pitch bend and pressure
 * arriving on a MIDI input into parameter changes of hosted nodes, at the same frame offset as
 * the event, plus a learn mode.
 *
 * <h2>Input path</h2>
 * {@link #handle} is called for every short message of the input (on the render thread when the
 * table sits behind a {@link org.midirack.host.midi.MidiInputRoute}, see {@link #inputSink}; on the
 * device's thread in a simpler host). It reads the last published immutable snapshot of the table,
 * scales the value of each matching mapping into its parameter's range and offers it to the
 * {@link MidiMappingSink} at the event's offset. No lock, no allocation, no exception; a refused
 * change is counted ({@link #refused()}).
 *
 * <h2>Changes</h2>
 * {@link #put}, {@link #remove}, {@link #replaceAll} and the others may be called from any thread
 * but the render thread: each checks its mappings against the nodes through the
 * {@link MidiMappingResolver} first (a clear error, the table unchanged), then publishes a new
 * snapshot with a compare-and-set.
 *
 * <h2>Learn</h2>
 * {@link #learn} arms learning for one parameter. The next mappable event (a CC 0..119, pitch bend,
 * channel or key pressure; never a note) that {@link #handle} sees is captured: learning disarms,
 * the parameter moves to the controller's position at the event's offset, and the event is
 * consumed. Binding the captured source into the table allocates, so it happens in
 * {@link #completeLearn()}, on a thread that may allocate: a MIDI device thread calls it right
 * after {@code handle}; behind a route on the render thread, a UI thread or {@link #awaitLearn}
 * does. Binding replaces every mapping the learned controller would trigger, and tells the
 * listener.
 */
public final class MidiMappingTable {
    /** Most mappings a table holds. */
    public static final int MAX_MAPPINGS = 1024;

    private final MidiMappingResolver resolver;
    private final MidiMappingSink sink;
    private final AtomicReference<MidiMappingSnapshot> table = new AtomicReference<>(MidiMappingSnapshot.EMPTY);
    private final MidiMappingLearner learner = new MidiMappingLearner();
    private final AtomicLong mapped = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param resolver which nodes and parameters exist (checks every mapping before it is accepted)
     * @param sink where the parameter changes go
     * @thread any (not render)
     */
    public MidiMappingTable(MidiMappingResolver resolver, MidiMappingSink sink) {
        if (resolver == null || sink == null) {
            throw new IllegalArgumentException("a mapping table needs a resolver and a sink, got " + resolver + ", " + sink);
        }
        this.resolver = resolver;
        this.sink = sink;
    }

    /**
     * A table whose targets are the nodes of a host, by slot ({@link Host#offerParam}).
     * Mappings of a slot stay when its node is removed (changes are refused and counted); call
     * {@link #removeNode} when removing a node, since a new node may take its slot.
     * @thread any (not render)
     */
    public static MidiMappingTable forHost(Host host) {
        if (host == null) {
            throw new IllegalArgumentException("host is null");
        }
        return new MidiMappingTable(slot -> {
            try {
                return host.node(slot).descriptor().params();
            } catch (IllegalArgumentException e) {
                return null;
            }
        }, host::offerParam);
    }

    /** The resolver mappings are checked with. @thread any */
    public MidiMappingResolver resolver() {
        return resolver;
    }

    // ---------------------------------------------------------------- input path

    /**
     * Applies the mappings to one short message: every mapping it matches offers its parameter a
     * change at {@code offset}. Captures the message instead when learning is armed.
     * @return true when the message was consumed (a mapping without pass-through matched, or
     *     learning captured it): do not pass it on; false: pass it on as usual
     * @thread render, or the input's thread (lock-free, allocation-free, never throws)
     */
    public boolean handle(int offset, int status, int data1, int data2) {
        int kind = MidiMappingEntry.kindOf(status, data1);
        if (kind < 0) {
            return false;
        }
        int ch = status & 0x0F;
        int raw = MidiMappingEntry.rawValue(kind, data1, data2);
        double n = MidiMappingEntry.normalized(kind, raw);
        MidiMappingEntry learning = learner.capture(kind, ch, data1);
        if (learning != null) {
            offer(learning, offset, n);
            return true;
        }
        MidiMappingEntry[] entries = table.get().entries;
        boolean consumed = false;
        for (MidiMappingEntry e : entries) {
            if (e.matches(kind, ch, data1)) {
                offer(e, offset, n);
                consumed |= !e.passThrough;
            }
        }
        return consumed;
    }

    private void offer(MidiMappingEntry e, int offset, double normalized) {
        if (sink.offerParam(e.node, offset, e.paramIndex, (float) e.value(normalized))) {
            mapped.incrementAndGet();
        } else {
            refused.incrementAndGet();
        }
    }

    /**
     * A sink for a {@link org.midirack.host.midi.MidiInputRoute}: messages go through
     * {@link #handle} first, and those it does not consume go on to {@code downstream} (e.g.
     * {@link Host#midiInputSink}), or nowhere when it is null.
     * @thread any (not render)
     */
    public MidiInputSink inputSink(MidiInputSink downstream) {
        return (offset, status, d1, d2) -> handle(offset, status, d1, d2)
                || downstream == null || downstream.offer(offset, status, d1, d2);
    }

    /** Parameter changes the sink took. @thread any */
    public long mapped() {
        return mapped.get();
    }

    /** Parameter changes the sink refused. @thread any */
    public long refused() {
        return refused.get();
    }

    /** Mappings bound by learning. @thread any */
    public long learned() {
        return learner.learned();
    }

    // ---------------------------------------------------------------- changes

    /** The mappings, in the order they were added. @thread any */
    public List<MidiMapping> mappings() {
        return table.get().mappings();
    }

    /**
     * Adds a mapping, replacing one with the same source and target.
     * @return the mapping it replaced, or null
     * @throws IllegalArgumentException naming what is wrong (no such node or parameter, not
     *     automatable, range outside the parameter's, table full); the table is unchanged
     * @thread any (not render)
     */
    public MidiMapping put(MidiMapping mapping) {
        if (mapping == null) {
            throw new IllegalArgumentException("mapping is null");
        }
        MidiMappingEntry e = MidiMappingEntry.resolve(mapping, resolver, "mapping " + mapping);
        MidiMappingSnapshot before = update(s -> s.put(e, MAX_MAPPINGS));
        int i = before.indexOf(mapping.source(), mapping.node(), mapping.param());
        return i < 0 ? null : before.entries[i].mapping;
    }

    /** Removes this exact mapping. @return whether it was there @thread any (not render) */
    public boolean remove(MidiMapping mapping) {
        return removeIf(m -> m.equals(mapping)) > 0;
    }

    /** Removes every mapping driven by this source. @return how many @thread any (not render) */
    public int removeSource(MidiMappingSource source) {
        return removeIf(m -> m.source().equals(source));
    }

    /** Removes every mapping of one parameter. @return how many @thread any (not render) */
    public int removeTarget(int node, String param) {
        return removeIf(m -> m.node() == node && m.param().equals(param));
    }

    /** Removes every mapping of a node (call it when the node goes). @return how many @thread any (not render) */
    public int removeNode(int node) {
        return removeIf(m -> m.node() == node);
    }

    /** Removes every mapping. @return how many @thread any (not render) */
    public int clear() {
        return removeIf(m -> true);
    }

    private int removeIf(java.util.function.Predicate<MidiMapping> drop) {
        MidiMappingSnapshot before = update(s -> s.without(drop));
        int n = 0;
        for (MidiMappingEntry e : before.entries) {
            n += drop.test(e.mapping) ? 1 : 0;
        }
        return n;
    }

    /**
     * Replaces the whole table, after checking every mapping.
     * @throws IllegalArgumentException naming the first bad mapping (by its index) or a duplicate;
     *     the table is unchanged
     * @thread any (not render)
     */
    public void replaceAll(List<MidiMapping> mappings) {
        table.set(MidiMappingSnapshot.compile(mappings, resolver, MAX_MAPPINGS));
    }

    /** Applies a change with compare-and-set; returns the snapshot it replaced. */
    private MidiMappingSnapshot update(UnaryOperator<MidiMappingSnapshot> change) {
        while (true) {
            MidiMappingSnapshot before = table.get();
            MidiMappingSnapshot after = change.apply(before);
            if (after == before || table.compareAndSet(before, after)) {
                return before;
            }
        }
    }

    // ---------------------------------------------------------------- learn

    /**
     * Arms learning for a parameter over its whole range (replacing learning armed before).
     * @throws IllegalArgumentException when the node or parameter does not exist or cannot be automated
     * @thread any (not render)
     */
    public void learn(int node, String param, MidiMappingLearnListener listener) {
        learn(MidiMapping.of(MidiMappingSource.cc(0), node, param), listener);
    }

    /**
     * Arms learning with a template: its target, range, inversion and pass-through are kept, its
     * source is replaced by the one learned.
     * @throws IllegalArgumentException when the template's target is not mappable
     * @thread any (not render)
     */
    public void learn(MidiMapping template, MidiMappingLearnListener listener) {
        if (template == null) {
            throw new IllegalArgumentException("learn needs a target");
        }
        MidiMappingEntry e = MidiMappingEntry.resolve(template, resolver,
                "cannot learn node " + template.node() + " " + template.param());
        completeLearn();
        learner.arm(e, listener);
    }

    /**
     * Stops learning: disarms, and drops a capture not yet bound.
     * @return true when learning was armed or captured
     * @thread any (not render)
     */
    public boolean cancelLearn() {
        return learner.cancel();
    }

    /** True from {@link #learn} until the capture is bound or learning cancelled. @thread any */
    public boolean isLearning() {
        return learner.isLearning();
    }

    /**
     * Binds a captured source, if {@link #handle} captured one: replaces the mappings that source
     * triggers with the learned one and tells the listener (on this thread).
     * @return the new mapping, or null when nothing was captured
     * @thread any (not render: allocates)
     */
    public MidiMapping completeLearn() {
        return learner.complete(e -> update(s -> s.without(m -> m.source().overlaps(e.mapping.source()))
                .put(e, MAX_MAPPINGS)));
    }

    /**
     * Waits until learning captured something and binds it, or until learning is cancelled or
     * the time is up.
     * @return the new mapping, or null (cancelled, timed out, interrupted)
     * @thread any (not render: waits)
     */
    public MidiMapping awaitLearn(long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            MidiMapping m = completeLearn();
            if (m != null) {
                return m;
            }
            if (!isLearning() || System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
                return null;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(500_000);
        }
    }

    // ---------------------------------------------------------------- state

    /**
     * Writes the table into a properties section (see {@link MidiMappingDocument}).
     * @param prefix put before every key, e.g. {@code "mapping."}
     * @thread any (not render)
     */
    public void save(Properties p, String prefix) {
        MidiMappingDocument.save(mappings(), p, prefix);
    }

    /**
     * Reads a properties section written by {@link #save} and replaces the table with it, after
     * checking everything against the nodes.
     * @throws org.midirack.core.StateFormatException naming the key or mapping that is wrong;
     *     the table is unchanged
     * @thread any (not render)
     */
    public void load(Properties p, String prefix) {
        List<MidiMapping> list = MidiMappingDocument.load(p, prefix, resolver);
        table.set(MidiMappingSnapshot.compile(list, resolver, MAX_MAPPINGS));
    }
}
