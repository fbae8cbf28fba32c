package org.midirack.host.mapping;

import java.util.Locale;

/**
 * What drives a mapping: a controller (CC 0..119), pitch bend (14 bits), channel pressure or
 * polyphonic key pressure (one key or any key), on one channel (0..15) or on every channel
 * ({@link #OMNI}). Immutable.
 *
 * <p>Controllers 120..127 are the channel mode messages (All Sound Off, Reset All Controllers,
 * Local Control, All Notes Off, Omni Off/On, Mono On, Poly On): they keep their meaning and cannot
 * be mapped. Note on/off and program change are not sources either.
 *
 * <p>Text form (what {@link #toString()} gives and {@link #parse} reads; channels 1..16 as people
 * count them): {@code cc 74}, {@code cc 74 ch 1}, {@code bend}, {@code bend ch 2},
 * {@code pressure}, {@code pressure ch 3}, {@code polypressure}, {@code polypressure key 60 ch 1}.
 *
 * @param kind the message kind
 * @param channel 0..15, or {@link #OMNI} for every channel
 * @param number the controller (0..119) for {@link Kind#CC}, the key (0..127) or {@link #ANY_KEY}
 *     for {@link Kind#POLY_PRESSURE}, {@link #ANY_KEY} for the others
 */
public record MidiMappingSource(Kind kind, int channel, int number) {
    /** Channel value meaning every channel. */
    public static final int OMNI = -1;
    /** Key value meaning any key (and the number of kinds that have none). */
    public static final int ANY_KEY = -1;
    /** The first controller number that is a channel mode message. */
    public static final int FIRST_CHANNEL_MODE_CC = 120;

    /** The kinds of message that can drive a parameter. */
    public enum Kind {
        /** Control change 0..119, 7 bits. */
        CC("cc"),
        /** Pitch bend, 14 bits; its centre (8192) maps to the middle of the swept range. */
        BEND("bend"),
        /** Channel pressure (aftertouch), 7 bits. */
        CHANNEL_PRESSURE("pressure"),
        /** Polyphonic key pressure, 7 bits. */
        POLY_PRESSURE("polypressure");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** The word of the text form. @thread any */
        public String word() {
            return word;
        }
    }

    /**
     * @thread any
     * @throws IllegalArgumentException naming what is out of range
     */
    public MidiMappingSource {
        if (kind == null) {
            throw new IllegalArgumentException("mapping source needs a kind (cc, bend, pressure, polypressure)");
        }
        if (channel != OMNI && (channel < 0 || channel > 15)) {
            throw new IllegalArgumentException("MIDI channel " + channel + " is not 0..15 (or OMNI)");
        }
        switch (kind) {
            case CC -> {
                if (number >= FIRST_CHANNEL_MODE_CC && number <= 127) {
                    throw new IllegalArgumentException("CC " + number + " is a channel mode message (120 All Sound Off,"
                            + " 121 Reset All Controllers, 122 Local Control, 123 All Notes Off, 124-127 Omni/Mono/Poly)"
                            + " and cannot be mapped; use CC 0..119");
                }
                if (number < 0 || number > 127) {
                    throw new IllegalArgumentException("controller number " + number + " is not 0..119");
                }
            }
            case POLY_PRESSURE -> {
                if (number != ANY_KEY && (number < 0 || number > 127)) {
                    throw new IllegalArgumentException("key " + number + " is not 0..127 (or ANY_KEY)");
                }
            }
            default -> {
                if (number != ANY_KEY) {
                    throw new IllegalArgumentException(kind.word() + " has no number, was " + number);
                }
            }
        }
    }

    /** A controller on every channel. @thread any */
    public static MidiMappingSource cc(int controller) {
        return new MidiMappingSource(Kind.CC, OMNI, controller);
    }

    /** Pitch bend on every channel. @thread any */
    public static MidiMappingSource bend() {
        return new MidiMappingSource(Kind.BEND, OMNI, ANY_KEY);
    }

    /** Channel pressure on every channel. @thread any */
    public static MidiMappingSource channelPressure() {
        return new MidiMappingSource(Kind.CHANNEL_PRESSURE, OMNI, ANY_KEY);
    }

    /** Polyphonic pressure of any key on every channel. @thread any */
    public static MidiMappingSource polyPressure() {
        return new MidiMappingSource(Kind.POLY_PRESSURE, OMNI, ANY_KEY);
    }

    /** Polyphonic pressure of one key (0..127) on every channel. @thread any */
    public static MidiMappingSource polyPressure(int key) {
        return new MidiMappingSource(Kind.POLY_PRESSURE, OMNI, key);
    }

    /** The same source on one channel 0..15 (or {@link #OMNI}). @thread any */
    public MidiMappingSource onChannel(int ch) {
        return new MidiMappingSource(kind, ch, number);
    }

    /**
     * True when some message would trigger both: the same kind, channels equal or either
     * {@link #OMNI}, numbers equal or either {@link #ANY_KEY}.
     * @thread any
     */
    public boolean overlaps(MidiMappingSource other) {
        return kind == other.kind && (channel == OMNI || other.channel == OMNI || channel == other.channel)
                && (number == ANY_KEY || other.number == ANY_KEY || number == other.number);
    }

    /** True for pitch bend (14-bit values 0..16383); false for 7-bit sources. @thread any */
    public boolean isFourteenBit() {
        return kind == Kind.BEND;
    }

    /**
     * The exact source a short message comes from (its channel; poly pressure of any key), or
     * null when the message cannot drive a mapping (notes, program change, CC 120..127, system).
     * This is what learning binds to.
     * @thread any (allocates; not for the render thread)
     */
    public static MidiMappingSource of(int status, int data1) {
        int kind = MidiMappingEntry.kindOf(status, data1);
        if (kind < 0) {
            return null;
        }
        Kind k = Kind.values()[kind];
        return new MidiMappingSource(k, status & 0x0F, k == Kind.CC ? data1 & 0x7F : ANY_KEY);
    }

    /**
     * Reads the text form (see the class comment); words are case-insensitive.
     * @thread any
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static MidiMappingSource parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("mapping source is empty; expected cc N [ch C], bend, pressure or polypressure");
        }
        String[] w = text.trim().toLowerCase(Locale.ROOT).split("\\s+");
        int i = 0;
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.word().equals(w[0])) {
                kind = k;
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException("unknown mapping source '" + w[0] + "' in '" + text.trim()
                    + "'; expected cc N [ch C], bend, pressure or polypressure");
        }
        i++;
        int number = ANY_KEY;
        if (kind == Kind.CC) {
            if (i >= w.length) {
                throw new IllegalArgumentException("'" + text.trim() + "': cc needs a controller number 0..119");
            }
            number = number(w[i++], "controller number", text);
        }
        int channel = OMNI;
        while (i < w.length) {
            String word = w[i++];
            if (i >= w.length) {
                throw new IllegalArgumentException("'" + text.trim() + "': '" + word + "' needs a value");
            }
            if (word.equals("ch") && channel == OMNI) {
                int ch = number(w[i++], "channel", text);
                if (ch < 1 || ch > 16) {
                    throw new IllegalArgumentException("'" + text.trim() + "': channel " + ch + " is not 1..16");
                }
                channel = ch - 1;
            } else if (word.equals("key") && kind == Kind.POLY_PRESSURE && number == ANY_KEY) {
                number = number(w[i++], "key", text);
            } else {
                throw new IllegalArgumentException("'" + text.trim() + "': unexpected '" + word + "'");
            }
        }
        return new MidiMappingSource(kind, channel, number);
    }

    private static int number(String word, String what, String text) {
        try {
            return Integer.parseInt(word);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text.trim() + "': " + what + " '" + word + "' is not a number", e);
        }
    }

    /** The text form, e.g. {@code cc 74 ch 1}. @thread any */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.word());
        if (kind == Kind.CC) {
            sb.append(' ').append(number);
        } else if (number != ANY_KEY) {
            sb.append(" key ").append(number);
        }
        if (channel != OMNI) {
            sb.append(" ch ").append(channel + 1);
        }
        return sb.toString();
    }
}
