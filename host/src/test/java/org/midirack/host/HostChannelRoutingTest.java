package org.midirack.host;

import org.midirack.core.MidiMessages;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.midirack.host.seq.SequencePlayer;
import org.midirack.host.seq.TempoMap;

/** MIDI links with a channel filter and remap, node to node and from the host's own MIDI input. */
class HostChannelRoutingTest {
    private static final int DRUMS = 1 << 9;
    private static final int NOT_DRUMS = 0xFFFF & ~DRUMS;

    private static int[] messages(TestNodes.Impulse n) {
        return Arrays.copyOf(n.eventMessages, n.eventCount);
    }

    private static long[] frames(TestNodes.Impulse n) {
        return Arrays.copyOf(n.eventFrames, n.eventCount);
    }

    @Test
    void splitsTheHostsOwnInputByChannelWithSystemMessagesPassingEveryFilter() {
        Host h = new Host(new HostConfig().fadeFrames(0));
        TestNodes.Impulse synth = new TestNodes.Impulse("synth", 0, false);
        TestNodes.Impulse drums = new TestNodes.Impulse("drums", 0, false);
        int ss = h.add(synth);
        int sd = h.add(drums);
        h.connectMidi(Host.BOUNDARY, ss, NOT_DRUMS, -1);
        h.connectMidi(Host.BOUNDARY, sd, DRUMS, -1);
        h.connectAudio(ss, 0, Host.BOUNDARY, 0);
        h.connectAudio(sd, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        assertTrue(h.offer(Host.BOUNDARY, 10, 0x90, 60, 100), "channel 1");
        assertTrue(h.offer(Host.BOUNDARY, 20, 0x99, 36, 110), "channel 10");
        assertTrue(h.offer(Host.BOUNDARY, 30, 0x9F, 62, 90), "channel 16");
        assertTrue(h.offer(Host.BOUNDARY, 40, 0xFA, 0, 0), "start: a system message");
        assertFalse(h.offer(Host.BOUNDARY, 50, 0x90, 200, 1), "invalid bytes");
        h.renderOffline(256, 128);
        assertArrayEquals(new int[] {MidiMessages.pack(0x90, 60, 100), MidiMessages.pack(0x9F, 62, 90),
                MidiMessages.pack(0xFA, 0, 0)}, messages(synth));
        assertArrayEquals(new long[] {10, 30, 40}, frames(synth));
        assertArrayEquals(new int[] {MidiMessages.pack(0x99, 36, 110), MidiMessages.pack(0xFA, 0, 0)}, messages(drums));
        assertArrayEquals(new long[] {20, 40}, frames(drums));
    }

    @Test
    void remapsTheChannelOfEveryChannelMessageItPasses() {
        Host h = new Host(new HostConfig().fadeFrames(0));
        TestNodes.Impulse n = new TestNodes.Impulse("n", 0, false);
        int s = h.add(n);
        h.connectMidi(Host.BOUNDARY, s, 1 << 3, 5);
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        assertTrue(h.offer(Host.BOUNDARY, 5, 0x93, 60, 100));
        assertTrue(h.offer(Host.BOUNDARY, 6, 0x94, 61, 100)); // channel 5 of the wire: filtered out
        assertTrue(h.offer(Host.BOUNDARY, 7, 0xB3, 64, 127));
        assertTrue(h.offer(Host.BOUNDARY, 8, 0xE3, 0, 64));
        assertTrue(h.offer(Host.BOUNDARY, 9, 0x83, 60, 0));
        h.renderOffline(128, 128);
        assertArrayEquals(new int[] {MidiMessages.pack(0x95, 60, 100), MidiMessages.pack(0xB5, 64, 127),
                MidiMessages.pack(0xE5, 0, 64), MidiMessages.pack(0x85, 60, 0)}, messages(n));
        assertArrayEquals(new long[] {5, 7, 8, 9}, frames(n));
    }

    @Test
    void filtersAndRemapsNodeToNodeLinks() {
        Host h = new Host(new HostConfig().fadeFrames(0));
        TestNodes.Impulse src = new TestNodes.Impulse("src", 0, true);
        TestNodes.Impulse only2 = new TestNodes.Impulse("only2", 0, false);
        TestNodes.Impulse to16 = new TestNodes.Impulse("to16", 0, false);
        int ss = h.add(src);
        int s2 = h.add(only2);
        int s16 = h.add(to16);
        h.connectMidi(ss, s2, 1 << 1, -1);
        h.connectMidi(ss, s16, 0xFFFF, 15);
        h.connectAudio(s2, 0, Host.BOUNDARY, 0);
        h.connectAudio(s16, 0, Host.BOUNDARY, 0);
        h.activate(48_000, 128);
        h.offer(ss, 3, 0x90, 60, 100);
        h.offer(ss, 4, 0x91, 62, 100);
        h.offer(ss, 200, 0x81, 62, 0); // emitted in a later cycle
        h.renderOffline(384, 128);
        assertArrayEquals(new int[] {MidiMessages.pack(0x91, 62, 100), MidiMessages.pack(0x81, 62, 0)}, messages(only2));
        assertArrayEquals(new long[] {4, 200}, frames(only2));
        assertArrayEquals(new int[] {MidiMessages.pack(0x9F, 60, 100), MidiMessages.pack(0x9F, 62, 100),
                MidiMessages.pack(0x8F, 62, 0)}, messages(to16));
        assertArrayEquals(new long[] {3, 4, 200}, frames(to16));
    }

    @Test
    void aGeneralMidiFileAtTheBoundaryDrivesTheSynthAndTheDrumsOnTheirFramesThroughLatency() throws Exception {
        // 120 BPM, PPQ 24,000 at 48 kHz: tick n is frame n
        Sequence seq = new Sequence(Sequence.PPQ, 24_000);
        Track t = seq.createTrack();
        t.add(new MidiEvent(new ShortMessage(0x90, 0, 60, 127), 24_000));
        t.add(new MidiEvent(new ShortMessage(0x99, 9, 36, 127), 36_000));
        t.add(new MidiEvent(new ShortMessage(0x89, 9, 36, 0), 37_000));
        t.add(new MidiEvent(new ShortMessage(0x92, 2, 64, 127), 40_000));
        t.add(new MidiEvent(new ShortMessage(0x80, 0, 60, 0), 44_000));
        SequencePlayer player = new SequencePlayer(seq, new TempoMap(seq, 48_000));
        Host h = new Host(new HostConfig().fadeFrames(0));
        TestNodes.Impulse synth = new TestNodes.Impulse("synth", 300, false);
        TestNodes.Impulse drums = new TestNodes.Impulse("drums", 0, false);
        int ss = h.add(synth);
        int sd = h.add(drums);
        h.connectMidi(Host.BOUNDARY, ss, NOT_DRUMS, -1);
        h.connectMidi(Host.BOUNDARY, sd, DRUMS, -1);
        h.connectAudio(ss, 0, Host.BOUNDARY, 0);
        h.connectAudio(sd, 0, Host.BOUNDARY, 0);
        h.addEventSource(new SequenceSource(player, Host.BOUNDARY));
        h.activate(48_000, 128);
        h.transport().play();
        float[][] out = h.renderOffline(50_000, 128);
        assertArrayEquals(new long[] {24_000 - 300, 40_000 - 300, 44_000 - 300}, frames(synth),
                "sent early by the synth's own latency");
        assertArrayEquals(new long[] {36_000 - 300, 37_000 - 300}, frames(drums),
                "the drums' path is delayed 300 to line up, so they get their events 300 early too");
        assertArrayEquals(new int[] {MidiMessages.pack(0x99, 36, 127), MidiMessages.pack(0x89, 36, 0)}, messages(drums));
        assertEquals(1f, out[0][24_000]);
        assertEquals(1f, out[0][36_000]);
        assertEquals(1f, out[0][40_000]);
        assertEquals(0, h.statistics().lateEvents());
    }

    @Test
    void aNestedHostFiltersItsParentsEventsAtItsBoundary() {
        TestNodes.Impulse n = new TestNodes.Impulse("n", 0, false);
        Host inner = new Host(new HostConfig().fadeFrames(0));
        int s = inner.add(n);
        inner.connectMidi(Host.BOUNDARY, s, 1 << 2, 0);
        inner.connectAudio(s, 0, Host.BOUNDARY, 0);
        Host top = new Host(new HostConfig().fadeFrames(0));
        int si = top.add(inner);
        top.connectAudio(si, 0, Host.BOUNDARY, 0);
        top.activate(48_000, 128);
        top.offer(si, 11, 0x92, 60, 127);
        top.offer(si, 12, 0x93, 61, 127);
        top.renderOffline(128, 128);
        assertArrayEquals(new int[] {MidiMessages.pack(0x90, 60, 127)}, messages(n));
        assertArrayEquals(new long[] {11}, frames(n));
    }

    @Test
    void refusesAFilterOrRemapOutOfRangeNamingTheValueAndKeepsOneLinkPerPair() {
        Host h = new Host(new HostConfig().fadeFrames(0));
        TestNodes.Impulse a = new TestNodes.Impulse("a", 0, true);
        TestNodes.Impulse b = new TestNodes.Impulse("b", 0, false);
        int sa = h.add(a);
        int sb = h.add(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.connectMidi(sa, sb, 0, -1));
        assertEquals("channel mask 0x0 must pass at least one of the 16 channels (bits 0..15, 0xFFFF = all)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> h.connectMidi(sa, sb, 0x1FFFF, -1));
        assertTrue(e.getMessage().startsWith("channel mask 0x1ffff "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> h.connectMidi(sa, sb, 0xFFFF, 16));
        assertEquals("remap channel 16 must be -1 (keep the channel) or 0..15", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> h.connectMidi(sa, sb, 0xFFFF, -2));
        assertEquals("remap channel -2 must be -1 (keep the channel) or 0..15", e.getMessage());
        assertTrue(h.midiLinks().isEmpty(), "nothing connected by a refused call");
        h.connectMidi(sa, sb, 1, -1);
        e = assertThrows(IllegalArgumentException.class, () -> h.connectMidi(sa, sb, 2, -1));
        assertEquals("MIDI 'a' (slot " + sa + ") -> 'b' (slot " + sb + ") is already connected", e.getMessage());
        assertEquals(new Host.MidiLink(sa, sb, 1, -1), h.midiLinks().get(0));
        h.disconnectMidi(sa, sb);
        assertTrue(h.midiLinks().isEmpty());
        h.connectMidi(sa, sb);
        assertEquals(new Host.MidiLink(sa, sb, 0xFFFF, -1), h.midiLinks().get(0));
    }

    @Test
    void eventsThatReachNoNodeAreCountedNotSilentlyLost() throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, 24_000);
        Track t = seq.createTrack();
        t.add(new MidiEvent(new ShortMessage(0x90, 0, 60, 127), 100));
        t.add(new MidiEvent(new ShortMessage(0x80, 0, 60, 0), 200));
        SequencePlayer player = new SequencePlayer(seq, new TempoMap(seq, 48_000));
        Host h = new Host(new HostConfig().fadeFrames(0));
        TestNodes.Impulse n = new TestNodes.Impulse("n", 0, false);
        int s = h.add(n);
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        h.addEventSource(new SequenceSource(player, 7)); // no node at slot 7
        h.activate(48_000, 128);
        assertFalse(h.offer(Host.BOUNDARY, 0, 0x90, 60, 100), "no MIDI link leaves the boundary");
        h.connectMidi(Host.BOUNDARY, s, 1, -1);
        h.renderOffline(128, 128);
        assertFalse(h.offer(Host.BOUNDARY, 0, 0x90, 128, 100), "invalid bytes");
        assertTrue(h.offer(Host.BOUNDARY, 0, 0x91, 60, 100), "filtered out: routed nowhere, as the graph says");
        h.transport().play();
        h.renderOffline(384, 128);
        assertEquals(4, h.statistics().unroutedEvents(), "no link, invalid bytes, and the file's two events to slot 7");
        assertEquals(0, n.eventCount);
    }
}
