package org.midirack.demos.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code midirack serve} against real JACK programs nobody here wrote (Debian jackd2's example
 * clients): {@code jack_midiseq} plays a looped pattern into {@code NAME:midi_in}; a JACK client of the
 * test's own records {@code NAME:out_1} and, on the same frame clock, the pattern itself; and
 * {@code jack_midi_dump} prints what comes out of {@code NAME:midi_out}. The expected frames are the
 * numbers given to jack_midiseq: note-ons at 0, 7000 and 12345 of a 24,000-frame loop, each 100
 * frames long.
 */
class ServeJackIT {
    private static final int LOOP = 24_000;
    private static final int[] ONSETS = {0, 7000, 12345};
    private static final int LENGTH = 100;
    private static final Pattern DUMP = Pattern.compile("^\\s*(\\d+):((?: [0-9a-f]{2}(?= |$))+)");

    @TempDir
    Path dir;

    private static String[] midiseq(String name) {
        return new String[] {JackPrograms.requireProgram("jack_midiseq"), name, Integer.toString(LOOP),
            "0", "60", Integer.toString(LENGTH), "7000", "62", Integer.toString(LENGTH), "12345", "64", Integer.toString(LENGTH)};
    }

    private static String jar() {
        String p = System.getProperty("midirack.jar");
        Path jar = p != null ? Path.of(p) : Path.of("target", "midirack.jar");
        assertTrue(Files.isRegularFile(jar), "built jar missing: " + jar.toAbsolutePath());
        return jar.toAbsolutePath().toString();
    }

    private JackPrograms.Running serve(JackPrograms programs, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-jar", jar(), "serve"));
        cmd.addAll(List.of(args));
        JackPrograms.Running r = programs.start(dir, cmd.toArray(new String[0]));
        JackPrograms.awaitOutput(r, "Ctrl-C stops");
        return r;
    }

    /** First frames of sound after at least 1000 frames of exact silence. */
    private static List<Integer> onsets(float[] take) {
        List<Integer> on = new ArrayList<>();
        int silent = 1000;
        for (int i = 0; i < take.length; i++) {
            if (take[i] == 0f) {
                silent++;
            } else {
                if (silent >= 1000 && i > 0) {
                    on.add(i);
                }
                silent = 0;
            }
        }
        return on;
    }

    @Test
    void jackMidiseqIntoServePlaysEveryNoteOnItsFrameWithNoJitterAndLeavesNoPortBehind() throws Exception {
        JackPrograms.requireServer();
        String name = "mr-serve-" + ProcessHandle.current().pid();
        String seq = "mr-seq-" + ProcessHandle.current().pid();
        try (JackPrograms programs = new JackPrograms()) {
            programs.start(dir, midiseq(seq));
            JackPrograms.awaitPort(seq + ":out");
            JackPrograms.Running serve = serve(programs, "--instrument", "sine", "--name", name,
                    "--connect", seq + ":out", "midi_in");
            String out = serve.text();
            for (String port : List.of("midi_in", "midi_out", "out_1", "out_2")) {
                assertTrue(out.contains(name + ":" + port), "serve names its port " + port + ":\n" + out);
                assertTrue(JackPrograms.ports().contains(name + ":" + port), port + " is on the server");
            }
            List<Integer> latencies = new ArrayList<>();
            try (JackTake take = new JackTake(name + "-take", LOOP * 12)) {
                JackPrograms.connect(name + ":out_1", name + "-take:in");
                JackPrograms.connect(seq + ":out", name + "-take:midi");
                float[] audio = take.record();
                List<Integer> on = onsets(audio);
                List<Long> sent = new ArrayList<>();
                for (JackTake.Event e : take.events()) {
                    if ((e.status() & 0xF0) == 0x90) {
                        sent.add(e.frame());
                    }
                }
                assertTrue(on.size() >= 3 * 11, on.size() + " notes heard in 12 loops: " + on);
                // jitter: each distance between notes heard is the pattern's, to the frame
                int k0 = -1;
                for (int k = 0; k < 3; k++) {
                    if (on.get(1) - on.get(0) == step(k)) {
                        k0 = k;
                    }
                }
                assertTrue(k0 >= 0, "first distance " + (on.get(1) - on.get(0)) + " is no step of the pattern");
                for (int j = 1; j < on.size(); j++) {
                    assertEquals(step((k0 + j - 1) % 3), on.get(j) - on.get(j - 1), "distance from note " + (j - 1)
                            + " (frame " + on.get(j - 1) + ") to the next");
                }
                // latency: from the frame jack_midiseq sent a note-on at to the frame it is heard
                for (int o : on) {
                    long before = Long.MIN_VALUE;
                    for (long s : sent) {
                        if (s <= o) {
                            before = Math.max(before, s);
                        }
                    }
                    if (before != Long.MIN_VALUE) {
                        latencies.add((int) (o - before));
                    }
                }
                assertTrue(latencies.size() >= on.size() - 1, "note-ons seen " + sent.size() + ", heard " + on.size());
                System.out.printf("serve: %d notes from jack_midiseq over 12 loops, distances exact (jitter 0 frames);"
                        + " MIDI to sound %d..%d frames%n", on.size(), latencies.stream().mapToInt(i -> i).min().getAsInt(),
                        latencies.stream().mapToInt(i -> i).max().getAsInt());
                for (int l : latencies) {
                    assertEquals(0, l, "frames from jack_midiseq's note-on to its sound through serve (sine: no"
                            + " latency, the event enters the cycle the JACK server runs it in): " + latencies);
                }
            }
            long t0 = System.nanoTime();
            int status = JackPrograms.terminate(serve);
            System.out.println("serve ended " + (System.nanoTime() - t0) / 1_000_000 + " ms after SIGTERM");
            assertTrue(serve.text().contains("served: "), "serve's last line (exit " + status + "):\n" + serve.text());
            for (String p : JackPrograms.ports()) {
                assertFalse(p.startsWith(name + ":"), "port " + p + " left behind after serve ended");
            }
        }
    }

    /** Frames from pattern note k to the next. */
    private static int step(int k) {
        return (k + 1 < ONSETS.length ? ONSETS[k + 1] : LOOP) - ONSETS[k];
    }

    @Test
    void serveMidiOutIntoJackMidiDumpCarriesEveryEventOnItsFrame() throws Exception {
        JackPrograms.requireServer();
        String dumpBin = JackPrograms.requireProgram("jack_midi_dump");
        String name = "mr-thru-" + ProcessHandle.current().pid();
        String seq = "mr-seq2-" + ProcessHandle.current().pid();
        String dump = "mr-dump-" + ProcessHandle.current().pid();
        try (JackPrograms programs = new JackPrograms()) {
            programs.start(dir, midiseq(seq));
            JackPrograms.Running dumped = programs.start(dir, dumpBin, "-a", dump);
            JackPrograms.awaitPort(seq + ":out");
            JackPrograms.awaitPort(dump + ":input");
            JackPrograms.Running serve = serve(programs, "--instrument", "sine", "--name", name,
                    "--connect", seq + ":out", "midi_in", "--connect", "midi_out", dump + ":input");
            // note-on, then note-off LENGTH frames later, for each of the pattern's notes, loop after loop; a JACK
            // xrun (the dummy driver waking late on a loaded machine) breaks every client's frame count, so the
            // check is that whole loops come out exact: at least two, and most of those the dump shows
            List<long[]> got = new ArrayList<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (got.size() < 6 * 8 && System.nanoTime() - deadline < 0) {
                Thread.sleep(100);
                got = parse(dumped.text());
            }
            JackPrograms.terminate(serve);
            assertTrue(got.size() >= 6 * 8, "events jack_midi_dump printed:\n" + dumped.text());
            int[] notes = {60, 62, 64};
            int loops = 0;
            int exact = 0;
            String firstMismatch = null;
            for (int first = 0; first + 18 <= got.size(); first++) {
                if (got.get(first)[1] != 0x90 || got.get(first)[2] != 60) {
                    continue;
                }
                loops++;
                long t0 = got.get(first)[0];
                String mismatch = null;
                for (int j = 0; j < 18 && mismatch == null; j++) {
                    long[] e = got.get(first + j);
                    int loop = j / 6;
                    int k = (j % 6) / 2;
                    boolean on = j % 2 == 0;
                    long expectedFrame = (long) loop * LOOP + ONSETS[k] + (on ? 0 : LENGTH);
                    if (e[0] - t0 != expectedFrame || e[1] != (on ? 0x90 : 0x80) || e[2] != notes[k] || e.length != 4) {
                        mismatch = "event " + j + " from frame " + t0 + ": " + java.util.Arrays.toString(e)
                                + ", expected frame +" + expectedFrame;
                    }
                }
                if (mismatch == null) {
                    exact++;
                } else if (firstMismatch == null) {
                    firstMismatch = mismatch;
                }
            }
            System.out.println("serve midi_out: " + exact + " of " + loops + " runs of three loops exact in jack_midi_dump"
                    + (firstMismatch == null ? "" : "; first other: " + firstMismatch));
            assertTrue(exact >= 2 && exact * 2 > loops, exact + " of " + loops + " runs exact; " + firstMismatch
                    + "\n" + dumped.text());
        }
    }

    @Test
    void devicesListsTheJackMidiPortsOfOtherPrograms() throws Exception {
        JackPrograms.requireServer();
        String seq = "mr-seq3-" + ProcessHandle.current().pid();
        String name = "mr-dev-" + ProcessHandle.current().pid();
        try (JackPrograms programs = new JackPrograms()) {
            programs.start(dir, midiseq(seq));
            JackPrograms.awaitPort(seq + ":out");
            JackPrograms.Running serve = serve(programs, "--instrument", "sine", "--name", name);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            JackPrograms.Running devices = programs.start(dir, java, "-jar", jar(), "devices");
            assertEquals(0, devices.process().waitFor());
            devices.pump().join(5_000);
            String text = devices.text();
            String inputs = text.substring(text.indexOf("MIDI inputs:"), text.indexOf("MIDI outputs:"));
            String outputs = text.substring(text.indexOf("MIDI outputs:"), text.indexOf("Audio outputs:"));
            assertTrue(inputs.contains("  jack:" + seq + ":out\n"), text);
            assertTrue(inputs.contains("  jack:" + name + ":midi_out\n"), text);
            assertTrue(outputs.contains("  jack:" + name + ":midi_in\n"), text);
            JackPrograms.terminate(serve);
        }
    }

    @Test
    void serveComesBackWithItsPortsWhenItsJackServerRestarts() throws Exception {
        JackPrograms.requireServer();
        String jackd = JackPrograms.requireProgram("jackd");
        String server = "mr-restart-" + ProcessHandle.current().pid();
        String name = "mr-back-" + ProcessHandle.current().pid();
        java.util.Map<String, String> env = java.util.Map.of("JACK_DEFAULT_SERVER", server, "JACK_NO_AUDIO_RESERVATION", "1");
        String[] jackdCmd = {jackd, "--no-realtime", "-n", server, "-d", "dummy", "-r", "48000", "-p", "128"};
        try (JackPrograms programs = new JackPrograms()) {
            JackPrograms.Running first = programs.start(dir, env, jackdCmd);
            awaitServer(server);
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.awt.headless=true", "-jar", jar(), "serve", "--instrument", "sine", "--name", name);
            JackPrograms.Running serve = programs.start(dir, env, cmd.toArray(new String[0]));
            JackPrograms.awaitOutput(serve, "Ctrl-C stops");
            assertTrue(JackPrograms.ports(server).contains(name + ":midi_in"), "serve's port on server " + server);
            first.process().toHandle().destroy();
            first.process().waitFor();
            JackPrograms.awaitOutput(serve, "waiting for the JACK server to come back");
            programs.start(dir, env, jackdCmd);
            JackPrograms.awaitOutput(serve, "JACK client back on the server");
            for (String port : List.of("midi_in", "midi_out", "out_1", "out_2")) {
                assertTrue(JackPrograms.ports(server).contains(name + ":" + port), port + " is back:\n" + serve.text());
            }
            assertTrue(serve.text().contains("shut down"), serve.text());
            JackPrograms.terminate(serve);
            assertTrue(serve.text().contains("served: "), serve.text());
        }
    }

    private static void awaitServer(String server) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!JackPrograms.ports(server).contains("system:playback_1")) {
            assertTrue(System.nanoTime() - deadline < 0, "JACK server " + server + " did not start");
            Thread.sleep(100);
        }
    }

    @Test
    void serveHasHelpAndRefusesABadTransportAsAUsageError() throws Exception {
        try (JackPrograms programs = new JackPrograms()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            JackPrograms.Running help = programs.start(dir, java, "-jar", jar(), "serve", "--help");
            assertEquals(0, help.process().waitFor());
            help.pump().join(5_000);
            assertTrue(help.text().startsWith("Usage: midirack serve"), help.text());
            JackPrograms.Running bad = programs.start(dir, java, "-jar", jar(), "serve", "--transport", "sideways");
            assertEquals(2, bad.process().waitFor());
            bad.pump().join(5_000);
            assertEquals("midirack serve: --transport must be off, follow or lead, not 'sideways' (see 'midirack serve"
                    + " --help')", bad.text().trim());
        }
    }

    static List<long[]> parse(String text) {
        List<long[]> events = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = DUMP.matcher(line);
            if (m.find()) {
                String[] bytes = m.group(2).trim().split(" ");
                long[] e = new long[1 + bytes.length];
                e[0] = Long.parseLong(m.group(1));
                for (int i = 0; i < bytes.length; i++) {
                    e[1 + i] = Integer.parseInt(bytes[i], 16);
                }
                events.add(e);
            }
        }
        return events;
    }
}
