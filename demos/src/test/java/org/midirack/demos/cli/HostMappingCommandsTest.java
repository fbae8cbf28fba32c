package org.midirack.demos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;

import org.junit.jupiter.api.Test;
import org.midirack.demos.Main;
import org.midirack.host.midi.MidiVirtualPort;

/**
 * The demo host's parameter and mapping commands, typed on its stdin, with a controller on a
 * virtual MIDI port (the javax.sound.midi path a hardware controller takes).
 */
class HostMappingCommandsTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private int seen;

    private synchronized String output() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits (30 s at most) until the output after what was already looked at contains {@code text}. */
    private String await(String text) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            String all = output();
            int at = all.indexOf(text, seen);
            if (at >= 0) {
                String part = all.substring(seen, at + text.length());
                seen = at + text.length();
                return part;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no '" + text + "' in the host's output after:\n" + output().substring(seen));
    }

    /** Lists a node's parameters until the listing contains {@code text} (30 s at most). */
    private String awaitParams(PrintStream type, String node, String text) throws InterruptedException {
        String p = "";
        for (long end = System.nanoTime() + 30_000_000_000L; System.nanoTime() < end && !p.contains(text); ) {
            type.println("params " + node);
            p = await("\n> "); // the listing, up to the next prompt
            Thread.sleep(5);
        }
        assertTrue(p.contains(text), p);
        return p;
    }

    @Test
    void parametersAreListedSetMappedLearnedAndUnmapped() throws Exception {
        MidiVirtualPort port = MidiVirtualPort.create("midirack-map-test");
        InputStream stdin = System.in;
        PrintStream stdout = System.out;
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream keys = new PipedInputStream(typing, 1 << 16);
        PrintStream screen = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8);
        AtomicInteger code = new AtomicInteger(-1);
        Thread host = null;
        MidiDevice controller = MidiSystem.getMidiDevice(port.outputInfo());
        try {
            System.setIn(keys);
            System.setOut(screen);
            host = new Thread(() -> code.set(Main.execute("host", "--interactive", "--in", "midirack-map-test", "--output", "null",
                    "--instrument", "sine", "--fx", "filter")));
            host.start();
            await("type 'help' for commands");
            PrintStream type = new PrintStream(typing, true, StandardCharsets.UTF_8);
            controller.open();
            Receiver knobs = controller.getReceiver();

            type.println("graph");
            String graph = await("render order: sine, drums, filter-state-variable\n");
            assertTrue(graph.contains("nodes:\n   1 sine                   midirack.sine (INSTRUMENT)\n"
                    + "   2 drums                  midirack.drums (INSTRUMENT), latency 63 frames\n"
                    + "   3 filter-state-variable  midirack.filter-state-variable (MUSIC_EFFECT)\n"), graph);
            type.println("params sine");
            String params = await("bendRange");
            assertTrue(params.contains("1 midirack.sine (INSTRUMENT)\n  wave           sine           sine | saw\n"
                    + "  attack         2 ms           0..5000 ms\n"), params);
            await("0..48 semitones, 48 steps\n");

            type.println("set 1 gain -6");
            await("1 midirack.sine gain = -6 dB\n");
            type.println("set sine wave saw");
            await("1 midirack.sine wave = saw\n");
            type.println("set 3 cutoff 50000");
            await("3 midirack.filter-state-variable cutoff = 20000 Hz (clamped from 50000)\n");
            type.println("set 1 wave purple");
            await("error: wave takes one of sine, saw, not 'purple'\n");

            type.println("map 1 wave cc 7 ch 1");
            await("mapped cc 7 ch 1 -> 1 midirack.sine wave\n");
            type.println("map filter cutoff cc 74 range 200 8000 invert through");
            await("mapped cc 74 -> 3 midirack.filter-state-variable cutoff 200..8000 Hz inverted, passed on\n");
            type.println("map 1 gain cc 123");
            await("error: CC 123 is a channel mode message");
            type.println("map 1 nope bend");
            await("error: 1 midirack.sine has no parameter 'nope'; it has: wave, attack, decay, sustain, release, gain,"
                    + " bendRange\n");
            type.println("map 9 gain bend");
            await("error: no node 9; nodes: 1 sine, 2 drums, 3 filter-state-variable (see 'graph')\n");
            type.println("mappings");
            await("  cc 7 ch 1 -> 1 midirack.sine wave\n"
                    + "  cc 74 -> 3 midirack.filter-state-variable cutoff 200..8000 Hz inverted, passed on\n");

            // the controller moves the mapped parameters (the rack applies them at its next cycle)
            knobs.send(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 7, 0), -1);
            knobs.send(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 74, 127), -1);
            awaitParams(type, "3", "  cutoff         200 Hz         20..20000 Hz\n");
            type.println("params 1");
            assertTrue(await("bendRange").contains("  wave           sine "), "CC 7 = 0: sine again");

            type.println("learn 1 release");
            await("learning 1 midirack.sine release: move a controller (learn off: cancel)\n");
            knobs.send(new ShortMessage(ShortMessage.NOTE_ON, 0, 60, 100), -1); // notes never bind
            knobs.send(new ShortMessage(ShortMessage.CONTROL_CHANGE, 1, 20, 127), -1);
            await("learned cc 20 ch 2 -> 1 midirack.sine release\n");
            awaitParams(type, "1", "  release        5000 ms "); // moved to the controller's position
            type.println("learn off");
            await("not learning\n");

            type.println("unmap 1 wave");
            await("removed 1 mapping\n");
            type.println("unmap cc 74");
            await("removed 1 mapping\n");
            type.println("mappings");
            await("  cc 20 ch 2 -> 1 midirack.sine release\n");
            type.println("unmap all");
            await("removed 1 mapping\n");
            type.println("help");
            await("  learn NODE PARAM      map the next controller that moves (learn off: cancel)\n");
            type.println("quit");
            host.join(30_000);
            assertEquals(0, code.get(), output());
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
            typing.close();
            if (host != null && host.isAlive()) {
                host.interrupt();
                host.join(10_000);
            }
            controller.close();
            port.remove();
        }
    }
}
