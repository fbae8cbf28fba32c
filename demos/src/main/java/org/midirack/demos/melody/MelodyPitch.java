package org.midirack.demos.melody;

/**
 * Pitch names as melody scripts write them: a letter A-G (either case), optional accidentals
 * {@code #}, {@code ##}, {@code b}, {@code bb}, and an octave where C4 is middle C (MIDI key 60),
 * from C-1 (0) to G9 (127); or a General MIDI drum name such as {@code kick} or {@code hihat}.
 */
public final class MelodyPitch {

    private static final int[] SEMITONE = {9, 11, 0, 2, 4, 5, 7}; // A B C D E F G

    private MelodyPitch() {
    }

    /**
     * The MIDI key for a note name ({@code C4}, {@code F#3}, {@code Bb5}, {@code C-1}) or drum
     * name ({@code kick}, {@code snare}, {@code "Open Hi-Hat"}).
     *
     * @throws IllegalArgumentException saying what is wrong, e.g. {@code unknown note name 'H'}
     * @thread any
     */
    public static int key(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty note name");
        }
        char letter = name.charAt(0);
        int i = 1;
        int accidental = 0;
        int n = name.length();
        if (Character.isLetter(letter)) {
            while (i < n && (name.charAt(i) == '#' || name.charAt(i) == 'b') && i < 3) {
                accidental += name.charAt(i) == '#' ? 1 : -1;
                i++;
            }
            int digitsFrom = i < n && name.charAt(i) == '-' ? i + 1 : i;
            boolean octaveFollows = digitsFrom < n && allDigits(name, digitsFrom)
                && (i == 1 || mixedAccidentalsOk(name, 1, i));
            if (octaveFollows) {
                char upper = Character.toUpperCase(letter);
                if (upper < 'A' || upper > 'G') {
                    throw new IllegalArgumentException("unknown note name '" + letter + "'");
                }
                if (n - digitsFrom > 2) {
                    throw new IllegalArgumentException("octave of '" + name + "' is out of range -1 to 9");
                }
                int octave = Integer.parseInt(name.substring(i));
                int key = (octave + 1) * 12 + SEMITONE[upper - 'A'] + accidental;
                if (key < 0 || key > 127) {
                    throw new IllegalArgumentException("note " + name + " is outside the MIDI range C-1 to G9");
                }
                return key;
            }
        }
        int drum = GeneralMidi.drumKey(name);
        if (drum >= 0) {
            return drum;
        }
        char upper = Character.toUpperCase(letter);
        if (upper >= 'A' && upper <= 'G' && i == n && mixedAccidentalsOk(name, 1, i)) {
            throw new IllegalArgumentException("note '" + name + "' needs an octave, e.g. " + name + "4");
        }
        String near = GeneralMidi.nearestDrum(name);
        throw new IllegalArgumentException("unknown note or drum name '" + name + "'"
                + (near == null ? "" : " (did you mean '" + near + "'?)"));
    }

    /**
     * The scientific name of a MIDI key, sharps for black keys: 60 is {@code C4}, 61 {@code C#4}.
     *
     * @thread any
     */
    public static String name(int key) {
        if (key < 0 || key > 127) {
            throw new IllegalArgumentException("key " + key + " is out of range 0-127");
        }
        String[] names = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
        return names[key % 12] + (key / 12 - 1);
    }

    private static boolean allDigits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i)) || s.charAt(i) > '9') {
                return false;
            }
        }
        return from < s.length();
    }

    /** Accidentals must all be sharps or all flats (C#b4 is not a note). */
    private static boolean mixedAccidentalsOk(String s, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            if (s.charAt(i) != s.charAt(from)) {
                return false;
            }
        }
        return true;
    }
}
