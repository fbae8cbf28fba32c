package org.midirack.demos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.demos.Main;
import org.midirack.demos.melody.MelodyEvents;
import org.midirack.host.midi.MidiVirtualPort;

/** {@code live} through a virtual MIDI port (the same javax.sound.midi path a hardware port takes). */
class LiveCommandTest {

    @TempDir
    Path dir;

    @Test
    void playsAVirtualInputAndRecordsWhatWasPlayed() throws Exception {
        MidiVirtualPort port = MidiVirtualPort.create("midirack-live-test");
        try {
            Path rec = dir.resolve("take.mid");
            AtomicInteger code = new AtomicInteger(-1);
            Thread live = new Thread(() -> code.set(Main.execute("live", "--in", "midirack-live-test", "--output", "null",
                    "--instrument", "sine", "--duration", "1.5", "--record", rec.toString())));
            live.start();
            MidiDevice input = MidiSystem.getMidiDevice(port.inputInfo());
            long deadline = System.nanoTime() + 30_000_000_000L;
            // live has attached when its transmitter has a receiver
            while ((input.getTransmitters().isEmpty() || input.getTransmitters().get(0).getReceiver() == null)
                    && System.nanoTime() < deadline && live.isAlive()) {
                Thread.sleep(5);
            }
            assertTrue(!input.getTransmitters().isEmpty() && input.getTransmitters().get(0).getReceiver() != null,
                    "live listens to the input");
            MidiDevice output = MidiSystem.getMidiDevice(port.outputInfo());
            output.open();
            try (Receiver keys = output.getReceiver()) {
                keys.send(new ShortMessage(ShortMessage.NOTE_ON, 0, 60, 100), -1);
                keys.send(new ShortMessage(ShortMessage.NOTE_OFF, 0, 60, 0), -1);
                keys.send(new ShortMessage(ShortMessage.NOTE_ON, 1, 67, 90), -1);
            } finally {
                output.close();
            }
            live.join(60_000);
            assertEquals(0, code.get());
            MelodyEvents take = MelodyEvents.of(MidiSystem.getSequence(rec.toFile()), 48000);
            // the note still held when live stopped is closed in the file (MidiRecorder: no stuck notes)
            assertEquals(List.of("90 60 100", "80 60 0", "91 67 90", "81 67 0"), take.list().stream()
                    .map(e -> String.format("%02X %d %d", e.status(), e.data1(), e.data2())).toList());
        } finally {
            port.remove();
        }
    }

    @Test
    void liveWithGainReportsWhatWentPastFullScale() throws Exception {
        MidiVirtualPort port = MidiVirtualPort.create("midirack-live-gain");
        java.io.PrintStream savedErr = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        try {
            AtomicInteger code = new AtomicInteger(-1);
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            Thread live = new Thread(() -> code.set(Main.execute("live", "--in", "midirack-live-gain", "--output", "null",
                    "--instrument", "sine", "--duration", "1.5", "--gain", "24")));
            live.start();
            MidiDevice input = MidiSystem.getMidiDevice(port.inputInfo());
            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((input.getTransmitters().isEmpty() || input.getTransmitters().get(0).getReceiver() == null)
                    && System.nanoTime() < deadline && live.isAlive()) {
                Thread.sleep(5);
            }
            MidiDevice output = MidiSystem.getMidiDevice(port.outputInfo());
            output.open();
            try (Receiver keys = output.getReceiver()) {
                keys.send(new ShortMessage(ShortMessage.NOTE_ON, 0, 60, 127), -1);
            } finally {
                output.close();
            }
            live.join(60_000);
            System.setErr(savedErr);
            assertEquals(0, code.get(), err.toString());
            List<String> clip = err.toString().lines().filter(l -> l.startsWith("clipped ")).toList();
            assertEquals(1, clip.size(), err.toString());
            assertTrue(clip.get(0).matches("clipped [1-9]\\d* samples, peak \\+\\d+\\.\\d dBFS \\(past full scale the"
                    + " output clips; lower --gain\\)"), clip.get(0));
        } finally {
            System.setErr(savedErr);
            port.remove();
        }
    }
}
