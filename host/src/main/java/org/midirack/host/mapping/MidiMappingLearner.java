package org.midirack.host.mapping;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Learn state of a {@link MidiMappingTable}: armed (a target compiled in advance, waiting for an
 * event), captured (the input path took an event; not yet bound), or idle. The input path only
 * flips references with compare-and-set and writes ints; binding happens in {@link #complete}.
 */
final class MidiMappingLearner {
    /** One arming: the target, the listener, and the event that was captured. */
    private static final class Learn {
        final MidiMappingEntry entry;
        final MidiMappingLearnListener listener;
        int kind;
        int channel;
        int data1;

        Learn(MidiMappingEntry entry, MidiMappingLearnListener listener) {
            this.entry = entry;
            this.listener = listener;
        }
    }

    private final AtomicReference<Learn> armed = new AtomicReference<>();
    private final AtomicReference<Learn> captured = new AtomicReference<>();
    private final AtomicLong learned = new AtomicLong();

    void arm(MidiMappingEntry target, MidiMappingLearnListener listener) {
        armed.set(new Learn(target, listener));
    }

    /**
     * Captures a mappable event when armed and no earlier capture waits to be bound.
     * @return the armed target (to move its parameter now), or null when not armed
     */
    MidiMappingEntry capture(int kind, int channel, int data1) {
        Learn l = armed.get();
        if (l == null || captured.get() != null || !armed.compareAndSet(l, null)) {
            return null;
        }
        l.kind = kind;
        l.channel = channel;
        l.data1 = data1 & 0x7F;
        captured.set(l); // publishes the ints written above
        return l.entry;
    }

    boolean cancel() {
        Learn a = armed.getAndSet(null);
        Learn c = captured.getAndSet(null);
        return a != null || c != null;
    }

    boolean isLearning() {
        return armed.get() != null || captured.get() != null;
    }

    long learned() {
        return learned.get();
    }

    /** Binds a capture through {@code bind} and tells the listener; null when nothing was captured. */
    MidiMapping complete(Consumer<MidiMappingEntry> bind) {
        Learn l = captured.getAndSet(null);
        if (l == null) {
            return null;
        }
        MidiMappingSource.Kind kind = MidiMappingSource.Kind.values()[l.kind];
        MidiMappingSource source = new MidiMappingSource(kind, l.channel,
                kind == MidiMappingSource.Kind.CC ? l.data1 : MidiMappingSource.ANY_KEY);
        MidiMappingEntry e = l.entry.withSource(source);
        bind.accept(e);
        learned.incrementAndGet();
        if (l.listener != null) {
            l.listener.learned(e.mapping);
        }
        return e.mapping;
    }
}
