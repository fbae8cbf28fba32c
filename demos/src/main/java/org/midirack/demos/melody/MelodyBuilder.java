package org.midirack.demos.melody;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Fluent builder of a melody: the Java twin of a melody script. Every script construct has a
 * method here and a script is executed through these very methods, so a script and the
 * equivalent builder calls produce identical sequences.
 *
 * <pre>{@code
 * Sequence s = Melody.builder().tempo(120).time(4, 4)
 *     .voice(1, "piano").note("C4", 1, 4).note("E4", 1, 8).note("G4", 1, 8)
 *     .chord(1, 2, "C4", "E4", "G4").rest(1, 4)
 *     .build();
 * }</pre>
 *
 * Durations are fractions of a whole note ({@code 1, 4} is a quarter, {@code 3, 8} a dotted
 * quarter, {@code 1, 12} an eighth triplet) and must come out as whole ticks at
 * {@link Melody#PPQ} ticks per quarter. Each voice is one MIDI channel (1-16) with its own time
 * cursor; {@code tempo}, {@code time} and {@code bar} act at the cursor of the current voice
 * (tick 0 before any voice). Notes before any {@code voice} go to voice 1.
 *
 * <p>Not thread-safe: use one builder from one thread.
 */
public final class MelodyBuilder {

    /** Default velocity (mf). */
    public static final int DEFAULT_VELOCITY = 80;
    /** Velocity of every note-off. */
    public static final int NOTE_OFF_VELOCITY = 64;
    /** Tempo when none is given at tick 0. */
    public static final double DEFAULT_TEMPO = 120.0;

    static final long WHOLE = 4L * Melody.PPQ;

    private static final int PRIO_META = 0;
    private static final int PRIO_OFF = 1;
    private static final int PRIO_OTHER = 2;
    private static final int PRIO_ON = 3;

    private final TreeMap<Long, Integer> tempos = new TreeMap<>();
    private final TreeMap<Long, int[]> times = new TreeMap<>();
    private final TreeMap<Integer, Voice> voices = new TreeMap<>();
    private Voice current;
    private Object origin;
    private long sequenceNumber;
    private boolean built;

    MelodyBuilder() {
    }

    /** A note held over from a tie, or one still open from the latest sounded event. */
    private record Held(int key, int velocity, long start, boolean tied, Object origin) {
    }

    private record Ev(long tick, int prio, long seq, MidiMessage message) {
    }

    private static final class Voice {
        final int channel;
        long cursor;
        int velocity = DEFAULT_VELOCITY;
        int program = -1;
        String trackName;
        final List<Ev> events = new ArrayList<>();
        /** Notes of the latest note or chord, their note-off not yet decided (a tie may follow). */
        final List<Held> open = new ArrayList<>();
        /** Tied notes waiting for the next note or chord to continue them. */
        final TreeMap<Integer, Held> tied = new TreeMap<>();

        Voice(int channel) {
            this.channel = channel;
            this.trackName = "voice " + channel;
        }
    }

    /** Records where in a script the next call comes from, for error positions. */
    void origin(Object origin) {
        this.origin = origin;
    }

    // ---------------------------------------------------------------- global

    /**
     * Sets the tempo in quarter notes per minute at the current position.
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder tempo(double bpm) {
        checkOpen();
        if (!(bpm >= 4 && bpm <= 999)) {
            throw new IllegalArgumentException("tempo must be between 4 and 999 bpm, not " + format(bpm));
        }
        tempos.put(position(), (int) Math.round(60_000_000.0 / bpm));
        return this;
    }

    /**
     * Sets the time signature at the current position, which must be the start of a bar.
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder time(int numerator, int denominator) {
        checkOpen();
        if (numerator < 1 || numerator > 64) {
            throw new IllegalArgumentException("time signature numerator must be 1-64, not " + numerator);
        }
        if (denominator < 1 || denominator > 32 || Integer.bitCount(denominator) != 1) {
            throw new IllegalArgumentException(
                "time signature denominator must be 1, 2, 4, 8, 16 or 32, not " + denominator);
        }
        long at = position();
        String off = offBar(at);
        if (off != null) {
            throw new IllegalStateException("time signature change must start a bar, but it " + off);
        }
        times.put(at, new int[] {numerator, denominator});
        return this;
    }

    /**
     * Bar check: fails unless the current voice stands exactly at the start of a bar.
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder bar() {
        checkOpen();
        String off = offBar(position());
        if (off != null) {
            throw new IllegalStateException("bar line " + off + ": the notes before it do not fill whole bars");
        }
        return this;
    }

    // ---------------------------------------------------------------- voices

    /**
     * Selects voice (MIDI channel) 1-16, creating it on first use; its cursor continues where it
     * stopped.
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder voice(int channel) {
        checkOpen();
        if (channel < 1 || channel > 16) {
            throw new IllegalArgumentException("voice must be a MIDI channel 1-16, not " + channel);
        }
        current = voices.computeIfAbsent(channel, Voice::new);
        return this;
    }

    /**
     * Selects a voice and sets its instrument (General MIDI name, alias, number 1-128 as text,
     * or {@code drums} on channel 10) at its cursor.
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder voice(int channel, String instrument) {
        voice(channel);
        return program(instrument);
    }

    /**
     * Selects a voice and sets its instrument by General MIDI number 1-128.
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder voice(int channel, int gmNumber) {
        voice(channel);
        return program(gmNumber);
    }

    /**
     * Changes the current voice's instrument (program change at its cursor; nothing is sent if
     * the voice already plays that instrument).
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder program(String instrument) {
        checkOpen();
        int program = GeneralMidi.instrument(instrument);
        Voice v = voice();
        if (program == GeneralMidi.DRUMS) {
            if (v.channel != 10) {
                throw new IllegalArgumentException(
                    "drums play on channel 10 (voice 10), not on voice " + v.channel);
            }
            nameTrack(v, "drums");
            return this;
        }
        return programChange(v, program);
    }

    /**
     * Changes the current voice's instrument by General MIDI number 1-128.
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder program(int gmNumber) {
        checkOpen();
        if (gmNumber < 1 || gmNumber > 128) {
            throw new IllegalArgumentException("instrument number " + gmNumber + " is out of range 1-128");
        }
        return programChange(voice(), gmNumber - 1);
    }

    private MelodyBuilder programChange(Voice v, int program) {
        if (v.program == program) {
            return this; // re-entering "voice 1 piano:" between other voices sends nothing new
        }
        v.program = program;
        add(v, v.cursor, PRIO_OTHER, shortMessage(ShortMessage.PROGRAM_CHANGE, v.channel - 1, program, 0));
        nameTrack(v, GeneralMidi.programName(program));
        return this;
    }

    private static void nameTrack(Voice v, String instrument) {
        if (v.trackName.equals("voice " + v.channel)) {
            v.trackName = "voice " + v.channel + " (" + instrument + ")";
        }
    }

    // ---------------------------------------------------------------- dynamics

    /**
     * Sets the velocity 1-127 of the current voice's following notes.
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder velocity(int velocity) {
        checkOpen();
        voice().velocity = checkVelocity(velocity);
        return this;
    }

    /**
     * Sets the velocity by dynamic mark: ppp 16, pp 33, p 49, mp 64, mf 80, f 96, ff 112, fff 127.
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder dynamic(String mark) {
        int v = dynamicVelocity(mark);
        if (v < 0) {
            throw new IllegalArgumentException("unknown dynamic '" + mark + "' (use ppp, pp, p, mp, mf, f, ff or fff)");
        }
        return velocity(v);
    }

    /**
     * Velocity of a dynamic mark, or -1 if the text is not one.
     *
     * @thread any
     */
    public static int dynamicVelocity(String mark) {
        switch (mark) {
            case "ppp": return 16;
            case "pp": return 33;
            case "p": return 49;
            case "mp": return 64;
            case "mf": return 80;
            case "f": return 96;
            case "ff": return 112;
            case "fff": return 127;
            default: return -1;
        }
    }

    // ---------------------------------------------------------------- notes

    /**
     * One note lasting numerator/denominator of a whole note. The pitch is a note or drum name
     * as in scripts, optionally followed by {@code @velocity} and/or {@code ~} (tie to the next
     * note of the same pitch), e.g. {@code "C4"}, {@code "F#3@100"}, {@code "Bb5~"}, {@code "snare"}.
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder note(String pitch, int numerator, int denominator) {
        return chord(numerator, denominator, pitch);
    }

    /**
     * One note with its own velocity.
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder note(String pitch, int numerator, int denominator, int velocity) {
        checkOpen();
        long ticks = ticks(numerator, denominator);
        return sound(ticks, new int[] {MelodyPitch.key(pitch)}, new int[] {checkVelocity(velocity)},
            new boolean[1]);
    }

    /**
     * One note by MIDI key 0-127.
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder note(int key, int numerator, int denominator) {
        checkOpen();
        if (key < 0 || key > 127) {
            throw new IllegalArgumentException("key " + key + " is out of range 0-127");
        }
        return sound(ticks(numerator, denominator), new int[] {key}, new int[1], new boolean[1]);
    }

    /**
     * Notes sounding together for numerator/denominator of a whole note; each pitch as in
     * {@link #note(String, int, int)}.
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder chord(int numerator, int denominator, String... pitches) {
        checkOpen();
        long ticks = ticks(numerator, denominator);
        if (pitches.length == 0) {
            throw new IllegalArgumentException("empty chord");
        }
        int[] keys = new int[pitches.length];
        int[] velocities = new int[pitches.length];
        boolean[] ties = new boolean[pitches.length];
        for (int i = 0; i < pitches.length; i++) {
            String p = pitches[i].trim();
            if (p.endsWith("~")) {
                ties[i] = true;
                p = p.substring(0, p.length() - 1);
            }
            int at = p.indexOf('@');
            if (at >= 0) {
                String vel = p.substring(at + 1);
                int v = dynamicVelocity(vel);
                if (v < 0) {
                    try {
                        v = Integer.parseInt(vel);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("velocity must be 1-127 or a dynamic, not '" + vel + "'");
                    }
                }
                velocities[i] = checkVelocity(v);
                p = p.substring(0, at);
            }
            keys[i] = MelodyPitch.key(p);
        }
        return sound(ticks, keys, velocities, ties);
    }

    /**
     * Silence for numerator/denominator of a whole note.
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder rest(int numerator, int denominator) {
        checkOpen();
        return rest(ticks(numerator, denominator));
    }

    /**
     * Ties every note of the latest note or chord into the next one.
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder tie() {
        checkOpen();
        Voice v = voice();
        if (v.open.isEmpty()) {
            throw new IllegalStateException("'~' (tie) must follow a note or chord");
        }
        for (int i = 0; i < v.open.size(); i++) {
            Held h = v.open.get(i);
            v.open.set(i, new Held(h.key, h.velocity, h.start, true, origin));
        }
        return this;
    }

    /**
     * Plays a block of calls several times in a row (a repeat).
     *
     * @thread any (one thread per builder)
     */
    public MelodyBuilder repeat(int times, Consumer<MelodyBuilder> body) {
        checkOpen();
        if (times < 1 || times > 10_000) {
            throw new IllegalArgumentException("repeat count must be 1-10000, not " + times);
        }
        for (int i = 0; i < times; i++) {
            body.accept(this);
        }
        return this;
    }

    /**
     * The current voice's position in ticks (0 before any voice).
     *
     * @thread any (one thread per builder)
     */
    public long position() {
        return current == null ? 0 : current.cursor;
    }

    MelodyBuilder rest(long ticks) {
        Voice v = voice();
        settle(v);
        if (!v.tied.isEmpty()) {
            throw tieBroken(v.tied.firstEntry().getValue(), "a rest");
        }
        v.cursor += ticks;
        return this;
    }

    /** Velocity 0 means "the voice's current velocity". */
    MelodyBuilder sound(long ticks, int[] keys, int[] velocities, boolean[] ties) {
        Voice v = voice();
        for (int i = 0; i < keys.length; i++) {
            for (int j = 0; j < i; j++) {
                if (keys[i] == keys[j]) {
                    throw new IllegalArgumentException(MelodyPitch.name(keys[i]) + " appears twice in the chord");
                }
            }
        }
        settle(v);
        for (Map.Entry<Integer, Held> e : v.tied.entrySet()) {
            boolean continued = false;
            for (int k : keys) {
                continued |= k == e.getKey();
            }
            if (!continued) {
                throw tieBroken(e.getValue(), "a note or chord without " + MelodyPitch.name(e.getKey()));
            }
        }
        for (int i = 0; i < keys.length; i++) {
            Held carried = v.tied.remove(keys[i]);
            if (carried != null) {
                v.open.add(new Held(keys[i], carried.velocity, carried.start, ties[i], origin));
            } else {
                int velocity = velocities[i] == 0 ? v.velocity : velocities[i];
                add(v, v.cursor, PRIO_ON, shortMessage(ShortMessage.NOTE_ON, v.channel - 1, keys[i], velocity));
                v.open.add(new Held(keys[i], velocity, v.cursor, ties[i], origin));
            }
        }
        v.cursor += ticks;
        return this;
    }

    /** Decides the note-offs of the latest event now that the next one is known. */
    private void settle(Voice v) {
        for (Held h : v.open) {
            if (h.tied) {
                v.tied.put(h.key, h);
            } else {
                add(v, v.cursor, PRIO_OFF,
                    shortMessage(ShortMessage.NOTE_OFF, v.channel - 1, h.key, NOTE_OFF_VELOCITY));
            }
        }
        v.open.clear();
    }

    private MelodyException tieBroken(Held h, String what) {
        return new MelodyException(MelodyPitch.name(h.key) + " is tied (~) but is followed by " + what, h.origin);
    }

    // ---------------------------------------------------------------- build

    /**
     * Builds the Standard MIDI File type 1 layout: track 0 holds tempo and time signature
     * (defaults 120 bpm and 4/4 at tick 0), then one track per voice in channel order with its
     * name, program changes and notes; each track ends where its voice's cursor stopped.
     *
     * @throws IllegalStateException if a tie is left without a following note
     * @thread any (one thread per builder)
     */
    public Sequence build() {
        checkOpen();
        for (Voice v : voices.values()) {
            settle(v);
            if (!v.tied.isEmpty()) {
                Held h = v.tied.firstEntry().getValue();
                throw new MelodyException(MelodyPitch.name(h.key) + " is tied (~) but no note follows", h.origin);
            }
        }
        built = true;
        try {
            Sequence sequence = new Sequence(Sequence.PPQ, Melody.PPQ);
            Track conductor = sequence.createTrack();
            TreeMap<Long, Integer> tempoMap = new TreeMap<>(tempos);
            tempoMap.putIfAbsent(0L, (int) Math.round(60_000_000.0 / DEFAULT_TEMPO));
            TreeMap<Long, int[]> timeMap = new TreeMap<>(times);
            timeMap.putIfAbsent(0L, new int[] {4, 4});
            long end = 0;
            for (Map.Entry<Long, int[]> e : timeMap.entrySet()) {
                int num = e.getValue()[0];
                int den = e.getValue()[1];
                byte[] data = {(byte) num, (byte) Integer.numberOfTrailingZeros(den), (byte) Math.max(1, 96 / den), 8};
                conductor.add(new MidiEvent(new MetaMessage(0x58, data, data.length), e.getKey()));
                end = Math.max(end, e.getKey());
            }
            for (Map.Entry<Long, Integer> e : tempoMap.entrySet()) {
                int mpq = e.getValue();
                byte[] data = {(byte) (mpq >> 16), (byte) (mpq >> 8), (byte) mpq};
                conductor.add(new MidiEvent(new MetaMessage(0x51, data, data.length), e.getKey()));
                end = Math.max(end, e.getKey());
            }
            for (Voice v : voices.values()) {
                Track track = sequence.createTrack();
                byte[] name = v.trackName.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                track.add(new MidiEvent(new MetaMessage(0x03, name, name.length), 0));
                List<Ev> sorted = new ArrayList<>(v.events);
                sorted.sort(Comparator.comparingLong(Ev::tick).thenComparingInt(Ev::prio).thenComparingLong(Ev::seq));
                for (Ev ev : sorted) {
                    track.add(new MidiEvent(ev.message, ev.tick));
                }
                long voiceEnd = Math.max(v.cursor, track.ticks());
                track.add(new MidiEvent(new MetaMessage(0x2F, new byte[0], 0), voiceEnd));
                end = Math.max(end, voiceEnd);
            }
            conductor.add(new MidiEvent(new MetaMessage(0x2F, new byte[0], 0), end));
            return sequence;
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException("internal error building MIDI events", e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void checkOpen() {
        if (built) {
            throw new IllegalStateException("this builder has already built its sequence");
        }
    }

    private Voice voice() {
        if (current == null) {
            voice(1);
        }
        return current;
    }

    private void add(Voice v, long tick, int prio, MidiMessage message) {
        v.events.add(new Ev(tick, prio, sequenceNumber++, message));
    }

    /** Duration in ticks of numerator/denominator of a whole note. */
    static long ticks(long numerator, long denominator) {
        if (numerator <= 0 || denominator <= 0) {
            throw new IllegalArgumentException("duration must be positive, not " + numerator + "/" + denominator);
        }
        long scaled = Math.multiplyExact(numerator, WHOLE);
        if (scaled % denominator != 0) {
            throw new IllegalArgumentException("duration " + numerator + "/" + denominator
                + " is not a whole number of ticks at " + Melody.PPQ + " ticks per quarter");
        }
        return scaled / denominator;
    }

    private static int checkVelocity(int velocity) {
        if (velocity < 1 || velocity > 127) {
            throw new IllegalArgumentException("velocity must be 1-127, not " + velocity);
        }
        return velocity;
    }

    /** Null if the tick is on a bar line, else where it is ("1/8 into bar 3 of 4/4"). */
    private String offBar(long tick) {
        long segmentStart = 0;
        long bars = 0;
        int num = 4;
        int den = 4;
        for (Map.Entry<Long, int[]> e : times.entrySet()) {
            if (e.getKey() > tick) {
                break;
            }
            long barLength = WHOLE * num / den;
            bars += (e.getKey() - segmentStart) / barLength;
            segmentStart = e.getKey();
            num = e.getValue()[0];
            den = e.getValue()[1];
        }
        long barLength = WHOLE * num / den;
        long into = (tick - segmentStart) % barLength;
        if (into == 0) {
            return null;
        }
        long bar = bars + (tick - segmentStart) / barLength + 1;
        return "is " + fraction(into) + " into bar " + bar + " (time " + num + "/" + den + ")";
    }

    /** Ticks as a reduced fraction of a whole note, e.g. 240 is "1/8". */
    static String fraction(long ticks) {
        long g = gcd(ticks, WHOLE);
        return (ticks / g) + "/" + (WHOLE / g);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static String format(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static ShortMessage shortMessage(int command, int channel, int d1, int d2) {
        try {
            return new ShortMessage(command, channel, d1, d2);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The voices used so far, for debugging.
     *
     * @thread any
     */
    @Override
    public String toString() {
        return "MelodyBuilder" + Arrays.toString(voices.keySet().toArray());
    }
}
