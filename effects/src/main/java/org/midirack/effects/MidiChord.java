package org.midirack.effects;

import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeFactory;
import org.midirack.core.ParamDescriptor;
import java.util.List;

/**
 * Chord: each note becomes a chord at the same frame, velocity and channel. Intervals mode adds
 * up to four notes at fixed semitone intervals from the played note (0 = voice off); diatonic
 * mode snaps the played note to the nearest note of the key and scale (ties down) and stacks
 * thirds of that scale on it: a triad (3 voices) or a seventh chord (4 voices). Notes outside
 * 0..127 and duplicates are left out. Note-offs release exactly the chord the note-on made (see
 * {@link MidiMapperNode}). A stereo pass-through MUSIC_EFFECT.
 *
 * <p>Parameters (none smoothed; they act on the next note-on): mode (intervals, diatonic),
 * interval1..interval4 (-24..24 semitones, 0 = off; defaults 4, 7, 0, 0: a major triad), key
 * (C..B), scale (major, natural minor, harmonic minor, dorian, mixolydian, pentatonic major,
 * pentatonic minor), voices (2..4, diatonic mode).
 */
public final class MidiChord extends MidiMapperNode {
    /** Stable node id. */
    public static final String ID = "midirack.midi-chord";
    public static final int P_MODE = 0;
    public static final int P_INTERVAL1 = 1;
    public static final int P_KEY = 5;
    public static final int P_SCALE = 6;
    public static final int P_VOICES = 7;
    public static final int INTERVALS = 0;
    public static final int DIATONIC = 1;

    static final NodeDescriptor DESCRIPTOR = mapperDescriptor(ID, "MidiChord", List.of(
            ParamDescriptor.choice("mode", "Mode", INTERVALS, "intervals", "diatonic"),
            ParamDescriptor.integer("interval1", "Interval 1", -24, 24, 4, "semitones"),
            ParamDescriptor.integer("interval2", "Interval 2", -24, 24, 7, "semitones"),
            ParamDescriptor.integer("interval3", "Interval 3", -24, 24, 0, "semitones"),
            ParamDescriptor.integer("interval4", "Interval 4", -24, 24, 0, "semitones"),
            ParamDescriptor.choice("key", "Key", 0, Scales.KEYS),
            ParamDescriptor.choice("scale", "Scale", 0, Scales.NAMES),
            ParamDescriptor.integer("voices", "Voices", 2, 4, 3, "notes")));

    /** The factory registered for ServiceLoader. */
    public static final class Factory implements NodeFactory {
        /** @thread any */
        @Override
        public NodeDescriptor descriptor() {
            return DESCRIPTOR;
        }

        /** @thread main */
        @Override
        public MidiChord create() {
            return new MidiChord();
        }
    }

    /** @thread main */
    public MidiChord() {
        super(DESCRIPTOR);
    }

    private int add(int n, int channel, int note, int velocity) {
        if (note < 0 || note > 127) {
            return n;
        }
        int o = channel << 7 | note;
        for (int i = 0; i < n; i++) {
            if (mapped[i] == o) {
                return n;
            }
        }
        mapped[n] = o;
        mappedVelocity[n] = velocity;
        return n + 1;
    }

    /** @thread render */
    @Override
    protected int map(int channel, int note, int velocity) {
        int n = 0;
        if ((int) parameters().value(P_MODE) == DIATONIC) {
            int key = (int) parameters().value(P_KEY);
            int scale = (int) parameters().value(P_SCALE);
            int voices = (int) parameters().value(P_VOICES);
            int degree = Scales.nearestDegree(note, key, scale);
            for (int v = 0; v < voices; v++) {
                n = add(n, channel, Scales.noteOfDegree(degree + 2 * v, key, scale), velocity);
            }
            return n;
        }
        n = add(n, channel, note, velocity);
        for (int i = 0; i < 4; i++) {
            int iv = (int) parameters().value(P_INTERVAL1 + i);
            if (iv != 0) {
                n = add(n, channel, note + iv, velocity);
            }
        }
        return n;
    }
}
