package org.midirack.instruments.gervill;

import java.util.BitSet;
import java.util.concurrent.locks.LockSupport;

import javax.sound.midi.Instrument;
import javax.sound.midi.Patch;

/**
 * One song's 16 MIDI channels spread over several {@link GervillEngine}s, rendered at once on several cores
 * and summed: an <b>offline-only</b> way to render one file faster. {@link #render} hands the cycle to one
 * worker thread per engine beyond the first, renders engine 0 itself and then <b>waits</b> for the workers,
 * so it blocks: it is never used for real-time output, where the render thread must not wait.
 *
 * <h2>Why the sum equals the single engine's render</h2>
 * <ul>
 *   <li><b>Same keys.</b> Gervill keys its message queue by microsecond and pushes a key that is taken by +1,
 *       so where a crowded note-on lands depends on every message before it. All events therefore take their
 *       keys from ONE key sequence (engine 0's {@link GervillEngine#keyFor}, exactly as the single engine
 *       computes them for the same events in the same order), and each is then given, with that key, to the
 *       engine that owns its channel; SysEx and system messages go to every engine with the same key. Every
 *       engine so holds a subset of the single engine's keys: no other collisions, every note-on on the
 *       single engine's frame, every other message in the single engine's block.</li>
 *   <li><b>Linear effects.</b> Voices add into Gervill's dry and send buffers; the reverb (SoftReverb:
 *       all-pass and comb filters) is linear in its send, so the reverbs of the parts add up to the reverb of
 *       the whole, up to float rounding, a ±1e-20 anti-denormal offset per engine, and its pausing when its
 *       input is silent and its output below 1e-10. The chorus pauses its LFO after one second of silent
 *       input, so every channel that may feed it plays on one engine ({@link GervillChannelPlan}). Gervill's
 *       limiter ({@code auto gain control}) is not linear: a split refuses it.</li>
 *   <li><b>Fixed sum.</b> The parts are added in engine order, ((e0 + e1) + e2) ..., whatever thread
 *       finished first: the output is deterministic, and for any cycle size, as each engine's is.</li>
 * </ul>
 * What remains is float rounding: voices add into Gervill's buffers in voice order, and the reverb's sums
 * round differently; docs/BENCHMARKS.md states the largest difference measured (far below −100 dBFS).
 *
 * <p><b>Polyphony.</b> Every engine has the settings' polyphony. While the song never needs more voices
 * than that at once, the single engine steals no voice and the split neither; a song that exceeds it makes
 * the single engine steal voices that the split, with more voices in all, keeps: then they differ.
 *
 * <p><b>Threads.</b> Workers are daemon threads named {@code midirack-gervill-split-K}, started at open and
 * ended by {@link #close}. The hand-off allocates nothing: per worker a volatile cycle counter each way,
 * a brief spin, then {@link LockSupport#park}/{@link LockSupport#unpark}; each worker renders into its own
 * buffers, allocated at open. Gervill itself allocates on every thread that renders it (see
 * {@link GervillEngine}).
 */
public final class GervillSplit implements GervillSink {

    private static final int SPINS = 200; // a few microseconds: a loaded machine needs its cores back soon

    private final GervillEngine[] engines;
    private final int[] engineOf;
    private final Worker[] workers; // [0] unused: the calling thread renders engine 0
    private final int maxFrames;
    private volatile Thread caller;
    private long droppedEvents;
    private boolean closed;

    private GervillSplit(GervillEngine[] engines, int[] engineOf, int maxFrames) {
        this.engines = engines;
        this.engineOf = engineOf.clone();
        this.maxFrames = maxFrames;
        this.workers = new Worker[engines.length];
        for (int k = 1; k < engines.length; k++) {
            workers[k] = new Worker(k, engines[k], maxFrames);
        }
        for (int k = 1; k < engines.length; k++) {
            workers[k].thread.start();
        }
    }

    /**
     * Opens up to {@code engines} Gervill engines for a song's channels, each with the same settings, soundbank
     * (parsed once, {@link SharedSoundbanks}) and programs, and starts the workers. Fewer engines open when the
     * song has fewer independent channel groups that play notes (see {@link GervillChannelPlan}).
     *
     * @param settings  the Gervill settings ({@code autoGainControl} must be off)
     * @param maxFrames largest cycle
     * @param latency   see {@link GervillEngine#requiredLatency}
     * @param programs  the programs to load from the soundbank file, null for all
     * @param use       what the song uses ({@link GervillEngine#open(GervillSettings, int, int, BitSet,
     *                  SongUse)}), or {@link SongUse#unknown()}
     * @param plan      what the song plays on each channel
     * @param engines   engines wanted, 1..16
     * @throws IllegalArgumentException for the limiter on, or engines outside 1..16
     * @thread main
     */
    public static GervillSplit open(GervillSettings settings, int maxFrames, int latency, BitSet programs,
                                    SongUse use, GervillChannelPlan plan, int engines) {
        if (engines < 1 || engines > 16) {
            throw new IllegalArgumentException("a Gervill split needs 1..16 engines, not " + engines);
        }
        if (settings.autoGainControl()) {
            throw new IllegalArgumentException("Gervill's limiter (auto gain control) is not linear: a split render"
                    + " needs it off");
        }
        GervillEngine first = GervillEngine.open(settings, maxFrames, latency, programs, use);
        try {
            int[] engineOf = plan.assign(engines, settings.chorus(), chorusPrograms(first.synthesizer()));
            return withEngines(first, engineOf, maxFrames);
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
    }

    /** Opens the engines beyond {@code first} (fresh, from its soundbank as read) and the workers. */
    private static GervillSplit withEngines(GervillEngine first, int[] engineOf, int maxFrames) {
        int n = 1;
        for (int k : engineOf) {
            n = Math.max(n, k + 1);
        }
        GervillEngine[] all = new GervillEngine[n];
        all[0] = first;
        try {
            for (int k = 1; k < n; k++) {
                all[k] = first.reopened();
            }
        } catch (RuntimeException e) {
            for (int k = 1; k < n; k++) {
                if (all[k] != null) {
                    all[k].close();
                }
            }
            throw e;
        }
        return new GervillSplit(all, engineOf, maxFrames);
    }

    /**
     * A fresh split with the same settings, soundbank (not read again) and channel assignment: nothing this one
     * played remains. This one stays open.
     *
     * @thread main
     */
    public GervillSplit reopened() {
        GervillEngine first = engines[0].reopened();
        try {
            return withEngines(first, engineOf, maxFrames);
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
    }

    /** [0][p]: a melodic instrument of program p has a chorus send; [1][p]: a percussion one. */
    static boolean[][] chorusPrograms(Object synth) {
        boolean[][] t = new boolean[2][128];
        for (Instrument i : ((javax.sound.midi.Synthesizer) synth).getLoadedInstruments()) {
            Patch patch = i.getPatch();
            int program = patch.getProgram() & 0x7F;
            boolean percussion = patch.getBank() == 128 || GervillAccess.isPercussion(patch);
            if (GervillAccess.hasChorusSend(i)) {
                t[percussion ? 1 : 0][program] = true;
            }
        }
        return t;
    }

    /** @thread render */
    @Override
    public boolean send(int offset, int status, int data1, int data2) {
        if (closed || status < 0x80 || status > 0xFF || status == 0xF0 || status == 0xF7) {
            droppedEvents++;
            return false;
        }
        long key = engines[0].keyFor(offset, (status & 0xF0) == 0x90 && (data2 & 0x7F) != 0);
        if (status < 0xF0) {
            return engines[engineOf[status & 0x0F]].sendKeyed(key, status, data1, data2);
        }
        boolean ok = true;
        for (GervillEngine e : engines) {
            ok &= e.sendKeyed(key, status, data1, data2);
        }
        return ok;
    }

    /** @thread render */
    @Override
    public boolean sendSysex(int offset, byte[] data, int length) {
        if (!engines[0].sysexWellFormed(data, length)) {
            droppedEvents++;
            return false;
        }
        long key = engines[0].keyFor(offset, false);
        boolean ok = true;
        for (GervillEngine e : engines) {
            ok &= e.sendSysexKeyed(key, data, length);
        }
        return ok;
    }

    /**
     * Renders the cycle: the workers render engines 1..N−1 while this thread renders engine 0, then waits for
     * them and adds their parts in engine order. Blocks until every worker is done: offline only.
     *
     * @throws IllegalStateException when a worker's Gervill failed (its message and engine)
     * @thread render (offline)
     */
    @Override
    public void render(float[] left, float[] right, int offset, int frames) {
        if (frames > maxFrames || frames < 0) {
            throw new IllegalArgumentException("render of " + frames + " frames, split opened for " + maxFrames);
        }
        caller = Thread.currentThread();
        for (int k = 1; k < workers.length; k++) {
            workers[k].start(frames);
        }
        engines[0].render(left, right, offset, frames);
        for (int k = 1; k < workers.length; k++) {
            Worker w = workers[k];
            w.await();
            Throwable failed = w.failure;
            if (failed != null) {
                throw new IllegalStateException("Gervill engine " + k + " of the split failed: " + failed, failed);
            }
            float[] l = w.left;
            float[] r = w.right;
            for (int i = 0; i < frames; i++) {
                left[offset + i] += l[i];
                right[offset + i] += r[i];
            }
        }
    }

    /** Engines rendering (at most the number asked at open). @thread any */
    public int engineCount() {
        return engines.length;
    }

    /** The engine playing MIDI channel {@code channel} (0..15). @thread any */
    public int engineOf(int channel) {
        return engineOf[channel];
    }

    /** Engine {@code k} (0: the one that keeps the key sequence and the late-event count). @thread main */
    public GervillEngine engine(int k) {
        return engines[k];
    }

    /** Events played later than scheduled (counted where the keys are made). @thread any */
    public long lateEvents() {
        return engines[0].lateEvents();
    }

    /** Malformed events dropped. @thread any */
    public long droppedEvents() {
        long n = droppedEvents;
        for (GervillEngine e : engines) {
            n += e.droppedEvents();
        }
        return n;
    }

    /** The worker threads (engine k's is element k − 1), for tests that measure them. */
    Thread[] workerThreads() {
        Thread[] t = new Thread[workers.length - 1];
        for (int k = 1; k < workers.length; k++) {
            t[k - 1] = workers[k].thread;
        }
        return t;
    }

    /**
     * Ends the workers (waiting up to a second each) and closes every engine.
     *
     * @thread main (no render call running)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int k = 1; k < workers.length; k++) {
            workers[k].stop();
        }
        for (int k = 1; k < workers.length; k++) {
            try {
                workers[k].thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (GervillEngine e : engines) {
            e.close();
        }
    }

    /** Renders one engine per cycle on its own thread. */
    private final class Worker implements Runnable {
        final Thread thread;
        final GervillEngine engine;
        final float[] left;
        final float[] right;
        private volatile long go;      // cycles handed over
        private volatile long done;    // cycles rendered
        private volatile boolean stopped;
        private int frames;            // written before go, read after it
        volatile Throwable failure;

        Worker(int k, GervillEngine engine, int maxFrames) {
            this.engine = engine;
            this.left = new float[maxFrames];
            this.right = new float[maxFrames];
            this.thread = new Thread(this, "midirack-gervill-split-" + k);
            thread.setDaemon(true);
        }

        void start(int n) {
            frames = n;
            go = go + 1; // only the calling thread writes go
            LockSupport.unpark(thread);
        }

        void await() {
            long want = go;
            for (int spin = 0; done != want; spin++) {
                if (spin < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long g;
                for (int spin = 0; (g = go) == seen && !stopped; spin++) {
                    if (spin < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                if (stopped) {
                    return;
                }
                seen = g;
                try {
                    engine.render(left, right, 0, frames);
                } catch (Throwable t) {
                    failure = t;
                    java.util.Arrays.fill(left, 0f);
                    java.util.Arrays.fill(right, 0f);
                }
                done = g;
                LockSupport.unpark(caller);
            }
        }
    }

    /** What links against com.sun.media.sound, reached only after the engine's access check. */
    private static final class GervillAccess {
        private GervillAccess() {
        }

        static boolean isPercussion(Patch patch) {
            return patch instanceof com.sun.media.sound.ModelPatch mp && mp.isPercussion();
        }

        static boolean hasChorusSend(Instrument i) {
            if (!(i instanceof com.sun.media.sound.ModelInstrument mi)) {
                return true; // cannot tell: assume it may
            }
            for (com.sun.media.sound.ModelPerformer p : mi.getPerformers()) {
                for (com.sun.media.sound.ModelConnectionBlock b : p.getConnectionBlocks()) {
                    com.sun.media.sound.ModelDestination d = b.getDestination();
                    if (d != null && com.sun.media.sound.ModelDestination.DESTINATION_CHORUS.equals(d.getIdentifier())
                            && b.getScale() != 0) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
