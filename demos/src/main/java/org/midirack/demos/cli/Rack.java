package org.midirack.demos.cli;

import org.midirack.core.EventList;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.Node;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.hosting.CycleContext;
import org.midirack.core.hosting.ManyToOneEventFifo;
import org.midirack.core.hosting.RemoteMailbox;
import org.midirack.core.hosting.TransportState;
import java.util.ArrayList;
import java.util.List;

import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.Track;

import org.midirack.demos.melody.MelodyEvents;
import org.midirack.demos.melody.MelodyTempoMap;
import org.midirack.host.audio.AudioOutputInfo;
import org.midirack.host.audio.AudioRenderer;
import org.midirack.host.mapping.MidiMappingResolver;
import org.midirack.host.mapping.MidiMappingSink;

/**
 * The small host the command line renders through until the full {@code org.midirack.host} engine
 * is wired in (switching is this one class): a sequence schedule and a live-input FIFO feed one
 * many-to-one event FIFO; the drained events go through an optional chain of MIDI processors
 * (music effects, for the channels in a mask), then to the instrument (and channel 10 to a drum
 * machine when there is one); the instrument's audio goes through a chain of audio effects to the
 * output. A transport follows the sequence's tempo map and plays from beat 0 at frame 0.
 *
 * <p>Nodes are numbered in signal order from 0 (MIDI effects, instrument, drums, audio effects);
 * each has its own parameter FIFO, so a MIDI mapping (or anything else) can change a parameter of
 * any node at a frame offset ({@link #offerParam}): the rack is a {@link MidiMappingSink} and
 * {@link MidiMappingResolver}.
 *
 * <p>{@link #render} allocates nothing: every buffer is taken in the constructor.
 */
final class Rack implements AudioRenderer, AutoCloseable, MidiMappingSink, MidiMappingResolver {

    /** A node with its own context, and its parameter changes at offsets. */
    private static final class Slot {
        final Node node;
        final CycleContext ctx;
        final ManyToOneEventFifo params = new ManyToOneEventFifo(1024);
        final MidiEventBuffer merged = new MidiEventBuffer(8192 + 1024);

        Slot(Node node, int maxFrames) {
            this.node = node;
            this.ctx = new CycleContext(node.descriptor(), maxFrames, 1024);
            if (node.descriptor().audioInputPorts() > 0) {
                ctx.setInputConnected(0, true);
            }
        }

        /** This cycle's events for the node: {@code events} plus its parameter changes, in offset order. */
        EventList withParams(EventList events, int frames) {
            EventList p = params.drain(frames);
            if (p.size() == 0) {
                return events;
            }
            merged.clear();
            if (events != null) {
                merged.addAll(events, 0);
            }
            merged.addAll(p, 0);
            return merged;
        }
    }

    private final double sampleRate;
    private final int maxFrames;
    private final Slot instrument;
    private final Slot drums;
    private final Slot[] midiFx;
    private final Slot[] audioFx;
    private final int fxChannelMask;
    private final ManyToOneEventFifo fifo;
    private final TransportState transport = new TransportState();
    private final RemoteMailbox remote = new RemoteMailbox();
    private final MidiEventBuffer toFx;
    private final MidiEventBuffer toInstrument;
    private final MidiEventBuffer toDrums;
    private final float[][] mix;
    private final Slot[] all;

    /** A song's events at absolute frames, sorted, and its tempo segments; immutable once built. */
    private static final class Schedule {
        final long[] frame;
        final int[] msg;
        final int count;
        final long[] tempoFrame;
        final double[] tempoBeat;
        final double[] tempoBpm;
        final int tempoSegments;

        Schedule(long[] frame, int[] msg, int count, long[] tempoFrame, double[] tempoBeat, double[] tempoBpm) {
            this.frame = frame;
            this.msg = msg;
            this.count = count;
            this.tempoFrame = tempoFrame;
            this.tempoBeat = tempoBeat;
            this.tempoBpm = tempoBpm;
            this.tempoSegments = tempoFrame.length;
        }
    }

    private static final Schedule EMPTY = new Schedule(new long[0], new int[0], 0, new long[] {0}, new double[] {0},
            new double[] {120});

    private volatile Schedule schedule = EMPTY;
    private volatile Schedule pending;
    private int schedNext;
    private volatile long pendingLocate = -1;
    private volatile long loopStart = -1;
    private volatile long loopEnd = -1;

    private long position;
    private volatile boolean playing = true;
    private volatile boolean recording;
    private boolean wasPlaying;

    // stats (written by the render thread, read after it stopped or racily for display)
    private volatile long cycles;
    private volatile long maxNanos;
    private volatile long sumNanos;
    private volatile double maxLoad;
    private volatile double sumLoad;

    /**
     * Activates every node at this rate and block size.
     *
     * @param instrument    the instrument (required)
     * @param drums         the node for channel 10, or null to send channel 10 to the instrument
     * @param midiFx        music effects in order, fed the events of the channels in {@code fxChannelMask}
     * @param audioFx       audio effects in order
     * @param fxChannelMask bit c set: MIDI channel c+1 goes through {@code midiFx}
     * @thread main
     */
    Rack(double sampleRate, int maxFrames, Node instrument, Node drums, List<Node> midiFx, List<Node> audioFx,
         int fxChannelMask) {
        this.sampleRate = sampleRate;
        this.maxFrames = maxFrames;
        List<Node> activated = new ArrayList<>();
        try {
            this.instrument = activate(instrument, activated);
            this.drums = drums == null ? null : activate(drums, activated);
            this.midiFx = new Slot[midiFx.size()];
            for (int i = 0; i < midiFx.size(); i++) {
                midiFx.get(i).descriptor().requireMidiIn();
                this.midiFx[i] = activate(midiFx.get(i), activated);
            }
            this.audioFx = new Slot[audioFx.size()];
            for (int i = 0; i < audioFx.size(); i++) {
                audioFx.get(i).descriptor().requireAudioIn(0);
                this.audioFx[i] = activate(audioFx.get(i), activated);
            }
        } catch (RuntimeException e) {
            for (Node n : activated) {
                n.deactivate();
            }
            throw e;
        }
        this.fxChannelMask = fxChannelMask;
        this.fifo = new ManyToOneEventFifo(16384);
        this.toFx = new MidiEventBuffer(8192);
        this.toInstrument = new MidiEventBuffer(8192);
        this.toDrums = new MidiEventBuffer(8192);
        this.mix = new float[2][maxFrames];
        List<Slot> order = new ArrayList<>(List.of(this.midiFx));
        order.add(this.instrument);
        if (this.drums != null) {
            order.add(this.drums);
        }
        order.addAll(List.of(this.audioFx));
        this.all = order.toArray(new Slot[0]);
        transport.set(sampleRate, maxFrames, 120, 0, 0);
        transport.setAvailable(true);
        transport.setTimeSignature(4, 4, 0);
    }

    private Slot activate(Node node, List<Node> activated) {
        node.activate(sampleRate, maxFrames);
        activated.add(node);
        return new Slot(node, maxFrames);
    }

    /** @thread any */
    double sampleRate() {
        return sampleRate;
    }

    /** @thread any */
    int maxFrames() {
        return maxFrames;
    }

    /** Frames rendered so far. @thread any (racy) */
    long position() {
        return position;
    }

    /** The FIFO live MIDI goes into (offset 0 = the next cycle). @thread any */
    ManyToOneEventFifo fifo() {
        return fifo;
    }

    /** The instrument. @thread any */
    Node instrument() {
        return instrument.node;
    }

    /** How many nodes the rack hosts. @thread any */
    int nodeCount() {
        return all.length;
    }

    /** Node {@code i} in signal order (the order of {@link #nodeNames()}), from 0. @thread any */
    Node node(int i) {
        return all[i].node;
    }

    /** The parameters of node {@code i}, or null when there is no such node. @thread any */
    @Override
    public List<ParamDescriptor> params(int node) {
        return node >= 0 && node < all.length ? all[node].node.descriptor().params() : null;
    }

    /**
     * Offers a parameter change to node {@code node} at a frame offset from the start of the next
     * cycle (live input: the next cycle; carried like any event when past it).
     * @return false for an unknown node or a full FIFO
     * @thread any (lock-free, allocation-free)
     */
    @Override
    public boolean offerParam(int node, int offset, int paramIndex, float value) {
        return node >= 0 && node < all.length && all[node].params.offerParam(offset, paramIndex, value);
    }

    /** The node for channel 10, or null. @thread any */
    Node drums() {
        return drums == null ? null : drums.node;
    }

    /** The MIDI effects in chain order. @thread any */
    List<Node> midiEffects() {
        List<Node> out = new ArrayList<>(midiFx.length);
        for (Slot s : midiFx) {
            out.add(s.node);
        }
        return out;
    }

    /** The audio effects in chain order. @thread any */
    List<Node> audioEffects() {
        List<Node> out = new ArrayList<>(audioFx.length);
        for (Slot s : audioFx) {
            out.add(s.node);
        }
        return out;
    }

    /** Bit c set: MIDI channel c+1 goes through the MIDI effects. @thread any */
    int fxChannelMask() {
        return fxChannelMask;
    }

    /** Names of the hosted nodes in signal order, for display. @thread main */
    List<String> nodeNames() {
        List<String> out = new ArrayList<>();
        for (Slot s : midiFx) {
            out.add(s.node.descriptor().id() + " (MIDI, " + s.node.descriptor().kind() + ")");
        }
        out.add(instrument.node.descriptor().id() + " (" + instrument.node.descriptor().kind() + ")");
        if (drums != null) {
            out.add(drums.node.descriptor().id() + " (channel 10, " + drums.node.descriptor().kind() + ")");
        }
        for (Slot s : audioFx) {
            out.add(s.node.descriptor().id() + " (audio, " + s.node.descriptor().kind() + ")");
        }
        return out;
    }

    /**
     * Latency of the signal path: the longest MIDI-effect chain plus the instrument, plus the audio
     * effects. Output frame f + latency carries the event scheduled at f.
     * @thread any
     */
    int latencyFrames() {
        int m = 0;
        for (Slot s : midiFx) {
            m += s.node.latencyFrames();
        }
        int inst = instrument.node.latencyFrames();
        if (drums != null) {
            inst = Math.max(inst, drums.node.latencyFrames());
        }
        int a = 0;
        for (Slot s : audioFx) {
            a += s.node.latencyFrames();
        }
        return m + inst + a;
    }

    /** Longest release tail of the hosted nodes, in seconds. @thread any */
    double tailSeconds() {
        double t = instrument.node.tailSeconds();
        if (drums != null) {
            t = Math.max(t, drums.node.tailSeconds());
        }
        for (Slot s : audioFx) {
            t += s.node.tailSeconds();
        }
        return t;
    }

    /**
     * Replaces the schedule with the channel events of a sequence (frame 0 = the sequence start)
     * and the transport's tempo map with its tempo changes.
     *
     * @param programOverride a program 0..127 sent to every channel but 10 at frame 0 instead of
     *                        the sequence's own program changes, or -1
     * @return the frame of the sequence's end (its length)
     * @thread main (before rendering, or with rendering stopped)
     */
    long load(Sequence sequence, int programOverride) {
        MelodyEvents events = MelodyEvents.of(sequence, sampleRate);
        int n = events.size() + (programOverride >= 0 ? 15 : 0);
        long[] frames = new long[n];
        int[] msgs = new int[n];
        int k = 0;
        if (programOverride >= 0) {
            for (int ch = 0; ch < 16; ch++) {
                if (ch != 9) {
                    frames[k] = 0;
                    msgs[k++] = pack(0xC0 | ch, programOverride, 0);
                }
            }
        }
        long last = 0;
        for (MelodyEvents.Event e : events) {
            if (programOverride >= 0 && e.command() == 0xC0 && e.channel() != 10) {
                continue;
            }
            frames[k] = e.frame();
            msgs[k++] = pack(e.status(), e.data1(), e.data2());
            last = Math.max(last, e.frame());
        }
        pending = tempo(sequence, events.tempoMap(), frames, msgs, k);
        return Math.max(events.lengthFrames(), last);
    }

    private Schedule tempo(Sequence sequence, MelodyTempoMap map, long[] frames, int[] msgs, int count) {
        List<long[]> ticks = new ArrayList<>();
        for (Track t : sequence.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                if (e.getMessage() instanceof MetaMessage m && m.getType() == 0x51) {
                    ticks.add(new long[] {e.getTick()});
                }
            }
        }
        ticks.sort((a, b) -> Long.compare(a[0], b[0]));
        int n = ticks.size() + 1;
        long[] tf = new long[n];
        double[] tb = new double[n];
        double[] bpm = new double[n];
        double ppq = sequence.getDivisionType() == Sequence.PPQ ? sequence.getResolution() : 480;
        bpm[0] = map.bpmAt(0);
        int k = 1;
        for (long[] t : ticks) {
            tf[k] = map.frameAt(t[0], sampleRate);
            tb[k] = t[0] / ppq;
            bpm[k] = map.bpmAt(t[0]);
            k++;
        }
        return new Schedule(frames, msgs, count, tf, tb, bpm);
    }

    /** The frame at which a beat (quarter notes from the song start) falls in the loaded song. @thread any */
    long frameOfBeat(double beat) {
        Schedule sc = pending != null ? pending : schedule;
        int s = 0;
        while (s + 1 < sc.tempoSegments && sc.tempoBeat[s + 1] <= beat) {
            s++;
        }
        return sc.tempoFrame[s] + Math.round((beat - sc.tempoBeat[s]) * 60.0 / sc.tempoBpm[s] * sampleRate);
    }

    /** Loops [startFrame, endFrame) while playing; endFrame &lt;= startFrame turns the loop off. @thread any */
    void setLoop(long startFrame, long endFrame) {
        if (endFrame <= startFrame) {
            loopEnd = -1;
            loopStart = -1;
        } else {
            loopStart = startFrame;
            loopEnd = endFrame;
        }
    }

    /** Loop start and end frames, or -1 when off. @thread any */
    long[] loop() {
        return new long[] {loopStart, loopEnd};
    }

    /** Moves the song position at the next cycle (All Notes Off first). @thread any */
    void requestLocate(long frame) {
        pendingLocate = Math.max(0, frame);
    }

    private static int pack(int status, int d1, int d2) {
        return (status & 0xFF) << 16 | (d1 & 0xFF) << 8 | (d2 & 0xFF);
    }

    /** Starts or stops the transport (and the schedule) from the next cycle. @thread any */
    void setPlaying(boolean on) {
        playing = on;
    }

    /** Sets the transport's recording flag. @thread any */
    void setRecording(boolean on) {
        recording = on;
    }

    /** @thread any */
    boolean playing() {
        return playing;
    }

    /** The tempo at the current position. @thread any (racy) */
    double tempo() {
        Schedule p = pending;
        Schedule sc = p != null ? p : schedule;
        return sc.tempoBpm[segmentAt(sc, position)];
    }

    /** Beat (quarter notes from the sequence start) at the current position. @thread any (racy) */
    double beat() {
        return beatAt(position);
    }

    private static int segmentAt(Schedule sc, long frame) {
        int s = 0;
        while (s + 1 < sc.tempoSegments && sc.tempoFrame[s + 1] <= frame) {
            s++;
        }
        return s;
    }

    private double beatAt(long frame) {
        Schedule sc = schedule;
        int s = segmentAt(sc, frame);
        return sc.tempoBeat[s] + (frame - sc.tempoFrame[s]) * sc.tempoBpm[s] / 60.0 / sampleRate;
    }

    /**
     * Moves the song position (rewind, loop); sends All Notes Off on every channel first.
     * @thread render (between cycles) or main while stopped
     */
    private void locate(long frame) {
        fifo.clear();
        for (int ch = 0; ch < 16; ch++) {
            fifo.offer(0, 0xB0 | ch, 123, 0);
        }
        position = Math.max(0, frame);
        seek();
    }

    private void seek() {
        Schedule sc = schedule;
        schedNext = 0;
        while (schedNext < sc.count && sc.frame[schedNext] < position) {
            schedNext++;
        }
    }

    /** Renders and drops {@code frames} frames in cycles of the block size: the latency pre-roll. @thread main */
    void skip(long frames) {
        float[][] scratch = new float[2][maxFrames];
        while (frames > 0) {
            int n = (int) Math.min(maxFrames, frames);
            render(scratch, n);
            frames -= n;
        }
    }

    /**
     * Renders {@code frames} frames with the transport stopped and the schedule held, then
     * rewinds to frame 0: warms the code paths up before a real-time output starts.
     * @thread main (before the output starts)
     */
    void warmUp(long frames) {
        boolean was = playing;
        playing = false;
        float[][] scratch = new float[2][maxFrames];
        for (long done = 0; done < frames; done += maxFrames) {
            render(scratch, maxFrames);
        }
        position = 0;
        wasPlaying = false;
        cycles = 0;
        sumNanos = 0;
        sumLoad = 0;
        maxNanos = 0;
        maxLoad = 0;
        playing = was;
    }

    /** @thread render */
    @Override
    public void open(AudioOutputInfo info) {
        // the rack was built for the rate and block the caller asked for; nothing to change
    }

    /**
     * Renders one cycle into {@code out} (channels × frames); cycles longer than the block size
     * are rendered in several sub-cycles.
     * @thread render
     */
    @Override
    public void render(float[][] out, int frames) {
        int done = 0;
        while (done < frames) {
            int n = Math.min(maxFrames, frames - done);
            long t0 = System.nanoTime();
            cycle(n);
            long dt = System.nanoTime() - t0;
            for (int c = 0; c < out.length; c++) {
                System.arraycopy(mix[Math.min(c, 1)], 0, out[c], done, n);
            }
            done += n;
            double load = dt / (n * 1e9 / sampleRate);
            cycles = cycles + 1;
            sumNanos = sumNanos + dt;
            sumLoad = sumLoad + load;
            if (dt > maxNanos) {
                maxNanos = dt;
            }
            if (load > maxLoad) {
                maxLoad = load;
            }
        }
    }

    private void cycle(int frames) {
        Schedule next = pending;
        if (next != null) {
            pending = null;
            schedule = next;
            seek();
        }
        long to = pendingLocate;
        if (to >= 0) {
            pendingLocate = -1;
            locate(to);
        }
        boolean play = playing;
        long le = loopEnd;
        if (play && le > 0 && position >= le) {
            locate(loopStart);
        }
        Schedule sc = schedule;
        if (play) {
            long horizon = position + 2L * maxFrames;
            if (le > 0 && horizon > le) {
                horizon = le; // events past the loop end wait for the next pass
            }
            while (schedNext < sc.count && sc.frame[schedNext] < horizon) {
                int m = sc.msg[schedNext];
                if (!fifo.offer((int) (sc.frame[schedNext] - position), m >>> 16, (m >>> 8) & 0xFF, m & 0xFF)) {
                    break; // full: the rest goes next cycle
                }
                schedNext++;
            }
        } else if (wasPlaying) {
            for (int ch = 0; ch < 16; ch++) {
                fifo.offer(0, 0xB0 | ch, 123, 0);
            }
        }
        int s = segmentAt(sc, position);
        transport.set(sampleRate, frames, sc.tempoBpm[s], beatAt(position), position);
        transport.setState(play, recording, play != wasPlaying);
        wasPlaying = play;

        EventList ev = fifo.drain(frames);
        toFx.clear();
        toInstrument.clear();
        toDrums.clear();
        for (int i = 0; i < ev.size(); i++) {
            int ch = ev.isMidi(i) && ev.status(i) < 0xF0 ? ev.status(i) & 0x0F : -1;
            if (ch >= 0 && midiFx.length > 0 && (fxChannelMask & (1 << ch)) != 0) {
                toFx.addData(ev.offset(i), ev.data(i));
            } else if (ch == 9 && drums != null) {
                toDrums.addData(ev.offset(i), ev.data(i));
            } else {
                toInstrument.addData(ev.offset(i), ev.data(i));
            }
        }
        EventList chain = toFx;
        for (Slot fx : midiFx) {
            fx.ctx.begin(frames, fx.withParams(chain, frames), transport, remote);
            fx.node.process(fx.ctx);
            fx.ctx.end();
            chain = fx.ctx.midiOut();
        }
        if (midiFx.length > 0) {
            for (int i = 0; i < chain.size(); i++) {
                int off = Math.min(Math.max(chain.offset(i), 0), frames - 1);
                int ch = chain.isMidi(i) && chain.status(i) < 0xF0 ? chain.status(i) & 0x0F : -1;
                if (ch == 9 && drums != null) {
                    toDrums.add(off, chain.status(i), chain.data1(i), chain.data2(i));
                } else {
                    toInstrument.addData(off, chain.data(i));
                }
            }
        }
        instrument.ctx.begin(frames, instrument.withParams(toInstrument, frames), transport, remote);
        instrument.node.process(instrument.ctx);
        instrument.ctx.end();
        float[][] io = instrument.ctx.outputs(0);
        for (int c = 0; c < 2; c++) {
            System.arraycopy(io[Math.min(c, io.length - 1)], 0, mix[c], 0, frames);
        }
        if (drums != null) {
            drums.ctx.begin(frames, drums.withParams(toDrums, frames), transport, remote);
            drums.node.process(drums.ctx);
            drums.ctx.end();
            float[][] d = drums.ctx.outputs(0);
            for (int c = 0; c < 2; c++) {
                float[] src = d[Math.min(c, d.length - 1)];
                float[] dst = mix[c];
                for (int i = 0; i < frames; i++) {
                    dst[i] += src[i];
                }
            }
        }
        for (Slot fx : audioFx) {
            fx.ctx.begin(frames, fx.withParams(null, frames), transport, remote);
            float[][] in = fx.ctx.inputs(0);
            for (int c = 0; c < in.length; c++) {
                System.arraycopy(mix[Math.min(c, 1)], 0, in[c], 0, frames);
            }
            fx.node.process(fx.ctx);
            fx.ctx.end();
            float[][] o = fx.ctx.outputs(0);
            for (int c = 0; c < 2; c++) {
                System.arraycopy(o[Math.min(c, o.length - 1)], 0, mix[c], 0, frames);
            }
        }
        if (play) {
            position += frames; // the song position holds while the transport is stopped
        }
    }

    /** Largest render time so far as a fraction of the cycle period. @thread any (racy) */
    double maxLoad() {
        return maxLoad;
    }

    /** Mean render time so far as a fraction of the cycle period. @thread any (racy) */
    double meanLoad() {
        long n = cycles;
        return n == 0 ? 0 : sumLoad / n;
    }

    /** A one-line summary of the render load and the event counters. @thread main */
    String statsLine(long underruns, long glitches) {
        long n = cycles;
        double meanLoad = n == 0 ? 0 : sumLoad / n;
        return String.format(java.util.Locale.ROOT,
                "stats: cycles %d, render time max %.3f mean %.3f of the cycle period (max %.1f µs), underruns %d,"
                        + " events late %d carried %d dropped %d, glitches %d",
                n, maxLoad, meanLoad, maxNanos / 1000.0, underruns, fifo.late(), fifo.carried(), fifo.dropped(),
                glitches);
    }

    /** Deactivates every node. @thread main (render thread stopped) */
    @Override
    public void close() {
        for (Slot s : midiFx) {
            s.node.deactivate();
        }
        instrument.node.deactivate();
        if (drums != null) {
            drums.node.deactivate();
        }
        for (Slot s : audioFx) {
            s.node.deactivate();
        }
    }
}
