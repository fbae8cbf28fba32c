package org.midirack.host.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One immutable version of a table's mappings, in the order they were added. A change builds a
 * new snapshot; the input path reads whichever one was published last.
 */
final class MidiMappingSnapshot {
    static final MidiMappingSnapshot EMPTY = new MidiMappingSnapshot(new MidiMappingEntry[0]);

    final MidiMappingEntry[] entries;

    MidiMappingSnapshot(MidiMappingEntry[] entries) {
        this.entries = entries;
    }

    /**
     * A snapshot of a whole list, every mapping checked first.
     * @throws IllegalArgumentException naming the first bad mapping by its index, or a duplicate
     */
    static MidiMappingSnapshot compile(List<MidiMapping> mappings, MidiMappingResolver resolver, int max) {
        if (mappings == null) {
            throw new IllegalArgumentException("mapping list is null");
        }
        if (mappings.size() > max) {
            throw new IllegalArgumentException(mappings.size() + " mappings are more than a table holds (" + max + ")");
        }
        MidiMappingEntry[] entries = new MidiMappingEntry[mappings.size()];
        Map<List<Object>, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.length; i++) {
            MidiMapping m = mappings.get(i);
            if (m == null) {
                throw new IllegalArgumentException("mapping " + i + " is null");
            }
            Integer dup = seen.putIfAbsent(List.of(m.source(), m.node(), m.param()), i);
            if (dup != null) {
                throw new IllegalArgumentException("mapping " + i + " (" + m + ") has the same source and target as mapping " + dup);
            }
            entries[i] = MidiMappingEntry.resolve(m, resolver, "mapping " + i + " (" + m + ")");
        }
        return new MidiMappingSnapshot(entries);
    }

    /** This one with {@code e} added, replacing a mapping of the same source and target. */
    MidiMappingSnapshot put(MidiMappingEntry e, int max) {
        int same = indexOf(e.mapping.source(), e.node, e.mapping.param());
        if (same >= 0) {
            MidiMappingEntry[] copy = entries.clone();
            copy[same] = e;
            return new MidiMappingSnapshot(copy);
        }
        if (entries.length >= max) {
            throw new IllegalArgumentException("mapping " + e.mapping + ": the table is full (" + max + " mappings)");
        }
        MidiMappingEntry[] copy = Arrays.copyOf(entries, entries.length + 1);
        copy[entries.length] = e;
        return new MidiMappingSnapshot(copy);
    }

    /** This one without the entries the predicate picks (itself when none). */
    MidiMappingSnapshot without(Predicate<MidiMapping> drop) {
        List<MidiMappingEntry> kept = new ArrayList<>(entries.length);
        for (MidiMappingEntry e : entries) {
            if (!drop.test(e.mapping)) {
                kept.add(e);
            }
        }
        return kept.size() == entries.length ? this : new MidiMappingSnapshot(kept.toArray(new MidiMappingEntry[0]));
    }

    int indexOf(MidiMappingSource source, int node, String param) {
        for (int i = 0; i < entries.length; i++) {
            MidiMapping m = entries[i].mapping;
            if (m.node() == node && m.param().equals(param) && m.source().equals(source)) {
                return i;
            }
        }
        return -1;
    }

    List<MidiMapping> mappings() {
        List<MidiMapping> out = new ArrayList<>(entries.length);
        for (MidiMappingEntry e : entries) {
            out.add(e.mapping);
        }
        return List.copyOf(out);
    }
}
