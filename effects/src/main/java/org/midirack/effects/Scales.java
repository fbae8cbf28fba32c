package org.midirack.effects;

/**
 * Scales for the chord and scale-quantize processors: pitch classes relative to the key
 * (0 = C .. 11 = B), and helpers to snap a note into a scale and step along its degrees.
 */
public final class Scales {
    /** Key names, the choices of a key parameter. */
    public static final String[] KEYS = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
    /** Scale names, the choices of a scale parameter. */
    public static final String[] NAMES = {"major", "natural minor", "harmonic minor", "dorian", "mixolydian",
        "pentatonic major", "pentatonic minor"};
    private static final int[][] STEPS = {
        {0, 2, 4, 5, 7, 9, 11}, {0, 2, 3, 5, 7, 8, 10}, {0, 2, 3, 5, 7, 8, 11}, {0, 2, 3, 5, 7, 9, 10},
        {0, 2, 4, 5, 7, 9, 10}, {0, 2, 4, 7, 9}, {0, 3, 5, 7, 10}};

    private Scales() {
    }

    /** Pitch classes of scale s. @thread any (render-thread safe; do not modify) */
    static int[] steps(int scale) {
        return STEPS[scale];
    }

    /**
     * The nearest note of the scale to {@code note} (ties go down), as a degree index counted
     * from degree 0 of the key in octave 0 (may be negative for notes below the key's first C).
     * @thread any (render-thread safe)
     */
    public static int nearestDegree(int note, int key, int scale) {
        int[] st = STEPS[scale];
        int rel = note - key;
        int oct = Math.floorDiv(rel, 12);
        int pc = rel - oct * 12;
        int best = 0;
        int bestDist = Integer.MAX_VALUE;
        for (int d = -1; d <= st.length; d++) {
            int p = d < 0 ? st[st.length - 1] - 12 : (d == st.length ? 12 : st[d]);
            int dist = Math.abs(pc - p);
            if (dist < bestDist) {
                bestDist = dist;
                best = d;
            }
        }
        return oct * st.length + best;
    }

    /** The note of a degree index (see {@link #nearestDegree}). @thread any (render-thread safe) */
    public static int noteOfDegree(int degree, int key, int scale) {
        int[] st = STEPS[scale];
        int oct = Math.floorDiv(degree, st.length);
        return key + oct * 12 + st[degree - oct * st.length];
    }

    /** The nearest note of the scale (ties go down). @thread any (render-thread safe) */
    public static int quantize(int note, int key, int scale) {
        return noteOfDegree(nearestDegree(note, key, scale), key, scale);
    }
}
