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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code play --midi-out jack:PORT} and {@code live --input jack:PORT} against Debian jackd2's example
 * clients: {@code jack_midi_dump -a} prints what midirack's {@code midi_out} sends, with absolute frames;
 * {@code jack_midiseq} plays a looped pattern into {@code live}'s JACK input while the test's own client
 * records midirack's {@code out_1} and the pattern on one frame clock. Expected frames come from the
 * melody's own numbers (tempo 100 at 48 kHz: a quarter note is 60 / 100 * 48000 = 28800 frames) and from
 * the numbers given to jack_midiseq.
 */
class PlayLiveJackIT {
    /** Tempo 100: quarter, eighth, sixteenth, half. */
    private static final String MELODY = "tempo 100\nvoice 1 piano: C4/4 E4/8 G4/16 C5/2\n";
    private static final int QUARTER = 28_800;
    /** Note number and length in frames of each melody note, in order. */
    private static final int[][] NOTES = {{60, QUARTER}, {64, QUARTER / 2}, {67, QUARTER / 4}, {72, QUARTER * 2}};

    private static final int LOOP = 24_000;
    private static final int[] ONSETS = {0, 7000, 12345};
    private static final int[] PITCHES = {60, 62, 64};
    private static final int LENGTH = 100;

    @TempDir
    Path dir;

    /** The built jar's path. */
    static String jarPath() {
        return jar();
    }

    private static String jar() {
        String p = System.getProperty("midirack.jar");
        Path jar = p != null ? Path.of(p) : Path.of("target", "midirack.jar");
        assertTrue(Files.isRegularFile(jar), "built jar missing: " + jar.toAbsolutePath());
        return jar.toAbsolutePath().toString();
    }

    private JackPrograms.Running midirack(JackPrograms programs, String... args) throws Exception {
        return midirack(programs, dir, args);
    }

    /** Starts the built jar with {@code args} in {@code dir}. */
    static JackPrograms.Running midirack(JackPrograms programs, Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-jar", jar()));
        cmd.addAll(List.of(args));
        return programs.start(dir, cmd.toArray(new String[0]));
    }

    static int finish(JackPrograms.Running r) throws InterruptedException {
        assertTrue(r.process().waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "did not end:\n" + r.text());
        r.pump().join(5_000);
        return r.process().exitValue();
    }

    /** The expected (frame after the first note-on, status, note) of every note message of the melody. */
    private static List<long[]> melodyNotes() {
        List<long[]> notes = new ArrayList<>();
        long at = 0;
        for (int[] n : NOTES) {
            notes.add(new long[] {at, 0x90, n[0]});
            notes.add(new long[] {at + n[1], 0x80, n[0]});
            at += n[1];
        }
        notes.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        return notes;
    }

    @Test
    void playMidiOutIntoJackMidiDumpCarriesEveryEventOfTheMelodyOnItsFrame() throws Exception {
        JackPrograms.requireServer();
        String dumpBin = JackPrograms.requireProgram("jack_midi_dump");
        Files.writeString(dir.resolve("song.mel"), MELODY);
        List<long[]> expected = melodyNotes();
        // a JACK xrun (the dummy driver waking late on a loaded machine) breaks every client's frame count: a
        // run the server reported xruns in (play's --stats line counts them) is taken again, three runs at most;
        // a run without one must be exact, and every run must carry every event
        String lastMismatch = null;
        for (int run = 0; run < 3; run++) {
            String dump = "mr-pdump-" + ProcessHandle.current().pid() + "-" + run;
            try (JackPrograms programs = new JackPrograms()) {
                JackPrograms.Running dumped = programs.start(dir, dumpBin, "-a", dump);
                JackPrograms.awaitPort(dump + ":input");
                JackPrograms.Running play = midirack(programs, "play", "song.mel", "--instrument", "sine",
                        "--midi-out", "jack:" + dump + ":input", "--tail", "0.2", "--stats");
                assertEquals(0, finish(play), play.text());
                assertTrue(play.text().contains("playing on JACK "), play.text());
                Thread.sleep(300);
                List<long[]> got = ServeJackIT.parse(dumped.text());
                // first the melody's program change (piano: 0) on the first note's frame, then its notes
                assertTrue(got.size() > expected.size(), "jack_midi_dump printed:\n" + dumped.text());
                assertEquals(List.of(0xC0L, 0L), List.of(got.get(0)[1], got.get(0)[2]), "first event\n" + dumped.text());
                long t0 = got.get(1)[0];
                assertEquals(t0, got.get(0)[0], "program change on the first note's frame");
                List<long[]> notes = new ArrayList<>();
                for (long[] e : got.subList(1, got.size())) {
                    if ((e[1] & 0xF0) == 0x90 || (e[1] & 0xF0) == 0x80) {
                        notes.add(new long[] {e[0] - t0, e[1], e[2]});
                    } else {
                        assertEquals(0xB0, e[1] & 0xF0, "after the song only the release (controllers) comes: "
                                + Arrays.toString(e));
                    }
                }
                assertEquals(expected.size(), notes.size(), "note messages\n" + dumped.text());
                String mismatch = null;
                for (int i = 0; i < expected.size() && mismatch == null; i++) {
                    if (!Arrays.equals(expected.get(i), notes.get(i))) {
                        mismatch = "note message " + i + ": " + Arrays.toString(notes.get(i)) + " (frame after the first"
                                + " note-on, status, note), expected " + Arrays.toString(expected.get(i));
                    }
                }
                assertTrue(play.text().contains("JACK MIDI: 0 events in, "), play.text());
                if (mismatch == null) {
                    System.out.println("play --midi-out: " + notes.size() + " note messages of the melody exact in"
                            + " jack_midi_dump (run " + (run + 1) + ")");
                    return;
                }
                Matcher xr = Pattern.compile("server xruns (\\d+)").matcher(play.text());
                assertTrue(xr.find(), play.text());
                assertTrue(Integer.parseInt(xr.group(1)) > 0, "no xrun, yet " + mismatch + "\n" + dumped.text());
                lastMismatch = mismatch + "\n" + dumped.text();
                System.out.println("play --midi-out run " + (run + 1) + " had server xruns: " + mismatch);
            }
        }
        throw new AssertionError("three runs in a row had xruns; the last: " + lastMismatch);
    }

    @Test
    void liveTakesJackMidiseqAtItsFramesAndSendsItOnThroughMidiOut() throws Exception {
        JackPrograms.requireServer();
        String dumpBin = JackPrograms.requireProgram("jack_midi_dump");
        String seq = "mr-lseq-" + ProcessHandle.current().pid();
        String dump = "mr-ldump-" + ProcessHandle.current().pid();
        String takeName = "mr-ltake-" + ProcessHandle.current().pid();
        try (JackPrograms programs = new JackPrograms()) {
            programs.start(dir, JackPrograms.requireProgram("jack_midiseq"), seq, Integer.toString(LOOP),
                    "0", "60", Integer.toString(LENGTH), "7000", "62", Integer.toString(LENGTH),
                    "12345", "64", Integer.toString(LENGTH));
            JackPrograms.Running dumped = programs.start(dir, dumpBin, "-a", dump);
            JackPrograms.awaitPort(seq + ":out");
            JackPrograms.awaitPort(dump + ":input");
            JackPrograms.Running live = midirack(programs, "live", "--input", "jack:" + seq + ":out", "--instrument",
                    "sine", "--midi-out", "jack:" + dump + ":input", "--duration", "20");
            JackPrograms.awaitOutput(live, "playing on JACK ");
            Matcher m = Pattern.compile("playing on JACK (\\S+)@").matcher(live.text());
            assertTrue(m.find(), live.text());
            String client = m.group(1);
            // heard: out_1 and jack_midiseq's notes on one frame clock (one loop, taken again after an xrun); each
            // note sounds on its note-on's frame
            try (JackTake take = new JackTake(takeName, LOOP)) {
                JackPrograms.connect(client + ":out_1", takeName + ":in");
                JackPrograms.connect(seq + ":out", takeName + ":midi");
                float[] audio = take.record();
                List<Long> sent = new ArrayList<>();
                for (JackTake.Event e : take.events()) {
                    if ((e.status() & 0xF0) == 0x90) {
                        sent.add(e.frame());
                    }
                }
                List<Long> heard = new ArrayList<>();
                for (long s : sent) {
                    if (s + LENGTH < audio.length) {
                        heard.add(s);
                        assertTrue(audio[(int) s] != 0f, "sound on the frame of the note-on at " + s);
                        for (int f = (int) s - 200; f < s; f++) {
                            assertEquals(0f, f >= 0 ? audio[f] : 0f, "silence before the note-on at " + s + ", frame " + f);
                        }
                    }
                }
                assertTrue(heard.size() >= 2, "note-ons of jack_midiseq checked in a loop: " + heard);
                System.out.println("live --input jack: " + heard.size() + " notes of jack_midiseq heard on their own"
                        + " frame (latency 0, jitter 0)");
            }
            // sent on: midi_out carries each loop's six events at the pattern's frames
            List<long[]> got = new ArrayList<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (got.size() < 6 * 8 && System.nanoTime() - deadline < 0) {
                Thread.sleep(100);
                got = ServeJackIT.parse(dumped.text());
            }
            JackPrograms.terminate(live);
            assertTrue(live.text().contains("JACK MIDI: "), live.text());
            int runs = 0;
            int exact = 0;
            String firstMismatch = null;
            for (int first = 0; first + 6 <= got.size(); first++) {
                if (got.get(first)[1] != 0x90 || got.get(first)[2] != 60) {
                    continue;
                }
                runs++;
                long t0 = got.get(first)[0];
                String mismatch = null;
                for (int j = 0; j < 6 && mismatch == null; j++) {
                    long[] e = got.get(first + j);
                    boolean on = j % 2 == 0;
                    long frame = ONSETS[j / 2] + (on ? 0 : LENGTH);
                    if (e[0] - t0 != frame || e[1] != (on ? 0x90 : 0x80) || e[2] != PITCHES[j / 2]) {
                        mismatch = "event " + j + " from frame " + t0 + ": " + Arrays.toString(e) + ", expected +" + frame;
                    }
                }
                if (mismatch == null) {
                    exact++;
                } else if (firstMismatch == null) {
                    firstMismatch = mismatch;
                }
            }
            System.out.println("live --midi-out: " + exact + " of " + runs + " loops exact in jack_midi_dump"
                    + (firstMismatch == null ? "" : "; first other: " + firstMismatch));
            assertTrue(exact >= 3 && exact * 2 > runs, exact + " of " + runs + " loops exact; " + firstMismatch
                    + "\n" + dumped.text());
        }
    }

    @Test
    void liveRecordsJackMidiseqWithTheFramesJackGaveIt() throws Exception {
        JackPrograms.requireServer();
        // the take is written at 480 ticks per quarter, 120 BPM: a tick is 50 frames at 48 kHz, so onsets 50
        // frames apart map to whole ticks: 0, 7000, 12350 of 24000 frames are ticks 0, 140, 247 of 480
        int[] onsets = {0, 7000, 12_350};
        int[] ticks = {140, 247 - 140, 480 - 247};
        String seq = "mr-rseq-" + ProcessHandle.current().pid();
        Path take = dir.resolve("take.mid");
        try (JackPrograms programs = new JackPrograms()) {
            programs.start(dir, JackPrograms.requireProgram("jack_midiseq"), seq, Integer.toString(LOOP),
                    Integer.toString(onsets[0]), "60", Integer.toString(LENGTH), Integer.toString(onsets[1]), "62",
                    Integer.toString(LENGTH), Integer.toString(onsets[2]), "64", Integer.toString(LENGTH));
            JackPrograms.awaitPort(seq + ":out");
            JackPrograms.Running live = midirack(programs, "live", "--input", "jack:" + seq + ":out", "--instrument",
                    "sine", "--record", take.toString(), "--duration", "6", "--stats");
            assertEquals(0, finish(live), live.text());
            assertTrue(live.text().contains("recorded "), live.text());
            javax.sound.midi.Sequence s = javax.sound.midi.MidiSystem.getSequence(take.toFile());
            assertEquals(480, s.getResolution());
            List<long[]> ons = new ArrayList<>();
            for (javax.sound.midi.Track t : s.getTracks()) {
                for (int i = 0; i < t.size(); i++) {
                    javax.sound.midi.MidiEvent e = t.get(i);
                    if (e.getMessage() instanceof javax.sound.midi.ShortMessage m && m.getCommand() == 0x90
                            && m.getData2() > 0) {
                        ons.add(new long[] {e.getTick(), m.getData1()});
                    }
                }
            }
            ons.sort((a, b) -> Long.compare(a[0], b[0]));
            assertTrue(ons.size() >= 9, ons.size() + " note-ons recorded in 6 s of a 0.5 s loop of 3 notes\n" + live.text());
            Matcher xr = Pattern.compile("server xruns (\\d+)").matcher(live.text());
            boolean xruns = xr.find() && Integer.parseInt(xr.group(1)) > 0;
            int exact = 0;
            String firstMismatch = null;
            for (int j = 1; j < ons.size(); j++) {
                int k = Arrays.binarySearch(PITCHES, (int) ons.get(j - 1)[1]);
                long d = ons.get(j)[0] - ons.get(j - 1)[0];
                if (d == ticks[k] && ons.get(j)[1] == PITCHES[(k + 1) % 3]) {
                    exact++;
                } else if (firstMismatch == null) {
                    firstMismatch = "note-on " + j + " at tick " + ons.get(j)[0] + " (note " + ons.get(j)[1] + ") is " + d
                            + " ticks after the one before (note " + ons.get(j - 1)[1] + "), expected " + ticks[k];
                }
            }
            System.out.println("live --record with --input jack: " + exact + " of " + (ons.size() - 1)
                    + " intervals exact in the recorded file" + (xruns ? " (server xruns during the run)" : ""));
            // an xrun breaks JACK's frame count for every client; without one every interval is exact
            assertTrue(firstMismatch == null || xruns, firstMismatch);
            assertTrue(exact * 2 > ons.size(), exact + " of " + (ons.size() - 1) + " exact; " + firstMismatch);
        }
    }

    @Test
    void aJackPortThatIsNotThereIsOneLineNamingIt() throws Exception {
        JackPrograms.requireServer();
        String gone = "mr-gone-" + ProcessHandle.current().pid() + ":in";
        Files.writeString(dir.resolve("song.mel"), MELODY);
        try (JackPrograms programs = new JackPrograms()) {
            JackPrograms.Running play = midirack(programs, "play", "song.mel", "--midi-out", "jack:" + gone);
            assertEquals(1, finish(play), play.text());
            assertEquals("midirack play: --midi-out: no JACK MIDI port '" + gone + "' that takes MIDI on the JACK server"
                    + " (jack_lsp -t lists the ports; 'midirack devices' lists them as jack:PORT)", play.text().trim());
            JackPrograms.Running live = midirack(programs, "live", "--input", "jack:" + gone, "--duration", "1");
            assertEquals(1, finish(live), live.text());
            assertEquals("midirack live: --input: no JACK MIDI port '" + gone + "' that sends MIDI on the JACK server"
                    + " (jack_lsp -t lists the ports; 'midirack devices' lists them as jack:PORT)", live.text().trim());
        }
    }

    @Test
    void aJackMidiPortWithAnotherOutputIsAUsageError() throws Exception {
        Files.writeString(dir.resolve("song.mel"), MELODY);
        try (JackPrograms programs = new JackPrograms()) {
            JackPrograms.Running play = midirack(programs, "play", "song.mel", "--output", "null", "--midi-out",
                    "jack:synth:midi_in");
            assertEquals(2, finish(play), play.text());
            assertEquals("midirack play: --midi-out jack:synth:midi_in needs --output jack (JACK MIDI events get their"
                    + " frames in JACK's render cycle), not --output null (see 'midirack play --help')", play.text().trim());
            JackPrograms.Running live = midirack(programs, "live", "--input", "jack:seq:out", "--output", "javasound");
            assertEquals(2, finish(live), live.text());
            assertEquals("midirack live: --input jack:seq:out needs --output jack (JACK MIDI events get their frames in"
                    + " JACK's render cycle), not --output javasound (see 'midirack live --help')", live.text().trim());
        }
    }
}
