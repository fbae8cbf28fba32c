package org.midirack.demos.cli;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Records short MIDI messages as they arrive, stamped by the clock at 120 BPM and 480 ticks per
 * quarter, into one track of a sequence.
 */
final class Recorder {
    static final int PPQ = 480;
    private final Sequence sequence;
    private final Track track;
    private final long startNanos;
    private final double bpm;
    private int count;

    /** @thread main */
    Recorder(double bpm) {
        try {
            this.sequence = new Sequence(Sequence.PPQ, PPQ);
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
        this.track = sequence.createTrack();
        this.bpm = bpm;
        this.startNanos = System.nanoTime();
        setTempo(track, bpm);
    }

    static void setTempo(Track t, double bpm) {
        int us = (int) Math.round(60_000_000 / bpm);
        try {
            t.add(new MidiEvent(new javax.sound.midi.MetaMessage(0x51,
                    new byte[] {(byte) (us >> 16), (byte) (us >> 8), (byte) us}, 3), 0));
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds a message at the current time (short messages only). @thread any (MIDI input thread) */
    synchronized void add(MidiMessage m) {
        if (!(m instanceof ShortMessage sm) || sm.getStatus() >= 0xF0) {
            return;
        }
        long tick = Math.round((System.nanoTime() - startNanos) / 1e9 * bpm / 60.0 * PPQ);
        track.add(new MidiEvent((ShortMessage) sm.clone(), tick));
        count++;
    }

    /** Messages recorded. @thread any */
    synchronized int count() {
        return count;
    }

    /** The recording (meta events and the messages). @thread main */
    synchronized Sequence sequence() {
        return sequence;
    }
}
