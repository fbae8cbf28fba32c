package org.midirack.host;

import org.midirack.core.AbstractNode;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputNull;

/**
 * Stop, All Notes Off and shutdown release every note of every node, whatever is in its FIFO; and
 * node-to-node MIDI that does not fit is counted, by name, and leaves no note sounding.
 */
class HostReleaseTest {
    /** Keeps which notes are held (note-on until note-off, All Notes Off or All Sound Off) and logs controllers. */
    static final class Held extends TestNodes.Stub {
        final boolean[][] held = new boolean[16][128];
        final List<long[]> controllers = new ArrayList<>(); // {frame, status, d1, d2}
        int routed;
        volatile boolean active;

        Held(String id) {
            super(TestNodes.desc(id, NodeKind.INSTRUMENT, new int[0], new int[] {1}, false));
        }

        @Override
        public double tailSeconds() {
            return 0.02;
        }

        @Override
        protected void onMidi(ProcessContext ctx, int frame, int status, int d1, int d2) {
            int ch = status & 0x0F;
            int cmd = status & 0xF0;
            if (cmd == 0x90 && d2 > 0) {
                held[ch][d1] = true;
                routed++;
            } else if (cmd == 0x80 || cmd == 0x90) {
                held[ch][d1] = false;
                routed++;
            } else if (cmd == 0xB0) {
                synchronized (controllers) {
                    controllers.add(new long[] {ctx.transport().samplePosition() + frame, status, d1, d2});
                }
                if (d1 == 123 || d1 == 120) {
                    java.util.Arrays.fill(held[ch], false);
                }
            }
        }

        int heldNotes() {
            int n = 0;
            for (boolean[] c : held) {
                for (boolean b : c) {
                    n += b ? 1 : 0;
                }
            }
            return n;
        }

        /** How many channels got controller {@code cc} with value {@code value}, all at {@code frame}. */
        int channelsWith(int cc, int value, long frame) {
            boolean[] seen = new boolean[16];
            synchronized (controllers) {
                for (long[] c : controllers) {
                    if (c[2] == cc && c[3] == value && c[0] == frame) {
                        seen[(int) c[1] & 0x0F] = true;
                    }
                }
            }
            int n = 0;
            for (boolean b : seen) {
                n += b ? 1 : 0;
            }
            return n;
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
            java.util.Arrays.fill(ctx.output(0, 0), from, to, heldNotes() > 0 ? 1f : 0f);
        }
    }

    private static int fillFifo(Host h, int slot) {
        int n = 0;
        while (n < 10_000 && h.offer(slot, 100_000, 0x90, n % 128, 100)) {
            n++;
        }
        while (n < 10_000 && h.offer(slot, 100_000, 0xB0, 1, 1)) { // a note-on takes room for its note-off too
            n++;
        }
        return n;
    }

    @Test
    void stopReleasesEveryChannelOfEveryNodeInTheCycleTheTransportStops() {
        Host h = new Host(new HostConfig().fadeFrames(0));
        Held a = new Held("a");
        Held b = new Held("b");
        int sa = h.add(a);
        int sb = h.add(b);
        h.connectAudio(sa, 0, Host.BOUNDARY, 0);
        h.connectAudio(sb, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        h.transport().play();
        h.offer(sa, 10, 0x90, 60, 100);
        h.offer(sb, 20, 0x93, 64, 100);
        h.renderOffline(256, 128);
        assertEquals(1, a.heldNotes());
        assertTrue(a.controllers.isEmpty(), "nothing released while playing");
        h.transport().stop();
        h.renderOffline(128, 128); // the cycle from frame 256
        for (Held n : new Held[] {a, b}) {
            assertEquals(16, n.channelsWith(64, 0, 256), "sustain pedal off on every channel");
            assertEquals(16, n.channelsWith(123, 0, 256), "All Notes Off on every channel");
            assertEquals(16, n.channelsWith(120, 0, 256), "All Sound Off on every channel");
            assertEquals(0, n.heldNotes());
        }
        // a stop asked by toggling (or by a node) releases too
        h.transport().play();
        h.offer(sa, 0, 0x90, 61, 100);
        h.renderOffline(128, 128);
        assertEquals(1, a.heldNotes());
        h.transport().togglePlay();
        h.renderOffline(128, 128);
        assertEquals(16, a.channelsWith(120, 0, 512));
        assertEquals(0, a.heldNotes());
    }

    @Test
    void stopSilencesNotesHeldFromLiveInputWhenTheTransportWasNotPlaying() {
        // no cycle sees the transport stop here (it never played): the silence comes from stop() itself
        Host h = new Host(new HostConfig().fadeFrames(0));
        Held a = new Held("a");
        int sa = h.add(a);
        h.connectAudio(sa, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        h.offer(sa, 10, 0x90, 60, 100); // a key held on a MIDI keyboard, transport stopped
        h.renderOffline(256, 128);
        assertFalse(h.transport().isPlaying());
        assertEquals(1, a.heldNotes());
        h.transport().stop();
        h.renderOffline(128, 128); // the cycle from frame 256
        assertEquals(16, a.channelsWith(120, 0, 256), "All Sound Off on every channel in the next cycle");
        assertEquals(16, a.channelsWith(123, 0, 256), "All Notes Off on every channel in the next cycle");
        assertEquals(0, a.heldNotes());
    }

    @Test
    void allNotesOffReachesANodeWhoseFifoIsFull() {
        Host h = new Host(new HostConfig().fadeFrames(0).fifoCapacity(64));
        Held a = new Held("a");
        int sa = h.add(a);
        h.connectAudio(sa, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        h.offer(sa, 0, 0x9F, 70, 100);
        h.renderOffline(128, 128);
        assertTrue(fillFifo(h, sa) > 0);
        assertFalse(h.offer(sa, 0, 0xB0, 1, 1), "the FIFO is full");
        h.allNotesOff();
        h.renderOffline(128, 128);
        assertEquals(16, a.channelsWith(64, 0, 128), "sustain pedal off on every channel");
        assertEquals(16, a.channelsWith(123, 0, 128), "All Notes Off on every channel");
        assertEquals(0, a.channelsWith(120, 0, 128), "All Notes Off lets the release ring: no All Sound Off");
        assertEquals(0, a.heldNotes());
    }

    @Test
    void offlineShutdownReleasesEveryChannelThroughAFullFifo() {
        Host h = new Host(new HostConfig().fadeFrames(0).fifoCapacity(64));
        Held a = new Held("a");
        int sa = h.add(a);
        h.connectAudio(sa, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        h.offer(sa, 0, 0x95, 70, 100);
        h.renderOffline(128, 128);
        fillFifo(h, sa);
        h.shutdown(null, 1.0);
        assertEquals(16, a.channelsWith(64, 0, 128));
        assertEquals(16, a.channelsWith(123, 0, 128));
        assertEquals(16, a.channelsWith(120, 0, 128));
        assertEquals(0, a.heldNotes());
        assertEquals(128 + 128 + 960, h.statistics().frames(), "the cycle carrying the release, then the 0.02 s tail");
        assertFalse(a.isActive());
    }

    @Test
    @Timeout(60)
    void realTimeShutdownReturnsOnlyOnceTheReleaseAndTheTailWereRendered() throws Exception {
        Host h = new Host(new HostConfig().fadeFrames(0).fifoCapacity(64));
        Held a = new Held("a");
        int sa = h.add(a);
        h.connectAudio(sa, 0, Host.BOUNDARY, 0);
        AudioOutputNull out = new AudioOutputNull();
        out.open(new AudioOutputConfig(48_000, 128, 2));
        out.start(h);
        h.offer(sa, 0, 0x90, 60, 100);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (a.heldNotes() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        fillFifo(h, sa);
        h.shutdown(out, 1.0);
        long releaseFrame = -1;
        synchronized (a.controllers) {
            for (long[] c : a.controllers) {
                if (c[2] == 120) {
                    releaseFrame = c[0];
                }
            }
        }
        assertTrue(releaseFrame >= 0, "All Sound Off arrived before shutdown returned");
        assertEquals(16, a.channelsWith(120, 0, releaseFrame));
        assertEquals(0, a.heldNotes());
        assertTrue(h.statistics().frames() >= releaseFrame + 128 + 960,
                "rendered " + h.statistics().frames() + " frames; the release cycle at " + releaseFrame + " and a 960-frame tail");
    }

    @Test
    void nodeToNodeMidiThatDoesNotFitIsCountedAndLeavesNoNoteSounding() {
        Host h = new Host(new HostConfig().fadeFrames(0).fifoCapacity(64).midiOutCapacity(16));
        Held dst = new Held("dst");
        int sd = h.add(dst);
        h.connectAudio(sd, 0, Host.BOUNDARY, 0);
        int sources = 20;
        for (int i = 0; i < sources; i++) {
            TestNodes.Impulse src = new TestNodes.Impulse("src" + i, 0, true);
            int ss = h.add(src);
            h.connectMidi(ss, sd);
            h.connectAudio(ss, 0, Host.BOUNDARY, 0);
        }
        h.activate(48_000, 128);
        // source i plays 16 keys of its own channel: 8 held from the first cycle, released in the
        // second while 8 more start, released in the third
        int sent = 0;
        int i = 0;
        for (int s : h.slots()) {
            if (s == sd) {
                continue;
            }
            int status = i % 16;
            int key = 20 + (i / 16) * 16;
            for (int k = 0; k < 8; k++) {
                assertTrue(h.offer(s, 0, 0x90 | status, key + k, 100));
                assertTrue(h.offer(s, 128, 0x90 | status, key + 8 + k, 100));
                assertTrue(h.offer(s, 129, 0x80 | status, key + k, 0));
                assertTrue(h.offer(s, 256, 0x80 | status, key + 8 + k, 0));
                sent += 4;
            }
            i++;
        }
        h.renderOffline(512, 128);
        assertEquals(0, h.statistics().midiOutEventsDropped(), "each source emitted at most its 16 events a cycle");
        assertEquals(sent - dst.routed, h.statistics().routedEventsDropped() + h.statistics().routedEventsDisplaced(),
                "every event the destination missed is counted, refused or displaced by a release");
        assertTrue(h.statistics().routedEventsDisplaced() > 0, "this graph does overflow the merge: note-offs push note-ons out");
        assertEquals(0, dst.heldNotes(), "no note left sounding");
        assertTrue(h.statistics().toString().contains("routed dropped " + h.statistics().routedEventsDropped()));
    }

    @Test
    void aSourceOverflowingItsMidiOutIsCountedAndItsDestinationReleased() {
        Host h = new Host(new HostConfig().fadeFrames(0).midiOutCapacity(16));
        Held dst = new Held("dst");
        TestNodes.Impulse src = new TestNodes.Impulse("src", 0, true);
        int sd = h.add(dst);
        int ss = h.add(src);
        h.connectMidi(ss, sd);
        h.connectAudio(sd, 0, Host.BOUNDARY, 0);
        h.connectAudio(ss, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        for (int k = 0; k < 20; k++) {
            h.offer(ss, 0, 0x90, 40 + k, 100);
            h.offer(ss, 1, 0x80, 40 + k, 0);
        }
        h.renderOffline(256, 128);
        assertEquals(40 - 16, h.statistics().midiOutEventsDropped() + h.statistics().midiOutEventsDisplaced(),
                "40 events emitted into a buffer of 16: refused, or displaced by a note-off");
        assertEquals(0, dst.heldNotes(), "its note-offs were lost at the source, yet no note is left sounding");
        assertEquals(16, dst.channelsWith(123, 0, 128), "All Notes Off on every channel in the next cycle");
    }
}
