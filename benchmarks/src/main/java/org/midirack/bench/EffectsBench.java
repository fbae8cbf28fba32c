package org.midirack.bench;

import org.midirack.core.MidiEventBuffer;
import org.midirack.core.Node;
import org.midirack.core.RemoteControl;
import org.midirack.core.hosting.CycleContext;
import org.midirack.core.hosting.NodeRegistry;
import org.midirack.core.hosting.TransportState;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one 128-frame cycle of each effect at 48 kHz: one {@code process} call with a stereo
 * noise input, a playing 120 BPM transport, and a chord of three notes pressed every 24 cycles
 * and released 12 cycles later (plus a controller every 8 cycles), so the MIDI processors emit
 * and the MIDI-driven effects (filter envelope, gate) move. Run with {@code -prof gc} for bytes
 * per cycle (expected 0).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class EffectsBench {
    private static final int FRAMES = 128;
    private static final double RATE = 48000;

    @Param({"midirack.midi-arpeggiator", "midirack.midi-echo", "midirack.midi-chord", "midirack.midi-transpose",
        "midirack.midi-velocity-curve", "midirack.midi-key-range-filter", "midirack.midi-channel-router",
        "midirack.delay-tempo-sync", "midirack.filter-state-variable", "midirack.gate-rhythmic",
        "midirack.dynamics-limiter"})
    public String node;

    private Node n;
    private CycleContext ctx;
    private final TransportState transport = new TransportState();
    private final MidiEventBuffer events = new MidiEventBuffer(16);
    private long cycle;

    @Setup(Level.Trial)
    public void setUp() {
        n = NodeRegistry.load().create(node);
        n.activate(RATE, FRAMES);
        ctx = new CycleContext(n.descriptor(), FRAMES, 1024);
        Random rnd = new Random(1);
        if (n.descriptor().audioInputPorts() > 0) {
            for (float[] ch : ctx.inputs(0)) {
                for (int i = 0; i < FRAMES; i++) {
                    ch[i] = (float) (0.5 * (rnd.nextDouble() * 2 - 1));
                }
            }
        }
        if (node.endsWith("filter-state-variable")) {
            n.parameters().set("envAmount", 3); // keeps the coefficients moving while the envelope runs
        }
        cycle = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        n.deactivate();
    }

    @Benchmark
    public int cycle() {
        long c = cycle++;
        events.clear();
        if (c % 24 == 0) {
            events.add(5, 0x90, 60, 100);
            events.add(5, 0x90, 64, 90);
            events.add(5, 0x90, 67, 80);
        } else if (c % 24 == 12) {
            events.add(70, 0x80, 60, 0);
            events.add(70, 0x80, 64, 0);
            events.add(70, 0x80, 67, 0);
        }
        if (c % 8 == 3) {
            events.add(33, 0xB0, 1, (int) (c & 127));
        }
        double beat = c * FRAMES / 24000.0;
        transport.set(RATE, FRAMES, 120, beat, c * FRAMES).setState(true, false, c == 0);
        ctx.begin(FRAMES, events, transport, RemoteControl.NONE);
        n.process(ctx);
        ctx.end();
        return ctx.midiOut().size() + Float.floatToRawIntBits(ctx.output(0, 0)[FRAMES - 1]);
    }
}
