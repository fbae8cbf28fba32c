package org.midirack.instruments.gervill;

import java.util.BitSet;

import javax.sound.midi.MidiMessage;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import javax.sound.midi.Track;

/**
 * What a song uses of a Gervill engine, known before the engine opens (an offline render): which inputs of the
 * voices' modulation it moves, and which keys it plays at which velocities. The engine then skips work that
 * cannot change one bit of the output: in every block of every voice, the modulations that can only add zero;
 * and, while loading, the preparation of the samples and modulations of presets the song never plays.
 *
 * <p>A Gervill voice recomputes each of its control-rate connections once per block, such as "vibrato LFO ×
 * channel pressure → pitch" or "vibrato LFO × modulation wheel → pitch". When the song never sends channel
 * pressure, that product is zero in every block of the song, yet Gervill computes it (and copies the
 * connection's source array to do so) for every voice in every block. With a song known ahead, such
 * connections can be left out without changing one bit of the output ({@link QuietConnections} decides which,
 * from the values Gervill actually holds).
 *
 * <p>What a song moves, judged from its messages only:
 * <ul>
 *   <li>a controller number: any Control Change with that number, on any channel;</li>
 *   <li>channel pressure: any Channel Pressure message; poly pressure: any Polyphonic Key Pressure message;</li>
 *   <li>everything, when the song has a universal real-time SysEx ({@code F0 7F}): such a message can set the
 *       master tuning, or map controllers per key or to other destinations.</li>
 * </ul>
 * Controllers 6, 38, 64, 100, 101, 120, 121 and 123 always count as moved, because midirack itself sends them
 * (MPE bend ranges, releasing held notes, resets). A controller the song never sends keeps the value Gervill
 * gives it at power-on, since a Reset All Controllers or a GM System On sets it to that same value again.
 *
 * <p>What a song plays: every note-on's key and velocity (velocity above 0, on any channel). A preset (a
 * performer: a key and velocity range) none of them falls in is never started by the song, so it is not loaded
 * at all ({@link FloatSampleInstrument}): Gervill picks a note's presets by key and velocity among those loaded,
 * so each note of the song starts the same presets in the same order. A note outside the song would start
 * none.
 *
 * <p>Only for a song whose every message is known before the engine opens, with nothing else sending to the
 * engine (no MIDI effect in front, no live input): a message outside this promise would play with the skipped
 * modulations missing, or a note outside it with no preset at all. Immutable.
 */
public final class SongUse {

    /** Controllers midirack sends on its own (MPE configuration, note release, resets). */
    private static final int[] SENT_BY_MIDIRACK = {6, 38, 64, 100, 101, 120, 121, 123};

    private static final SongUse UNKNOWN = new SongUse(allControllers(), true, true, true, null);

    private final BitSet movedControllers;
    private final boolean channelPressureMoved;
    private final boolean polyPressureMoved;
    private final boolean masterTuningMoved;
    /** Bit key * 128 + velocity: a note-on the song plays; null: any may be played. */
    private final BitSet played;

    private SongUse(BitSet movedControllers, boolean channelPressureMoved, boolean polyPressureMoved,
                    boolean masterTuningMoved, BitSet played) {
        this.movedControllers = movedControllers;
        this.channelPressureMoved = channelPressureMoved;
        this.polyPressureMoved = polyPressureMoved;
        this.masterTuningMoved = masterTuningMoved;
        this.played = played;
    }

    /**
     * Nothing known: everything may be moved and played, so the engine skips nothing (every real-time use, and
     * any song not known ahead).
     *
     * @thread any
     */
    public static SongUse unknown() {
        return UNKNOWN;
    }

    /**
     * What {@code song} uses, from every message of every track.
     *
     * @thread any
     */
    public static SongUse of(Sequence song) {
        final Builder b = new Builder();
        for (Track t : song.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                b.heard(t.get(i).getMessage());
            }
        }
        return b.build();
    }

    /** What these messages use (for songs held otherwise than as a {@link Sequence}). @thread any */
    static SongUse ofMessages(Iterable<? extends MidiMessage> messages) {
        final Builder b = new Builder();
        for (MidiMessage m : messages) {
            b.heard(m);
        }
        return b.build();
    }

    /** Whether Control Change number {@code cc} (0..127) is never sent. @thread any */
    public boolean controllerQuiet(int cc) {
        return cc >= 0 && cc < 128 && !movedControllers.get(cc);
    }

    /** Whether no Channel Pressure message is sent. @thread any */
    public boolean channelPressureQuiet() {
        return !channelPressureMoved;
    }

    /** Whether no Polyphonic Key Pressure message is sent. @thread any */
    public boolean polyPressureQuiet() {
        return !polyPressureMoved;
    }

    /** Whether the master tuning keeps Gervill's reset value (no universal real-time SysEx). @thread any */
    public boolean masterTuningQuiet() {
        return !masterTuningMoved;
    }

    /**
     * Whether the song may start a preset of this key and velocity range (inclusive; clamped to 0..127), that is
     * whether one of its note-ons falls in it; always true when the notes are not known.
     *
     * @thread any
     */
    public boolean playsIn(int keyFrom, int keyTo, int velocityFrom, int velocityTo) {
        if (played == null) {
            return true;
        }
        final int v0 = Math.max(0, velocityFrom);
        final int v1 = Math.min(127, velocityTo);
        for (int key = Math.max(0, keyFrom); key <= Math.min(127, keyTo); key++) {
            final int first = played.nextSetBit(key * 128 + v0);
            if (first >= 0 && first <= key * 128 + v1) {
                return true;
            }
        }
        return false;
    }

    /** Whether nothing at all is quiet ({@link #unknown()} or a song that moves everything). @thread any */
    public boolean nothingQuiet() {
        return movedControllers.cardinality() == 128 && channelPressureMoved && polyPressureMoved
                && masterTuningMoved;
    }

    /** What the song moves (the rest is quiet) and how many key and velocity pairs it plays. @thread any */
    @Override
    public String toString() {
        if (played == null) {
            return "SongUse[unknown]";
        }
        return "SongUse[moved: " + (nothingQuiet() ? "everything" : "controllers " + movedControllers
                + (channelPressureMoved ? ", channel pressure" : "") + (polyPressureMoved ? ", poly pressure" : "")
                + (masterTuningMoved ? ", master tuning" : "")) + "; " + played.cardinality()
                + " key and velocity pairs played]";
    }

    private static BitSet allControllers() {
        final BitSet all = new BitSet(128);
        all.set(0, 128);
        return all;
    }

    /** Collects what messages move. */
    private static final class Builder {
        private final BitSet controllers = new BitSet(128);
        private final BitSet played = new BitSet(128 * 128);
        private boolean channelPressure;
        private boolean polyPressure;
        private boolean everything;

        Builder() {
            for (int cc : SENT_BY_MIDIRACK) {
                controllers.set(cc);
            }
        }

        void heard(MidiMessage m) {
            if (m instanceof ShortMessage s) {
                switch (s.getCommand()) {
                    case ShortMessage.CONTROL_CHANGE -> controllers.set(s.getData1() & 0x7F);
                    case ShortMessage.NOTE_ON -> {
                        if (s.getData2() > 0) {
                            played.set((s.getData1() & 0x7F) * 128 + (s.getData2() & 0x7F));
                        }
                    }
                    case ShortMessage.CHANNEL_PRESSURE -> channelPressure = true;
                    case ShortMessage.POLY_PRESSURE -> polyPressure = true;
                    default -> {
                    }
                }
            } else if (m instanceof SysexMessage x) {
                final byte[] b = x.getMessage();
                // F0 7F: universal real time; F7: a continuation or escape, whose bytes cannot be judged alone
                if (b.length < 2 || (b[0] & 0xFF) == 0xF7 || (b[1] & 0xFF) == 0x7F) {
                    everything = true;
                }
            }
        }

        SongUse build() {
            if (everything) {
                return new SongUse(allControllers(), true, true, true, (BitSet) played.clone());
            }
            return new SongUse((BitSet) controllers.clone(), channelPressure, polyPressure, false,
                    (BitSet) played.clone());
        }
    }
}
