package org.midirack.demos.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.midirack.demos.cli.DemoHostSession;
import org.midirack.host.Host;

/**
 * The graph model's actions change the host's graph, checked through the host's own queries
 * ({@link Host#audioLinks}, {@link Host#midiLinks}, {@link Host#slots}), on a session playing in real
 * time on the null output.
 */
class GraphModelTest {
    static DemoHostSession session;

    @BeforeAll
    static void start() {
        session = DemoHostSession.start(null, List.of(), "null", 48000, 128, System.err);
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    @Test
    void draggingFromANodesAudioOutputOntoOutConnectsItInTheHost() {
        GraphModel m = new GraphModel(session);
        int sine = m.add("sine");
        assertTrue(java.util.Arrays.stream(session.host().slots()).anyMatch(s -> s == sine));
        assertEquals("midirack.sine", session.host().node(sine).descriptor().id());
        // the drag: press on the sine box's right edge in its first port row (outputs are on the right),
        // release on the left edge of out's box in its first row (inputs on the left)
        GraphModel.Box sb = m.box(new GraphModel.Port(sine, false, true, 0));
        GraphModel.Box ob = m.box(GraphModel.Port.OUT);
        int row = GraphModel.TITLE_H + GraphModel.PORT_STEP / 2;
        GraphModel.Port a = m.portAt(sb.x() + GraphModel.BOX_W + 3, sb.y() + row - 2);
        GraphModel.Port b = m.portAt(ob.x() - 2, ob.y() + row + 3);
        assertEquals(new GraphModel.Port(sine, false, true, 0), a);
        assertEquals(GraphModel.Port.OUT, b);
        assertNotNull(a);
        assertNotNull(b);
        m.connect(a, b, null);
        assertTrue(session.host().audioLinks().contains(new Host.Link(sine, 0, Host.BOUNDARY, 0, 1f)),
                session.host().audioLinks().toString());
        m.disconnect(b, a);
        assertTrue(session.host().audioLinks().stream().noneMatch(l -> l.src() == sine), "disconnected");
        m.remove(sine);
    }

    @Test
    void aMidiConnectionFromInCarriesItsChannelFilterIntoTheHost() {
        GraphModel m = new GraphModel(session);
        int sine = m.add("sine");
        m.connect(GraphModel.Port.IN, new GraphModel.Port(sine, true, false, 0), "1-9,11-16");
        // every channel but 10: bits 0..15 set except bit 9
        int mask = 0b1111_1101_1111_1111;
        assertTrue(session.host().midiLinks().contains(new Host.MidiLink(Host.BOUNDARY, sine, mask, -1)),
                session.host().midiLinks().toString());
        m.remove(sine);
    }

    @Test
    void aConnectionThatDoesNotFitIsRefusedWithAReasonAndChangesNothing() {
        GraphModel m = new GraphModel(session);
        int sine = m.add("sine");
        int arp = m.add("arp");
        List<Host.Link> audio = session.host().audioLinks();
        List<Host.MidiLink> midi = session.host().midiLinks();
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class, () -> m.connect(
                new GraphModel.Port(sine, false, true, 0), new GraphModel.Port(arp, false, true, 0), null));
        assertTrue(two.getMessage().contains("two outputs"), two.getMessage());
        IllegalArgumentException kinds = assertThrows(IllegalArgumentException.class, () -> m.connect(
                GraphModel.Port.IN, GraphModel.Port.OUT, null));
        assertTrue(kinds.getMessage().contains("audio to audio"), kinds.getMessage());
        IllegalArgumentException ch = assertThrows(IllegalArgumentException.class, () -> m.connect(
                GraphModel.Port.IN, new GraphModel.Port(sine, true, false, 0), "17"));
        assertTrue(ch.getMessage().contains("17"), ch.getMessage());
        assertEquals(audio, session.host().audioLinks());
        assertEquals(midi, session.host().midiLinks());
        m.remove(arp);
        m.remove(sine);
    }

    @Test
    void removingANodeTakesItAndItsConnectionsOutOfTheHost() {
        GraphModel m = new GraphModel(session);
        int sine = m.add("sine");
        m.connect(new GraphModel.Port(sine, false, true, 0), GraphModel.Port.OUT, null);
        m.connect(GraphModel.Port.IN, new GraphModel.Port(sine, true, false, 0), null);
        int boxes = m.boxes().size();
        m.remove(sine);
        assertTrue(java.util.Arrays.stream(session.host().slots()).noneMatch(s -> s == sine));
        assertTrue(session.host().audioLinks().stream().noneMatch(l -> l.src() == sine));
        assertTrue(session.host().midiLinks().stream().noneMatch(l -> l.dst() == sine));
        assertEquals(boxes - 1, m.boxes().size());
    }

    @Test
    void aNodeThatFailsIsShownMutedWithItsError() {
        GraphModel m = new GraphModel(session);
        int bad = m.add("fault-throw"); // test.fault-throw: throws after a quarter of a second of frames
        GraphModel.Box box = null;
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            m.refresh();
            box = m.box(new GraphModel.Port(bad, false, false, 0));
            if (box.muted() && box.error() != null) {
                break;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        assertTrue(session.host().isMuted(bad), "the host muted it");
        assertTrue(box.muted());
        assertNotNull(box.error());
        assertTrue(box.error().contains("node " + (bad + 1) + " 'test.fault-throw' threw"), box.error());
        m.remove(bad);
    }
}
