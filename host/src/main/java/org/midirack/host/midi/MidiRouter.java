package org.midirack.host.midi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Transmitter;

/**
 * Connects MIDI device ports to the host: input routes (device to a node's FIFO) and output routes
 * (host to a device). Routes name their port by its stable id; they are kept while the device is
 * away and re-bind when the {@link MidiPortWatcher} sees it again. When an input device disappears,
 * its held notes are released in the next cycle.
 *
 * <p>Per render cycle the host calls {@link #beginCycle} once, before its nodes drain their FIFOs:
 * it feeds the {@link MidiTimeMap} and dispatches every input route's messages into its sink.
 * A sender thread ({@link #startSender}) hands output routes' messages to their devices.
 */
public final class MidiRouter implements AutoCloseable {
    /** Ring capacity of a route unless given: about 1.6 s of a 10,000 events/s stream. */
    public static final int DEFAULT_RING = 16384;

    private final MidiPortWatcher watcher;
    private final MidiTimeMap timeMap;
    private final MidiPortWatcher.Listener listener = this::portsChanged;
    private final List<MidiInputRoute> inputList = new ArrayList<>();
    private final List<MidiOutputRoute> outputList = new ArrayList<>();
    private final Map<MidiDevice, int[]> users = new HashMap<>();
    private final Map<MidiDevice, Boolean> openedHere = new HashMap<>();
    private volatile MidiInputRoute[] inputs = new MidiInputRoute[0];
    private volatile MidiOutputRoute[] outputs = new MidiOutputRoute[0];
    private volatile Thread sender;
    private volatile boolean closed;
    private final List<String> bindErrors = new ArrayList<>();

    /**
     * A router over the watcher's ports, mapping time at the host's sample rate.
     * @param timeMapBandwidthHz bandwidth of the {@link MidiTimeMap} (0.1 is a good default: it filters callback jitter of 0.1 ms to a third of a frame at 48 kHz)
     * @thread main
     */
    public MidiRouter(MidiPortWatcher watcher, double sampleRate, double timeMapBandwidthHz) {
        if (watcher == null) {
            throw new IllegalArgumentException("watcher must not be null");
        }
        this.watcher = watcher;
        this.timeMap = new MidiTimeMap(sampleRate, timeMapBandwidthHz);
        watcher.addListener(listener);
    }

    /** @thread main */
    public MidiRouter(MidiPortWatcher watcher, double sampleRate) {
        this(watcher, sampleRate, 0.1);
    }

    /** @thread any */
    public MidiPortWatcher watcher() {
        return watcher;
    }

    /** The time map; read it only on the render thread. @thread render */
    public MidiTimeMap timeMap() {
        return timeMap;
    }

    /**
     * The first port present now with this name and direction.
     * @thread any (not render)
     */
    public Optional<MidiPortInfo> findPort(String name, MidiPortDirection direction) {
        for (MidiPortInfo p : watcher.ports()) {
            if (p.direction() == direction && p.name().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * Routes an input port (by stable id; it need not be present yet) to a sink.
     * @throws IllegalArgumentException when the id names an output port or the sink is null
     * @thread main
     */
    public MidiInputRoute addInput(String portId, MidiInputSink sink) {
        return addInput(portId, sink, DEFAULT_RING);
    }

    /**
     * Routes an input port to a sink with a ring of the given capacity (a power of two).
     * @thread main
     */
    public MidiInputRoute addInput(String portId, MidiInputSink sink, int ringCapacity) {
        if (portId != null && !portId.contains(":in:")) {
            throw new IllegalArgumentException("'" + portId + "' is not an input port id (ids of inputs contain ':in:')");
        }
        MidiInputRoute route = new MidiInputRoute(portId, sink, ringCapacity);
        synchronized (watcher) {
            inputList.add(route);
            inputs = inputList.toArray(new MidiInputRoute[0]);
            bindAll(watcher.ports());
        }
        return route;
    }

    /**
     * Removes an input route; its held notes are released in the next cycle, after which it is no
     * longer dispatched.
     * @thread main
     */
    public void removeInput(MidiInputRoute route) {
        synchronized (watcher) {
            if (!inputList.remove(route)) {
                return;
            }
            unbindInput(route);
            route.detached();
            retiring.add(route);
        }
    }

    private final List<MidiInputRoute> retiring = new ArrayList<>();

    /**
     * Routes the host to an output port (by stable id; it need not be present yet).
     * @throws IllegalArgumentException when the id names an input port
     * @thread main
     */
    public MidiOutputRoute addOutput(String portId) {
        return addOutput(portId, DEFAULT_RING);
    }

    /** @thread main */
    public MidiOutputRoute addOutput(String portId, int ringCapacity) {
        if (portId != null && !portId.contains(":out:")) {
            throw new IllegalArgumentException("'" + portId + "' is not an output port id (ids of outputs contain ':out:')");
        }
        MidiOutputRoute route = new MidiOutputRoute(portId, timeMap, ringCapacity);
        synchronized (watcher) {
            outputList.add(route);
            outputs = outputList.toArray(new MidiOutputRoute[0]);
            bindAll(watcher.ports());
        }
        return route;
    }

    /**
     * Removes an output route after sending what is queued and releasing its notes.
     * @thread main
     */
    public void removeOutput(MidiOutputRoute route) {
        synchronized (watcher) {
            if (!outputList.remove(route)) {
                return;
            }
            outputs = outputList.toArray(new MidiOutputRoute[0]);
            route.releaseAll();
            Receiver r = route.detached();
            if (r != null) {
                r.close();
                release(route.lastDevice);
            }
        }
    }

    /** Input routes, in creation order. @thread any */
    public List<MidiInputRoute> inputs() {
        return List.of(inputs);
    }

    /** Output routes, in creation order. @thread any */
    public List<MidiOutputRoute> outputs() {
        return List.of(outputs);
    }

    /** Why devices could not be opened, most recent last (bounded). @thread any */
    public List<String> bindErrors() {
        synchronized (watcher) {
            return new ArrayList<>(bindErrors);
        }
    }

    /**
     * Starts one render cycle: feeds the time map with the cycle's start (system time and first
     * frame on the host's running frame counter) and offers every input message that arrived into
     * its route's sink, at its constant-latency frame. No allocation, lock or exception.
     * @thread render
     */
    public void beginCycle(long nanoTime, long frame, int frames) {
        timeMap.update(nanoTime, frame);
        MidiInputRoute[] in = inputs;
        for (MidiInputRoute r : in) {
            r.dispatch(timeMap, frame, frames);
        }
    }

    /**
     * Hands every due output message to its device now.
     * @thread any (not render)
     */
    public void flushOutputs() {
        for (MidiOutputRoute r : outputs) {
            r.flush();
        }
    }

    /**
     * Starts a daemon thread that flushes output routes every {@code periodMicros}; idempotent.
     * @thread main
     */
    public synchronized void startSender(long periodMicros) {
        if (periodMicros <= 0) {
            throw new IllegalArgumentException("sender period must be positive microseconds, was " + periodMicros);
        }
        if (sender != null) {
            return;
        }
        Thread t = new Thread(() -> {
            while (!closed) {
                flushOutputs();
                LockSupport.parkNanos(periodMicros * 1000L);
            }
        }, "midirack-midi-out");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        sender = t;
        t.start();
    }

    private void portsChanged(List<MidiPortInfo> ports, List<MidiPortInfo> attached, List<MidiPortInfo> detached) {
        synchronized (watcher) {
            for (MidiPortInfo gone : detached) {
                for (MidiInputRoute r : inputList) {
                    MidiPortInfo b = r.boundPort();
                    if (b != null && b.id().equals(gone.id()) && b.info() == gone.info()) {
                        unbindInput(r);
                        r.detached();
                    }
                }
                for (MidiOutputRoute r : outputList) {
                    MidiPortInfo b = r.boundPort();
                    if (b != null && b.id().equals(gone.id()) && b.info() == gone.info()) {
                        Receiver rec = r.detached();
                        if (rec != null) {
                            rec.close();
                        }
                        release(r.lastDevice);
                    }
                }
            }
            bindAll(ports);
        }
    }

    private void bindAll(List<MidiPortInfo> ports) {
        pruneRetired();
        Map<String, MidiPortInfo> byId = new HashMap<>();
        for (MidiPortInfo p : ports) {
            byId.put(p.id(), p);
        }
        for (MidiInputRoute r : inputList) {
            MidiPortInfo p = byId.get(r.portId());
            if (!r.isBound() && p != null) {
                try {
                    MidiDevice d = acquire(p);
                    try {
                        Transmitter t = d.getTransmitter();
                        t.setReceiver(r.receiver());
                        r.transmitter = t;
                        r.lastDevice = d;
                        r.bound(p, d);
                    } catch (MidiUnavailableException | RuntimeException e) {
                        release(d);
                        throw e;
                    }
                } catch (MidiUnavailableException | RuntimeException e) {
                    bindError(p, e);
                }
            }
        }
        for (MidiOutputRoute r : outputList) {
            MidiPortInfo p = byId.get(r.portId());
            if (!r.isBound() && p != null) {
                try {
                    MidiDevice d = acquire(p);
                    try {
                        Receiver rec = d.getReceiver();
                        r.lastDevice = d;
                        r.bound(p, d, rec);
                    } catch (MidiUnavailableException | RuntimeException e) {
                        release(d);
                        throw e;
                    }
                } catch (MidiUnavailableException | RuntimeException e) {
                    bindError(p, e);
                }
            }
        }
    }

    private void pruneRetired() {
        if (retiring.isEmpty()) {
            return;
        }
        // a retiring route stays dispatched until the render thread has released its notes
        List<MidiInputRoute> keep = new ArrayList<>(inputList);
        retiring.removeIf(MidiInputRoute::releaseDone);
        keep.addAll(retiring);
        inputs = keep.toArray(new MidiInputRoute[0]);
    }

    private void unbindInput(MidiInputRoute r) {
        Transmitter t = r.transmitter;
        r.transmitter = null;
        if (t != null) {
            t.setReceiver(null);
            t.close();
            release(r.lastDevice);
        }
    }

    private MidiDevice acquire(MidiPortInfo p) throws MidiUnavailableException {
        MidiDevice d = MidiSystem.getMidiDevice(p.info());
        int[] n = users.get(d);
        if (n == null) {
            boolean wasOpen = d.isOpen();
            if (!wasOpen) {
                d.open();
            }
            users.put(d, n = new int[1]);
            openedHere.put(d, !wasOpen);
        }
        n[0]++;
        return d;
    }

    private void release(MidiDevice d) {
        if (d == null) {
            return;
        }
        int[] n = users.get(d);
        if (n == null) {
            return;
        }
        if (--n[0] <= 0) {
            users.remove(d);
            if (Boolean.TRUE.equals(openedHere.remove(d))) {
                d.close();
            }
        }
    }

    private void bindError(MidiPortInfo p, Exception e) {
        bindErrors.add("cannot open " + p + ": " + e);
        if (bindErrors.size() > 32) {
            bindErrors.remove(0);
        }
    }

    /**
     * Stops the sender, releases output notes, unbinds every route and closes the devices it opened.
     * @thread main
     */
    @Override
    public void close() {
        closed = true;
        Thread t = sender;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        watcher.removeListener(listener);
        synchronized (watcher) {
            for (MidiOutputRoute r : new ArrayList<>(outputList)) {
                removeOutput(r);
            }
            for (MidiInputRoute r : inputList) {
                unbindInput(r);
                r.detached();
            }
            for (MidiDevice d : new ArrayList<>(users.keySet())) {
                if (Boolean.TRUE.equals(openedHere.get(d))) {
                    d.close();
                }
            }
            users.clear();
            openedHere.clear();
        }
    }

    /** @thread any */
    @Override
    public String toString() {
        return "MidiRouter[inputs=" + Arrays.toString(inputs) + ", outputs=" + Arrays.toString(outputs) + "]";
    }
}
