package org.midirack.host.jack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackOptions;
import org.jaudiolibs.jnajack.JackPosition;
import org.jaudiolibs.jnajack.JackPositionBits;
import org.jaudiolibs.jnajack.JackStatus;
import org.jaudiolibs.jnajack.JackTransportState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.core.AbstractNode;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import org.midirack.core.Transport;
import org.midirack.host.Host;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputJack;

/**
 * Debian's {@code jack_transport} (timebase master) plays, locates, changes tempo and stops JACK's
 * transport; a host following it through {@link JackTransport} must show each change to its nodes in
 * the very cycle JACK makes it. A second JACK client of the test's own reads JACK's transport every
 * cycle through jnajack's own structure mapping (not midirack's), keyed by JACK's frame time; a
 * node in the host logs what it sees, keyed the same way; the two logs must agree cycle for cycle:
 * rolling is playing, the master's tempo is the nodes' tempo, and while rolling the master's
 * bar/beat/tick is the nodes' beat.
 */
class JackTransportFollowTest {
    private static final int CYCLES = 1 << 13;

    /** What a node saw each cycle. */
    static final class Probe extends AbstractNode {
        final JackTransport link;
        final long[] time = new long[CYCLES];
        final boolean[] playing = new boolean[CYCLES];
        final double[] tempo = new double[CYCLES];
        final double[] beat = new double[CYCLES];
        volatile int n;

        Probe(JackTransport link) {
            super(new NodeDescriptor("test.transport-probe", "probe", NodeKind.INSTRUMENT, "test", "1", new int[0],
                    new int[] {1}, false, true, List.of()));
            this.link = link;
        }

        @Override
        protected void onActivate(double sampleRate, int maxFrames) {
        }

        @Override
        public void reset() {
        }

        @Override
        protected void beginCycle(ProcessContext ctx) {
            int i = n;
            if (i < CYCLES) {
                Transport t = ctx.transport();
                time[i] = link.cycleFrameTime();
                playing[i] = t.playing();
                tempo[i] = t.tempo();
                beat[i] = t.beat();
                n = i + 1;
            }
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
        }
    }

    @Test
    void startStopLocateAndTempoFromJackTransportReachTheNodesInTheSameCycle(@TempDir Path dir) throws Exception {
        JackPeers.requireServer();
        String jt = JackPeers.requireProgram("jack_transport");
        JackTransport link = new JackTransport(JackTransport.Mode.FOLLOW, 120);
        Host host = new Host();
        Probe probe = new Probe(link);
        int slot = host.add(probe);
        host.connectAudio(slot, 0, Host.BOUNDARY, 0);
        host.transport().followClock(link);
        AudioOutputJack out = new AudioOutputJack("midirack-follow", null, false, link);
        long[] jTime = new long[CYCLES];
        boolean[] jRolling = new boolean[CYCLES];
        boolean[] jBbt = new boolean[CYCLES];
        double[] jTempo = new double[CYCLES];
        double[] jBeat = new double[CYCLES];
        int[] jn = new int[1];
        JackClient watcher = Jack.getInstance().openClient("midirack-watch", EnumSet.of(JackOptions.JackNoStartServer),
                EnumSet.noneOf(JackStatus.class));
        JackPosition pos = new JackPosition();
        watcher.setProcessCallback((c, nframes) -> {
            try {
                int i = jn[0];
                if (i < CYCLES) {
                    JackTransportState s = c.transportQuery(pos);
                    jTime[i] = c.getLastFrameTime() & 0xFFFFFFFFL;
                    jRolling[i] = s == JackTransportState.JackTransportRolling;
                    jBbt[i] = pos.getValid().contains(JackPositionBits.JackPositionBBT);
                    jTempo[i] = pos.getBeatsPerMinute();
                    jBeat[i] = (pos.getBar() - 1) * pos.getBeatsPerBar() + pos.getBeat() - 1
                            + pos.getTick() / pos.getTicksPerBeat();
                    jn[0] = i + 1;
                }
            } catch (Exception e) {
                return false;
            }
            return true;
        });
        try (JackPeers peers = new JackPeers()) {
            out.open(new AudioOutputConfig(48_000, 128, 2));
            out.start(host);
            watcher.activate();
            Process p = peers.start(dir.resolve("jack_transport.log"), jt);
            p.getOutputStream();
            try (OutputStream cmd = p.getOutputStream()) {
                // jack2 leaves a locate made while rolling in 'Starting' for a long time: locate while stopped
                String[][] script = {{"master", "300"}, {"tempo 150", "200"}, {"play", "1000"}, {"stop", "300"},
                    {"locate 96000", "300"}, {"tempo 90", "300"}, {"play", "800"}, {"stop", "300"},
                    {"locate 30000", "300"}, {"tempo 133", "200"}, {"play", "800"}, {"quit", "300"}};
                for (String[] s : script) {
                    cmd.write((s[0] + "\n").getBytes(StandardCharsets.US_ASCII));
                    cmd.flush();
                    Thread.sleep(Long.parseLong(s[1]));
                }
            }
        } finally {
            watcher.close();
            out.close();
        }
        int matched = 0;
        int rollingCycles = 0;
        int stoppedCycles = 0;
        boolean saw150 = false;
        boolean saw90 = false;
        boolean saw133 = false;
        int j = 0;
        for (int i = 0; i < probe.n; i++) {
            while (j < jn[0] && jTime[j] < probe.time[i]) {
                j++;
            }
            if (j >= jn[0] || jTime[j] != probe.time[i] || !jBbt[j]) {
                continue;
            }
            matched++;
            String at = "cycle at frame time " + probe.time[i];
            assertEquals(jRolling[j], probe.playing[i], at + ": rolling");
            assertEquals(jTempo[j], probe.tempo[i], 1e-9, at + ": tempo");
            if (jRolling[j]) {
                rollingCycles++;
                assertEquals(jBeat[j], probe.beat[i], 1e-9, at + ": the nodes' beat against jack_transport's bar/beat/tick");
            } else {
                stoppedCycles++;
            }
            saw150 |= jTempo[j] == 150;
            saw90 |= jTempo[j] == 90;
            saw133 |= jTempo[j] == 133;
        }
        System.out.printf("JACK transport follow: %d cycles compared (%d rolling, %d stopped), %d relocations seen%n",
                matched, rollingCycles, stoppedCycles, link.relocations());
        assertTrue(rollingCycles > 300 && stoppedCycles > 50, rollingCycles + " rolling, " + stoppedCycles + " stopped");
        assertTrue(saw150 && saw90 && saw133, "every tempo jack_transport set was seen " + saw150 + saw90 + saw133);
        assertTrue(link.relocations() >= 2, "the two locates are relocations: " + link.relocations());
    }
}
