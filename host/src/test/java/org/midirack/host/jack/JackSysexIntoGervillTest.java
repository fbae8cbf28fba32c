package org.midirack.host.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackMidi;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.jaudiolibs.jnajack.JackStatus;
import org.junit.jupiter.api.Test;
import org.midirack.host.Host;
import org.midirack.host.HostConfig;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputJack;
import org.midirack.host.audio.JackRecorder;
import org.midirack.instruments.InstrumentGervill;

/**
 * SysEx arriving on a JACK MIDI input reaches the Gervill instrument linked from the host's input, at its
 * frame, inside the JACK process callback. A JACK client of the test's own plays a pattern every 100 of its
 * cycles of 128 frames: an organ note-on at frame 10 of the pattern's first cycle, then GM Master Volume 0
 * ({@code F0 7F 7F 04 01 00 00 F7}) at frame 70 of its 21st cycle, then master volume back up and a
 * note-off. A JACK capture client records the host's {@code out_1} from the note's first sound: the organ
 * must fall silent {@code 20 * 128 + 60 = 2620} frames after its onset (numbers the sender chose), within
 * Gervill's own granularity (a message other than a note-on acts where a Gervill block of B = 32 frames
 * starts, up to B - 1 frames before its frame, and the master volume ramps over that block). Besides, a
 * SysEx Gervill ignores (a device inquiry) arrives in every cycle, and the MIDI ports must allocate
 * nothing in the process callback while they hand all of them to the node.
 */
class JackSysexIntoGervillTest {
    private static final int CYCLE = 128;
    private static final int PATTERN = 100;
    private static final int B = 32;
    private static final byte[] VOLUME_0 = {(byte) 0xF0, 0x7F, 0x7F, 0x04, 0x01, 0x00, 0x00, (byte) 0xF7};
    private static final byte[] VOLUME_FULL = {(byte) 0xF0, 0x7F, 0x7F, 0x04, 0x01, 0x7F, 0x7F, (byte) 0xF7};
    private static final byte[] INQUIRY = {(byte) 0xF0, 0x7E, 0x7F, 0x06, 0x01, (byte) 0xF7};
    private static final byte[] ORGAN = {(byte) 0xC0, 16};
    private static final byte[] NOTE_ON = {(byte) 0x90, 60, 110};
    private static final byte[] NOTE_OFF = {(byte) 0x80, 60, 0};

    @Test
    void masterVolumeSysexFromJackSilencesGervillOnItsFrameWithoutAllocating() throws Exception {
        JackPeers.requireServer();
        Host host = new Host(new HostConfig().fadeFrames(0));
        InstrumentGervill gervill = new InstrumentGervill();
        int g = host.add(gervill);
        host.connectAudio(g, 0, Host.BOUNDARY, 0);
        host.connectMidi(Host.BOUNDARY, g);
        JackMidiPorts midi = new JackMidiPorts("midi_in", (o, s, a, b) -> host.offer(Host.BOUNDARY, o, s, a, b),
                null, null).sysexInto(host);
        JackMidiInputTest.Measured measured = new JackMidiInputTest.Measured(midi);
        AudioOutputJack out = new AudioOutputJack("midirack-sxin", null, false, measured);
        JackClient sender = Jack.getInstance().openClient("midirack-sxin-send", EnumSet.of(JackOptions.JackNoStartServer),
                EnumSet.noneOf(JackStatus.class));
        JackPort send = sender.registerPort("out", JackPortType.MIDI, JackPortFlags.JackPortIsOutput);
        long[] cycle = new long[1];
        sender.setProcessCallback((c, n) -> {
            try {
                JackMidi.clearBuffer(send);
                long k = cycle[0]++;
                int inPattern = (int) (k % PATTERN);
                if (k == 0) {
                    JackMidi.eventWrite(send, 0, ORGAN, ORGAN.length);
                }
                if (k > 0 && inPattern == 0) {
                    JackMidi.eventWrite(send, 10, NOTE_ON, NOTE_ON.length);
                } else if (inPattern == 20) {
                    JackMidi.eventWrite(send, 70, VOLUME_0, VOLUME_0.length);
                } else if (inPattern == 60) {
                    JackMidi.eventWrite(send, 0, NOTE_OFF, NOTE_OFF.length);
                } else if (inPattern == 90) {
                    JackMidi.eventWrite(send, 0, VOLUME_FULL, VOLUME_FULL.length);
                }
                JackMidi.eventWrite(send, 100, INQUIRY, INQUIRY.length);
            } catch (Exception e) {
                return false;
            }
            return true;
        });
        try (JackPeers peers = new JackPeers()) {
            out.open(new AudioOutputConfig(48_000, CYCLE, 2));
            assertEquals(CYCLE, out.info().bufferFrames(), "the test needs a JACK server at 128 frames per cycle");
            out.start(host);
            sender.activate();
            JackPeers.connect(send.getName(), midi.portNames().get(0));
            try (JackRecorder capture = new JackRecorder("midirack-sxin-rec", 40 * CYCLE, true)) {
                JackPeers.connect(out.portNames()[0], capture.portName());
                float[] take = capture.recordWithoutXrun();
                float peak = 0;
                int lastSound = -1;
                for (int i = 0; i < take.length; i++) {
                    peak = Math.max(peak, Math.abs(take[i]));
                    if (Math.abs(take[i]) > 1e-6f) {
                        lastSound = i;
                    }
                }
                int silentFrom = lastSound + 1;
                int expected = 20 * CYCLE + (70 - 10);
                System.out.printf("JACK SysEx into Gervill: master volume 0 sent %d frames after the note-on; the"
                        + " organ (peak %.3f) fell silent %d frames after its onset; %d SysEx to nodes, %d ignored%n",
                        expected, peak, silentFrom, midi.sysexToNodes(), midi.ignored());
                assertTrue(peak > 0.01f, "the organ sounded (peak " + peak + ")");
                assertTrue(silentFrom >= expected - (B - 1) && silentFrom <= expected + B, "silent from frame "
                        + silentFrom + " of the take, the master volume 0 was sent at " + expected);
            }
            long until = System.nanoTime() + 30_000_000_000L;
            while (measured.completeWindows() < 10 && System.nanoTime() - until < 0) {
                Thread.sleep(50);
            }
            int n = measured.completeWindows();
            int dirty = 0;
            for (int w = 0; w < n; w++) {
                dirty += measured.windows[w] == 0 ? 0 : 1;
            }
            System.out.printf("JACK SysEx into Gervill: %d bytes allocated by the MIDI ports in %d windows of 100 cycles,"
                    + " %s%n", measured.bytes, n, java.util.Arrays.toString(java.util.Arrays.copyOf(measured.windows, n)));
            assertTrue(n >= 5, n + " windows measured");
            assertTrue(dirty <= 2, dirty + " of " + n + " windows of 100 cycles (each with 100 SysEx) allocated on the"
                    + " process thread");
            assertTrue(midi.sysexToNodes() > 1000, midi.sysexToNodes() + " SysEx reached the node");
            assertEquals(0, gervill.sysexRefused());
        } finally {
            sender.close();
            out.close();
        }
    }
}
