package org.midirack.instruments;

import org.midirack.core.AbstractNode;
import org.midirack.core.EventList;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.NodeState;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.ProcessContext;
import org.midirack.core.StateFormatException;
import org.midirack.core.SysexReceiver;
import org.midirack.core.CycleSysexReceiver;
import org.midirack.core.CycleSysexQueue;
import org.midirack.core.dsp.ParamDelayQueue;
import org.midirack.core.dsp.SmoothedValue;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.midirack.instruments.gervill.GervillChannelPlan;
import org.midirack.instruments.gervill.GervillEngine;
import org.midirack.instruments.gervill.GervillSettings;
import org.midirack.instruments.gervill.GervillSink;
import org.midirack.instruments.gervill.GervillSplit;
import org.midirack.instruments.gervill.SongUse;

/**
 * The Gervill instrument: 16 MIDI channels of the JDK's SoftSynthesizer rendered in pull mode at the
 * host's sample rate (see {@link GervillEngine} for the timing model).
 *
 * <p>Timing: a note-on at offset k sounds from output frame k + {@link #latencyFrames()} exactly, for
 * every cycle size, for unordered arrival and carried offsets; note-off, bend, CC and program change act
 * within B frames (B = internal block, 32 at 48 kHz by default). Latency is B when the node is built for
 * cycles that are multiples of B ({@code alignedCycles}), else 2B − 1 (63 frames, 1.3 ms at 48 kHz).
 *
 * <p>Parameters act together with the notes: a {@code gain} change at offset k (from the timeline, or set
 * from any thread: offset 0 of the next cycle) starts its 10 ms ramp on output frame k +
 * {@link #latencyFrames()}, the frame a note-on sent at offset k starts sounding.
 *
 * <p>Everything MIDI goes to Gervill: bank select (CC 0/32) and program change, pitch bend with the RPN 0
 * bend range, all CCs, All Notes Off, All Sound Off, Reset All Controllers, and SysEx through
 * {@link SysexReceiver} (GM reset, MIDI Tuning Standard, ...). MPE lower zone: with parameter
 * {@code mpeMembers} = n (1..15) channel 1 is the manager and channels 2..n+1 are members whose bend range
 * is set to {@code mpeBendRange} semitones (48 by default) through RPN 0; per-note bends on member channels
 * are independent.
 *
 * <p>Offline only, {@link #spreadChannels}: the song's channels spread over several Gervill engines rendered on
 * several cores ({@link GervillSplit}); its render waits for worker threads, so it is never for real time.
 *
 * <p>The node's own code allocates nothing per cycle; Gervill allocates internally (about 216 bytes per
 * sounding voice per block plus its receiver's copy of each message).
 */
public final class InstrumentGervill extends AbstractNode implements SysexReceiver, CycleSysexReceiver {

    /** Node id. */
    public static final String ID = "midirack.gervill";

    static final int P_GAIN = 0;
    static final int P_MPE_MEMBERS = 1;
    static final int P_MPE_RANGE = 2;

    private static final int SYSEX_SLOTS = 16;
    private static final int SYSEX_MAX = 1024;

    private volatile GervillSettings settings;
    private volatile boolean alignedCycles;
    private volatile int latency;
    private GervillEngine engine;   // the engine, or a split's engine 0
    private GervillSink sink;       // what process() plays through: engine, or the split
    private GervillSplit split;     // null unless spreadChannels asked for more than one engine
    private volatile int splitEngines = 1;
    private volatile GervillChannelPlan splitPlan;
    private volatile java.util.BitSet programs; // null: every instrument of the bank
    private volatile SongUse use = SongUse.unknown(); // with programs: what the song never moves

    private final SmoothedValue gain = new SmoothedValue(1);
    private boolean mpeDirty;
    private int mpeSent;       // member count the bend ranges were last set for (0: GM ranges)
    private int mpeSentRange = 48;

    // sysex: producers (any thread but render) serialise on a lock; the render thread reads lock-free
    private final Object sysexLock = new Object();
    private final byte[][] sysexData = new byte[SYSEX_SLOTS][SYSEX_MAX];
    private final int[] sysexLength = new int[SYSEX_SLOTS];
    private final long[] sysexOffset = new long[SYSEX_SLOTS];
    private volatile long sysexTail;
    private volatile long sysexHead;
    private long sysexRefused;
    // sysex handed over on the render thread between cycles (JACK MIDI in, a song's SysEx): no lock
    private final CycleSysexQueue cycleSysex = new CycleSysexQueue(SYSEX_SLOTS, SYSEX_MAX);

    // gain changes waiting for their output frame (offset + latency), in frames since activation
    private ParamDelayQueue gainChanges = new ParamDelayQueue(1);
    private long frame;

    /**
     * A Gervill instrument with Gervill's default bank, reverb and chorus on, its limiter off, B = 32 frames and
     * latency for any cycle size.
     *
     * @thread main
     */
    public InstrumentGervill() {
        this(GervillSettings.defaults(48000), false);
    }

    /**
     * @param settings      Gervill settings; the sample rate is replaced by the host's at activation
     * @param alignedCycles true when the host only runs cycles whose length is a multiple of B
     *                      (latency B instead of 2B − 1)
     * @thread main
     */
    public InstrumentGervill(GervillSettings settings, boolean alignedCycles) {
        super(descriptorFor());
        this.settings = settings;
        this.alignedCycles = alignedCycles;
        this.latency = GervillEngine.requiredLatency(settings.blockFrames(), alignedCycles);
    }

    /** The descriptor every instance shares. @thread any */
    public static NodeDescriptor descriptorFor() {
        return new NodeDescriptor(ID, "Gervill GM synthesizer", NodeKind.INSTRUMENT, "midirack", "0.1.0",
                new int[0], new int[] {2}, false, true, List.of(
                        ParamDescriptor.continuous("gain", "Gain", -60, 12, 0, "dB").smoothed(10),
                        ParamDescriptor.integer("mpeMembers", "MPE lower zone member channels (0 = off)", 0, 15, 0, "")
                                .notAutomatable(),
                        ParamDescriptor.integer("mpeBendRange", "MPE member pitch bend range", 1, 96, 48, "semitones")
                                .notAutomatable()));
    }

    /** The settings used at the next activation. @thread any */
    public GervillSettings settings() {
        return settings;
    }

    /**
     * Changes the settings used from the next activation (soundbank, block, interpolation, effects...).
     *
     * @thread main (not active)
     */
    public void configure(GervillSettings newSettings, boolean aligned) {
        if (isActive()) {
            throw new IllegalStateException("node '" + ID + "' is active; deactivate it before changing Gervill settings");
        }
        this.settings = newSettings;
        this.alignedCycles = aligned;
        this.latency = GervillEngine.requiredLatency(newSettings.blockFrames(), aligned);
    }

    /**
     * Loads only the instruments of these programs from the soundbank file at the next activation (every bank
     * number, melodic and percussion), or every instrument ({@code null}, the default). For a song known ahead
     * (an offline render): give every program it selects, plus 0 (every channel's program until it is
     * changed); the output is then bit-identical to a full load, in a fraction of the time and memory for a
     * large bank. A program outside the set plays Gervill's default bank's instrument, or nothing.
     *
     * @thread main (not active)
     */
    public void loadOnlyPrograms(java.util.BitSet programs) {
        loadOnlyPrograms(programs, SongUse.unknown());
    }

    /**
     * Like {@link #loadOnlyPrograms(java.util.BitSet)} for a song that is all the node will play: the loaded
     * instruments also leave out the voice modulations that add zero throughout it, because the song never moves
     * one of their inputs, and only the presets its notes can start are loaded (see {@link SongUse}; bit-identical,
     * and Gervill does less in every block). Nothing may then play through the node but the song: no live input,
     * no MIDI effect in front.
     *
     * @param use   {@link SongUse#of} the song, or {@link SongUse#unknown()}
     * @thread main (not active)
     */
    public void loadOnlyPrograms(java.util.BitSet programs, SongUse use) {
        if (isActive()) {
            throw new IllegalStateException("node '" + ID + "' is active; deactivate it before choosing programs");
        }
        this.programs = programs == null ? null : (java.util.BitSet) programs.clone();
        this.use = java.util.Objects.requireNonNull(use, "song use (SongUse.unknown() when not known)");
    }

    /**
     * Offline renders only: from the next activation, spread the 16 MIDI channels over up to {@code engines}
     * Gervill engines (same settings and soundbank) that render on worker threads while the render thread
     * renders the first, and sum them (see {@link GervillSplit}: the same output as one engine, to float
     * rounding, while the song stays within the polyphony). The render thread WAITS for the workers each
     * cycle, so this is for offline renders, never for real-time output. {@code engines} = 1 (the default)
     * is the single engine.
     *
     * @param engines 1..16
     * @param plan    what the song plays per channel ({@link GervillChannelPlan#of}); null with 1 engine
     * @throws IllegalArgumentException for engines outside 1..16 or a missing plan
     * @thread main (not active)
     */
    public void spreadChannels(int engines, GervillChannelPlan plan) {
        if (isActive()) {
            throw new IllegalStateException("node '" + ID + "' is active; deactivate it before spreading channels");
        }
        if (engines < 1 || engines > 16) {
            throw new IllegalArgumentException("engines must be 1..16, not " + engines);
        }
        if (engines > 1 && plan == null) {
            throw new IllegalArgumentException("spreading channels over engines needs the song's channel plan");
        }
        this.splitEngines = engines;
        this.splitPlan = engines > 1 ? plan : null;
    }

    /**
     * Engines the running node renders with (1 unless {@link #spreadChannels} asked for more and the song
     * has that many channel groups); 0 when inactive.
     *
     * @thread main
     */
    public int engineCount() {
        GervillSplit sp = split;
        return sp != null ? sp.engineCount() : engine != null ? 1 : 0;
    }

    /**
     * Voice connections the running engine's instruments leave out because the song never moves one of their
     * inputs ({@link #loadOnlyPrograms(java.util.BitSet, SongUse)}; with several engines, the first's, which
     * the others repeat); 0 when inactive or nothing is left out.
     *
     * @thread main
     */
    public int skippedConnections() {
        GervillEngine e = engine;
        return e != null ? e.skippedConnections() : 0;
    }

    /**
     * Opens Gervill; a missing, unreadable or corrupt bank fails here naming the file and the reason.
     *
     * @thread main
     */
    @Override
    protected void onActivate(double sampleRate, int maxFrames) {
        GervillSettings s = settings.withSampleRate(sampleRate);
        int lat = GervillEngine.requiredLatency(s.blockFrames(), alignedCycles);
        if (splitEngines > 1) {
            GervillSplit sp = GervillSplit.open(s, maxFrames, lat, programs, use, splitPlan, splitEngines);
            start(sp.engine(0), sp.engineCount() > 1 ? sp : null, sampleRate, maxFrames);
        } else {
            start(GervillEngine.open(s, maxFrames, lat, programs, use), null, sampleRate, maxFrames);
        }
    }

    /** Takes {@code e} as the running Gervill and starts everything else as a first activation does. */
    private void start(GervillEngine e, GervillSplit sp, double sampleRate, int maxFrames) {
        int lat = e.latencyFrames();
        engine = e;
        split = sp;
        sink = sp != null ? sp : e;
        latency = lat;
        gain.setRampMillis(10, sampleRate);
        gain.reset(dbToGain(parameters().value(P_GAIN)));
        gainChanges = new ParamDelayQueue(ParamDelayQueue.capacityFor(maxFrames, lat, 1));
        frame = 0;
        sysexHead = sysexTail;
        cycleSysex.clear();
        mpeSent = 0;
        mpeDirty = true;
    }

    /**
     * Replaces the running Gervill by a freshly opened one with the same settings, so nothing of what it
     * played remains: besides voices, the reverb's and chorus's delay lines (which {@link #reset}, All Sound
     * Off and Reset All Controllers cannot reach, and which Gervill never empties to exact zeros: its reverb
     * adds ±1e-20 to keep denormals away), programs, controllers and sends, tunings. The node then renders
     * exactly what it renders after its first activation. Costs 20-90 ms (the soundbank is not read
     * again); for a warm-up before a real-time output starts. When the new one cannot open, the running
     * one stays and the error is thrown.
     *
     * @throws IllegalStateException when the node is not active, or Gervill cannot open
     * @thread main (active; no render call running)
     */
    public void reopen() {
        GervillEngine old = engine;
        if (!isActive() || old == null) {
            throw new IllegalStateException("node '" + ID + "' is not active; there is no Gervill to reopen");
        }
        GervillSplit oldSplit = split;
        if (oldSplit != null) {
            GervillSplit fresh = oldSplit.reopened();
            start(fresh.engine(0), fresh, sampleRate(), maxFrames());
            oldSplit.close();
            return;
        }
        start(old.reopened(), null, sampleRate(), maxFrames()); // the soundbank as read at activation, not read again
        old.close();
    }

    /** @thread main */
    @Override
    protected void onDeactivate() {
        GervillSink e = sink;
        engine = null;
        split = null;
        sink = null;
        if (e != null) {
            e.close();
        }
    }

    /** @thread any */
    @Override
    public int latencyFrames() {
        return latency;
    }

    /** Gervill's release tails plus its reverb. @thread any */
    @Override
    public double tailSeconds() {
        return 3.0;
    }

    /** The running engine, or null when inactive. @thread main */
    public GervillEngine engine() {
        return engine;
    }

    /**
     * All Sound Off and Reset All Controllers on all 16 channels (acting after the node's latency), then
     * the MPE configuration again. Gervill's reverb and chorus keep their lines (Gervill cannot clear them
     * on the render thread): {@link #reopen} on the main thread leaves nothing.
     *
     * @thread render (between cycles)
     */
    @Override
    public void reset() {
        GervillSink e = sink;
        if (e == null) {
            return;
        }
        for (int ch = 0; ch < 16; ch++) {
            e.send(0, 0xB0 | ch, 120, 0);
            e.send(0, 0xB0 | ch, 121, 0);
        }
        mpeSent = 0; // Gervill keeps RPN values across Reset All Controllers, but set them again to be sure
        for (int ch = 1; ch < 16; ch++) {
            setBendRange(e, ch, 2);
        }
        mpeDirty = true;
        gainChanges.clear();
        gain.reset(dbToGain(parameters().value(P_GAIN)));
    }

    /** @thread render */
    @Override
    public void parameterChanged(int index, double value) {
        if (index == P_GAIN) {
            delayGain(0, value); // a value set from another thread: offset 0 of this cycle
        } else {
            mpeDirty = true;
        }
    }

    /** Queues a gain change at offset {@code offset} of this cycle for output frame offset + latency. */
    private void delayGain(int offset, double db) {
        if (!gainChanges.add(frame + offset + latency, P_GAIN, dbToGain(db))) {
            gain.setTarget(dbToGain(db)); // cannot happen with the capacity taken at activation
        }
    }

    private static double dbToGain(double db) {
        return Math.pow(10, db / 20);
    }

    /**
     * Queues a SysEx message for the start of the next cycle plus {@code offset} frames.
     *
     * @thread any (not the render thread)
     */
    @Override
    public boolean sysex(byte[] message, int offset) {
        if (message == null || message.length < 2 || message.length > SYSEX_MAX || (message[0] & 0xFF) != 0xF0
                || (message[message.length - 1] & 0xFF) != 0xF7 || offset < 0) {
            return false;
        }
        synchronized (sysexLock) {
            long t = sysexTail;
            if (t - sysexHead >= SYSEX_SLOTS) {
                sysexRefused++;
                return false;
            }
            int slot = (int) (t % SYSEX_SLOTS);
            System.arraycopy(message, 0, sysexData[slot], 0, message.length);
            sysexLength[slot] = message.length;
            sysexOffset[slot] = offset;
            sysexTail = t + 1; // volatile write publishes the slot
        }
        return true;
    }

    /**
     * Takes a SysEx message on the render thread between cycles (see {@link CycleSysexReceiver}); it acts
     * where the Gervill block holding {@code offset} plus the latency starts, as {@link #sysex} does.
     *
     * @thread render (between the node's cycles)
     */
    @Override
    public boolean sysexInCycle(byte[] data, int length, int offset) {
        return cycleSysex.offer(data, length, offset);
    }

    /** SysEx messages refused because the queue was full. @thread any */
    public long sysexRefused() {
        synchronized (sysexLock) {
            return sysexRefused;
        }
    }

    /**
     * Sends the whole cycle's events to Gervill first (so every event is scheduled before its block is
     * rendered), then renders the cycle in one pull and applies the gain parameter frame by frame, each
     * change from its offset plus the latency.
     *
     * @thread render
     */
    @Override
    public void process(ProcessContext ctx) {
        GervillSink e = sink;
        if (!isActive() || e == null) {
            return;
        }
        parameters().applyPending(this);
        if (mpeDirty) {
            mpeDirty = false;
            sendMpeConfiguration(e);
        }
        int frames = ctx.frames();
        EventList ev = ctx.events();
        for (int i = 0, n = ev.size(); i < n; i++) {
            int off = Math.min(Math.max(ev.offset(i), 0), frames - 1);
            flushSysex(e, off, frames);
            if (ev.isParam(i)) {
                double v = parameters().applyFromTimeline(ev.paramIndex(i), ev.paramValue(i));
                if (v == v) {
                    if (ev.paramIndex(i) == P_GAIN) {
                        delayGain(off, v); // acts with a note sent at the same offset
                    } else {
                        mpeDirty = true; // MPE layout changes apply at the start of the next cycle
                    }
                }
            } else {
                e.send(off, ev.status(i), ev.data1(i), ev.data2(i));
            }
        }
        flushSysex(e, frames - 1, frames);
        carrySysex(frames);
        float[] left = ctx.output(0, 0);
        float[] right = ctx.output(0, 1);
        e.render(left, right, 0, frames);
        applyGain(left, right, frames);
        frame += frames;
    }

    private void applyGain(float[] left, float[] right, int frames) {
        ParamDelayQueue q = gainChanges;
        for (int i = 0; i < frames; i++) {
            while (q.hasDue(frame + i)) {
                gain.setTarget(q.headValue());
                q.pop();
            }
            double g = gain.next();
            if (g != 1.0) {
                left[i] = (float) (left[i] * g);
                right[i] = (float) (right[i] * g);
            }
        }
    }

    /** Sends queued SysEx whose offset in this cycle is at or before {@code upTo}. */
    private void flushSysex(GervillSink e, int upTo, int frames) {
        long head = sysexHead;
        long tail = sysexTail;
        while (head < tail) {
            int slot = (int) (head % SYSEX_SLOTS);
            if (sysexOffset[slot] > upTo) {
                break; // FIFO order: later messages wait for this one
            }
            e.sendSysex((int) sysexOffset[slot], sysexData[slot], sysexLength[slot]);
            head++;
            sysexHead = head;
        }
        CycleSysexQueue q = cycleSysex;
        while (q.size() > 0 && q.headOffset() <= upTo) {
            e.sendSysex(q.headOffset(), q.headData(), q.headLength());
            q.pop();
        }
    }

    /** Reduces the offsets of SysEx messages still waiting by the cycle length. */
    private void carrySysex(int frames) {
        long tail = sysexTail;
        for (long h = sysexHead; h < tail; h++) {
            int slot = (int) (h % SYSEX_SLOTS);
            sysexOffset[slot] = Math.max(0, sysexOffset[slot] - frames);
        }
        cycleSysex.carry(frames);
    }

    /** Sets member bend ranges only where they change, so plain GM use sends nothing. */
    private void sendMpeConfiguration(GervillSink e) {
        int members = (int) parameters().value(P_MPE_MEMBERS);
        int range = (int) parameters().value(P_MPE_RANGE);
        for (int ch = 1; ch < 16; ch++) {
            int was = ch <= mpeSent ? mpeSentRange : 2;
            int now = ch <= members ? range : 2;
            if (was != now) {
                setBendRange(e, ch, now);
            }
        }
        mpeSent = members;
        mpeSentRange = range;
    }

    private static void setBendRange(GervillSink e, int ch, int semitones) {
        int cc = 0xB0 | ch;
        e.send(0, cc, 101, 0);
        e.send(0, cc, 100, 0);
        e.send(0, cc, 6, semitones);
        e.send(0, cc, 38, 0);
        e.send(0, cc, 101, 127);
        e.send(0, cc, 100, 127);
    }

    /** @thread main */
    @Override
    protected void writeState(NodeState state) {
        GervillSettings s = settings;
        state.putData("soundbank", s.soundbank() == null ? "default" : s.soundbank().toString());
        state.putData("loadDefaultBank", Boolean.toString(s.loadDefaultBank()));
        state.putData("blockFrames", Integer.toString(s.blockFrames()));
        state.putData("interpolation", s.interpolation());
        state.putData("polyphony", Integer.toString(s.maxPolyphony()));
        state.putData("reverb", Boolean.toString(s.reverb()));
        state.putData("lightReverb", Boolean.toString(s.lightReverb()));
        state.putData("chorus", Boolean.toString(s.chorus()));
        state.putData("autoGainControl", Boolean.toString(s.autoGainControl()));
        state.putData("largeMode", Boolean.toString(s.largeMode()));
        state.putData("alignedCycles", Boolean.toString(alignedCycles));
    }

    private record Checked(GervillSettings settings, boolean aligned) {
    }

    /** @thread main */
    @Override
    protected Object readState(NodeState state) {
        try {
            String bank = state.requireData("soundbank");
            Path bankPath = "default".equals(bank) ? null : Paths.get(bank);
            GervillSettings s = new GervillSettings(settings.sampleRate(),
                    parseInt(state, "blockFrames"), state.requireData("interpolation"), parseInt(state, "polyphony"),
                    parseBool(state, "reverb"), parseBool(state, "lightReverb"), parseBool(state, "chorus"),
                    parseBool(state, "autoGainControl"), parseBool(state, "largeMode"), bankPath,
                    bankPath == null || parseBool(state, "loadDefaultBank"));
            return new Checked(s, parseBool(state, "alignedCycles"));
        } catch (IllegalArgumentException ex) {
            if (ex instanceof StateFormatException) {
                throw ex;
            }
            throw new StateFormatException("state of '" + ID + "': " + ex.getMessage());
        }
    }

    private static int parseInt(NodeState state, String key) {
        String v = state.requireData(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new StateFormatException("state of '" + ID + "': data." + key + " = '" + v + "' is not an integer");
        }
    }

    private static boolean parseBool(NodeState state, String key) {
        String v = state.requireData(key);
        if (!"true".equals(v) && !"false".equals(v)) {
            throw new StateFormatException("state of '" + ID + "': data." + key + " = '" + v + "' is not true/false");
        }
        return Boolean.parseBoolean(v);
    }

    /** @thread main */
    @Override
    protected void applyState(Object checked) {
        Checked c = (Checked) checked;
        this.settings = c.settings();
        this.alignedCycles = c.aligned();
        if (!isActive()) {
            this.latency = GervillEngine.requiredLatency(c.settings().blockFrames(), c.aligned());
        }
    }

    /** Gervill renders through {@link #process}; sub-block rendering is not used. @thread render */
    @Override
    protected void render(ProcessContext ctx, int from, int to) {
    }
}
