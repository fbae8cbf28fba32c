package org.midirack.effects;

import org.midirack.core.ParamDescriptor;
import java.util.Arrays;

/**
 * Musical note values used by the tempo-synced nodes, as lengths in beats (quarter notes):
 * whole, half, quarter, eighth, sixteenth and thirty-second notes, each also dotted (x 1.5) and
 * as a triplet (x 2/3). A choice parameter over a range of this table has the names as choices.
 */
public final class NoteValues {
    private static final String[] NAMES = {
        "1/1", "1/2D", "1/2", "1/2T", "1/4D", "1/4", "1/4T", "1/8D", "1/8", "1/8T",
        "1/16D", "1/16", "1/16T", "1/32D", "1/32", "1/32T"};
    private static final double[] BEATS = {
        4, 3, 2, 4.0 / 3, 1.5, 1, 2.0 / 3, 0.75, 0.5, 1.0 / 3,
        0.375, 0.25, 1.0 / 6, 0.1875, 0.125, 1.0 / 12};

    /** Index of 1/4 dotted, the longest arpeggiator rate. */
    public static final int QUARTER_DOTTED = 4;
    /** Index of the last entry, 1/32 triplet. */
    public static final int LAST = NAMES.length - 1;

    private NoteValues() {
    }

    /** Number of entries. @thread any */
    public static int count() {
        return NAMES.length;
    }

    /** Index of a name such as "1/16T", or -1. @thread any */
    public static int indexOf(String name) {
        return Arrays.asList(NAMES).indexOf(name);
    }

    /** Length in beats of entry i. @thread any (render-thread safe) */
    public static double beats(int index) {
        return BEATS[index];
    }

    /** Name of entry i. @thread any */
    public static String name(int index) {
        return NAMES[index];
    }

    /**
     * A choice parameter over entries first..last of the table; its value v selects entry
     * first + v.
     * @thread main
     */
    public static ParamDescriptor choice(String id, String name, int first, int last, String defaultName) {
        int def = indexOf(defaultName) - first;
        if (def < 0 || def > last - first) {
            throw new IllegalArgumentException(defaultName + " is not within " + NAMES[first] + ".." + NAMES[last]);
        }
        return ParamDescriptor.choice(id, name, def, Arrays.copyOfRange(NAMES, first, last + 1));
    }
}
