package org.midirack.host.audio;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.FloatBuffer;
import java.util.EnumSet;
import java.util.concurrent.locks.LockSupport;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackLatencyCallbackMode;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;

/**
 * Real-time output to a JACK server through jnajack: one client with one output port per channel,
 * connected to the server's physical playback ports. JACK dictates sample rate and buffer size; both
 * are reported next to what was asked. The render thread is JACK's process thread.
 *
 * <p>Counts JACK's xruns (server-reported: any client's lateness, and the server's own late wake-ups
 * on a loaded machine), and separately as underruns the process callbacks of this output that took
 * longer than their period (the host's own lateness). Detects the server going away (shutdown callback) and
 * reports it to the {@link AudioOutput.Listener} as a lost device; a sample-rate change of the
 * running server is reported the same way so a session re-opens at the new rate.
 *
 * <p>jnajack cannot pass a server name to {@code jack_client_open}; a non-default
 * {@code serverName} is selected through libjack's {@code JACK_DEFAULT_SERVER} environment variable,
 * set in this process only while the client is opened.
 */
public final class AudioOutputJack extends AbstractAudioOutput {

    private static final Object OPEN_LOCK = new Object();
    /**
     * The latest client close running on its own thread. libjack serialises client open and close on one
     * process-wide lock, and a close after the server died can block for good (jack2 issue #395): an open
     * waits a while for this thread, then fails instead of blocking on that lock.
     */
    private static volatile Thread closing;
    private static final long OPEN_WAIT_FOR_CLOSE_MILLIS = 5_000;
    /** After the server died, time for libjack's own threads to finish their shutdown before the close. */
    private static final long DEAD_SERVER_GRACE_NANOS = 500_000_000L;
    private static final long STOP_WAIT_NANOS = 2_000_000_000L;
    private static final long END_WAIT_NANOS = 1_000_000_000L;

    private final String clientName;
    private final String serverName;
    private final boolean connect;
    private final JackClientHook hook;
    private JackClient client;
    private JackPort[] ports;
    private volatile boolean running;
    private volatile boolean inProcess;
    /** Set before closing: the next process callback ends JACK's thread for this client. */
    private volatile boolean ending;
    /** The process callback returned false: JACK's thread leaves on its own, outside Java. */
    private volatile boolean processEnded;
    private volatile boolean activated;
    /** The server shut down (its shutdown callback came): libjack's threads are ending on their own. */
    private volatile boolean serverGone;
    private volatile boolean shutdownCallbackDone;
    private volatile int serverSampleRate;
    private volatile int serverBufferFrames;
    private volatile double nanosPerFrame;

    /**
     * Client "midirack" on the default server, connected to the physical playback ports.
     *
     * @thread any
     */
    public AudioOutputJack() {
        this("midirack", null, true);
    }

    /**
     * A JACK output.
     *
     * @param clientName the JACK client name (JACK may append a suffix to make it unique)
     * @param serverName the JACK server name ({@code jackd -n}), or null for the default server
     * @param connectToPlayback whether to connect the ports to the server's physical playback ports
     * @thread any
     */
    public AudioOutputJack(String clientName, String serverName, boolean connectToPlayback) {
        this(clientName, serverName, connectToPlayback, null);
    }

    /**
     * A JACK output whose client carries more ports, served in the process callback that renders:
     * JACK MIDI in and out, transport ({@code org.midirack.host.jack}).
     *
     * @param clientName the JACK client name (JACK may append a suffix to make it unique)
     * @param serverName the JACK server name ({@code jackd -n}), or null for the default server
     * @param connectToPlayback whether to connect the ports to the server's physical playback ports
     * @param hook the extra ports, or null
     * @thread any
     */
    public AudioOutputJack(String clientName, String serverName, boolean connectToPlayback, JackClientHook hook) {
        super("jack:" + clientName + (serverName == null ? "" : "@" + serverName));
        if (clientName == null || clientName.isBlank()) {
            throw new IllegalArgumentException("JACK client name is empty");
        }
        this.clientName = clientName;
        this.serverName = serverName;
        this.connect = connectToPlayback;
        this.hook = hook;
    }

    /**
     * The client's actual name (JACK may have added a suffix), or null before open.
     *
     * @return the name
     * @thread any
     */
    public String clientName() {
        JackClient c = client;
        return c == null ? null : c.getName();
    }

    /**
     * The JACK port names of this output, e.g. "midirack:out_1"; empty before open.
     *
     * @return full port names
     * @thread any
     */
    public String[] portNames() {
        JackPort[] p = ports;
        if (p == null) {
            return new String[0];
        }
        String[] names = new String[p.length];
        for (int i = 0; i < p.length; i++) {
            names[i] = p[i].getName();
        }
        return names;
    }

    @Override
    boolean isRealTimeImpl() {
        return true;
    }

    @Override
    AudioOutputInfo doOpen(AudioOutputConfig requested) throws AudioOutputException {
        String server = serverName == null ? JackServerProbe.defaultServerName() : serverName;
        ending = false;
        processEnded = false;
        serverGone = false;
        shutdownCallbackDone = false;
        Thread previous = closing;
        if (previous != null && previous.isAlive()) {
            try {
                previous.join(OPEN_WAIT_FOR_CLOSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (previous.isAlive()) {
                throw new AudioOutputException("JACK output: libjack is still closing a client of a JACK server that"
                        + " went away (jack2 issue #395); it holds libjack's open lock, so JACK cannot be opened again"
                        + " in this process until that close returns");
            }
        }
        if (!JackServerProbe.mayBeRunning(serverName)) {
            // no socket: libjack would only print its own five lines to stderr before failing
            throw new AudioOutputException("JACK output: no JACK server '" + server + "' is running (start jackd, as"
                    + " this user)");
        }
        Jack jack;
        try {
            jack = Jack.getInstance();
        } catch (JackException | LinkageError e) {
            throw new AudioOutputException("JACK output: cannot load libjack (install jackd2 / libjack): " + e, e);
        }
        EnumSet<JackStatus> status = EnumSet.noneOf(JackStatus.class);
        try {
            client = openClient(jack, status);
        } catch (JackException | LinkageError e) {
            // jnajack's own text ("Could not create Jack client, check status set.") says nothing
            // a user can act on: the status flags say what happened
            boolean noServer = status.contains(JackStatus.JackServerFailed) || status.contains(JackStatus.JackServerError);
            throw new AudioOutputException("JACK output: " + (noServer ? "no JACK server '" + server
                    + "' is running (start jackd, as this user)" : "cannot connect to JACK server '" + server
                    + "' (status " + status + ")"), e);
        }
        try {
            serverSampleRate = client.getSampleRate();
            serverBufferFrames = client.getBufferSize();
            ports = new JackPort[requested.channels()];
            for (int c = 0; c < ports.length; c++) {
                ports[c] = client.registerPort("out_" + (c + 1), JackPortType.AUDIO, JackPortFlags.JackPortIsOutput);
            }
            client.setXrunCallback(c -> counters().countXrun());
            client.onShutdown(c -> {
                serverGone = true;
                running = false;
                reportLost("JACK server '" + server + "' shut down");
                shutdownCallbackDone = true;
            });
            client.setSampleRateCallback((c, rate) -> {
                int was = serverSampleRate;
                if (rate != was) {
                    serverSampleRate = rate;
                    reportLost("JACK sample rate changed from " + was + " to " + rate + " Hz");
                }
            });
            client.setBuffersizeCallback((c, frames) -> serverBufferFrames = frames);
            if (hook != null) {
                hook.register(jack, client);
            }
            client.setProcessCallback(this::process);
            // active from here on; process() writes silence until start()
            client.activate();
            activated = true;
            if (hook != null) {
                hook.activated(jack, client);
            }
            int latency = serverBufferFrames;
            if (connect) {
                String[] playback = jack.getPorts(client, null, JackPortType.AUDIO,
                        EnumSet.of(JackPortFlags.JackPortIsInput, JackPortFlags.JackPortIsPhysical));
                if (playback.length == 0) {
                    throw new AudioOutputException("JACK output: server '" + server + "' has no physical playback ports");
                }
                for (int c = 0; c < ports.length; c++) {
                    jack.connect(client, ports[c].getName(), playback[Math.min(c, playback.length - 1)]);
                }
                latency = playbackLatency(latency);
            }
            int rate = serverSampleRate;
            int frames = serverBufferFrames;
            nanosPerFrame = 1e9 / rate;
            return new AudioOutputInfo("JACK " + client.getName() + "@" + server, requested.sampleRate(), rate,
                    requested.bufferFrames(), frames, requested.channels(), latency);
        } catch (JackException e) {
            closeClient();
            throw new AudioOutputException("JACK output on server '" + server + "': " + e.getMessage(), e);
        } catch (AudioOutputException | RuntimeException e) {
            closeClient();
            throw e;
        }
    }

    private JackClient openClient(Jack jack, EnumSet<JackStatus> status) throws JackException {
        EnumSet<JackOptions> options = EnumSet.of(JackOptions.JackNoStartServer);
        if (serverName == null) {
            return jack.openClient(clientName, options, status);
        }
        synchronized (OPEN_LOCK) {
            LibC libc = LibC.INSTANCE;
            String previous = libc.getenv("JACK_DEFAULT_SERVER"); // the live value, not the JVM's startup copy
            libc.setenv("JACK_DEFAULT_SERVER", serverName, 1);
            try {
                return jack.openClient(clientName, options, status);
            } finally {
                if (previous == null) {
                    libc.unsetenv("JACK_DEFAULT_SERVER");
                } else {
                    libc.setenv("JACK_DEFAULT_SERVER", previous, 1);
                }
            }
        }
    }

    /** The playback latency range maximum of our first port, once JACK has propagated it. */
    private int playbackLatency(int fallback) throws JackException {
        JackPort.JackLatencyRange range = new JackPort.JackLatencyRange();
        long deadline = System.nanoTime() + 500_000_000L;
        do {
            ports[0].getLatencyRange(range, JackLatencyCallbackMode.JackPlaybackLatency);
            if (range.getMax() > 0) {
                return range.getMax();
            }
            LockSupport.parkNanos(10_000_000L);
        } while (System.nanoTime() - deadline < 0);
        return fallback;
    }

    private boolean process(JackClient c, int nframes) {
        long t0 = System.nanoTime();
        inProcess = true;
        JackPort[] p = ports;
        JackClientHook h = hook;
        if (!running || ending) {
            if (h != null && !ending) {
                h.cycleStart(nframes, false);
                h.cycleEnd(nframes, false);
            }
            for (JackPort port : p) {
                FloatBuffer fb = port.getFloatBuffer();
                for (int i = 0; i < nframes; i++) {
                    fb.put(i, 0f);
                }
            }
            if (ending) {
                // false: libjack ends this client's thread itself (and jnajack detaches it from
                // the JVM) once the callback has returned, in native code. Otherwise
                // jack_deactivate cancels the thread, and a cancel that lands while it runs Java
                // (at a GC safepoint, say) leaves a thread that cannot detach and can crash the JVM.
                processEnded = true;
                inProcess = false;
                return false;
            }
            inProcess = false;
            return true;
        }
        if (h != null) {
            h.cycleStart(nframes, true);
        }
        float[][] b = block;
        int max = b[0].length; // should JACK's buffer grow beyond ours, render it in chunks
        for (int off = 0; off < nframes; off += max) {
            int n = Math.min(max, nframes - off);
            renderBlock(n);
            for (int ch = 0; ch < p.length; ch++) {
                p[ch].getFloatBuffer().put(off, b[ch], 0, n);
            }
        }
        if (h != null) {
            h.cycleEnd(nframes, true);
        }
        long took = System.nanoTime() - t0;
        AudioOutputCounters k = counters();
        k.recordCallbackNanos(took);
        if (took > nframes * nanosPerFrame) {
            k.countUnderrun();
        }
        inProcess = false;
        return true;
    }

    @Override
    void doStart() throws AudioOutputException {
        if (isLost()) {
            throw new AudioOutputException("JACK output " + name() + ": the server has gone away");
        }
        running = true;
    }

    @Override
    void doStop() {
        running = false;
        long deadline = System.nanoTime() + STOP_WAIT_NANOS;
        while (inProcess && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(100_000L);
        }
    }

    @Override
    void doClose() {
        closeClient();
    }

    private void closeClient() {
        JackClient c = client;
        client = null;
        if (c == null) {
            return;
        }
        boolean dead = serverGone;
        if (activated && !dead) {
            ending = true;
            long deadline = System.nanoTime() + END_WAIT_NANOS;
            while (!processEnded && !serverGone && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(1_000_000L);
            }
            // the thread exits in libjack right after the callback returned
            LockSupport.parkNanos(20_000_000L);
            dead = serverGone;
        }
        activated = false;
        if (hook != null) {
            hook.closed();
        }
        boolean serverDied = dead;
        // closing may wait on a dead server: it runs on a thread of its own
        Thread closer = new Thread(() -> {
            if (serverDied) {
                // libjack's notification and process threads run their own shutdown (our callback
                // among it) and then exit; closing under them races their teardown (a double free
                // was seen here), and jack_client_close stops a thread with pthread_cancel, which
                // must never land while the thread runs Java
                long deadline = System.nanoTime() + END_WAIT_NANOS;
                while (!shutdownCallbackDone && System.nanoTime() - deadline < 0) {
                    LockSupport.parkNanos(1_000_000L);
                }
                LockSupport.parkNanos(DEAD_SERVER_GRACE_NANOS);
                c.close();
            } else {
                try {
                    c.deactivate();
                } finally {
                    c.close();
                }
            }
        }, "midirack-jack-close");
        closer.setDaemon(true);
        closing = closer;
        closer.start();
        if (!serverDied) {
            try {
                closer.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The two libc calls used to select a JACK server by name. */
    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        String getenv(String name);

        int setenv(String name, String value, int overwrite);

        int unsetenv(String name);
    }
}
