package org.midirack.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.midirack.host.seq.SequencePlayer;
import org.midirack.host.seq.TempoMap;

class SequenceSourceTest {
    private static Sequence twoNotes() throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, 24_000); // 120 BPM at 48 kHz: tick n = frame n
        Track t = seq.createTrack();
        t.add(new MidiEvent(new ShortMessage(0x90, 0, 60, 127), 24_000));
        t.add(new MidiEvent(new ShortMessage(0x80, 0, 60, 0), 30_000));
        t.add(new MidiEvent(new ShortMessage(0x91, 1, 64, 127), 48_000));
        return seq;
    }

    @Test
    void playsAStandardMidiSequenceOnTheBeatThroughLatentNodes() throws Exception {
        Sequence seq = twoNotes();
        SequencePlayer player = new SequencePlayer(seq, new TempoMap(seq, 48_000), 2, (track, ch) -> ch == 0 ? 0 : 1);
        Host h = new Host(new HostConfig().fadeFrames(0));
        TestNodes.Impulse a = new TestNodes.Impulse("a", 300, false);
        TestNodes.Impulse b = new TestNodes.Impulse("b", 0, false);
        int sa = h.add(a);
        int sb = h.add(b);
        h.connectAudio(sa, 0, Host.BOUNDARY, 0);
        h.connectAudio(sb, 0, Host.BOUNDARY, 0);
        h.addEventSource(new SequenceSource(player, sa, sb));
        h.activate(48_000, 128);
        h.transport().play();
        float[][] out = h.renderOffline(50_000, 128);
        assertEquals(2, a.eventCount);
        assertEquals(24_000 - 300, a.eventFrames[0], "sent early by the node's latency");
        assertEquals(30_000 - 300, a.eventFrames[1]);
        assertEquals(48_000 - 300, b.eventFrames[0], "compensated: the fast node's path is delayed 300");
        assertEquals(1f, out[0][24_000]);
        assertEquals(1f, out[0][48_000]);
        assertEquals(3, org.midirack.core.testkit.Signals.peak(out, 0, 50_000) * 3);
        assertEquals(0, h.statistics().lateEvents());
    }

    @Test
    void refusesAMismatchedSlotCount() throws Exception {
        Sequence seq = twoNotes();
        SequencePlayer player = new SequencePlayer(seq, new TempoMap(seq, 48_000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SequenceSource(player, 1, 2));
        assertEquals("the player has 1 destinations but 2 slots were given", e.getMessage());
    }
}
