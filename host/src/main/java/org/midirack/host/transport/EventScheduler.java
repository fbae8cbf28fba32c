package org.midirack.host.transport;

import java.util.Arrays;
import org.midirack.core.HostSync;
import org.midirack.core.MidiMessages;
import org.midirack.core.Transport;
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

    // render thread
    private final Transport window = new Transport();
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

    /** The graph events are delivered into from now on. @thread render */
    public void setGraph(CompiledGraph g) {
        current = g;
    }

    /**
     * Runs every source over this cycle's window: the cycle's transport shifted forward by
     * {@code latency} frames; in the cycle where playing starts, a window that begins at the cycle
     * and is longer by the latency, so nothing in its first frames is skipped (what is due there
     * comes late, at frame 0, and is counted).
     * @thread render
     */
    public void runSources(Transport t, int frames, int latency) {
        EventSource[] src = sources;
        if (src.length == 0) {
            return;
        }
        Transport w = window.copyFrom(t);
        if (t.playing() && t.changed()) {
            w.set(t.sampleRate(), frames + latency, t.tempo(), t.beat(), t.samplePosition());
            windowShift = 0;
        } else {
            double beat = t.playing() ? t.beat() + latency * HostSync.beatsPerFrame(t.tempo(), t.sampleRate()) : t.beat();
            w.set(t.sampleRate(), frames, t.tempo(), beat, t.samplePosition() + latency);
            windowShift = latency;
        }
        w.setAvailable(t.available());
        for (EventSource s : src) {
            s.cycle(w, this);
        }
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
            return false;
        }
        return g.order[i].fifo.offer(offset + windowShift - g.latencyToOutput[i], status, d1, d2);
    }

    /**
     * An event at the host's own MIDI input from any thread, through the links from the boundary
     * of the graph last published, with no latency shift.
     * @thread any
     */
    public static boolean offerAtBoundary(CompiledGraph g, int offset, int status, int d1, int d2) {
        return fromBoundary(g, offset, status, d1, d2, false);
    }

    /**
     * Delivers an event the host receives at its own MIDI input through every MIDI link from the
     * boundary, each with its filter and remap, into the destinations' FIFOs (early by each
     * destination's latency when {@code compensate}).
     * @return false for invalid bytes, no link from the boundary, or a destination that refused it
     */
    private static boolean fromBoundary(CompiledGraph g, int offset, int status, int d1, int d2, boolean compensate) {
        int[] dst = g.fromHost;
        if (dst.length == 0 || !MidiMessages.isValid(status, d1, d2)) {
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
}
