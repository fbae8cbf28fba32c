package org.midirack.host;

import org.midirack.core.AbstractNode;
import org.midirack.core.EventList;
import org.midirack.core.MidiMessages;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import org.midirack.core.RemoteRequest;
import org.midirack.core.Transport;
import org.midirack.core.sync.HostSync;
import java.util.List;
import java.util.concurrent.Semaphore;

/** Small, real nodes for the host tests. */
final class TestNodes {

    /** A node with nothing to activate, reset or render; test nodes override what they need. */
    abstract static class Stub extends AbstractNode {
        Stub(NodeDescriptor descriptor) {
            super(descriptor);
        }

        @Override
        public void reset() {
        }

        @Override
        protected void onActivate(double sampleRate, int maxFrames) {
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
        }
    }

    private TestNodes() {
    }

    static NodeDescriptor desc(String id, NodeKind kind, int[] ins, int[] outs, boolean midiOut) {
        return new NodeDescriptor(id, id, kind, "test", "1", ins, outs, midiOut, true, List.of());
    }

    /** A generator writing a constant on every channel of every output port; counts its cycles. */
    static class Const extends Stub {
        final float[] values;
        volatile long calls;
        volatile long frames;

        Const(String id, float... portValues) {
            this(id, 1, portValues);
        }

        Const(String id, int channels, float... portValues) {
            super(desc(id, NodeKind.GENERATOR, new int[0], ports(portValues.length, channels), false));
            this.values = portValues;
        }

        private static int[] ports(int n, int ch) {
            int[] p = new int[n];
            java.util.Arrays.fill(p, ch);
            return p;
        }

        @Override
        protected void beginCycle(ProcessContext ctx) {
            calls = calls + 1;
            frames = frames + ctx.frames();
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
            for (int p = 0; p < values.length; p++) {
                for (float[] ch : ctx.outputs(p)) {
                    java.util.Arrays.fill(ch, from, to, values[p]);
                }
            }
        }
    }

    /**
     * An instrument writing {@code velocity / 127} on the frame of each note-on, delayed by a real
     * delay line of {@code latency} frames (which it reports); records when each event came
     * (sample position + offset) and can echo every note on its MIDI output {@code shift} frames
     * later, transposed by {@code transpose}.
     */
    static class Impulse extends AbstractNode {
        final int latency;
        int shift;
        int transpose;
        float[] line;
        int w;
        final long[] eventFrames = new long[64];
        final int[] eventMessages = new int[64];
        volatile int eventCount;

        Impulse(String id, int latency, boolean midiOut) {
            super(desc(id, NodeKind.INSTRUMENT, new int[0], new int[] {1}, midiOut));
            this.latency = latency;
        }

        @Override
        public void reset() {
        }

        @Override
        protected void onActivate(double sampleRate, int maxFrames) {
            line = new float[latency + 1];
            w = 0;
        }

        @Override
        public int latencyFrames() {
            return latency;
        }

        private float pendingImpulse;

        @Override
        protected void onMidi(ProcessContext ctx, int frame, int status, int d1, int d2) {
            int n = eventCount;
            if (n < eventFrames.length) {
                eventFrames[n] = ctx.transport().samplePosition() + frame;
                eventMessages[n] = MidiMessages.pack(status, d1, d2);
                eventCount = n + 1;
            }
            if (MidiMessages.isNoteOn(status, d2)) {
                pendingImpulse += d2 / 127f;
            }
            int cmd = status & 0xF0;
            if (descriptor().midiOut() && (cmd == 0x90 || cmd == 0x80)) {
                ctx.midiOut().add(frame + shift, status, (d1 + transpose) & 0x7F, d2);
            }
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
            float[] out = ctx.output(0, 0);
            for (int i = from; i < to; i++) {
                line[w] = pendingImpulse;
                pendingImpulse = 0;
                int r = w - latency;
                if (r < 0) {
                    r += line.length;
                }
                out[i] = line[r];
                w = w + 1 == line.length ? 0 : w + 1;
            }
        }
    }

    /** An effect that multiplies its input by a gain (and delays it by {@code latency} frames). */
    static class Gain extends AbstractNode {
        final float gain;
        final int latency;
        float[][] line;
        int w;

        Gain(String id, float gain, int latency, int channels) {
            super(desc(id, NodeKind.EFFECT, new int[] {channels}, new int[] {channels}, false));
            this.gain = gain;
            this.latency = latency;
        }

        @Override
        public void reset() {
        }

        @Override
        protected void onActivate(double sampleRate, int maxFrames) {
            line = new float[descriptor().audioInputChannels(0)][latency + 1];
        }

        @Override
        public int latencyFrames() {
            return latency;
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
            int w0 = w;
            for (int c = 0; c < line.length; c++) {
                float[] in = ctx.input(0, c);
                float[] out = ctx.output(0, c);
                float[] l = line[c];
                int wp = w0;
                for (int i = from; i < to; i++) {
                    l[wp] = in[i];
                    int r = wp - latency;
                    if (r < 0) {
                        r += l.length;
                    }
                    out[i] = l[r] * gain;
                    wp = wp + 1 == l.length ? 0 : wp + 1;
                }
                w = wp;
            }
        }
    }

    /** A generator writing 0.25 until cycle {@code failAt}, then throwing (or writing a non-finite value). */
    static class Faulty extends Stub {
        final long failAt;
        final float bad;
        final boolean throwIt;
        long cycle;

        Faulty(String id, long failAt, boolean throwIt, float bad) {
            super(desc(id, NodeKind.GENERATOR, new int[0], new int[] {1}, false));
            this.failAt = failAt;
            this.throwIt = throwIt;
            this.bad = bad;
        }

        @Override
        protected void beginCycle(ProcessContext ctx) {
            if (cycle++ == failAt && throwIt) {
                throw new IllegalStateException("boom in cycle " + failAt);
            }
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
            float v = cycle - 1 == failAt ? bad : 0.25f;
            java.util.Arrays.fill(ctx.output(0, 0), from, to, 0.25f);
            ctx.output(0, 0)[to - 1] = v;
        }
    }

    /**
     * A generator recording the transport of each cycle, the absolute frame where beat 0 falls,
     * and optionally asking its host for a remote request in cycle {@code requestAt}.
     */
    static class Probe extends Stub {
        final int capacity;
        final double[] beat;
        final long[] position;
        final boolean[] playing;
        final boolean[] recording;
        final boolean[] changed;
        final double[] tempo;
        final double[] barStart;
        final int[] frames;
        int count;
        long beatZeroFrame = Long.MIN_VALUE;
        RemoteRequest request;
        int requestAt = -1;

        Probe(String id, int capacity) {
            super(desc(id, NodeKind.GENERATOR, new int[0], new int[] {1}, false));
            this.capacity = capacity;
            beat = new double[capacity];
            position = new long[capacity];
            playing = new boolean[capacity];
            recording = new boolean[capacity];
            changed = new boolean[capacity];
            tempo = new double[capacity];
            barStart = new double[capacity];
            frames = new int[capacity];
        }

        @Override
        protected void beginCycle(ProcessContext ctx) {
            Transport t = ctx.transport();
            if (count < capacity) {
                beat[count] = t.beat();
                position[count] = t.samplePosition();
                playing[count] = t.playing();
                recording[count] = t.recording();
                changed[count] = t.changed();
                tempo[count] = t.tempo();
                barStart[count] = t.barStartBeat();
                frames[count] = t.frames();
            }
            if (t.playing() && beatZeroFrame == Long.MIN_VALUE) {
                int f = HostSync.frameOfBeat(t, 0.0);
                if (f >= 0) {
                    beatZeroFrame = t.samplePosition() + f;
                }
            }
            if (count == requestAt && request != null) {
                ctx.remote().request(request);
            }
            count++;
        }
    }

    /** A generator whose output is the number of its process call (1, 2, ...); can be held on a gate. */
    static class BlockCounter extends Stub {
        final Semaphore gate = new Semaphore(0);
        volatile boolean hold;
        volatile long calls;

        BlockCounter(String id) {
            super(desc(id, NodeKind.GENERATOR, new int[0], new int[] {1}, false));
        }

        @Override
        protected void beginCycle(ProcessContext ctx) {
            calls = calls + 1;
            if (hold) {
                gate.acquireUninterruptibly();
            }
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
            java.util.Arrays.fill(ctx.output(0, 0), from, to, (float) calls);
        }
    }

    /** Counts MIDI events; for tests that only need events delivered. */
    static int countNotes(EventList ev) {
        int n = 0;
        for (int i = 0; i < ev.size(); i++) {
            if (ev.isMidi(i) && (ev.status(i) & 0xF0) == 0x90) {
                n++;
            }
        }
        return n;
    }
}
