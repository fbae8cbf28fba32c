package org.midirack.core;

/**
 * Optional node feature: a node that may hold back MIDI it would otherwise emit counts what it
 * held back, so a host can show it. A MIDI processor keeps room in its output for the note-off
 * of every note it let sound; what it refuses or delays to keep that promise is counted here.
 * Every count is since the node was created, never decreases, and is read from any thread
 * without locks or allocation (a host reads them for its statistics, never on its render thread).
 */
public interface MidiDropCounters {
    /** Note-ons not emitted because the output had no room left for them and the note-offs owed. @thread any */
    long refusedNoteOns();

    /** Other messages (not releases) not emitted, to keep room for the note-offs owed. @thread any */
    long refusedMessages();

    /** Note-offs that found the output full of releases and went out at the next cycle's first frame. @thread any */
    long deferredReleases();
}
