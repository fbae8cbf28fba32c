package org.midirack.demos.cli;

import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import javax.sound.midi.Track;

import org.midirack.core.MidiMessages;

/**
 * The checks a Standard MIDI File passes after Java Sound has read it and before the host plays
 * it. Java Sound's reader keeps what the host cannot play: data bytes above 127 (a note-on of
 * velocity 224), status bytes MIDI 1.0 leaves undefined, tempo events that are not 3 bytes or set
 * 0 µs per quarter, a division of 0 ticks per quarter, delta times so long (Java Sound reads more
 * than SMF's 4 bytes of one) that the song's frames overflow. Each of those used to reach the engine and
 * end the command with an internal error naming a Java exception (found by fuzzing,
 * docs/FUZZING.md); here each is a one-line "corrupt MIDI file" naming the track (from 1), the
 * tick and the byte.
 */
final class MidiFileChecks {
    private MidiFileChecks() {
    }

    /**
     * Checks every event of a sequence read from a file.
     * @param what names the file in the message
     * @throws CliError "{@code what}: corrupt MIDI file: track T, tick K: what is wrong"
     * @thread main
     */
    static void requirePlayable(String what, Sequence s) {
        if (s.getResolution() <= 0) {
            throw new CliError(what + ": corrupt MIDI file: the header's division is " + s.getResolution()
                    + (s.getDivisionType() == Sequence.PPQ ? " ticks per quarter note" : " ticks per frame")
                    + ", must be at least 1");
        }
        Track[] tracks = s.getTracks();
        long lastTick = 0;
        java.util.List<long[]> tempos = new java.util.ArrayList<>(); // {tick, micros per quarter}
        for (int t = 0; t < tracks.length; t++) {
            Track track = tracks[t];
            for (int i = 0; i < track.size(); i++) {
                MidiEvent e = track.get(i);
                if (e.getTick() < 0) {
                    throw new CliError(what + ": corrupt MIDI file: track " + (t + 1) + ": an event's time overflows ("
                            + "a delta time longer than 4 bytes)");
                }
                String problem = problem(e.getMessage());
                if (problem != null) {
                    throw new CliError(what + ": corrupt MIDI file: track " + (t + 1) + ", tick " + e.getTick() + ": "
                            + problem);
                }
                lastTick = Math.max(lastTick, e.getTick());
                if (e.getMessage() instanceof MetaMessage && ((MetaMessage) e.getMessage()).getType() == 0x51) {
                    byte[] d = ((MetaMessage) e.getMessage()).getData();
                    tempos.add(new long[] {e.getTick(), (d[0] & 0xFFL) << 16 | (d[1] & 0xFFL) << 8 | (d[2] & 0xFFL)});
                }
            }
        }
        double seconds = seconds(s, lastTick, tempos);
        if (!(seconds <= MAX_HOURS * 3600.0)) {
            throw new CliError(what + ": corrupt MIDI file: its last event is " + String.format(java.util.Locale.ROOT,
                    "%.0f", seconds / 3600) + " hours from its start (tick " + lastTick + "), more than the "
                    + MAX_HOURS + " hours midirack plays");
        }
    }

    /** The longest song midirack plays, in hours: its frames stay exact 64-bit numbers far beyond it. */
    static final int MAX_HOURS = 1000;

    /** The time of a tick in seconds, through the tempo changes (the last of equal ticks wins), in doubles. */
    private static double seconds(Sequence s, long tick, java.util.List<long[]> tempos) {
        if (s.getDivisionType() != Sequence.PPQ) {
            return tick / ((double) s.getDivisionType() * s.getResolution());
        }
        tempos.sort((a, b) -> Long.compare(a[0], b[0]));
        double micros = 0;
        long at = 0;
        long perQuarter = 500_000;
        for (long[] c : tempos) {
            micros += (double) (c[0] - at) * perQuarter / s.getResolution();
            at = c[0];
            perQuarter = c[1];
        }
        micros += (double) (tick - at) * perQuarter / s.getResolution();
        return micros / 1e6;
    }

    /** What is wrong with one message, or null. */
    private static String problem(MidiMessage m) {
        if (m instanceof MetaMessage) {
            MetaMessage meta = (MetaMessage) m;
            if (meta.getType() != 0x51) {
                return null;
            }
            byte[] d = meta.getData();
            if (d.length != 3) {
                return "a tempo event of " + d.length + " data bytes (a tempo is 3 bytes)";
            }
            if (d[0] == 0 && d[1] == 0 && d[2] == 0) {
                return "a tempo of 0 microseconds per quarter note";
            }
            return null;
        }
        if (m instanceof SysexMessage) {
            return null;
        }
        if (m instanceof ShortMessage) {
            ShortMessage sm = (ShortMessage) m;
            try {
                MidiMessages.check(sm.getStatus(), sm.getData1(), sm.getData2());
                return null;
            } catch (IllegalArgumentException bad) {
                return bad.getMessage();
            }
        }
        return "a message of unknown kind (status " + (m.getLength() > 0 ? String.format("0x%02X", m.getStatus()) : "none") + ")";
    }
}
