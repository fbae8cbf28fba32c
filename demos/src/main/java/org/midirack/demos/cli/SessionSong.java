package org.midirack.demos.cli;

import java.util.ArrayList;
import java.util.List;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.Track;

import org.midirack.host.Host;

/**
 * The song the demo host plays: its loaded tracks as one sequence at {@value #PPQ} ticks per
 * quarter (tempo and program overrides applied), each track of it going to the node its loaded
 * track plays into, or to the host's MIDI input ({@code in}).
 */
final class SessionSong {
    /** Ticks per quarter of the sequence the host plays (every track is scaled to it). */
    static final int PPQ = SessionDocument.PPQ;

    private SessionSong() {
    }

    /** Adds a tempo meta event at tick 0. @thread main */
    static void setTempo(Track t, double bpm) {
        int us = (int) Math.round(60_000_000 / bpm);
        try {
            t.add(new MidiEvent(new MetaMessage(0x51, new byte[] {(byte) (us >> 16), (byte) (us >> 8), (byte) us}, 3), 0));
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Loads the host's tracks into an engine, each into its destination in the graph, with the
     * tempo and program overrides.
     * @return the song's length in frames
     * @thread main
     */
    static long play(Engine engine, HostGraph graph, List<Sequence> tracks, double tempoOverride, int program) {
        List<Integer> owner = new ArrayList<>();
        Sequence song = combine(tracks, tempoOverride, program, owner);
        int[] slots = new int[owner.size()];
        for (int t = 0; t < slots.length; t++) {
            int track = owner.get(t);
            slots[t] = track >= 0 && track < graph.trackCount() ? graph.trackDestination(track) : Host.BOUNDARY;
        }
        return engine.load(song, slots);
    }

    /**
     * Every track at {@value #PPQ} ticks per quarter in one sequence, as {@link #combine(List,
     * double)}; with a program override (0..127), each loaded track's program changes on every
     * channel but 10 are replaced by that program at tick 0, ahead of the track's own events.
     *
     * @param owner filled with the index of the loaded track each track of the result comes from
     * @thread main
     */
    static Sequence combine(List<Sequence> tracks, double tempoOverride, int program, List<Integer> owner) {
        try {
            Sequence all = new Sequence(Sequence.PPQ, PPQ);
            Track first = all.createTrack();
            owner.add(tracks.isEmpty() ? -1 : 0);
            if (tempoOverride > 0) {
                setTempo(first, tempoOverride);
            }
            boolean firstUsed = false;
            for (int k = 0; k < tracks.size(); k++) {
                Sequence s = tracks.get(k);
                double scale = s.getDivisionType() == Sequence.PPQ ? PPQ / (double) s.getResolution() : 1;
                Track[] ts = s.getTracks();
                for (int ti = 0; ti < Math.max(1, ts.length); ti++) {
                    Track dst = firstUsed ? all.createTrack() : first;
                    if (firstUsed) {
                        owner.add(k);
                    }
                    firstUsed = true;
                    if (ti == 0 && program >= 0) {
                        for (int ch = 0; ch < 16; ch++) {
                            if (ch != 9) {
                                dst.add(new MidiEvent(new javax.sound.midi.ShortMessage(0xC0, ch, program, 0), 0));
                            }
                        }
                    }
                    if (ti >= ts.length) {
                        continue;
                    }
                    Track t = ts[ti];
                    for (int i = 0; i < t.size(); i++) {
                        MidiEvent e = t.get(i);
                        if (tempoOverride > 0 && e.getMessage() instanceof MetaMessage m && m.getType() == 0x51) {
                            continue;
                        }
                        if (program >= 0 && e.getMessage() instanceof javax.sound.midi.ShortMessage m
                                && m.getCommand() == 0xC0 && m.getChannel() != 9) {
                            continue;
                        }
                        dst.add(new MidiEvent(e.getMessage(), Math.round(e.getTick() * scale)));
                    }
                }
            }
            return all;
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every track at {@value #PPQ} ticks per quarter in one sequence; with a tempo override, the
     * tracks' tempo changes are replaced by that tempo.
     *
     * @param tempoOverride BPM, or &lt;= 0 for the tracks' own tempo
     * @thread main
     */
    static Sequence combine(List<Sequence> tracks, double tempoOverride) {
        try {
            Sequence all = new Sequence(Sequence.PPQ, PPQ);
            Track first = all.createTrack();
            if (tempoOverride > 0) {
                setTempo(first, tempoOverride);
            }
            boolean firstUsed = false;
            for (Sequence s : tracks) {
                double scale = s.getDivisionType() == Sequence.PPQ ? PPQ / (double) s.getResolution() : 1;
                for (Track t : s.getTracks()) {
                    Track dst = firstUsed ? all.createTrack() : first;
                    firstUsed = true;
                    for (int i = 0; i < t.size(); i++) {
                        MidiEvent e = t.get(i);
                        if (tempoOverride > 0 && e.getMessage() instanceof MetaMessage m && m.getType() == 0x51) {
                            continue;
                        }
                        dst.add(new MidiEvent(e.getMessage(), Math.round(e.getTick() * scale)));
                    }
                }
            }
            return all;
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
    }
}
