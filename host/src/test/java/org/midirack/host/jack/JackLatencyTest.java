package org.midirack.host.jack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.midirack.core.AbstractNode;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import org.midirack.host.Host;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputJack;
import org.midirack.host.audio.JackClientHook;

/**
 * A graph whose one node reports 300 frames of latency, published on a JACK client with
 * {@link JackLatency}: Debian's {@code jack_lsp -l} must show 300 frames of capture latency on the
 * audio outputs (nothing feeds midi_in, so 0 + 300) and 300 frames of playback latency on midi_in
 * (nothing is connected after out_1, so 0 + 300); midi_out, which adds none, 0.
 */
class JackLatencyTest {
    static final class Late extends AbstractNode {
        Late() {
            super(new NodeDescriptor("test.late", "late", NodeKind.INSTRUMENT, "test", "1", new int[0], new int[] {2},
                    false, true, List.of()));
        }

        @Override
        protected void onActivate(double sampleRate, int maxFrames) {
        }

        @Override
        public void reset() {
        }

        @Override
        public int latencyFrames() {
            return 300;
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
        }
    }

    /** One port's lines of jack_lsp's listing. */
    private static String block(String listing, String port) {
        for (String b : listing.split("\n(?=\\S)")) {
            if (b.startsWith(port + "\n")) {
                return b;
            }
        }
        return "(no port " + port + ")";
    }

    @Test
    void jackLspShowsTheGraphsLatencyOnTheClientsPorts() throws Exception {
        JackPeers.requireServer();
        String lsp = JackPeers.requireProgram("jack_lsp");
        Host host = new Host();
        int slot = host.add(new Late());
        host.connectAudio(slot, 0, Host.BOUNDARY, 0);
        host.connectMidi(Host.BOUNDARY, slot);
        JackMidiOutNode outNode = new JackMidiOutNode();
        host.connectMidi(Host.BOUNDARY, host.add(outNode));
        JackMidiPorts midi = new JackMidiPorts("midi_in", (o, s, a, b) -> host.offer(Host.BOUNDARY, o, s, a, b),
                "midi_out", outNode);
        JackLatency latency = new JackLatency(host::latencyFrames, List.of("midi_in"), List.of("out_1", "out_2"),
                List.of("midi_out"));
        AudioOutputJack out = new AudioOutputJack("midirack-lat", null, false, JackClientHook.all(midi, latency));
        try {
            out.open(new AudioOutputConfig(48_000, 128, 2));
            out.start(host);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (host.latencyFrames() != 300 && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            latency.recompute();
            Thread.sleep(200);
            String name = out.clientName();
            Process p = new ProcessBuilder(lsp, "-l").start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
            assertTrue(block(text, name + ":out_1").contains("port capture latency = [ 300 300 ]"), text);
            assertTrue(block(text, name + ":out_2").contains("port capture latency = [ 300 300 ]"), text);
            assertTrue(block(text, name + ":midi_in").contains("port playback latency = [ 300 300 ]"), text);
            assertTrue(block(text, name + ":midi_out").contains("port capture latency = [ 0 0 ]"), text);
            System.out.println("JACK latency: jack_lsp -l shows\n" + block(text, name + ":out_1") + "\n"
                    + block(text, name + ":midi_in"));
        } finally {
            out.close();
        }
    }
}
