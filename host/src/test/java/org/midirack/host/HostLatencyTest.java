package org.midirack.host;

import org.midirack.core.AbstractNode;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import org.midirack.core.sync.HostSync;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.Signals;

class HostLatencyTest {
    /** Sequences one note-on on beat 1 to a slot, by beat, from the window the host gives. */
    private static EventSource noteOnBeatOne(int slot) {
        return (window, sink) -> {
            if (window.playing()) {
                int f = HostSync.frameOfBeat(window, 1.0);
                if (f >= 0) {
                    sink.event(slot, f, 0x90, 60, 127);
                }
            }
        };
    }

    private static float[][] renderBeatOneThrough(int latency) {
        Host h = new Host(new HostConfig().fadeFrames(0));
        int s = h.add(new TestNodes.Impulse("synth", latency, false));
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        h.addEventSource(noteOnBeatOne(s));
        h.activate(48_000, 128);
        h.transport().play();
        float[][] out = h.renderOffline(30_000, 128);
        assertEquals(latency, h.latencyFrames());
        return out;
    }

    @Test
    void sequencedNoteLandsOnTheBeatAtTheOutputWhateverTheNodeLatency() {
        float[][] plain = renderBeatOneThrough(0);
        float[][] late = renderBeatOneThrough(300);
        assertEquals(24_000, Signals.firstNonZero(plain));
        assertEquals(24_000, Signals.firstNonZero(late));
        assertEquals(1f, late[0][24_000]);
    }

    @Test
    void startingWithoutPreRollPlaysWhatIsDueInTheLatencyLateButLosesNothing() {
        Host h = new Host(new HostConfig().fadeFrames(0));
        int s = h.add(new TestNodes.Impulse("synth", 300, false));
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        h.addEventSource((window, sink) -> {
            if (window.playing()) {
                int f = HostSync.frameOfBeat(window, 0.0);
                if (f >= 0) {
                    sink.event(s, f, 0x90, 60, 127);
                }
            }
        });
        h.activate(48_000, 128);
        h.transport().play();
        float[][] out = h.renderOffline(1024, 128);
        assertEquals(300, Signals.firstNonZero(out), "beat 0 comes 300 frames late");
        assertEquals(1, h.statistics().lateEvents());
    }

    @Test
    void delaysParallelPathsSoTheyLineUpAtTheMixer() {
        Host h = new Host(new HostConfig().fadeFrames(0));
        int fast = h.add(new TestNodes.Impulse("fast", 0, false));
        int slow = h.add(new TestNodes.Impulse("slow", 300, false));
        int fx = h.add(new TestNodes.Gain("fx", 1f, 50, 1));
        h.connectAudio(fast, 0, Host.BOUNDARY, 0);
        h.connectAudio(slow, 0, fx, 0);
        h.connectAudio(fx, 0, Host.BOUNDARY, 0);
        h.addEventSource(noteOnBeatOne(fast));
        h.addEventSource(noteOnBeatOne(slow));
        h.activate(48_000, 128);
        h.transport().play();
        float[][] out = h.renderOffline(30_000, 128);
        assertEquals(350, h.latencyFrames());
        assertEquals(350, h.latencyToOutput(fast), "delayed by 350 after it");
        assertEquals(350, h.latencyToOutput(slow));
        assertEquals(24_000, Signals.firstNonZero(out));
        assertEquals(2f, out[0][24_000], "both paths on the same frame");
        assertEquals(0f, Signals.peak(out, 24_001, 30_000));
    }

    /** A generator that writes an impulse at the frame of beat 1 and reports a latency change in cycle 3. */
    static final class Reporter extends TestNodes.Stub {
        int cycle;

        Reporter() {
            super(TestNodes.desc("reporter", NodeKind.GENERATOR, new int[0], new int[] {1}, false));
        }

        @Override
        protected void beginCycle(ProcessContext ctx) {
            if (cycle++ == 3) {
                ctx.remote().latencyChanged(500);
            }
        }
    }

    @Test
    void followsALatencyReportedThroughTheRemoteControl() {
        Host h = new Host(new HostConfig().fadeFrames(0));
        int r = h.add(new Reporter());
        int c = h.add(new TestNodes.Const("c", 1f));
        h.connectAudio(r, 0, Host.BOUNDARY, 0);
        h.connectAudio(c, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        h.renderOffline(128 * 4, 128);
        assertEquals(0, h.latencyFrames());
        float[][] out = h.renderOffline(128 * 8, 128);
        assertEquals(500, h.latencyFrames());
        assertEquals(500, h.latencyToOutput(c));
        assertEquals(500, h.latencyToOutput(r));
        // the constant path is delayed by 500 frames from cycle 5 on; its delay line already held
        // the constant, so the output never drops
        for (int i = 0; i < out[0].length; i++) {
            assertEquals(1f, out[0][i], "frame " + i);
        }
    }
}
