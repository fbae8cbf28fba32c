package org.midirack.demos.gui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

import org.midirack.demos.cli.DemoHostSession;
import org.midirack.host.Host;

/**
 * The tracks list and the piano roll's model: every loaded track (a Standard MIDI File, a melody
 * script, a recording) with the node it plays into, its notes as (key, start beat, end beat,
 * channel) for the piano roll, and the play position in beats from the song's start, which the
 * engine gives ({@code Engine.beat}: the song position, loops and tempo changes included).
 */
public final class TracksModel {
    /** One note of a track: key 0..127, from {@code start} to {@code end} in beats (quarter notes), channel 1..16. */
    public record Note(int key, double start, double end, int channel, int velocity) {
    }

    private final DemoHostSession session;

    /** @thread EDT (or the test's thread) */
    public TracksModel(DemoHostSession session) {
        this.session = session;
    }

    /** The tracks' names, as {@code tracks} lists them. @thread EDT */
    public List<String> names() {
        return session.trackNames();
    }

    /**
     * Loads a Standard MIDI File or melody script as a new track (it plays into {@code in}).
     * @return its index
     * @thread EDT
     */
    public int load(Path file) {
        return session.load(file);
    }

    /** Writes every track as one Standard MIDI File. @thread EDT */
    public void saveAll(Path file) {
        session.saveTracks(file);
    }

    /** Where a track plays: a node's name, or {@code in}. @thread EDT */
    public String destination(int track) {
        int d = session.trackDestination(track);
        return d == Host.BOUNDARY ? "in" : session.name(d);
    }

    /** Sends a track into a node ({@link Host#BOUNDARY}: {@code in}). @thread EDT */
    public void setDestination(int track, int slot) {
        session.setTrackDestination(track, slot);
    }

    /** The song position in beats from its start (negative in the pre-roll). @thread EDT */
    public double playBeat() {
        return session.songBeat();
    }

    /**
     * A track's notes, each note-on matched with the next note-off (or note-on with velocity 0)
     * of its key and channel; a note never ended lasts to the track's last event.
     * @thread EDT
     */
    public List<Note> notes(int track) {
        return notes(session.track(track));
    }

    /** The notes of a sequence, in beats. @thread any */
    public static List<Note> notes(Sequence s) {
        double perBeat = s.getDivisionType() == Sequence.PPQ ? s.getResolution()
                : s.getResolution() * s.getDivisionType() / 2.0; // SMPTE: as at 120 BPM
        List<Note> out = new ArrayList<>();
        for (Track t : s.getTracks()) {
            long[][] on = new long[16][128];
            int[][] vel = new int[16][128];
            for (long[] row : on) {
                java.util.Arrays.fill(row, -1);
            }
            long last = 0;
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                last = Math.max(last, e.getTick());
                if (!(e.getMessage() instanceof ShortMessage m)) {
                    continue;
                }
                int ch = m.getChannel();
                int k = m.getData1();
                boolean noteOn = m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0;
                boolean noteOff = m.getCommand() == ShortMessage.NOTE_OFF
                        || m.getCommand() == ShortMessage.NOTE_ON && m.getData2() == 0;
                if ((noteOn || noteOff) && on[ch][k] >= 0) {
                    out.add(new Note(k, on[ch][k] / perBeat, e.getTick() / perBeat, ch + 1, vel[ch][k]));
                    on[ch][k] = -1;
                }
                if (noteOn) {
                    on[ch][k] = e.getTick();
                    vel[ch][k] = m.getData2();
                }
            }
            for (int ch = 0; ch < 16; ch++) {
                for (int k = 0; k < 128; k++) {
                    if (on[ch][k] >= 0) {
                        out.add(new Note(k, on[ch][k] / perBeat, last / perBeat, ch + 1, vel[ch][k]));
                    }
                }
            }
        }
        out.sort(java.util.Comparator.comparingDouble(Note::start).thenComparingInt(Note::key));
        return out;
    }
}
