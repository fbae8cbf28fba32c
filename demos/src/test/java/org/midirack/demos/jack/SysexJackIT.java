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

    @Test
    void gmMasterVolumeIntoServesMidiInSilencesGervillOnItsFrame() throws Exception {
        JackPrograms.requireServer();
        String name = "mr-sxserve-" + ProcessHandle.current().pid();
        byte[] volume0 = {(byte) 0xF0, 0x7F, 0x7F, 0x04, 0x01, 0x00, 0x00, (byte) 0xF7};
        byte[] organ = {(byte) 0xC0, 16};
        byte[] on = {(byte) 0x90, 60, 110};
        byte[] off = {(byte) 0x80, 60, 0};
        int cycle = 128;
        int pattern = 100;
        // the sender's own numbers: note-on at frame 10 of a pattern's first cycle, master volume 0 at frame 70
        // of its 21st, so 20 * 128 + 60 frames apart; Gervill acts on a message other than a note-on where its
        // 32-frame block holding the frame starts (up to 31 frames early) and ramps the volume over that block
        int apart = 20 * cycle + 60;
        try (JackPrograms programs = new JackPrograms()) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.awt.headless=true", "-jar", PlayLiveJackIT.jarPath(), "serve", "--instrument", "gervill",
                    "--name", name));
            JackPrograms.Running serve = programs.start(dir, cmd.toArray(new String[0]));
            JackPrograms.awaitOutput(serve, "Ctrl-C stops");
            org.jaudiolibs.jnajack.JackClient sender = org.jaudiolibs.jnajack.Jack.getInstance().openClient(name + "-send",
                    java.util.EnumSet.of(org.jaudiolibs.jnajack.JackOptions.JackNoStartServer),
                    java.util.EnumSet.noneOf(org.jaudiolibs.jnajack.JackStatus.class));
            try {
                org.jaudiolibs.jnajack.JackPort out = sender.registerPort("out", org.jaudiolibs.jnajack.JackPortType.MIDI,
                        org.jaudiolibs.jnajack.JackPortFlags.JackPortIsOutput);
                long[] k = new long[1];
                sender.setProcessCallback((c, n) -> {
                    try {
                        org.jaudiolibs.jnajack.JackMidi.clearBuffer(out);
                        long at = k[0]++;
                        int p = (int) (at % pattern);
                        if (at == 0) {
                            org.jaudiolibs.jnajack.JackMidi.eventWrite(out, 0, organ, organ.length);
                        } else if (p == 0) {
                            org.jaudiolibs.jnajack.JackMidi.eventWrite(out, 10, on, on.length);
                        } else if (p == 20) {
                            org.jaudiolibs.jnajack.JackMidi.eventWrite(out, 70, volume0, volume0.length);
                        } else if (p == 21) {
                            org.jaudiolibs.jnajack.JackMidi.eventWrite(out, 0, off, off.length);
                        } else if (p == 90) {
                            org.jaudiolibs.jnajack.JackMidi.eventWrite(out, 0, VOLUME, VOLUME.length);
                        }
                    } catch (Exception e) {
                        return false;
                    }
                    return true;
                });
                sender.activate();
                JackPrograms.connect(out.getName(), name + ":midi_in");
                try (JackTake take = new JackTake(name + "-take", 3 * pattern * cycle)) {
                    JackPrograms.connect(name + ":out_1", name + "-take:in");
                    JackPrograms.connect(out.getName(), name + "-take:midi");
                    float[] audio = take.record();
                    int checked = 0;
                    for (JackTake.Event e : take.events()) {
                        if (e.status() != 0x90 || e.frame() + 6000 > audio.length) {
                            continue;
                        }
                        int s = (int) e.frame();
                        int onset = -1;
                        for (int i = s; i < s + 1000 && onset < 0; i++) {
                            onset = Math.abs(audio[i]) > 0.02f ? i : -1;
                        }
                        assertTrue(onset >= 0, "the organ sounds within 1000 frames of its note-on at " + s);
                        int last = -1;
                        for (int i = onset; i < s + 6000; i++) {
                            last = Math.abs(audio[i]) > 1e-6f ? i : last;
                        }
                        int silentAfter = last + 1 - onset;
                        System.out.println("serve: GM master volume 0 sent " + apart + " frames after the note-on; the organ"
                                + " fell silent " + silentAfter + " frames after its onset (note-on to sound " + (onset - s)
                                + " frames)");
                        assertTrue(silentAfter >= apart - 31 && silentAfter <= apart + 32, "silent " + silentAfter
                                + " frames after the onset, the master volume 0 came " + apart + " frames after the note-on");
                        checked++;
                    }
                    assertTrue(checked >= 1, "no whole pattern in the take: " + take.events());
                }
            } finally {
                sender.close();
            }
            JackPrograms.terminate(serve);
            assertTrue(serve.text().contains("served: "), serve.text());
        }
    }
}
