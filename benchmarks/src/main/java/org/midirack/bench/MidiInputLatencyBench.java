package org.midirack.bench;

import org.midirack.core.EventList;
import org.midirack.core.hosting.ManyToOneEventFifo;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import org.midirack.host.midi.MidiInputRoute;
import org.midirack.host.midi.MidiPortDirection;
import org.midirack.host.midi.MidiPortScanner;
import org.midirack.host.midi.MidiPortWatcher;
import org.midirack.host.midi.MidiRouter;
import org.midirack.host.midi.MidiVirtualPort;

/**
 * Input-to-FIFO latency and playing jitter of the MIDI input path at 1,000 events/s (a plain main,
 * not JMH: the result is a distribution over a real-time run, not a throughput).
 *
 * <p>A device thread sends through a virtual port (the MidiSystem path a keyboard takes) at random
 * moments averaging 1,000 per second; a render thread paced like an audio callback (128 frames at
 * 48 kHz on {@code System.nanoTime}) calls {@link MidiRouter#beginCycle} and drains the FIFO.
 * Reported:
 * <ul>
 * <li>input-to-FIFO: wall time from {@code Receiver.send} to the event's offer into the node FIFO
 *     (it waits for the next cycle start, so it spreads over one cycle, 2.67 ms);</li>
 * <li>playing latency: the frame the event is scheduled on minus the frame of the audio clock at
 *     the moment it was sent; its spread is the playing jitter (zero frames is the goal).</li>
 * </ul>
 * Run: {@code java -cp benchmarks/target/benchmarks.jar org.midirack.bench.MidiInputLatencyBench [seconds] [callback|ideal]}
 * ("callback" feeds the time map with {@code System.nanoTime()} at each cycle's start, "ideal" with the
 * time the cycle was due, as a driver clock would; add {@code -Dbench.perSecond=true} for a time series).
 */
public final class MidiInputLatencyBench {
    private static final double RATE = 48000;
    private static final int FRAMES = 128;

    private MidiInputLatencyBench() {
    }

    /** @thread main */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        boolean idealClock = args.length > 1 && args[1].equals("ideal");
        int events = seconds * 1000;
        MidiVirtualPort port = MidiVirtualPort.create("bench-input-latency");
        MidiPortWatcher watcher = new MidiPortWatcher(new MidiPortScanner());
        MidiRouter router = new MidiRouter(watcher, RATE);
        ManyToOneEventFifo fifo = new ManyToOneEventFifo(1 << 14);
        long[] sent = new long[events];
        long[] offered = new long[events];
        long[] scheduledFrame = new long[events];
        long[] cycleStartHolder = new long[1];
        String inputId = router.findPort(port.name(), MidiPortDirection.INPUT).orElseThrow().id();
        MidiInputRoute route = router.addInput(inputId, (offset, status, d1, d2) -> {
            int seq = (status & 0x0F) << 14 | d2 << 7 | d1;
            offered[seq] = System.nanoTime();
            scheduledFrame[seq] = cycleStartHolder[0] + offset;
            return fifo.offer(offset, status, d1, d2);
        });
        MidiDevice out = MidiSystem.getMidiDevice(port.outputInfo());
        out.open();
        Receiver device = out.getReceiver();
        ShortMessage[] msgs = new ShortMessage[events];
        for (int seq = 0; seq < events; seq++) {
            msgs[seq] = new ShortMessage(0xA0 | (seq >>> 14), seq & 0x7F, (seq >>> 7) & 0x7F);
        }

        long t0 = System.nanoTime() + 2_000_000_000L; // two seconds to lock the time map first
        Thread sender = new Thread(() -> {
            Random rnd = new Random(1);
            long due = t0;
            for (int seq = 0; seq < events; seq++) {
                due += (long) (rnd.nextDouble() * 2_000_000); // mean 1 ms apart
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    if (wait > 200_000) {
                        LockSupport.parkNanos(wait - 150_000);
                    } else {
                        Thread.onSpinWait();
                    }
                }
                sent[seq] = System.nanoTime();
                device.send(msgs[seq], -1);
            }
        }, "bench-midi-device");
        sender.setPriority(Thread.MAX_PRIORITY);

        long audioStart = System.nanoTime();
        sender.start();
        int drained = 0;
        long cycle = 0;
        long lateCycles = 0;
        long end = t0 + (seconds + 3) * 1_000_000_000L;
        while (drained < events && System.nanoTime() < end) {
            long due = audioStart + Math.round(cycle * FRAMES * 1e9 / RATE);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                if (wait > 200_000) {
                    LockSupport.parkNanos(wait - 150_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            if (-wait > FRAMES * 1e9 / RATE) {
                lateCycles++;
            }
            cycleStartHolder[0] = cycle * FRAMES;
            // "callback": the time the cycle really started (what a host without a driver clock has);
            // "ideal": the time the audio clock says it should start (what JACK's cycle times or
            // CoreAudio's callback timestamp give a host)
            router.beginCycle(idealClock ? due : System.nanoTime(), cycle * FRAMES, FRAMES);
            EventList ev = fifo.drain(FRAMES);
            drained += ev.size();
            cycle++;
        }
        sender.join();

        double[] wallMicros = new double[events];
        double[] playFrames = new double[events];
        for (int i = 0; i < events; i++) {
            wallMicros[i] = (offered[i] - sent[i]) / 1000.0;
            double sentFrame = (sent[i] - audioStart) * RATE / 1e9;
            playFrames[i] = scheduledFrame[i] - sentFrame;
        }
        System.out.printf("MIDI input path, %d events at ~1,000/s through a virtual port, 128-frame cycles at 48 kHz,"
                + " time map fed with %s cycle times%n", events, idealClock ? "ideal (driver)" : "callback-entry");
        System.out.printf("drained %d, route received %d, delivered %d, late %d, overflowed %d, fifo dropped %d%n",
                drained, route.received(), route.delivered(), route.late(), route.overflowed(), fifo.dropped());
        report("input-to-FIFO (us, wall)", wallMicros, 0, 4000, 250);
        double[] sorted = playFrames.clone();
        Arrays.sort(sorted);
        double median = Math.rint(pct(sorted, 0.5));
        report("playing latency (frames, scheduled minus sent)", playFrames, median - 4, median + 4, 0.5);
        int within = 0;
        for (double v : playFrames) {
            if (Math.abs(v - median) <= 1) {
                within++;
            }
        }
        System.out.printf("within +-1 frame of the median: %d of %d (%.3f%%); render cycles that started over one cycle late: %d of %d%n",
                within, events, 100.0 * within / events, lateCycles, cycle);
        System.out.printf("playing jitter: p1..p99 spread %.2f frames, min..max spread %.2f frames%n",
                pct(sorted, 0.99) - pct(sorted, 0.01), sorted[sorted.length - 1] - sorted[0]);
        if (Boolean.getBoolean("bench.perSecond")) {
            for (int sec = 0; sec < seconds; sec++) {
                double[] part = Arrays.copyOfRange(playFrames, sec * 1000, sec * 1000 + 1000);
                Arrays.sort(part);
                System.out.printf("second %2d: playing latency min %.2f median %.2f max %.2f%n", sec, part[0],
                        pct(part, 0.5), part[part.length - 1]);
            }
        }
        router.close();
        watcher.close();
        port.remove();
    }

    private static double pct(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    private static void report(String title, double[] values, double from, double to, double bucket) {
        double[] s = values.clone();
        Arrays.sort(s);
        System.out.printf("%s: min %.2f  median %.2f  p99 %.2f  max %.2f%n", title, s[0], pct(s, 0.5), pct(s, 0.99),
                s[s.length - 1]);
        int n = (int) Math.round((to - from) / bucket);
        int[] counts = new int[n];
        int below = 0;
        int above = 0;
        for (double v : s) {
            if (v < from) {
                below++;
            } else if (v >= to) {
                above++;
            } else {
                counts[(int) Math.floor((v - from) / bucket)]++;
            }
        }
        int peak = Math.max(1, Arrays.stream(counts).max().orElse(1));
        System.out.printf("  %10s %7d%n", "< " + fmt(from), below);
        for (int i = 0; i < n; i++) {
            String bar = "#".repeat((int) Math.ceil(50.0 * counts[i] / peak));
            System.out.printf("  %10s %7d %s%n", fmt(from + i * bucket), counts[i], bar);
        }
        System.out.printf("  %10s %7d%n", ">= " + fmt(to), above);
    }

    private static String fmt(double v) {
        return String.format("%.2f", v);
    }
}
