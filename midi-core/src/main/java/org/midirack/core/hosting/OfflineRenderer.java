package org.midirack.core.hosting;

import org.midirack.core.EventList;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.MidiMessages;
import org.midirack.core.Node;
import org.midirack.core.RemoteRequest;
import org.midirack.core.sync.HostSync;
import java.util.Arrays;

/**
 * Renders a node offline, faster than real time, with no sound card: the smallest host there
 * is, for tests and for users' own scripts. Events are scheduled at absolute frames; each cycle
 * they are offered into the node's {@link ManyToOneEventFifo} up to two cycles ahead (so the
 * carry path is exercised) and the node renders the cycle through a {@link ProcessContext}. A
 * simple transport runs at a fixed tempo from a start beat when {@link #play} was called, and
 * holds the beat where it stood when stopped.
 *
 * <p>Remote control: the node's {@link RemoteControl} requests are applied as the host applies
 * them, at the next cycle boundary, so the change is visible in the next cycle's transport:
 * rewind (beat 0 from that cycle's first frame, playing or not), then toggle play (a stop keeps
 * the beat where it stopped, a start plays on from it), then toggle record. Requests of one cycle
 * merge into one. Latency reports are taken and dropped (this renderer compensates nothing).
 *
 * <p>{@link #renderCycle(int)} allocates nothing; arrays for whole renders are made up front.
 */
public final class OfflineRenderer implements AutoCloseable {
    private final Node node;
    private final double sampleRate;
    private final int maxFrames;
    private final ManyToOneEventFifo fifo;
    private final CycleContext ctx;
    private final TransportState transport = new TransportState();
    private final RemoteMailbox remote = new RemoteMailbox();

    private long[] schedFrame = new long[64];
    private long[] schedData = new long[64];
    private int schedCount;
    private int schedNext;

    private float[][] inputSignal;
    private long position;
    private boolean playing;
    private boolean wasPlaying;
    private boolean recording;
    private boolean wasRecording;
    private double tempo = 120;
    private double anchorBeat;   // beat at anchorFrame; while stopped, the beat
    private long anchorFrame;

    private long[] outFrames = new long[0];
    private long[] outData = new long[0];
    private int outCount;

    /**
     * Activates the node at this rate and block size.
     * @thread main
     */
    public OfflineRenderer(Node node, double sampleRate, int maxFrames) {
        this(node, sampleRate, maxFrames, 4096);
    }

    /** @thread main */
    public OfflineRenderer(Node node, double sampleRate, int maxFrames, int fifoCapacity) {
        this.node = node;
        this.sampleRate = sampleRate;
        this.maxFrames = maxFrames;
        this.fifo = new ManyToOneEventFifo(fifoCapacity);
        this.ctx = new CycleContext(node.descriptor(), maxFrames, 1024);
        transport.set(sampleRate, maxFrames, tempo, 0, 0);
        transport.setAvailable(true);
        if (!node.isActive()) {
            node.activate(sampleRate, maxFrames);
        }
    }

    /** @thread any */
    public Node node() {
        return node;
    }

    /** The node's FIFO, for producers on other threads. @thread any */
    public ManyToOneEventFifo fifo() {
        return fifo;
    }

    /** @thread main */
    public CycleContext context() {
        return ctx;
    }

    /** The transport of the last cycle. @thread main */
    public TransportState transport() {
        return transport;
    }

    /** @thread main */
    public RemoteMailbox remote() {
        return remote;
    }

    /** Frames rendered so far. @thread main */
    public long position() {
        return position;
    }

    /**
     * Schedules a short message at an absolute frame (from the first rendered frame).
     * @thread main
     * @throws IllegalArgumentException for invalid bytes or a frame before the current position
     */
    public OfflineRenderer schedule(long frame, int status, int data1, int data2) {
        MidiMessages.check(status, data1, data2);
        int len = MidiMessages.dataLength(status);
        return scheduleData(frame, EventList.midiData(status, len >= 1 ? data1 : 0, len >= 2 ? data2 : 0));
    }

    /** Schedules a parameter change at an absolute frame. @thread main */
    public OfflineRenderer scheduleParam(long frame, int index, float value) {
        return scheduleData(frame, EventList.paramData(index, value));
    }

    private OfflineRenderer scheduleData(long frame, long data) {
        if (frame < position) {
            throw new IllegalArgumentException("frame " + frame + " is before the render position " + position);
        }
        if (schedCount == schedFrame.length) {
            schedFrame = Arrays.copyOf(schedFrame, schedCount * 2);
            schedData = Arrays.copyOf(schedData, schedCount * 2);
        }
        int i = schedCount; // insertion keeps the schedule sorted and stable
        while (i > schedNext && schedFrame[i - 1] > frame) {
            schedFrame[i] = schedFrame[i - 1];
            schedData[i] = schedData[i - 1];
            i--;
        }
        schedFrame[i] = frame;
        schedData[i] = data;
        schedCount++;
        return this;
    }

    /** Feeds a whole input signal to audio input port 0 (effects); beyond its end, silence. @thread main */
    public OfflineRenderer input(float[][] signal) {
        this.inputSignal = signal;
        return this;
    }

    /** Sets the tempo of the transport from the next cycle on. @thread main */
    public OfflineRenderer tempo(double bpm) {
        anchorBeat = beatAt(position); // as the host: the beat goes on from where it is, at the new rate
        anchorFrame = position;
        this.tempo = bpm;
        return this;
    }

    /** Starts the transport at the next cycle from {@code beat} (may be negative for pre-roll). @thread main */
    public OfflineRenderer play(double beat) {
        this.playing = true;
        this.anchorBeat = beat;
        this.anchorFrame = position;
        return this;
    }

    /** Stops the transport at the next cycle; the beat stays where it stopped. @thread main */
    public OfflineRenderer stop() {
        if (playing) {
            anchorBeat = beatAt(position);
            anchorFrame = position;
            playing = false;
        }
        return this;
    }

    private double beatAt(long frame) {
        return playing ? anchorBeat + (frame - anchorFrame) * HostSync.beatsPerFrame(tempo, sampleRate) : anchorBeat;
    }

    /** The node's remote requests of the last cycle, applied at this boundary as the host does. */
    private void applyRemoteRequests() {
        int bits = remote.takeRequests();
        remote.takeLatencyReport();
        if (bits == 0) {
            return;
        }
        if (RemoteMailbox.has(bits, RemoteRequest.REWIND)) {
            anchorBeat = 0;
            anchorFrame = position;
        }
        if (RemoteMailbox.has(bits, RemoteRequest.TOGGLE_PLAY)) {
            if (playing) {
                stop();
            } else {
                anchorFrame = position;
                playing = true;
            }
        }
        if (RemoteMailbox.has(bits, RemoteRequest.TOGGLE_RECORD)) {
            recording = !recording;
        }
    }

    /** Keeps the node's MIDI output of up to {@code capacity} events, at absolute frames. @thread main */
    public OfflineRenderer collectMidiOut(int capacity) {
        outFrames = new long[capacity];
        outData = new long[capacity];
        outCount = 0;
        return this;
    }

    /** @thread main */
    public int midiOutCount() {
        return outCount;
    }

    /** @thread main */
    public long midiOutFrame(int i) {
        return outFrames[i];
    }

    /** @thread main */
    public long midiOutData(int i) {
        return outData[i];
    }

    /**
     * Renders {@code totalFrames} frames in cycles of {@code cycleFrames} (the last one shorter)
     * and returns output port 0, channels × frames.
     * @thread main (acts as the render thread)
     */
    public float[][] render(int totalFrames, int cycleFrames) {
        return render(totalFrames, new int[] {cycleFrames});
    }

    /**
     * Renders with cycle sizes taken in turn from {@code cycleSizes}.
     * @thread main (acts as the render thread)
     */
    public float[][] render(int totalFrames, int[] cycleSizes) {
        int channels = node.descriptor().audioOutputPorts() > 0 ? node.descriptor().audioOutputChannels(0) : 0;
        float[][] out = new float[channels][totalFrames];
        int done = 0;
        int k = 0;
        while (done < totalFrames) {
            int n = Math.min(Math.min(cycleSizes[k++ % cycleSizes.length], maxFrames), totalFrames - done);
            renderCycle(n);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(ctx.output(0, c), 0, out[c], done, n);
            }
            done += n;
        }
        return out;
    }

    /**
     * Renders one cycle of {@code frames} frames; the output is in {@link #context()}.
     * Allocation-free.
     * @thread main (acts as the render thread)
     */
    public void renderCycle(int frames) {
        long horizon = position + 2L * maxFrames;
        while (schedNext < schedCount && schedFrame[schedNext] < horizon) {
            long off = schedFrame[schedNext] - position;
            long d = schedData[schedNext];
            boolean ok;
            if ((d >>> 56) == EventList.TYPE_PARAM) {
                ok = fifo.offerParam((int) off, (int) (d >>> 32) & 0xFFFF, Float.intBitsToFloat((int) d));
            } else {
                ok = fifo.offer((int) off, (int) (d >>> 16) & 0xFF, (int) (d >>> 8) & 0xFF, (int) d & 0xFF);
            }
            if (!ok) {
                break; // full: try again next cycle
            }
            schedNext++;
        }
        applyRemoteRequests();
        boolean changed = playing != wasPlaying || recording != wasRecording;
        wasPlaying = playing;
        wasRecording = recording;
        transport.set(sampleRate, frames, tempo, beatAt(position), position);
        transport.setState(playing, recording, changed);
        EventList ev = fifo.drain(frames);
        if (inputSignal != null && ctx.descriptor().audioInputPorts() > 0) {
            float[][] in = ctx.inputs(0);
            for (int c = 0; c < in.length; c++) {
                float[] src = inputSignal[Math.min(c, inputSignal.length - 1)];
                for (int i = 0; i < frames; i++) {
                    long p = position + i;
                    in[c][i] = p < src.length ? src[(int) p] : 0f;
                }
            }
        }
        ctx.begin(frames, ev, transport, remote);
        node.process(ctx);
        ctx.end();
        MidiEventBuffer mo = ctx.midiOut();
        for (int i = 0; i < mo.size() && outCount < outFrames.length; i++) {
            outFrames[outCount] = position + mo.offset(i);
            outData[outCount] = mo.data(i);
            outCount++;
        }
        position += frames;
    }

    /** Deactivates the node. @thread main */
    @Override
    public void close() {
        node.deactivate();
    }
}
