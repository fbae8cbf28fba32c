package org.midirack.demos.cli;

import org.midirack.core.Transport;
import org.midirack.host.EventSink;
import org.midirack.host.EventSource;
import org.midirack.host.SequenceSource;
import org.midirack.host.seq.TempoMap;

/**
 * An {@link Engine}'s song on the host's render thread: the loaded {@link SequenceSource}, swapped
 * in at a cycle boundary (the old one's sounding notes released there), its sample-exact loop
 * (the player's own), and the song frame published for display and recording. Allocation-free.
 */
final class EngineSong implements EventSource {
    private volatile SequenceSource pending;
    private volatile long[] pendingLoop;
    private volatile boolean loopChanged;
    private SequenceSource current;
    /** The loaded song's tempo map, or null before a song is loaded. */
    volatile TempoMap map;
    /** The loop's start and end frames, or null. */
    volatile long[] loopFrames;
    /** The song frame the next cycle plays (held while stopped). */
    volatile long songFrame;

    /** Swaps a song in at the next cycle. @thread main */
    void load(SequenceSource src, TempoMap m) {
        map = m;
        pending = src;
    }

    /** Sets (null: clears) the loop at the next cycle. @thread any (not render) */
    void setLoop(long[] frames) {
        loopFrames = frames;
        pendingLoop = frames;
        loopChanged = true;
    }

    /** @thread render */
    @Override
    public void cycle(Transport window, EventSink sink) {
        SequenceSource next = pending;
        if (next != null) {
            pending = null;
            if (current != null) {
                current.player().stop(0, current);
            }
            current = next;
            loopChanged = true;
            pendingLoop = loopFrames;
        }
        SequenceSource s = current;
        if (s == null) {
            return;
        }
        if (loopChanged) {
            loopChanged = false;
            long[] l = pendingLoop;
            if (l == null) {
                s.player().clearLoop();
            } else {
                s.player().setLoopFrames(l[0], l[1]);
            }
        }
        s.cycle(window, sink);
        if (window.playing()) {
            songFrame = s.player().nextFrame();
        }
    }
}
