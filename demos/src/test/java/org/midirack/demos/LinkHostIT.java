package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code midirack host --link} (the built jar) and Ableton's own Link library in one private network
 * namespace ({@code unshare -n}, loopback up, multicast routed on loopback; nothing reaches a real
 * network): the peer's tempo reaches the demo host, the host's {@code tempo}, {@code play} and
 * {@code stop} reach the peer, and the transport's beat in the bar is the session's phase. The
 * peer is built from Debian's ableton-link-dev headers ({@code host/src/test/cpp}). Skips without
 * root, unshare, g++ or the headers; {@code MIDIRACK_REQUIRE_LINK=1} (.ci/run) makes that a failure.
 */
class LinkHostIT {
    private static final Pattern LINK = Pattern.compile(
            "link on \\| (\\d+) peers? \\| tempo ([0-9.]+) BPM \\| phase ([0-9.]+) of 4 \\| (playing|stopped)");
    private static final Pattern TRANSPORT = Pattern.compile("bar (\\d+) beat ([0-9.]+) \\|");

    @TempDir
    Path dir;

    private static void unavailable(String why) {
        String env = System.getenv("MIDIRACK_REQUIRE_LINK");
        if (env != null && (env.equals("1") || env.equalsIgnoreCase("true"))) {
            fail("Link interop tests are required (MIDIRACK_REQUIRE_LINK) but " + why);
        }
        Assumptions.abort(why);
    }

    private Path peer() throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            unavailable("not root: a network namespace needs root");
        }
        Path source = Path.of("..", "host", "src", "test", "cpp", "link_test_peer.cpp").toAbsolutePath().normalize();
        if (!Files.isRegularFile(Path.of("/usr/include/ableton/Link.hpp")) || !Files.isRegularFile(source)
                || !Files.isExecutable(Path.of("/usr/bin/g++")) || !Files.isExecutable(Path.of("/usr/bin/unshare"))) {
            unavailable("needs unshare, g++ and ableton-link-dev (.ci/run installs them)");
        }
        Path bin = Path.of("target", "link-test-peer").toAbsolutePath();
        if (!Files.isExecutable(bin) || Files.getLastModifiedTime(bin).compareTo(Files.getLastModifiedTime(source)) < 0) {
            Process p = new ProcessBuilder("g++", "-std=c++14", "-O1", "-DLINK_PLATFORM_LINUX=1", "-o", bin.toString(),
                    source.toString(), "-lpthread").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), "building Ableton's test peer: " + out);
        }
        return bin;
    }

    @Test
    void demoHostAndAbletonsPeerShareTempoStartStopAndPhase() throws Exception {
        Path peer = peer();
        String jar = System.getProperty("midirack.jar", Path.of("target", "midirack.jar").toAbsolutePath().toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(dir.resolve("script.txt"), String.join("\n", "wait 3 s", "link", "tempo 97", "wait 1 s",
                "play", "wait 3 s", "transport", "link", "stop", "wait 1 s", "quit", ""));
        String sh = String.join("\n",
                "ip link set lo up && ip route add 224.0.0.0/4 dev lo || exit 9",
                "mkfifo peer.in",
                "'" + peer + "' < peer.in > peer.out &",
                "exec 3> peer.in",
                "'" + java + "' -jar '" + jar + "' host --link --output null --instrument sine --script script.txt > host.out 2>&1 &",
                "HOST=$!",
                "n=0; until grep -q 'midirack host on' host.out; do sleep 0.1; n=$((n+1)); [ $n -gt 300 ] && break; done",
                "sleep 1; echo 'tempo 133' >&3",
                "while kill -0 $HOST 2>/dev/null; do echo 'obs 4' >&3; sleep 0.1; done",
                "wait $HOST; status=$?",
                "echo quit >&3; wait",
                "exit $status", "");
        Process p = new ProcessBuilder("unshare", "-n", "sh", "-c", sh).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sh.out").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the namespace run did not end in 90 s");
        }
        String host = Files.readString(dir.resolve("host.out"));
        String peerOut = Files.readString(dir.resolve("peer.out"));
        System.out.println(host);
        assertEquals(0, p.exitValue(), "midirack host exit status; its output:\n" + host + Files.readString(dir.resolve("sh.out")));
        List<Matcher> links = new ArrayList<>();
        Matcher m = LINK.matcher(host);
        while (m.find()) {
            links.add(LINK.matcher(m.group()));
            links.get(links.size() - 1).find();
        }
        assertTrue(links.size() >= 3, "link status lines:\n" + host);
        // after 3 s: one peer, the peer's tempo
        Matcher first = links.get(1);
        assertEquals("1", first.group(1), host);
        assertEquals(133.0, Double.parseDouble(first.group(2)), 0.01, "the peer's tempo reached the host");
        // while playing: the transport's beat in the bar is the session's phase
        Matcher playing = links.get(links.size() - 1);
        assertEquals("playing", playing.group(4));
        assertEquals(97.0, Double.parseDouble(playing.group(2)), 0.01);
        // `transport` prints the transport's line and then the Link line, read right after it: compare that
        // pair (the `link` command's line after it is a later reading: under load a command's delay later)
        int bar = host.lastIndexOf("bar ");
        Matcher t = TRANSPORT.matcher(host.substring(bar));
        Matcher same = LINK.matcher(host.substring(bar));
        assertTrue(t.find() && same.find(), "a transport line and its Link line:\n" + host);
        assertEquals("playing", same.group(4), host);
        double beatInBar = Double.parseDouble(t.group(2)) - 1;
        double phase = Double.parseDouble(same.group(3));
        double d = Math.abs(beatInBar - phase);
        assertTrue(Math.min(d, 4 - d) < 0.02, "transport beat in bar " + beatInBar + " vs Link phase " + phase);
        // the peer saw the host's tempo, start and stop, in that order
        int stage = 0;
        for (String line : peerOut.split("\n")) {
            String[] f = line.trim().split(" ");
            if (!f[0].equals("obs")) {
                continue;
            }
            double bpm = Double.parseDouble(f[4]);
            int play = Integer.parseInt(f[6]);
            if (stage == 0 && Math.abs(bpm - 97) < 0.01 && play == 0) {
                stage = 1;
            } else if (stage == 1 && play == 1) {
                stage = 2;
            } else if (stage == 2 && play == 0) {
                stage = 3;
            }
        }
        assertEquals(3, stage, "the peer saw tempo 97, then playing, then stopped:\n" + peerOut);
    }

    @Test
    void playWithLinkStartsInTheSessionAndStatsShowPeersTempoAndPhase() throws Exception {
        Path peer = peer();
        String jar = System.getProperty("midirack.jar", Path.of("target", "midirack.jar").toAbsolutePath().toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        javax.sound.midi.Sequence seq = new javax.sound.midi.Sequence(javax.sound.midi.Sequence.PPQ, 480);
        javax.sound.midi.Track track = seq.createTrack();
        track.add(new javax.sound.midi.MidiEvent(new javax.sound.midi.ShortMessage(0x90, 60, 100), 0));
        track.add(new javax.sound.midi.MidiEvent(new javax.sound.midi.ShortMessage(0x80, 60, 0), 960));
        javax.sound.midi.MidiSystem.write(seq, 1, dir.resolve("one.mid").toFile());
        String sh = String.join("\n",
                "ip link set lo up && ip route add 224.0.0.0/4 dev lo || exit 9",
                "mkfifo peer.in",
                "'" + peer + "' < peer.in > peer.out &",
                "exec 3> peer.in",
                "'" + java + "' -jar '" + jar + "' play one.mid --link --output null --instrument sine --stats > play.out 2>&1",
                "status=$?",
                "echo quit >&3; wait",
                "exit $status", "");
        Process p = new ProcessBuilder("unshare", "-n", "sh", "-c", sh).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sh.out").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the namespace run did not end in 90 s");
        }
        String out = Files.readString(dir.resolve("play.out"));
        System.out.println(out);
        assertEquals(0, p.exitValue(), out + Files.readString(dir.resolve("sh.out")));
        Matcher m = LINK.matcher(out);
        assertTrue(m.find(), "--stats shows the Link line:\n" + out);
        assertEquals("1", m.group(1), "one peer: " + m.group());
        assertEquals(120.0, Double.parseDouble(m.group(2)), 0.01, "the song's tempo, set in the session");
        Matcher r = Pattern.compile("(\\d+) relocations?").matcher(m.group().isEmpty() ? "" : out);
        assertTrue(r.find() && Integer.parseInt(r.group(1)) <= 5, "the transport kept to the session without jumping: " + out);
    }
}
