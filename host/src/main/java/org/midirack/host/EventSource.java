package org.midirack.host;

import org.midirack.core.Transport;

/**
 * A producer the host runs at the start of each cycle on its render thread, before any node
 * processes, e.g. the Standard MIDI File sequencer. It is asked for the events of a window of the
 * timeline and emits them into the sink with offsets relative to that window's first frame.
 *
 * <p>The window is the one that will be heard at the host's output: the host's transport shifted
 * forward by the host's total latency (see {@link Host#latencyFrames()}), so a producer sequencing
 * by beat needs no latency arithmetic of its own. In the cycle where playing starts, the window
 * starts at the cycle and is longer by that latency, so the first frames are not skipped. The
 * window runs straight on: it does not wrap at the host's loop end (a looping producer keeps its
 * own loop, as {@code org.midirack.host.seq.SequencePlayer} does). Must not allocate, lock, block
 * or throw.
 */
@FunctionalInterface
public interface EventSource {
    /**
     * Emits the events whose time falls in the window {@code [window.samplePosition(),
     * window.samplePosition() + window.frames())}.
     *
     * @param window the transport of the window (beat, tempo, playing state, frames)
     * @param sink where the events go
     * @thread render
     */
    void cycle(Transport window, EventSink sink);
}
