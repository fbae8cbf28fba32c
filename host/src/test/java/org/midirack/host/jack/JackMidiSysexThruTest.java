package org.midirack.host.jack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackMidi;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.host.Host;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputJack;

/**
 * A JACK client of the test's own sends, in one cycle, a note-on at frame 5, a system exclusive
 * message at frame 40 and a note-off at frame 90 into a host's {@code midi_in}; its {@code midi_out}
 * (fed from the host's MIDI input, so short messages pass through the graph) goes to Debian's
 * {@code jack_midi_dump}. The SysEx, which no node can take, must come out byte for byte between
 * the two notes, every message at its frame.
 */
class JackMidiSysexThruTest {
    private static final byte[] SYSEX = {(byte) 0xF0, 0x7E, 0x7F, 0x06, 0x01, (byte) 0xF7};

    @Test
    void systemExclusivePassesFromMidiInToMidiOutOnItsFrame(@TempDir Path dir) throws Exception {
        JackPeers.requireServer();
        String dumpBin = JackPeers.requireProgram("jack_midi_dump");
        Host host = new Host();
        JackMidiOutNode outNode = new JackMidiOutNode();
        host.connectMidi(Host.BOUNDARY, host.add(outNode));
        JackMidiPorts midi = new JackMidiPorts("midi_in", (o, s, a, b) -> host.offer(Host.BOUNDARY, o, s, a, b),
                "midi_out", outNode);
        AudioOutputJack out = new AudioOutputJack("midirack-sysex", null, false, midi);
        JackClient sender = Jack.getInstance().openClient("midirack-sysex-send", EnumSet.of(JackOptions.JackNoStartServer),
                EnumSet.noneOf(JackStatus.class));
        JackPort send = sender.registerPort("out", JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
        boolean[] armed = new boolean[1];
        sender.setProcessCallback((c, n) -> {
            try {
                JackMidi.clearBuffer(send);
                if (armed[0]) {
                    armed[0] = false;
                    JackMidi.eventWrite(send, 5, new byte[] {(byte) 0x90, 60, 100}, 3);
                    JackMidi.eventWrite(send, 40, SYSEX, SYSEX.length);
                    JackMidi.eventWrite(send, 90, new byte[] {(byte) 0x80, 60, 0}, 3);
                }
            } catch (Exception e) {
                return false;
            }
            return true;
        });
        Path log = dir.resolve("dump.log");
        try (JackPeers peers = new JackPeers()) {
            out.open(new AudioOutputConfig(48_000, 128, 2));
            out.start(host);
            sender.activate();
            String dump = "midirack-sxdump-" + ProcessHandle.current().pid();
            peers.start(log, dumpBin, "-a", dump);
            JackPeers.awaitPort(dump + ":input");
            JackPeers.connect(send.getName(), midi.portNames().get(0));
            JackPeers.connect(midi.portNames().get(1), dump + ":input");
            Thread.sleep(200);
            synchronized (armed) {
                armed[0] = true;
            }
            List<long[]> got = new ArrayList<>();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (got.size() < 3 && System.nanoTime() - deadline < 0) {
                Thread.sleep(50);
                got = JackMidiOutputTest.parse(JackPeers.read(log));
            }
            assertEquals(3, got.size(), "jack_midi_dump printed:\n" + JackPeers.read(log));
            assertEquals(35, got.get(1)[0] - got.get(0)[0], "SysEx frame after the note-on\n" + JackPeers.read(log));
            assertEquals(85, got.get(2)[0] - got.get(0)[0], "note-off frame after the note-on");
            long[] sx = new long[SYSEX.length];
            for (int i = 0; i < sx.length; i++) {
                sx[i] = SYSEX[i] & 0xFF;
            }
            assertArrayEquals(sx, java.util.Arrays.copyOfRange(got.get(1), 1, got.get(1).length), "SysEx bytes");
            assertEquals(1, midi.sysexThru());
        } finally {
            sender.close();
            out.close();
        }
    }
}
