package org.midirack.bench;

import org.midirack.core.EventList;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.Node;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.RemoteControl;
import org.midirack.core.hosting.CycleContext;
import org.midirack.core.hosting.ManyToOneEventFifo;
import org.midirack.core.hosting.NodeRegistry;
import org.midirack.core.hosting.TransportState;
import java.util.ArrayList;
import java.util.List;
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
 * Cost of parameter automation (issue 8): {@code changes} parameter changes per 128-frame cycle at
 * 48 kHz, offered through the node's {@link ManyToOneEventFifo} with {@code offerParam} at offsets
 * spread evenly over the cycle ({@code i * 128 / changes}, so 1,000 changes land about 8 per frame
 * on all 128 frames), drained and processed by a real node, as the host does for each node and
 * cycle. {@code changes = 0} is the same node and cycle with no changes.
 *
 * <p>{@code target} is {@code nodeId:param}: one automatable parameter swept over its range (one
 * automation lane), or {@code *} for all the node's automatable parameters in turn. The nodes play
 * while they are automated: the reference synth and Gervill hold 8 notes, the effects get stereo
 * noise and a playing 120 BPM transport.
 *
 * <p>{@link #cycle} is one whole cycle: the offers (a producer's cost, here on the same thread),
 * the drain and the node's process call. {@link #offerAndDrain} is the FIFO's share alone, without
 * the node. Each trial prints the FIFO's counters (offered, accepted, dropped): a change the FIFO
 * refuses is counted there, never hidden. Run with {@code -prof gc}: gc.alloc.rate.norm is bytes
 * per cycle (target 0; Gervill allocates inside itself per voice and block, with or without
 * changes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED"})
@State(Scope.Thread)
public class ParamChangeBench {
    private static final int FRAMES = 128;
    private static final double RATE = 48000;
    /** Distinct cycles of changes before the value table repeats. */
    private static final int TABLE_CYCLES = 16;

    @Param({"midirack.sine:gain", "midirack.sine:*", "midirack.gervill:gain",
        "midirack.filter-state-variable:cutoff", "midirack.filter-state-variable:*",
        "midirack.delay-tempo-sync:mix", "midirack.delay-tempo-sync:*"})
    public String target;

    @Param({"0", "1000"})
    public int changes;

    /** The host's default FIFO capacity ({@code HostConfig.fifoCapacity}). */
    @Param({"1024"})
    public int fifoCapacity;

    /**
     * How many cycles ahead the producer offers (0: for the coming cycle; 1: for the one after, so
     * the FIFO carries a cycle's worth of changes besides the one it delivers, as when a host
     * schedules past the cycle or sends early by a node's latency).
     */
    @Param({"0"})
    public int aheadCycles;

    private Node node;
    private ManyToOneEventFifo fifo;
    private CycleContext ctx;
    private final TransportState transport = new TransportState();
    private int[] offsets;
    private int[] index;
    private float[] value;
    private int next;
    private long cycle;

    /** @thread main */
    @Setup(Level.Trial)
    public void setUp() {
        int colon = target.indexOf(':');
        node = NodeRegistry.load().create(target.substring(0, colon));
        String param = target.substring(colon + 1);
        List<Integer> lanes = new ArrayList<>();
        for (int p = 0; p < node.parameters().count(); p++) {
            ParamDescriptor pd = node.parameters().descriptor(p);
            if (pd.automatable() && (param.equals("*") || pd.id().equals(param))) {
                lanes.add(p);
            }
        }
        if (lanes.isEmpty()) {
            throw new IllegalArgumentException("no automatable parameter '" + param + "' in " + node.descriptor().id());
        }
        node.activate(RATE, FRAMES);
        fifo = new ManyToOneEventFifo(fifoCapacity);
        ctx = new CycleContext(node.descriptor(), FRAMES, 1024);
        offsets = new int[changes];
        for (int i = 0; i < changes; i++) {
            offsets[i] = i * FRAMES / changes + aheadCycles * FRAMES;
        }
        // a sweep of each lane over its range, the lanes taking turns
        int n = Math.max(1, changes * TABLE_CYCLES);
        index = new int[n];
        value = new float[n];
        for (int i = 0; i < n; i++) {
            int p = lanes.get(i % lanes.size());
            ParamDescriptor pd = node.parameters().descriptor(p);
            double phase = (i / lanes.size()) % 997 / 996.0;
            index[i] = p;
            value[i] = (float) (pd.min() + (pd.max() - pd.min()) * (phase < 0.5 ? 2 * phase : 2 - 2 * phase));
        }
        if (node.descriptor().audioInputPorts() > 0) {
            Random rnd = new Random(1);
            for (float[] ch : ctx.inputs(0)) {
                for (int i = 0; i < FRAMES; i++) {
                    ch[i] = (float) (0.5 * (rnd.nextDouble() * 2 - 1));
                }
            }
        }
        // the instruments hold 8 notes for the whole run (Gervill: drawbar organ, which sustains)
        MidiEventBuffer notes = new MidiEventBuffer(32);
        if (node.descriptor().audioInputPorts() == 0) {
            notes.add(0, 0xC0, 16, 0);
            for (int v = 0; v < 8; v++) {
                notes.add(v, 0x90, 48 + 5 * v, 100);
            }
        }
        transport.set(RATE, FRAMES, 120, 0, 0).setState(true, false, true);
        ctx.begin(FRAMES, notes, transport, RemoteControl.NONE);
        node.process(ctx);
        ctx.end();
        cycle = 1;
        // the first cycles: class loading and the first JIT work, outside the measurement
        for (int i = 0; i < 2000; i++) {
            cycle();
        }
        // the counters line once here, so that printing it at the end (inside the last measured
        // iteration) does not add first-use allocation of the output path to the figures
        printCounters();
    }

    private void printCounters() {
        System.out.println("# " + target + ", " + changes + " changes/cycle, " + aheadCycles + " cycles ahead, FIFO capacity "
                + fifoCapacity + ": offered " + fifo.offered() + ", accepted " + fifo.accepted() + ", dropped " + fifo.dropped()
                + ", delivered " + fifo.delivered() + "; parameter values rejected " + node.parameters().rejected()
                + ", clamped " + node.parameters().clamped());
    }

    /** @thread main */
    @TearDown(Level.Trial)
    public void tearDown() {
        printCounters();
        node.deactivate();
    }

    private void offerChanges() {
        int base = next;
        for (int i = 0; i < changes; i++) {
            fifo.offerParam(offsets[i], index[base + i], value[base + i]);
        }
        next = base + changes == index.length ? 0 : base + changes;
    }

    /** One cycle: {@code changes} offers, the drain and the node's process call. @thread bench */
    @Benchmark
    public float cycle() {
        offerChanges();
        long c = cycle++;
        transport.set(RATE, FRAMES, 120, c * FRAMES / 24000.0, c * FRAMES).setState(true, false, false);
        EventList ev = fifo.drain(FRAMES);
        ctx.begin(FRAMES, ev, transport, RemoteControl.NONE);
        node.process(ctx);
        ctx.end();
        return ctx.output(0, 0)[FRAMES - 1];
    }

    /** The FIFO's share: {@code changes} offers and the drain, no node. @thread bench */
    @Benchmark
    public int offerAndDrain() {
        offerChanges();
        return fifo.drain(FRAMES).size();
    }
}
