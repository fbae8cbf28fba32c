package org.midirack.demos.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The window in a real X server ({@code Xvfb}, started here on a display of its own), driven by
 * {@link GuiDriver} in a JVM of its own: a graph built by the user's actions is the host's graph,
 * the song plays; and a busy event thread costs the audio nothing. Skipped with a reason when
 * Xvfb is not installed; {@code MIDIRACK_REQUIRE_XVFB=true} (set by {@code .ci/run}) makes that a
 * failure.
 */
class GuiWindowXvfbTest {
    static Process xvfb;
    static String display;

    static String noX;

    /** Skips a test, with the reason, when there is no X server to run it in. */
    @BeforeEach
    void needX() {
        Assumptions.assumeTrue(noX == null, noX);
    }

    @BeforeAll
    static void startX() throws Exception {
        boolean required = "true".equalsIgnoreCase(System.getenv("MIDIRACK_REQUIRE_XVFB"))
                || Boolean.getBoolean("midirack.requireXvfb");
        Path bin = null;
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, "Xvfb"))) {
                bin = Path.of(d, "Xvfb");
                break;
            }
        }
        if (bin == null) {
            if (required) {
                throw new AssertionError("Xvfb is required (MIDIRACK_REQUIRE_XVFB=true) but not installed (apt-get install xvfb)");
            }
            // each test is then reported skipped with this reason (an abort here would report no test at all)
            noX = "Xvfb is not installed (apt-get install xvfb): the window is not tested in an X server";
            return;
        }
        for (int n = 77; n < 140; n++) {
            if (Files.exists(Path.of("/tmp/.X" + n + "-lock")) || Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
                continue;
            }
            Process p = new ProcessBuilder(bin.toString(), ":" + n, "-screen", "0", "1320x860x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 100 && p.isAlive() && !Files.exists(Path.of("/tmp/.X11-unix/X" + n)); i++) {
                Thread.sleep(50);
            }
            if (p.isAlive() && Files.exists(Path.of("/tmp/.X11-unix/X" + n))) {
                xvfb = p;
                display = ":" + n;
                return;
            }
            p.destroyForcibly();
        }
        throw new AssertionError("Xvfb did not start on any display :77..:139");
    }

    @AfterAll
    static void stopX() throws Exception {
        if (xvfb != null) {
            xvfb.destroy();
            if (!xvfb.waitFor(5, TimeUnit.SECONDS)) {
                xvfb.destroyForcibly();
            }
        }
    }

    /** Runs the driver in a JVM with the display; its output lines by first word. */
    private static Map<String, String> drive(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED", "-Djava.awt.headless=false", "-XX:+UseZGC",
                "-cp", System.getProperty("java.class.path"), GuiDriver.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DISPLAY", display);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the driver ended");
        assertEquals(0, p.exitValue(), out);
        Map<String, String> m = new HashMap<>();
        for (String line : out.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                m.put(line.substring(0, sp), line.substring(sp + 1).trim());
            }
        }
        return m;
    }

    private static Path shots() throws IOException {
        return Files.createDirectories(Path.of("target", "gui-screenshots"));
    }

    @Test
    void aGraphWiredByDraggingInTheWindowIsTheHostsGraphAndItsSongPlays() throws Exception {
        Path song = Path.of("melodies", "demo.mel").toAbsolutePath();
        Path graphPng = shots().resolve("gui-graph.png");
        Path rollPng = shots().resolve("gui-pianoroll.png");
        Files.deleteIfExists(graphPng);
        Map<String, String> r = drive("build", song.toString(), graphPng.toString(), rollPng.toString());
        // the window started empty: the sine added from the type list is slot 0
        assertEquals("1 midirack.sine", r.get("NODES"));
        // drag sine's audio out onto out: slot 0 port 0 into the host's output (-1) port 0, gain 1
        assertEquals("[Link[src=0, srcPort=0, dst=-1, dstPort=0, gain=1.0]]", r.get("AUDIO"));
        // drag in onto sine's MIDI in with channels 1-9,11-16: every bit of 0xFFFF but bit 9 = 65023
        assertEquals("[MidiLink[src=-1, dst=0, channelMask=65023, remapChannel=-1]]", r.get("MIDI"));
        assertEquals("[demo.mel]", r.get("TRACKS"));
        assertEquals("gain", r.get("PARAMS"), "a click on the sine box shows its parameters (sine has 'gain')");
        assertEquals("true", r.get("PLAYING"));
        double beat = Double.parseDouble(r.get("BEAT"));
        double elapsed = Double.parseDouble(r.get("ELAPSED"));
        // at least 2.5 s after Play, at the song's 104 BPM: never more beats than real time gives
        // (a loaded machine's null output drops the time it stalls for, so maybe fewer); Play started
        // from the pre-roll at beat <= 0, so the song is past its start
        assertTrue(beat > 0 && beat <= elapsed * 104 / 60, "beat " + beat + " after " + elapsed + " s");
        assertTrue(r.get("POSITION").matches("[0-9]{3}:[1-4]:[0-9]{3}"), "bar:beat:tick in the panel: " + r.get("POSITION"));
        assertTrue(ImageIO.read(graphPng.toFile()).getWidth() >= 1000, "a screenshot of the window was saved");
        assertTrue(ImageIO.read(rollPng.toFile()).getHeight() > 100, "a screenshot of the piano roll was saved");
        assertTrue(r.get("RENDER").startsWith("rendered "), r.get("RENDER"));
        // demo.mel is about 43 s: a 16-bit stereo 48 kHz WAV of at least 40 s is 7.68 MB
        assertTrue(Long.parseLong(r.get("WAV")) > 40L * 48000 * 4, "WAV bytes " + r.get("WAV"));
        assertEquals("true null 1 [MidiLink[src=-1, dst=0, channelMask=65023, remapChannel=-1]] [demo.mel]", r.get("MOVED"),
                "another output, the same graph and track");
    }

    @Test
    void aBusyEventThreadCostsThePlayingOutputNoUnderrun() throws Exception {
        Path song = Path.of("melodies", "demo.mel").toAbsolutePath();
        double seconds = 4;
        Map<String, String> r = drive("busy", song.toString(), Double.toString(seconds), "spin");
        assertEquals("true", r.get("PLAYING"));
        String[] busy = r.get("BUSY").split(" ");
        // four busy seconds of 200 ms tasks back to back: at least 15 tasks, 3 s of the event thread
        assertTrue(Integer.parseInt(busy[0]) >= 15 && Long.parseLong(busy[1]) >= 3000, "event thread load " + r.get("BUSY"));
        long frames = Long.parseLong(r.get("FRAMES"));
        assertTrue(frames >= (long) (2 * seconds * 48000 * 0.9), "the output kept rendering in real time: " + frames);
        long idle = Long.parseLong(r.get("IDLE"));
        long underruns = Long.parseLong(r.get("UNDERRUNS"));
        Assumptions.assumeTrue(idle == 0, "this machine gives underruns with an idle event thread too (" + idle
                + " in " + seconds + " idle seconds, " + underruns + " in as many busy ones): too loaded to tell");
        assertEquals(0, underruns, "underruns while the event thread was busy");
    }
}
