package org.midirack.host.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.host.Host;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputJack;

/**
 * With {@link JackTransport.Mode#LEAD} midirack is JACK's timebase master: Debian's
 * {@code jack_showtime} (which prints the transport frame, state and bar|beat|tick every time it asks)
 * must show, for every frame it printed while rolling, the bar, beat and tick of that frame at
 * midirack's tempo (150 BPM, 4/4, 1920 ticks per beat, beat 0 at frame 0), worked out here from the
 * frame jack_showtime printed.
 */
class JackTransportLeadTest {
    private static final Pattern LINE = Pattern.compile(
            "frame = (\\d+)\\s+frame_time = \\d+ usecs = \\d+\\s+state: (\\w+)\\s+BBT:\\s*(-?\\d+)\\|(-?\\d+)\\|(-?\\d+)");

    @Test
    void jackShowtimeShowsMidiracksBarAndBeatForEveryFrame(@TempDir Path dir) throws Exception {
        JackPeers.requireServer();
        String showtime = JackPeers.requireProgram("jack_showtime");
        JackTransport link = new JackTransport(JackTransport.Mode.LEAD, 150);
        Host host = new Host();
        host.transport().followClock(link);
        AudioOutputJack out = new AudioOutputJack("midirack-lead", null, false, link);
        try (JackPeers peers = new JackPeers()) {
            out.open(new AudioOutputConfig(48_000, 128, 2));
            out.start(host);
            link.start();
            Thread.sleep(500);
            for (int attempt = 0; ; attempt++) {
                Path log = dir.resolve("showtime-" + attempt + ".log");
                long xruns = out.counters().xruns();
                Process p = peers.start(log, showtime);
                Thread.sleep(700);
                p.destroyForcibly().waitFor();
                String mismatch = check(log);
                if (mismatch == null) {
                    return;
                }
                // a cycle the machine ran late (an xrun) moves the transport on by more than one period
                // after the master wrote the next one's position: only such a take may be taken again
                boolean xrun = out.counters().xruns() != xruns;
                System.out.println("JackTransportLeadTest: take " + attempt + ": " + mismatch + (xrun ? " (xrun)" : ""));
                assertTrue(xrun && attempt < 5, mismatch);
            }
        } finally {
            out.close();
        }
    }

    /** Null when every rolling line of jack_showtime's log has the bar|beat|tick of its frame; else the first that does not. */
    private static String check(Path log) throws Exception {
        int rolling = 0;
        long firstFrame = -1;
        long lastFrame = -1;
        try (var lines = Files.lines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            for (String line : (Iterable<String>) lines::iterator) {
                Matcher m = LINE.matcher(line);
                if (!m.find() || !m.group(2).equals("Rolling")) {
                    continue;
                }
                long frame = Long.parseLong(m.group(1));
                // 150 quarter notes a minute at 48 kHz: 19,200 frames a beat
                long ticks = frame * 1920 / 19_200;
                long beats = ticks / 1920;
                String expected = (beats / 4 + 1) + "|" + (beats % 4 + 1) + "|" + (ticks % 1920);
                String got = m.group(3) + "|" + m.group(4) + "|" + Integer.parseInt(m.group(5));
                if (!expected.equals(got)) {
                    return "bar|beat|tick at frame " + frame + ": expected " + expected + ", jack_showtime showed " + got;
                }
                rolling++;
                if (firstFrame < 0) {
                    firstFrame = frame;
                }
                lastFrame = frame;
            }
        }
        System.out.printf("JACK transport lead: jack_showtime printed %d rolling positions, frames %d..%d, each"
                + " with midirack's bar|beat|tick%n", rolling, firstFrame, lastFrame);
        assertTrue(rolling > 10 && lastFrame - firstFrame >= 128 * 10, rolling + " rolling lines over frames "
                + firstFrame + ".." + lastFrame + ":\n" + String.join("\n", Files.readAllLines(log).stream().limit(5).toList()));
        return null;
    }
}
