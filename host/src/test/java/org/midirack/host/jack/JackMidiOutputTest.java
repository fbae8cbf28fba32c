package org.midirack.host.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.host.Host;
import org.midirack.host.SequenceSource;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputJack;
import org.midirack.host.seq.SequencePlayer;
import org.midirack.host.seq.TempoMap;

/**
 * The host's sequencer plays a known sequence into a {@link JackMidiOutNode}; its JACK MIDI output
 * port is connected to Debian's {@code jack_midi_dump -a}, which prints every event it receives with
 * its absolute frame. Every event must arrive, bytes unchanged, on its frame: at 120 BPM and 24,000
 * ticks per quarter, tick n is frame n at 48 kHz, so the distance of each event from the first is its
 * tick (the sequence's own numbers, not midirack's arithmetic). The sequence crosses cycle boundaries
 * (frames 127, 128, 129 with 128-frame cycles) and has messages of one, two and three bytes.
 */
class JackMidiOutputTest {
    private static final Pattern LINE = Pattern.compile("^\\s*(\\d+):((?: [0-9a-f]{2}(?= |$))+)");

    /** tick (= frame), status, data1, data2 (-1: no such byte). */
    private static final int[][] EVENTS = {
        {0, 0x90, 60, 100}, {1, 0x91, 64, 90}, {127, 0x92, 67, 80}, {128, 0xB0, 7, 100}, {129, 0xB0, 10, 30},
        {1000, 0xE0, 0, 80}, {4800, 0xC3, 5, -1}, {10000, 0x80, 60, 0}, {10001, 0x81, 64, 0},
        {10002, 0x82, 67, 0}, {48000, 0xD0, 40, -1}, {48127, 0x90, 72, 1}, {60000, 0x80, 72, 64},
    };

    @Test
    void everyEventOfASequenceReachesJackMidiDumpOnItsFrame(@TempDir Path dir) throws Exception {
        JackPeers.requireServer();
        String dump = JackPeers.requireProgram("jack_midi_dump");
        Sequence seq = new Sequence(Sequence.PPQ, 24_000);
        Track t = seq.createTrack();
        for (int[] e : EVENTS) {
            ShortMessage m = e[3] < 0 ? new ShortMessage(e[1], e[2], 0) : new ShortMessage(e[1], e[2], e[3]);
            t.add(new MidiEvent(m, 24_000 + e[0]));   // a beat of lead-in
        }
        Host host = new Host();
        JackMidiOutNode outNode = new JackMidiOutNode();
        int slot = host.add(outNode);
        host.connectMidi(Host.BOUNDARY, slot);
        host.addEventSource(new SequenceSource(new SequencePlayer(seq, new TempoMap(seq, 48_000)), Host.BOUNDARY));
        JackMidiPorts midi = new JackMidiPorts(null, null, "midi_out", outNode);
        AudioOutputJack out = new AudioOutputJack("midirack-jmout", null, false, midi);
        Path log = dir.resolve("dump.log");
        try (JackPeers peers = new JackPeers()) {
            out.open(new AudioOutputConfig(48_000, 128, 2));
            out.start(host);
            String dumpName = "midirack-dump-" + ProcessHandle.current().pid();
            peers.start(log, dump, "-a", dumpName);
            JackPeers.awaitPort(dumpName + ":input");
            JackPeers.connect(midi.portNames().get(0), dumpName + ":input");
            host.transport().play();
            List<long[]> got = new ArrayList<>();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (got.size() < EVENTS.length && System.nanoTime() - deadline < 0) {
                Thread.sleep(100);
                got = parse(JackPeers.read(log));
            }
            assertEquals(EVENTS.length, got.size(), "events jack_midi_dump printed:\n" + JackPeers.read(log));
            long first = got.get(0)[0];
            for (int i = 0; i < EVENTS.length; i++) {
                int[] e = EVENTS[i];
                long[] g = got.get(i);
                assertEquals(e[0], g[0] - first, "frame of event " + i + " after the first\n" + JackPeers.read(log));
                int len = e[3] < 0 ? 2 : 3;
                assertEquals(len, g.length - 1, "bytes of event " + i);
                assertEquals(e[1], g[1], "status of event " + i);
                assertEquals(e[2], g[2], "data 1 of event " + i);
                if (len == 3) {
                    assertEquals(e[3], g[3], "data 2 of event " + i);
                }
            }
            assertEquals(0, midi.notSent());
            assertEquals(0, outNode.dropped());
            assertTrue(midi.sent() >= EVENTS.length);
            System.out.printf("JACK MIDI output: %d events at their frames in jack_midi_dump%n", got.size());
        } finally {
            out.close();
        }
    }

    /** jack_midi_dump's lines: frame, then the bytes in hex. */
    static List<long[]> parse(String text) {
        List<long[]> events = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find()) {
                String[] bytes = m.group(2).trim().split(" ");
                long[] e = new long[1 + bytes.length];
                e[0] = Long.parseLong(m.group(1));
                for (int i = 0; i < bytes.length; i++) {
                    e[1 + i] = Integer.parseInt(bytes[i], 16);
                }
                events.add(e);
            } else if (line.contains("error")) {
                fail("jack_midi_dump: " + line);
            }
        }
        return events;
    }
}
