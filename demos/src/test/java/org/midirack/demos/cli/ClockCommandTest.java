package org.midirack.demos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.demos.Main;
import org.midirack.host.midi.MidiVirtualPort;

/** {@code --clock-out} and {@code --clock-in} through virtual MIDI ports (the path a hardware port takes). */
class ClockCommandTest {
    @TempDir
    Path dir;

    @Test
    void playSendsMidiClockThatFollowsTheTransport() throws Exception {
        MidiVirtualPort port = MidiVirtualPort.create("midirack-clock-out-test");
        MidiDevice in = MidiSystem.getMidiDevice(port.inputInfo());
        in.open();
        List<Integer> got = Collections.synchronizedList(new ArrayList<>());
        List<Long> at = Collections.synchronizedList(new ArrayList<>());
        in.getTransmitter().setReceiver(new Receiver() {
            @Override
            public void send(MidiMessage m, long ts) {
                got.add(m.getStatus());
                at.add(System.nanoTime());
            }

            @Override
            public void close() {
            }
        });
        try {
            Path song = Files.writeString(dir.resolve("a.mel"), "tempo 120; C4/4 E4/4 G4/4 C5/4\n"); // 2 s
            int code = Main.execute("play", song.toString(), "--output", "null", "--instrument", "sine", "--tail", "0",
                    "--clock-out", "clock-out-test");
            assertEquals(0, code);
            Thread.sleep(100); // the sender thread hands the last messages over every millisecond
            List<Integer> msgs;
            synchronized (got) {
                msgs = new ArrayList<>(got);
            }
            assertEquals(0xFA, msgs.get(0), "Start first: " + msgs.subList(0, Math.min(5, msgs.size())));
            assertEquals(0xFC, msgs.get(msgs.size() - 1), "Stop last");
            long clocks = msgs.stream().filter(s -> s == 0xF8).count();
            // 4 beats at 24 per quarter = 96 clocks; the stop may come a few cycles either side
            assertTrue(clocks >= 90 && clocks <= 102, "clocks: " + clocks);
            // paced like the music: the 96 clocks take about 2 s
            int first = msgs.indexOf(0xF8);
            double secs = (at.get(first + 95) - at.get(first)) / 1e9;
            assertTrue(secs > 1.8 && secs < 2.2, "95 clock periods took " + secs + " s");
        } finally {
            in.close();
            port.remove();
        }
    }

    /** A clock interval further than this from the period makes a bar unsteady (a sender preempted, then catching up). */
    static final long STEADY_NANOS = 2_000_000L;

    @Test
    void liveFollowsAnIncomingClockTempo() throws Exception {
        MidiVirtualPort keys = MidiVirtualPort.create("midirack-clock-keys");
        MidiVirtualPort clock = MidiVirtualPort.create("midirack-clock-in-test");
        MidiDevice sender = MidiSystem.getMidiDevice(clock.outputInfo());
        sender.open();
        List<String> unsteady = new ArrayList<>();
        try (Receiver r = sender.getReceiver()) {
            // The host's tempo is fitted over the last bar of clocks as they arrived (stamped by the port); a
            // sender preempted on a loaded machine sends the clocks it owes in a burst, and a bar with a burst has
            // no one tempo to follow: such a run is sent again (at most 3 times), never judged with a wider margin.
            for (int attempt = 1; attempt <= 3; attempt++) {
                ClockRun run = sendClockToLive(r);
                assertEquals(0, run.code, run.out);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("tempo ([0-9.]+) BPM from MIDI clock")
                        .matcher(run.out);
                assertTrue(m.find(), run.out);
                assertTrue(run.count >= 120, "clocks sent: " + run.count);
                long worst = 0;
                for (int i = run.count - 96; i < run.count; i++) {
                    worst = Math.max(worst, Math.abs(run.sent[i] - run.sent[i - 1] - PERIOD));
                }
                if (worst > STEADY_NANOS) {
                    unsteady.add(String.format(java.util.Locale.ROOT, "attempt %d: an interval %.1f ms off the"
                            + " period (host followed %s BPM)", attempt, worst / 1e6, m.group(1)));
                    continue;
                }
                // the tempo the clocks really had over the last bar, against the tempo the host followed
                double bpm = 60e9 / (24.0 * (run.sent[run.count - 1] - run.sent[run.count - 97]) / 96.0);
                assertEquals(bpm, Double.parseDouble(m.group(1)), 4.0, run.out + " (sent at " + bpm + " BPM; "
                        + unsteady + ")");
                assertTrue(Math.abs(bpm - 150) < 10, "sent at " + bpm);
                return;
            }
        } finally {
            sender.close();
            keys.remove();
            clock.remove();
        }
        org.junit.jupiter.api.Assumptions.abort("this machine could not send a steady MIDI clock in 3 attempts,"
                + " so there was no one tempo to follow: " + unsteady);
    }

    /** 150 BPM: a clock every 60 / 150 / 24 s. */
    static final long PERIOD = 16_666_667L;

    /** One run of live following clocks: its exit code, its standard output, when each clock was sent. */
    record ClockRun(int code, String out, long[] sent, int count) {
    }

    /** Runs live for 4 s with --clock-in while this thread sends 150 BPM clocks for 3.5 s. */
    private static ClockRun sendClockToLive(Receiver r) throws Exception {
        AtomicInteger code = new AtomicInteger(-1);
        long[] sent = new long[210];
        int count = 0;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        Thread live = new Thread(() -> code.set(Main.execute("live", "--in", "midirack-clock-keys", "--clock-in",
                "clock-in-test", "--output", "null", "--instrument", "sine", "--duration", "4")));
        System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            live.start();
            long t0 = System.nanoTime() + 500_000_000L;
            for (int i = 0; i < 210 && live.isAlive(); i++) {
                long due = t0 + i * PERIOD;
                // asleep until just before each clock, not spinning: on busy cores a thread that sleeps is woken
                // ahead of the busy ones, a spinning one is preempted by them for whole time slices
                for (long left; (left = due - System.nanoTime()) > 300_000L; ) {
                    java.util.concurrent.locks.LockSupport.parkNanos(left - 300_000L);
                }
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                sent[i] = System.nanoTime();
                r.send(new ShortMessage(0xF8), -1);
                count = i + 1;
            }
            live.join(60_000);
        } finally {
            System.setOut(old);
        }
        return new ClockRun(code.get(), buf.toString(java.nio.charset.StandardCharsets.UTF_8), sent, count);
    }
}
