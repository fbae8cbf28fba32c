package org.midirack.host.transport;

import org.midirack.core.CycleSysexReceiver;
import org.midirack.core.MidiMessages;
import org.midirack.core.Transport;
import org.midirack.core.hosting.TransportState;
import org.midirack.core.sync.HostSync;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.midirack.host.EventSink;
import org.midirack.host.EventSource;
import org.midirack.host.graph.ChannelRoute;
import org.midirack.host.graph.CompiledGraph;

/**
 * Event scheduling: runs the host's {@link EventSource}s at the start of every cycle over the
 * window that will be heard at the output (the cycle shifted forward by the host's latency), and
 * delivers what they emit into the nodes' FIFOs early by each node's latency to the output, so a
 * sequenced note sounds on its frame. Events addressed to the host's own MIDI input
 * ({@link org.midirack.host.Host#BOUNDARY}) go through the MIDI links from the boundary with their
 * channel filters. Render-thread state; sources are added and removed from other threads.
 */
public final class EventScheduler implements EventSink {
    private final Object lock = new Object();
    private volatile EventSource[] sources = new EventSource[0];
    private final AtomicLong unrouted = new AtomicLong();

    // render thread
    private final TransportState window = new TransportState();
    private CompiledGraph current = CompiledGraph.EMPTY;
    private int windowShift;

    /** @thread any (not render) */
    public void addSource(EventSource source) {
        synchronized (lock) {
            EventSource[] s = Arrays.copyOf(sources, sources.length + 1);
            s[s.length - 1] = source;
            sources = s;
        }
    }

    /** @thread any (not render) */
    public void removeSource(EventSource source) {
        synchronized (lock) {
            EventSource[] s = sources;
            for (int i = 0; i < s.length; i++) {
                if (s[i] == source) {
                    EventSource[] n = new EventSource[s.length - 1];
                    System.arraycopy(s, 0, n, 0, i);
                    System.arraycopy(s, i + 1, n, i, s.length - i - 1);
                    sources = n;
                    return;
                }
            }
        }
    }

    /**
     * Events that reached no node: addressed by a source to a slot not in the graph, or to the
     * host's own input when no MIDI link leaves it, or with invalid bytes there.
     * @thread any
     */
    public long unrouted() {
        return unrouted.get();
    }

    /** The graph events are delivered into from now on. @thread render */
    public void setGraph(CompiledGraph g) {
        current = g;
    }

    /**
     * Runs every source over this cycle's window: the cycle's transport shifted forward by
     * {@code latency} frames; in the cycle where playing starts, a window that begins at the cycle
     * and is longer by the latency, so nothing in its first frames is skipped (what is due there
     * comes late, at frame 0, and is counted). With the loop region on, the window wraps where the
     * output's beat reaches the loop end, on that very frame: the sources are run once for each
     * piece, the piece after a wrap starting at the loop start (plus the fraction of a frame the end
     * fell before it), with its events' offsets counted from the window's first frame.
     * @thread render
     */
    public void runSources(Transport t, int frames, int latency) {
        EventSource[] src = sources;
        if (src.length == 0) {
            return;
        }
        TransportState w = window.copyFrom(t);
        int length;
        int shift;
        double beat;
        long position;
        if (t.playing() && t.changed()) {
            length = frames + latency;
            shift = 0;
            beat = t.beat();
            position = t.samplePosition();
        } else {
            length = frames;
            shift = latency;
            beat = t.playing() ? t.beat() + latency * HostSync.beatsPerFrame(t.tempo(), t.sampleRate()) : t.beat();
            position = t.samplePosition() + latency;
        }
        boolean looping = t.playing() && t.loopActive() && t.loopEndBeat() > t.loopStartBeat() && t.beat() < t.loopEndBeat();
        double loopLength = t.loopEndBeat() - t.loopStartBeat();
        if (looping && beat >= t.loopEndBeat()) {
            // the latency reaches past the loop end: the output is already in a later pass
            beat = t.loopStartBeat() + (beat - t.loopEndBeat()) % loopLength;
        }
        int done = 0;
        int zeroWraps = 0;
        while (done < length) {
            w.set(t.sampleRate(), length - done, t.tempo(), beat, position + done);
            w.setAvailable(t.available());
            int wrap = looping ? HostSync.loopWrapFrame(w) : -1;
            if (wrap == 0) {
                // the end falls before this frame, within rounding: wrap here (once: a loop shorter
                // than the rounding would wrap for ever, so it is played straight on instead)
                beat -= loopLength;
                looping = ++zeroWraps < 2;
                continue;
            }
            zeroWraps = 0;
            if (wrap > 0) {
                w.setFrames(wrap);
            }
            windowShift = shift + done;
            for (EventSource s : src) {
                s.cycle(w, this);
            }
            if (wrap < 0) {
                break;
            }
            beat = HostSync.beatAtFrame(w.setFrames(length - done), wrap);
            done += wrap;
        }
        windowShift = shift;
    }

    /** @thread render */
    @Override
    public boolean event(int nodeSlot, int offset, int status, int d1, int d2) {
        CompiledGraph g = current;
        if (nodeSlot == org.midirack.host.Host.BOUNDARY) {
            return fromBoundary(g, offset + windowShift, status, d1, d2, true);
        }
        int i = g.indexOfSlot(nodeSlot);
        if (i < 0) {
            unrouted.incrementAndGet();
            return false;
        }
        return g.order[i].fifo.offer(offset + windowShift - g.latencyToOutput[i], status, d1, d2);
    }

    /**
     * An event at the host's own MIDI input from any thread, through the links from the boundary
     * of the graph last published, with no latency shift.
     * @thread any
     */
    public boolean offerAtBoundary(CompiledGraph g, int offset, int status, int d1, int d2) {
        return fromBoundary(g, offset, status, d1, d2, false);
    }

    /**
     * Delivers an event the host receives at its own MIDI input through every MIDI link from the
     * boundary, each with its filter and remap, into the destinations' FIFOs (early by each
     * destination's latency when {@code compensate}).
     * @return false for invalid bytes, no link from the boundary, or a destination that refused it
     */
    private boolean fromBoundary(CompiledGraph g, int offset, int status, int d1, int d2, boolean compensate) {
        int[] dst = g.fromHost;
        if (dst.length == 0 || !MidiMessages.isValid(status, d1, d2)) {
            unrouted.incrementAndGet();
            return false;
        }
        boolean all = true;
        for (int k = 0; k < dst.length; k++) {
            if (ChannelRoute.passes(status, g.fromHostMask[k])) {
                int i = dst[k];
                int off = compensate ? offset - g.latencyToOutput[i] : offset;
                all &= g.order[i].fifo.offer(off, ChannelRoute.remapStatus(status, g.fromHostRemap[k]), d1, d2);
            }
        }
        return all;
    }

    /**
     * A system-exclusive message from a producer inside the cycle (the sequencer), to a node or through
     * every MIDI link from the boundary, early by each destination's latency as {@link #event} does.
     * Only nodes that are {@link CycleSysexReceiver}s take it.
     * @return false when no destination took it
     * @thread render
     */
    @Override
    public boolean sysex(int nodeSlot, int offset, byte[] data, int length) {
        return sysexTo(current, nodeSlot, offset + windowShift, data, length, true);
    }

    /**
     * A system-exclusive message the render thread hands over before the host's cycle (a JACK MIDI
     * input in the process callback), to a node or through every MIDI link from the boundary of the
     * graph last published, with no latency shift (as {@link #offerAtBoundary}).
     * @return false when no destination took it
     * @thread render (before the host's cycle)
     */
    public boolean offerSysex(CompiledGraph g, int nodeSlot, int offset, byte[] data, int length) {
        return sysexTo(g, nodeSlot, offset, data, length, false);
    }

    private boolean sysexTo(CompiledGraph g, int nodeSlot, int offset, byte[] data, int length, boolean compensate) {
        if (nodeSlot != org.midirack.host.Host.BOUNDARY) {
            int i = g.indexOfSlot(nodeSlot);
            return i >= 0 && sysexInto(g, i, offset, data, length, compensate);
        }
        int[] dst = g.fromHost;
        boolean any = false;
        for (int k = 0; k < dst.length; k++) {
            any |= sysexInto(g, dst[k], offset, data, length, compensate);
        }
        return any;
    }

    private static boolean sysexInto(CompiledGraph g, int i, int offset, byte[] data, int length, boolean compensate) {
        if (!(g.order[i].node instanceof CycleSysexReceiver r)) {
            return false;
        }
        return r.sysexInCycle(data, length, compensate ? offset - g.latencyToOutput[i] : offset);
    }
}
