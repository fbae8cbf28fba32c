package org.midirack.core;

/**
 * The four kinds of node (seed 000). A MIDI processor (arpeggiator, chord, echo) is a
 * {@link #MUSIC_EFFECT} or {@link #INSTRUMENT} whose audio may be silent and whose MIDI output
 * the host routes on. Every kind may have MIDI out.
 */
public enum NodeKind {
    /** No audio in, no MIDI in, audio out. */
    GENERATOR(false, false),
    /** MIDI in, audio out. */
    INSTRUMENT(false, true),
    /** Audio in, audio out. */
    EFFECT(true, false),
    /** Audio in and MIDI in, audio out. */
    MUSIC_EFFECT(true, true);

    private final boolean audioIn;
    private final boolean midiIn;

    NodeKind(boolean audioIn, boolean midiIn) {
        this.audioIn = audioIn;
        this.midiIn = midiIn;
    }

    /** @thread any */
    public boolean takesAudio() {
        return audioIn;
    }

    /** @thread any */
    public boolean takesMidi() {
        return midiIn;
    }
}
