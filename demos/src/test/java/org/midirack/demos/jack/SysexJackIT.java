package org.midirack.demos.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Standard MIDI File with system exclusive messages between its notes, played with
 * {@code play --midi-out jack:PORT} into Debian's {@code jack_midi_dump -a}: every SysEx comes out byte
 * for byte on its frame. The file is written here at 24,000 ticks per quarter and 120 BPM, so at 48 kHz
 * tick n is frame n after the first event: the expected frames are the ticks the file was given.
 */
class SysexJackIT {
    /** GM Master Volume full, and a non-commercial (0x7D) message of 12 bytes. */
    private static final byte[] VOLUME = {(byte) 0xF0, 0x7F, 0x7F, 0x04, 0x01, 0x7F, 0x7F, (byte) 0xF7};
    private static final byte[] PRIVATE = {(byte) 0xF0, 0x7D, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
        (byte) 0xF7};
    /** (tick = frame, bytes) of every event of the file, in order. */
    private static final Object[][] EVENTS = {
        {0L, new byte[] {(byte) 0x90, 60, 100}},
        {1000L, VOLUME},
        {2000L, new byte[] {(byte) 0x80, 60, 0}},
        {3001L, PRIVATE},
        {5003L, VOLUME}, // on one frame a SysEx goes out before the short messages (docs/COMMANDS.md)
        {5003L, new byte[] {(byte) 0x90, 64, 90}},
        {6000L, new byte[] {(byte) 0x80, 64, 0}},
    };

    @TempDir
    Path dir;

    private Path song() throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, 24_000);
        Track t = seq.createTrack();
        t.add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x07, (byte) 0xA1, 0x20}, 3), 0)); // 500000 us: 120 BPM
        for (Object[] e : EVENTS) {
            byte[] b = (byte[]) e[1];
            long tick = (Long) e[0];
            t.add(new MidiEvent((b[0] & 0xFF) == 0xF0 ? new SysexMessage(b, b.length)
                    : new ShortMessage(b[0] & 0xFF, b[1], b[2]), tick));
        }
        Path f = dir.resolve("sysex.mid");
        MidiSystem.write(seq, 0, f.toFile());
        return f;
    }

    @Test
    void sysexOfASongGoesOutThroughJackMidiByteForByteOnItsFrame() throws Exception {
        JackPrograms.requireServer();
        String dumpBin = JackPrograms.requireProgram("jack_midi_dump");
        Path song = song();
        String lastMismatch = null;
        for (int run = 0; run < 3; run++) {
            String dump = "mr-sxdump-" + ProcessHandle.current().pid() + "-" + run;
            try (JackPrograms programs = new JackPrograms()) {
                JackPrograms.Running dumped = programs.start(dir, dumpBin, "-a", dump);
                JackPrograms.awaitPort(dump + ":input");
                JackPrograms.Running play = PlayLiveJackIT.midirack(programs, dir, "play", song.toString(),
                        "--instrument", "sine", "--midi-out", "jack:" + dump + ":input", "--tail", "0.2", "--stats");
                assertEquals(0, PlayLiveJackIT.finish(play), play.text());
                Thread.sleep(300);
                List<long[]> got = new ArrayList<>();
                for (long[] e : ServeJackIT.parse(dumped.text())) {
                    if ((e[1] & 0xF0) != 0xB0 && (e[1] & 0xF0) != 0xC0) { // the song's end releases controllers
                        got.add(e);
                    }
                }
                assertEquals(EVENTS.length, got.size(), "jack_midi_dump printed:\n" + dumped.text());
                long t0 = got.get(0)[0];
                String mismatch = null;
                for (int i = 0; i < EVENTS.length && mismatch == null; i++) {
                    byte[] b = (byte[]) EVENTS[i][1];
                    long[] want = new long[1 + b.length];
                    want[0] = (Long) EVENTS[i][0];
                    for (int k = 0; k < b.length; k++) {
                        want[1 + k] = b[k] & 0xFF;
                    }
                    long[] have = got.get(i).clone();
                    have[0] -= t0;
                    if (!Arrays.equals(want, have)) {
                        mismatch = "event " + i + ": " + Arrays.toString(have) + " (frame after the first note-on, bytes),"
                                + " expected " + Arrays.toString(want);
                    }
                }
                if (mismatch == null) {
                    System.out.println("play --midi-out: the song's 3 SysEx and 4 notes exact in jack_midi_dump (run "
                            + (run + 1) + ")");
                    return;
                }
                Matcher xr = Pattern.compile("server xruns (\\d+)").matcher(play.text());
                assertTrue(xr.find(), play.text());
                assertTrue(Integer.parseInt(xr.group(1)) > 0, "no xrun, yet " + mismatch + "\n" + dumped.text());
                lastMismatch = mismatch;
                System.out.println("play --midi-out (SysEx) run " + (run + 1) + " had server xruns: " + mismatch);
            }
        }
        throw new AssertionError("three runs in a row had xruns; the last: " + lastMismatch);
    }
}
