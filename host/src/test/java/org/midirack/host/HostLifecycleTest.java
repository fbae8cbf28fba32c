package org.midirack.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputInfo;
import org.midirack.host.audio.AudioOutputNull;

class HostLifecycleTest {
    @Test
    void reactivatesEveryNodeWhenTheOutputFormatChanges() {
        Host h = new Host(new HostConfig().fadeFrames(0));
        TestNodes.Const c = new TestNodes.Const("c", 0.5f);
        int s = h.add(c);
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        h.open(new AudioOutputInfo("test", 48_000, 48_000, 128, 128, 2, 0));
        assertEquals(48_000, c.sampleRate());
        assertEquals(128, c.maxFrames());
        float[][] out = new float[2][128];
        h.render(out, 128);
        assertEquals(0.5f, out[1][127]);
        h.open(new AudioOutputInfo("test", 48_000, 44_100, 128, 256, 2, 0));
        assertEquals(44_100, c.sampleRate());
        assertEquals(256, c.maxFrames());
        out = new float[2][256];
        h.render(out, 256);
        assertEquals(0.5f, out[0][255]);
        assertEquals(2, c.calls);
    }

    @Test
    void keepsTheModelWhileInactiveAndActivatesNodesWithTheHost() {
        Host h = new Host(new HostConfig().fadeFrames(0));
        TestNodes.Const c = new TestNodes.Const("c", 0.5f);
        TestNodes.Const gone = new TestNodes.Const("gone", 1f);
        int s = h.add(c);
        int g = h.add(gone);
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        h.connectAudio(g, 0, Host.BOUNDARY, 0);
        h.remove(g);
        assertEquals(List.of(new Host.Link(s, 0, Host.BOUNDARY, 0, 1f)), h.audioLinks());
        assertFalse(c.isActive());
        h.activate(48_000, 64);
        assertTrue(c.isActive());
        assertFalse(gone.isActive());
        assertEquals(0.5f, h.renderOffline(64)[0][63]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.add(c));
        assertTrue(e.getMessage().contains("already in this host at slot " + s), e.getMessage());
        h.deactivate();
        assertFalse(c.isActive());
        assertThrows(IllegalStateException.class, () -> h.renderOffline(64));
    }

    @Test
    void runsTheGraphOfAHostWithoutAudioOutputs() {
        Host h = new Host(new HostConfig().descriptor(TestNodes.desc("midi-only", org.midirack.core.NodeKind.INSTRUMENT,
                new int[0], new int[0], true)));
        TestNodes.Impulse a = new TestNodes.Impulse("a", 0, false);
        int s = h.add(a);
        h.activate(48_000, 128);
        h.offer(s, 3, 0x90, 60, 1);
        h.render(new float[2][128], 128);
        assertEquals(1, a.eventCount);
        assertEquals(3, a.eventFrames[0]);
    }

    @Test
    @Timeout(30)
    void reportsEachErrorOnceOnTheReporterThread() throws Exception {
        Host h = new Host(new HostConfig().fadeFrames(0));
        h.add(new TestNodes.Faulty("bad", 0, true, 0f));
        h.activate(48_000, 128);
        h.renderOffline(128 * 4, 128);
        List<NodeError> seen = new CopyOnWriteArrayList<>();
        Thread reporter = h.startErrorReporter(seen::add, 1);
        while (seen.isEmpty()) {
            Thread.sleep(1);
        }
        h.renderOffline(128 * 4, 128);
        Thread.sleep(20);
        reporter.interrupt();
        reporter.join();
        assertEquals(1, seen.size());
        assertEquals("bad", seen.get(0).nodeId());
    }

    @Test
    void tellsCycleListenersAndDeliversParametersAndRefusesMidiToAnEffect() {
        Host h = new Host(new HostConfig().fadeFrames(0));
        int fx = h.add(new TestNodes.Gain("fx", 1f, 0, 1));
        int synth = h.add(new TestNodes.Impulse("synth", 0, false));
        long[] starts = new long[4];
        int[] ends = new int[1];
        h.addCycleListener(new CycleListener() {
            @Override
            public void cycleStart(org.midirack.core.Transport cycle) {
                if (ends[0] < starts.length) {
                    starts[ends[0]] = cycle.samplePosition();
                }
            }

            @Override
            public void cycleEnd(org.midirack.core.Transport cycle) {
                ends[0]++;
            }
        });
        h.activate(48_000, 100);
        assertFalse(h.offer(fx, 0, 0x90, 60, 100), "an effect takes no MIDI");
        assertTrue(h.offerParam(fx, 0, 0, 0.5f), "parameters go to any node");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.midiInputSink(fx));
        assertTrue(e.getMessage().contains("takes no MIDI input"), e.getMessage());
        assertTrue(h.midiInputSink(synth).offer(7, 0x90, 60, 100));
        h.renderOffline(400, 100);
        assertEquals(4, ends[0]);
        assertEquals(300, starts[3]);
        assertEquals(7, ((TestNodes.Impulse) h.node(synth)).eventFrames[0]);
    }

    @Test
    @Timeout(30)
    void keepsStatisticsReadableFromAnyThread() throws Exception {
        Host h = new Host(new HostConfig().fadeFrames(0));
        int s = h.add(new TestNodes.Impulse("synth", 0, false));
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        h.offer(s, -5, 0x90, 60, 100);  // late
        h.offer(s, 200, 0x90, 61, 100); // carried
        h.renderOffline(128 * 10, 128);
        HostStatistics st = h.statistics();
        long[] seen = new long[4];
        Thread reader = new Thread(() -> {
            seen[0] = st.cycles();
            seen[1] = st.frames();
            seen[2] = st.lateEvents();
            seen[3] = st.carriedEvents();
        });
        reader.start();
        reader.join();
        assertEquals(10, seen[0]);
        assertEquals(1280, seen[1]);
        assertEquals(1, seen[2]);
        assertEquals(1, seen[3]);
        assertEquals(0, st.droppedEvents());
        assertTrue(st.maxRenderNanos() > 0 && st.meanRenderNanos() > 0);
        assertTrue(st.maxLoad() >= st.meanLoad() && st.meanLoad() > 0);
        AudioOutputNull out = new AudioOutputNull();
        out.open(new AudioOutputConfig(48_000, 128, 2));
        st.attachOutput(out.counters());
        assertEquals(out.counters().underruns(), st.underruns());
        out.close();
        assertTrue(st.toString().startsWith("cycles 10, frames 1280"), st.toString());
    }
}
