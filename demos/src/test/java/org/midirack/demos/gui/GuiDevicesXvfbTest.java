package org.midirack.demos.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputException;
import org.midirack.host.audio.AudioOutputJack;

/**
 * The window's devices in a real X server (Xvfb, as {@link GuiWindowXvfbTest} starts it), driven
 * by {@link GuiDevicesDriver} in a JVM of its own: a MIDI input picked in the <i>MIDI input</i>
 * menu is what the host plays and records from, and <i>none</i> detaches it; a JACK server that
 * goes away while the window plays on it is shown as a lost device (no dialog), and when it comes
 * back the window shows it playing on JACK again. The JACK test runs a server of its own
 * ({@code jackd -n NAME -d dummy}); without jackd it is skipped with the reason, and
 * {@code MIDIRACK_REQUIRE_JACK} makes that a failure.
 */
class GuiDevicesXvfbTest {
    @BeforeAll
    static void startX() throws Exception {
        GuiWindowXvfbTest.startX();
    }

    @org.junit.jupiter.api.BeforeEach
    void needX() {
        Assumptions.assumeTrue(GuiWindowXvfbTest.noX == null, GuiWindowXvfbTest.noX);
    }

    @AfterAll
    static void stopX() throws Exception {
        GuiWindowXvfbTest.stopX();
    }

    private static Process driver(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED", "-Djava.awt.headless=false", "-XX:+UseZGC",
                "-cp", System.getProperty("java.class.path"), GuiDevicesDriver.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DISPLAY", GuiWindowXvfbTest.display);
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        return pb.start();
    }

    private static void put(Map<String, String> m, String line) {
        int sp = line.indexOf(' ');
        if (sp > 0) {
            m.put(line.substring(0, sp), line.substring(sp + 1).trim());
        }
    }

    @Test
    void aMidiInputPickedInTheMenuIsPlayedAndRecordedAndNoneDetachesIt() throws Exception {
        String name = "midirack-gui-menu-" + ProcessHandle.current().pid();
        Path song = Path.of("melodies", "scale.mel").toAbsolutePath();
        Process p = driver(Map.of(), "midiin", name, song.toString());
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the driver ended");
        assertEquals(0, p.exitValue(), out);
        System.out.print(out);
        Map<String, String> r = new HashMap<>();
        for (String line : out.split("\n")) {
            put(r, line);
        }
        assertEquals(name, r.get("CHOSEN"), "the host's input after picking it in the menu\n" + out);
        assertEquals("MIDI input: " + name, r.get("TITLE"));
        // the port's input side, as javax.sound.midi sees it: opened, one transmitter taken by the host
        assertEquals("true 1", r.get("LISTENED"));
        assertEquals("[scale.mel, recording 2]", r.get("TRACKS"));
        // the note sent through the port: key 64 on channel 3 (status nibble 2) at velocity 99
        assertEquals("[64 3 99]", r.get("RECORDED"), "what the host recorded from the picked input");
        assertEquals("null", r.get("NONE"), "no input after picking none");
        assertEquals("false 0", r.get("UNLISTENED"), "the host let go of the port's input side");
        assertEquals("MIDI input: none", r.get("NONETITLE"));
        assertEquals("error: record: there is no MIDI input to record from", r.get("RECORDNONE"));
        assertEquals("false", r.get("RECORDING"));
    }

    private static boolean jackRequired() {
        String env = System.getenv("MIDIRACK_REQUIRE_JACK");
        return Boolean.getBoolean("midirack.requireJack") || (env != null && (env.equals("1") || env.equalsIgnoreCase("true")));
    }

    private static void noJack(String why) {
        if (jackRequired()) {
            fail("JACK is required (midirack.requireJack / MIDIRACK_REQUIRE_JACK) but " + why);
        }
        Assumptions.abort(why);
    }

    /** Starts {@code jackd -n server -d dummy} and waits until a client can connect. */
    private static Process jackd(String bin, String server, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(bin, "--no-realtime", "-n", server, "-d", "dummy", "-r", "48000", "-p", "128");
        pb.environment().put("JACK_NO_AUDIO_RESERVATION", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (p.isAlive() && System.nanoTime() - deadline < 0) {
            AudioOutputJack probe = new AudioOutputJack("midirack-gui-probe", server, false);
            try {
                probe.open(new AudioOutputConfig(48_000, 128, 1));
                return p;
            } catch (AudioOutputException e) {
                Thread.sleep(100);
            } finally {
                probe.close();
            }
        }
        stop(p);
        noJack("jackd -n " + server + " -d dummy did not start (log: " + log + ")");
        return null;
    }

    private static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Reads the driver's lines into {@code r} until one equals {@code marker} (or the output ends). */
    private static void until(BufferedReader in, Map<String, String> r, StringBuilder all, String marker) throws Exception {
        for (String line; (line = in.readLine()) != null; ) {
            all.append(line).append('\n');
            if (line.equals(marker)) {
                return;
            }
            put(r, line);
        }
    }

    @Test
    void aLostJackServerIsShownWithoutADialogAndTheWindowPlaysOnItAgainWhenItComesBack() throws Exception {
        String bin = null;
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, "jackd"))) {
                bin = Path.of(d, "jackd").toString();
            }
        }
        if (bin == null) {
            noJack("jackd is not installed (Debian jackd2): the lost JACK device is not tested");
        }
        String server = "mr-gui-" + ProcessHandle.current().pid();
        Path log = Files.createDirectories(Path.of("target", "gui-jack")).resolve(server + ".log");
        Process jack = jackd(bin, server, log);
        Process p = null;
        Map<String, String> r = new HashMap<>();
        StringBuilder all = new StringBuilder();
        try {
            p = driver(Map.of("JACK_DEFAULT_SERVER", server, "JACK_NO_AUDIO_RESERVATION", "1"), "jackloss",
                    Path.of("melodies", "demo.mel").toAbsolutePath().toString());
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            OutputStream toDriver = p.getOutputStream();
            until(in, r, all, "KILL");
            assertEquals("jack", r.get("KIND"), "the window plays on JACK server " + server + "\n" + all);
            assertTrue(r.get("ON").startsWith("| jack: "), "the device shown while JACK plays: " + r.get("ON"));
            stop(jack); // the server goes away (SIGTERM)
            toDriver.write("killed\n".getBytes(StandardCharsets.UTF_8));
            toDriver.flush();
            until(in, r, all, "RESTART");
            assertTrue(r.get("LOST").startsWith("| device lost") && r.get("LOST").endsWith(
                    ": playing on the null output, retrying"), "the window shows the loss: " + r.get("LOST") + "\n" + all);
            assertEquals("0", r.get("LOSTDIALOGS"), "no dialog opened for the loss");
            assertEquals("true", r.get("LOSTPLAYING"), "the song plays on");
            assertTrue(Double.parseDouble(r.get("LOSTBEATS").split(" ")[0]) > 0,
                    "the transport moves on the null output (beats, ms waited): " + r.get("LOSTBEATS") + "\n" + all);
            assertTrue(r.get("LOSTSTILL").startsWith("| device lost"), "still shown lost: " + r.get("LOSTSTILL"));
            jack = jackd(bin, server, log);
            toDriver.write("restarted\n".getBytes(StandardCharsets.UTF_8));
            toDriver.flush();
            until(in, r, all, "END-OF-OUTPUT");
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the driver ended");
            System.out.print(all);
            assertEquals(0, p.exitValue(), all.toString());
            assertTrue(r.get("BACK").startsWith("| jack: "), "the window shows JACK again: " + r.get("BACK") + "\n" + all);
            assertEquals("0", r.get("BACKDIALOGS"));
            assertEquals("true", r.get("BACKPLAYING"));
            assertTrue(r.get("STATE").startsWith("playing"), r.get("STATE"));
            String[] lr = r.get("LOSSES").split(" ");
            assertTrue(Long.parseLong(lr[0]) >= 1 && Long.parseLong(lr[1]) >= 1, "device losses and resumes: " + r.get("LOSSES"));
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
            stop(jack);
        }
    }
}
