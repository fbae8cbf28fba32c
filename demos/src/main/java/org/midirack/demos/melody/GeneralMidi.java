package org.midirack.demos.melody;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * General MIDI names: the 128 melodic programs (numbered 1-128 as in the GM specification,
 * sent as program change 0-127) and the percussion keys of channel 10, with short aliases.
 * Names match loosely: case, spaces, hyphens, underscores and brackets are ignored, so
 * {@code "Electric Bass (finger)"}, {@code "electric_bass_finger"} and {@code "electricbassfinger"}
 * all name program 34.
 */
public final class GeneralMidi {

    /** Marker returned by {@link #instrument(String)} for the channel-10 drum kit. */
    public static final int DRUMS = -2;

    private static final String[] PROGRAMS = {
        "Acoustic Grand Piano", "Bright Acoustic Piano", "Electric Grand Piano", "Honky-tonk Piano",
        "Electric Piano 1", "Electric Piano 2", "Harpsichord", "Clavi",
        "Celesta", "Glockenspiel", "Music Box", "Vibraphone",
        "Marimba", "Xylophone", "Tubular Bells", "Dulcimer",
        "Drawbar Organ", "Percussive Organ", "Rock Organ", "Church Organ",
        "Reed Organ", "Accordion", "Harmonica", "Tango Accordion",
        "Acoustic Guitar (nylon)", "Acoustic Guitar (steel)", "Electric Guitar (jazz)", "Electric Guitar (clean)",
        "Electric Guitar (muted)", "Overdriven Guitar", "Distortion Guitar", "Guitar Harmonics",
        "Acoustic Bass", "Electric Bass (finger)", "Electric Bass (pick)", "Fretless Bass",
        "Slap Bass 1", "Slap Bass 2", "Synth Bass 1", "Synth Bass 2",
        "Violin", "Viola", "Cello", "Contrabass",
        "Tremolo Strings", "Pizzicato Strings", "Orchestral Harp", "Timpani",
        "String Ensemble 1", "String Ensemble 2", "Synth Strings 1", "Synth Strings 2",
        "Choir Aahs", "Voice Oohs", "Synth Voice", "Orchestra Hit",
        "Trumpet", "Trombone", "Tuba", "Muted Trumpet",
        "French Horn", "Brass Section", "Synth Brass 1", "Synth Brass 2",
        "Soprano Sax", "Alto Sax", "Tenor Sax", "Baritone Sax",
        "Oboe", "English Horn", "Bassoon", "Clarinet",
        "Piccolo", "Flute", "Recorder", "Pan Flute",
        "Blown Bottle", "Shakuhachi", "Whistle", "Ocarina",
        "Lead 1 (square)", "Lead 2 (sawtooth)", "Lead 3 (calliope)", "Lead 4 (chiff)",
        "Lead 5 (charang)", "Lead 6 (voice)", "Lead 7 (fifths)", "Lead 8 (bass + lead)",
        "Pad 1 (new age)", "Pad 2 (warm)", "Pad 3 (polysynth)", "Pad 4 (choir)",
        "Pad 5 (bowed)", "Pad 6 (metallic)", "Pad 7 (halo)", "Pad 8 (sweep)",
        "FX 1 (rain)", "FX 2 (soundtrack)", "FX 3 (crystal)", "FX 4 (atmosphere)",
        "FX 5 (brightness)", "FX 6 (goblins)", "FX 7 (echoes)", "FX 8 (sci-fi)",
        "Sitar", "Banjo", "Shamisen", "Koto",
        "Kalimba", "Bag Pipe", "Fiddle", "Shanai",
        "Tinkle Bell", "Agogo", "Steel Drums", "Woodblock",
        "Taiko Drum", "Melodic Tom", "Synth Drum", "Reverse Cymbal",
        "Guitar Fret Noise", "Breath Noise", "Seashore", "Bird Tweet",
        "Telephone Ring", "Helicopter", "Applause", "Gunshot",
    };

    /** Short aliases, value is the GM number (1-based). */
    private static final Object[][] PROGRAM_ALIASES = {
        {"piano", 1}, {"grandpiano", 1}, {"brightpiano", 2}, {"honkytonk", 4},
        {"epiano", 5}, {"electricpiano", 5}, {"rhodes", 5}, {"clav", 8}, {"clavinet", 8},
        {"organ", 17}, {"churchorgan", 20}, {"guitar", 25}, {"nylonguitar", 25},
        {"steelguitar", 26}, {"jazzguitar", 27}, {"cleanguitar", 28}, {"overdrive", 30},
        {"distortion", 31}, {"bass", 34}, {"fingerbass", 34}, {"pickbass", 35},
        {"slapbass", 37}, {"synthbass", 39}, {"strings", 49}, {"harp", 47},
        {"synthstrings", 51}, {"choir", 53}, {"trumpet", 57}, {"horn", 61},
        {"brass", 62}, {"synthbrass", 63}, {"sax", 66}, {"saxophone", 66},
        {"square", 81}, {"squarelead", 81}, {"saw", 82}, {"sawtooth", 82}, {"sawlead", 82},
        {"lead", 81}, {"pad", 89}, {"warmpad", 90}, {"bells", 15}, {"vibes", 12},
        {"steeldrum", 115},
    };

    private static final Object[][] DRUM_NAMES = {
        {35, "Acoustic Bass Drum"}, {36, "Bass Drum 1"}, {37, "Side Stick"}, {38, "Acoustic Snare"},
        {39, "Hand Clap"}, {40, "Electric Snare"}, {41, "Low Floor Tom"}, {42, "Closed Hi-Hat"},
        {43, "High Floor Tom"}, {44, "Pedal Hi-Hat"}, {45, "Low Tom"}, {46, "Open Hi-Hat"},
        {47, "Low-Mid Tom"}, {48, "Hi-Mid Tom"}, {49, "Crash Cymbal 1"}, {50, "High Tom"},
        {51, "Ride Cymbal 1"}, {52, "Chinese Cymbal"}, {53, "Ride Bell"}, {54, "Tambourine"},
        {55, "Splash Cymbal"}, {56, "Cowbell"}, {57, "Crash Cymbal 2"}, {58, "Vibraslap"},
        {59, "Ride Cymbal 2"}, {60, "Hi Bongo"}, {61, "Low Bongo"}, {62, "Mute Hi Conga"},
        {63, "Open Hi Conga"}, {64, "Low Conga"}, {65, "High Timbale"}, {66, "Low Timbale"},
        {67, "High Agogo"}, {68, "Low Agogo"}, {69, "Cabasa"}, {70, "Maracas"},
        {71, "Short Whistle"}, {72, "Long Whistle"}, {73, "Short Guiro"}, {74, "Long Guiro"},
        {75, "Claves"}, {76, "Hi Wood Block"}, {77, "Low Wood Block"}, {78, "Mute Cuica"},
        {79, "Open Cuica"}, {80, "Mute Triangle"}, {81, "Open Triangle"},
        // short aliases
        {36, "kick"}, {35, "kick2"}, {36, "bd"}, {37, "rim"}, {37, "sidestick"}, {38, "snare"},
        {38, "sd"}, {39, "clap"}, {40, "snare2"}, {42, "hihat"}, {42, "hh"}, {42, "closedhat"},
        {44, "pedalhat"}, {46, "openhat"}, {46, "ohh"}, {41, "floortom"}, {45, "lowtom"},
        {47, "midtom"}, {50, "hightom"}, {49, "crash"}, {51, "ride"}, {52, "china"},
        {55, "splash"}, {57, "crash2"}, {70, "shaker"}, {81, "triangle"}, {76, "woodblock"},
    };

    private static final Map<String, Integer> PROGRAM_BY_NAME = new HashMap<>();
    private static final Map<String, Integer> DRUM_BY_NAME = new HashMap<>();

    static {
        for (int i = 0; i < PROGRAMS.length; i++) {
            PROGRAM_BY_NAME.put(normalize(PROGRAMS[i]), i);
        }
        for (Object[] alias : PROGRAM_ALIASES) {
            PROGRAM_BY_NAME.putIfAbsent((String) alias[0], (Integer) alias[1] - 1);
        }
        for (Object[] drum : DRUM_NAMES) {
            DRUM_BY_NAME.putIfAbsent(normalize((String) drum[1]), (Integer) drum[0]);
        }
    }

    private GeneralMidi() {
    }

    /**
     * Lower-cases a name and drops everything but letters and digits.
     *
     * @thread any
     */
    public static String normalize(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = Character.toLowerCase(name.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * The program change (0-127) for a GM instrument name or alias, or -1 if unknown.
     *
     * @thread any
     */
    public static int program(String name) {
        Integer p = PROGRAM_BY_NAME.get(normalize(name));
        return p == null ? -1 : p;
    }

    /**
     * The GM name of a program change number 0-127.
     *
     * @thread any
     */
    public static String programName(int program) {
        if (program < 0 || program > 127) {
            throw new IllegalArgumentException("program " + program + " is out of range 0-127");
        }
        return PROGRAMS[program];
    }

    /**
     * The percussion key for a GM drum name or alias (e.g. {@code kick}, {@code snare},
     * {@code hihat}, {@code "Open Hi-Hat"}), or -1 if unknown.
     *
     * @thread any
     */
    public static int drumKey(String name) {
        Integer k = DRUM_BY_NAME.get(normalize(name));
        return k == null ? -1 : k;
    }

    /**
     * The drum name nearest an unknown one (a typo such as {@code kik}), or null when none is close.
     *
     * @thread any
     */
    public static String nearestDrum(String name) {
        String key = normalize(name);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : DRUM_BY_NAME.keySet()) {
            int d = distance(key, candidate) * 2 + (isSubsequence(key, candidate) ? 0 : 1);
            if (d < bestDistance || (d == bestDistance && candidate.compareTo(best) < 0)) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance / 2 <= Math.max(1, Math.min(2, key.length() / 3)) ? best : null;
    }

    /**
     * Resolves an instrument as written after {@code voice N} or {@code program}: a GM number
     * 1-128, a GM name or alias, or {@code drums}/{@code percussion} ({@link #DRUMS}).
     *
     * @return the program change 0-127, or {@link #DRUMS}
     * @throws IllegalArgumentException naming the unknown instrument, with a suggestion
     * @thread any
     */
    public static int instrument(String spec) {
        String s = spec.trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1).trim();
        }
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            int n;
            try {
                n = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                n = Integer.MAX_VALUE;
            }
            if (n < 1 || n > 128) {
                throw new IllegalArgumentException("instrument number " + s + " is out of range 1-128");
            }
            return n - 1;
        }
        String key = normalize(s);
        if (key.equals("drums") || key.equals("drum") || key.equals("percussion") || key.equals("drumkit")) {
            return DRUMS;
        }
        Integer p = PROGRAM_BY_NAME.get(key);
        if (p != null) {
            return p;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : PROGRAM_BY_NAME.keySet()) {
            // a dropped letter is the commonest typo: among equal distances prefer names that
            // contain the typed letters in order, then the alphabetically first
            int d = distance(key, candidate) * 2 + (isSubsequence(key, candidate) ? 0 : 1);
            if (d < bestDistance || (d == bestDistance && candidate.compareTo(best) < 0)) {
                bestDistance = d;
                best = candidate;
            }
        }
        String hint = best != null && bestDistance / 2 <= Math.max(2, key.length() / 3)
            ? " (did you mean '" + displayName(best) + "'?)"
            : " (use a General MIDI name such as 'acoustic grand piano' or a number 1-128)";
        return failUnknown(s, hint);
    }

    private static int failUnknown(String s, String hint) {
        throw new IllegalArgumentException("unknown instrument '" + s + "'" + hint);
    }

    private static String displayName(String normalized) {
        for (String p : PROGRAMS) {
            if (normalize(p).equals(normalized)) {
                return p.toLowerCase(Locale.ROOT);
            }
        }
        return normalized;
    }

    private static boolean isSubsequence(String small, String big) {
        int j = 0;
        for (int i = 0; i < big.length() && j < small.length(); i++) {
            if (big.charAt(i) == small.charAt(j)) {
                j++;
            }
        }
        return j == small.length();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
