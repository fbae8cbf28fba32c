package org.midirack.instruments;

import org.midirack.core.MidiEventBuffer;
import org.midirack.core.Node;
import org.midirack.core.hosting.CycleContext;
import org.midirack.core.hosting.TransportState;
import java.util.ArrayList;
import java.util.List;

/**
 * A test host with full control over the transport: tempo (reported and true), beat, play state, loop,
 * relocations. Records the node's MIDI output at absolute frames and, independently of the node's
 * algorithm, the frames where each sixteenth-note grid beat is crossed on the host's true timeline.
 */
final class DrumHost {
    final Node node;
    final double rate;
    final CycleContext ctx;
    final TransportState transport = new TransportState();
    final MidiEventBuffer noEvents = new MidiEventBuffer(1);
    final List<long[]> midiOut = new ArrayList<>();    // {absFrame, status, d1, d2}
    final List<long[]> expected = new ArrayList<>();   // {absFrame, step}
    final List<long[]> naive = new ArrayList<>();      // frames a node using the reported tempo would pick
    final List<float[]> audio = new ArrayList<>();

    long position;
    double beat;            // host's true beat at the next cycle start
    double originBeat;      // beats are computed from an origin, not accumulated cycle by cycle
    long originFrame;
    double trueTempo = 120; // how fast the host's beats really move
    double reportedTempo = 120;
    boolean playing;
    boolean wasPlaying;
    boolean loop;
    double loopStart;
    double loopEnd;
    boolean segmentStart = true; // next frame starts a new continuous segment (start, relocation)

    DrumHost(Node node, double rate, int maxFrames) {
        this.node = node;
        this.rate = rate;
        node.activate(rate, maxFrames);
        ctx = new CycleContext(node.descriptor(), maxFrames, 1024);
    }

    DrumHost play(double fromBeat) {
        playing = true;
        beat = fromBeat;
        originBeat = fromBeat;
        originFrame = position;
        segmentStart = true;
        return this;
    }

    DrumHost stop() {
        playing = false;
        return this;
    }

    DrumHost relocate(double toBeat) {
        beat = toBeat;
        originBeat = toBeat;
        originFrame = position;
        segmentStart = true;
        return this;
    }

    DrumHost tempo(double bpm) {
        originBeat = beat;
        originFrame = position;
        trueTempo = bpm;
        reportedTempo = bpm;
        return this;
    }

    DrumHost loop(double start, double end) {
        loop = true;
        loopStart = start;
        loopEnd = end;
        return this;
    }

    /** One cycle. */
    void cycle(int frames) {
        boolean changed = playing != wasPlaying;
        wasPlaying = playing;
        transport.set(rate, frames, reportedTempo, beat, position);
        transport.setState(playing, false, changed);
        transport.setTimeSignature(4, 4, Math.floor(beat / 4) * 4);
        transport.setLoop(loop, loopStart, loopEnd);
        ctx.begin(frames, noEvents, transport, null);
        node.process(ctx);
        ctx.end();
        MidiEventBuffer mo = ctx.midiOut();
        for (int i = 0; i < mo.size(); i++) {
            expectedOrder(mo, i);
        }
        float[] a = new float[frames];
        System.arraycopy(ctx.output(0, 0), 0, a, 0, frames);
        audio.add(a);
        // the host's truth (independent of the node): grid beat g lands on the first frame whose true beat is
        // at or after g (the core's frame rule); each grid beat once per continuous segment
        if (playing) {
            double bpf = trueTempo / (60.0 * rate);
            double fpb = 1 / bpf;
            int wrapRel = frames;
            if (loop && beat < loopEnd) {
                wrapRel = (int) Math.min(frames, Math.ceil((loopEnd - beat) * fpb - 1e-6));
            }
            boolean first = segmentStart;
            if (!loop) {
                List<long[]> keep = new ArrayList<>(expected);
                truth(beat, 0, frames, 60.0 * rate / reportedTempo, first);
                for (int i = keep.size(); i < expected.size(); i++) {
                    naive.add(expected.get(i));
                }
                expected.clear();
                expected.addAll(keep);
            }
            truth(beat, 0, wrapRel, fpb, segmentStart);
            segmentStart = false;
            if (wrapRel < frames) {
                double after = originBeat + (position + wrapRel - originFrame) * bpf - (loopEnd - loopStart);
                truth(after, wrapRel, frames, fpb, true);
                originBeat = after;
                originFrame = position + wrapRel;
            }
            beat = originBeat + (position + frames - originFrame) * bpf;
        }
        position += frames;
    }

    private void truth(double ba, int fa, int fb, double fpb, boolean isNew) {
        double bpf = 1 / fpb;
        double g = Math.floor((ba - 2 * bpf) / 0.25) * 0.25;
        for (;; g += 0.25) {
            double x = (g - ba) * fpb;
            if (isNew ? x < -1e-6 : x <= -1 + 1e-6) {
                continue;
            }
            long f = (long) Math.ceil(x - 1e-6);
            if (f >= fb - fa) {
                return;
            }
            if (g >= -1e-9) {
                expected.add(new long[] {position + fa + Math.max(0, f), Math.round(g / 0.25) % 16});
            }
        }
    }

    private void expectedOrder(MidiEventBuffer mo, int i) {
        midiOut.add(new long[] {position + mo.offset(i), mo.status(i), mo.data1(i), mo.data2(i)});
    }

    void cycles(int count, int frames) {
        for (int i = 0; i < count; i++) {
            cycle(frames);
        }
    }

    /** Note-on frames of a given note in the MIDI output. */
    List<Long> hitsOf(int note) {
        List<Long> r = new ArrayList<>();
        for (long[] m : midiOut) {
            if (m[1] == 0x99 && m[2] == note && m[3] > 0) {
                r.add(m[0]);
            }
        }
        return r;
    }

    /** Expected frames of the steps in a 16-bit mask. */
    List<Long> expectedFor(int mask) {
        List<Long> r = new ArrayList<>();
        for (long[] e : expected) {
            if ((mask >> e[1] & 1) != 0) {
                r.add(e[0]);
            }
        }
        return r;
    }

    float[] audioLeft() {
        int n = 0;
        for (float[] a : audio) {
            n += a.length;
        }
        float[] r = new float[n];
        int p = 0;
        for (float[] a : audio) {
            System.arraycopy(a, 0, r, p, a.length);
            p += a.length;
        }
        return r;
    }

    void close() {
        node.deactivate();
    }
}
