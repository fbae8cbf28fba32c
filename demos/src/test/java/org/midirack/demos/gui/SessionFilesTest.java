package org.midirack.demos.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.demos.cli.DemoHostSession;
import org.midirack.host.Host;

/**
 * File > Save session and File > Open session: the graph, tracks and tempo made in the window come
 * back in another window's host; a bad file is refused in one line and changes nothing.
 */
class SessionFilesTest {
    @TempDir
    Path dir;

    @Test
    void aSavedSessionOpensWithItsGraphTracksAndTempoAndABadOneChangesNothing() throws Exception {
        Path file = dir.resolve("w.session");
        try (DemoHostSession a = DemoHostSession.start(null, List.of(), "null", 48000, 128, System.err)) {
            GraphModel g = new GraphModel(a);
            int sine = g.add("sine");
            int arp = g.add("arp");
            g.connect(GraphModel.Port.IN, new GraphModel.Port(arp, true, false, 0), "1");
            g.connect(new GraphModel.Port(arp, true, true, 0), new GraphModel.Port(sine, true, false, 0), null);
            g.connect(new GraphModel.Port(sine, false, true, 0), GraphModel.Port.OUT, null);
            new TracksModel(a).load(Path.of("melodies", "scale.mel"));
            new TransportModel(a).setTempo(90);
            a.saveSession(file);
        }
        try (DemoHostSession b = DemoHostSession.start(null, List.of("drums"), "null", 48000, 128, System.err)) {
            b.loadSession(file);
            Host h = b.host();
            // nodes come back numbered in their order: sine slot 0, arp slot 1
            assertEquals("midirack.sine", h.node(0).descriptor().id());
            assertEquals("midirack.midi-arpeggiator", h.node(1).descriptor().id());
            assertEquals(List.of(new Host.Link(0, 0, Host.BOUNDARY, 0, 1f)), h.audioLinks());
            assertEquals(List.of(new Host.MidiLink(Host.BOUNDARY, 1, 1, -1), new Host.MidiLink(1, 0, 0xFFFF, -1)),
                    h.midiLinks());
            assertEquals(List.of("scale.mel"), b.trackNames());
            assertEquals(90, b.tempoOverride(), 1e-9);

            Path bad = dir.resolve("bad.session");
            Files.writeString(bad, Files.readString(file).replace("\nversion=2\n", "\nversion=99\n"));
            RuntimeException e = assertThrows(RuntimeException.class, () -> b.loadSession(bad));
            assertTrue(e.getMessage().contains("version") && !e.getMessage().contains("\n"), e.getMessage());
            assertEquals(List.of(new Host.Link(0, 0, Host.BOUNDARY, 0, 1f)), b.host().audioLinks(), "unchanged");
            assertEquals(List.of("scale.mel"), b.trackNames());
        }
    }
}
