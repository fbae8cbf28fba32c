package org.midirack.bench;

import org.midirack.core.EventList;
import org.midirack.core.hosting.ManyToOneEventFifo;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * Offer + drain throughput of the real-time FIFO with 1 and 4 producers and one consumer,
 * against JCTools' MpscArrayQueue and the JDK's ArrayBlockingQueue carrying an event object per
 * event (what a FIFO of objects costs). A producer op is one accepted event (it spins while the
 * queue is full, as a test harness would, and gives up when the iteration ends so it cannot
 * spin forever on a queue whose consumer already stopped; the FIFO itself never blocks); a
 * consumer op is one drain of a 128-frame cycle. Run with {@code -prof gc} for bytes per event.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FifoBench {

    /** The event object the object-queue baselines carry. */
    public static final class Event {
        final int offset;
        final int message;

        Event(int offset, int message) {
            this.offset = offset;
            this.message = message;
        }
    }

    @State(Scope.Group)
    public static class Queues {
        ManyToOneEventFifo fifo;
        MpscArrayQueue<Event> mpsc;
        ArrayBlockingQueue<Event> abq;

        @Setup(Level.Iteration)
        public void setUp() {
            fifo = new ManyToOneEventFifo(4096);
            mpsc = new MpscArrayQueue<>(4096);
            abq = new ArrayBlockingQueue<>(4096);
        }
    }

    @State(Scope.Thread)
    public static class Producer {
        int n;
    }

    // ---- midirack FIFO ----------------------------------------------------------------------

    private static boolean offerFifo(Queues q, Producer p, Control c) {
        int i = p.n++;
        while (!q.fifo.offer(i & 127, 0xB0, 1, i & 127)) {
            if (c.stopMeasurement) {
                return false; // the consumer has stopped for this iteration: do not spin on a full queue
            }
            Thread.onSpinWait();
        }
        return true;
    }

    private static int drainFifo(Queues q) {
        EventList e = q.fifo.drain(128);
        int sum = 0;
        for (int i = 0; i < e.size(); i++) {
            sum += e.offset(i) + (int) e.data(i);
        }
        return sum;
    }

    @Benchmark @Group("fifo1") @GroupThreads(1)
    public boolean fifo1Offer(Queues q, Producer p, Control c) {
        return offerFifo(q, p, c);
    }

    @Benchmark @Group("fifo1") @GroupThreads(1)
    public int fifo1Drain(Queues q) {
        return drainFifo(q);
    }

    @Benchmark @Group("fifo4") @GroupThreads(4)
    public boolean fifo4Offer(Queues q, Producer p, Control c) {
        return offerFifo(q, p, c);
    }

    @Benchmark @Group("fifo4") @GroupThreads(1)
    public int fifo4Drain(Queues q) {
        return drainFifo(q);
    }

    // ---- JCTools MpscArrayQueue of event objects --------------------------------------------

    private static boolean offerMpsc(Queues q, Producer p, Control c) {
        int i = p.n++;
        Event e = new Event(i & 127, 0xB00100 | (i & 127));
        while (!q.mpsc.offer(e)) {
            if (c.stopMeasurement) {
                return false; // the consumer has stopped for this iteration: do not spin on a full queue
            }
            Thread.onSpinWait();
        }
        return true;
    }

    private static int drainMpsc(Queues q) {
        int sum = 0;
        Event e;
        while ((e = q.mpsc.relaxedPoll()) != null) {
            sum += e.offset + e.message;
        }
        return sum;
    }

    @Benchmark @Group("mpsc1") @GroupThreads(1)
    public boolean mpsc1Offer(Queues q, Producer p, Control c) {
        return offerMpsc(q, p, c);
    }

    @Benchmark @Group("mpsc1") @GroupThreads(1)
    public int mpsc1Drain(Queues q) {
        return drainMpsc(q);
    }

    @Benchmark @Group("mpsc4") @GroupThreads(4)
    public boolean mpsc4Offer(Queues q, Producer p, Control c) {
        return offerMpsc(q, p, c);
    }

    @Benchmark @Group("mpsc4") @GroupThreads(1)
    public int mpsc4Drain(Queues q) {
        return drainMpsc(q);
    }

    // ---- java.util.concurrent.ArrayBlockingQueue of event objects ----------------------------

    private static boolean offerAbq(Queues q, Producer p, Control c) {
        int i = p.n++;
        Event e = new Event(i & 127, 0xB00100 | (i & 127));
        while (!q.abq.offer(e)) {
            if (c.stopMeasurement) {
                return false; // the consumer has stopped for this iteration: do not spin on a full queue
            }
            Thread.onSpinWait();
        }
        return true;
    }

    private static int drainAbq(Queues q) {
        int sum = 0;
        Event e;
        while ((e = q.abq.poll()) != null) {
            sum += e.offset + e.message;
        }
        return sum;
    }

    @Benchmark @Group("abq1") @GroupThreads(1)
    public boolean abq1Offer(Queues q, Producer p, Control c) {
        return offerAbq(q, p, c);
    }

    @Benchmark @Group("abq1") @GroupThreads(1)
    public int abq1Drain(Queues q) {
        return drainAbq(q);
    }

    @Benchmark @Group("abq4") @GroupThreads(4)
    public boolean abq4Offer(Queues q, Producer p, Control c) {
        return offerAbq(q, p, c);
    }

    @Benchmark @Group("abq4") @GroupThreads(1)
    public int abq4Drain(Queues q) {
        return drainAbq(q);
    }
}
