package org.midirack.host.midi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import uk.co.xfactorylibrarians.coremidi4j.CoreMidiDeviceProvider;
import uk.co.xfactorylibrarians.coremidi4j.CoreMidiException;
import uk.co.xfactorylibrarians.coremidi4j.CoreMidiNotification;

/**
 * Hot-plug: rescans the MIDI ports on a period, at once when a {@link MidiVirtualPort} changes,
 * and on CoreMIDI4J's change notifications on macOS; tells listeners which ports appeared and
 * which disappeared (by {@link MidiPortInfo#id()}; a port whose device object changed between two
 * scans, i.e. unplugged and plugged back in, counts as both).
 */
public final class MidiPortWatcher implements AutoCloseable {
    /** Told about changes, on the scanning thread. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param ports every port present now
         * @param attached ports that appeared since the last scan
         * @param detached ports that disappeared since the last scan
         * @thread scan (the watcher's thread, or the thread that changed a virtual port)
         */
        void portsChanged(List<MidiPortInfo> ports, List<MidiPortInfo> attached, List<MidiPortInfo> detached);
    }

    private final MidiPortScanner scanner;
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Runnable virtualChange = this::rescan;
    private final CoreMidiNotification coreMidiChange = this::rescan;
    private Map<String, MidiPortInfo> current = new LinkedHashMap<>();
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> periodic;
    private boolean coreMidiRegistered;
    private long scans;

    /**
     * A watcher over the given scanner; call {@link #start} for periodic rescans.
     * @thread main
     */
    public MidiPortWatcher(MidiPortScanner scanner) {
        if (scanner == null) {
            throw new IllegalArgumentException("scanner must not be null");
        }
        this.scanner = scanner;
        MidiVirtualPort.addChangeListener(virtualChange);
        if (scanner.usesCoreMidi()) {
            try {
                CoreMidiDeviceProvider.addNotificationListener(coreMidiChange);
                coreMidiRegistered = true;
            } catch (CoreMidiException e) {
                coreMidiRegistered = false; // periodic rescans still find changes
            }
        }
        rescan();
    }

    /** @thread any */
    public MidiPortScanner scanner() {
        return scanner;
    }

    /**
     * Starts rescanning every {@code periodMillis} on a daemon thread; idempotent per period.
     * @throws IllegalArgumentException when the period is not positive
     * @thread main
     */
    public synchronized void start(long periodMillis) {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("rescan period must be positive milliseconds, was " + periodMillis);
        }
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "midirack-midi-rescan");
                t.setDaemon(true);
                return t;
            });
        }
        if (periodic != null) {
            periodic.cancel(false);
        }
        periodic = timer.scheduleWithFixedDelay(this::rescanQuietly, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** @thread any */
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** @thread any */
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * The ports found by the latest scan.
     * @thread any
     */
    public synchronized List<MidiPortInfo> ports() {
        return new ArrayList<>(current.values());
    }

    /**
     * How many scans ran.
     * @thread any
     */
    public synchronized long scans() {
        return scans;
    }

    /**
     * Scans now and tells the listeners what changed.
     * @return the ports present now
     * @thread any (not render)
     */
    public synchronized List<MidiPortInfo> rescan() {
        List<MidiPortInfo> found = scanner.scan();
        Map<String, MidiPortInfo> next = new LinkedHashMap<>();
        for (MidiPortInfo p : found) {
            next.put(p.id(), p);
        }
        List<MidiPortInfo> attached = new ArrayList<>();
        List<MidiPortInfo> detached = new ArrayList<>();
        for (MidiPortInfo old : current.values()) {
            MidiPortInfo now = next.get(old.id());
            if (now == null || now.info() != old.info()) {
                detached.add(old);
            }
        }
        for (MidiPortInfo now : next.values()) {
            MidiPortInfo old = current.get(now.id());
            if (old == null || now.info() != old.info()) {
                attached.add(now);
            }
        }
        current = next;
        scans++;
        List<MidiPortInfo> all = new ArrayList<>(next.values());
        if (!attached.isEmpty() || !detached.isEmpty()) {
            for (Listener l : listeners) {
                l.portsChanged(all, attached, detached);
            }
        }
        return all;
    }

    private void rescanQuietly() {
        try {
            rescan();
        } catch (RuntimeException e) {
            // keep the periodic rescan alive; the next one retries
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }

    /**
     * Stops rescanning and unregisters from change notifications.
     * @thread main
     */
    @Override
    public synchronized void close() {
        MidiVirtualPort.removeChangeListener(virtualChange);
        if (coreMidiRegistered) {
            try {
                CoreMidiDeviceProvider.removeNotificationListener(coreMidiChange);
            } catch (CoreMidiException e) {
                // nothing more to undo
            }
            coreMidiRegistered = false;
        }
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
            periodic = null;
        }
    }
}
