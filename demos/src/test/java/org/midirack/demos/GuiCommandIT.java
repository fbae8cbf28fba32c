package org.midirack.demos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.demos.cli.DemoHostSession;
import org.midirack.demos.gui.GraphModel;
import org.midirack.demos.gui.TracksModel;
import org.midirack.demos.gui.TransportModel;

/**
 * {@code midirack gui} through the built jar: its help, its one line without a display; and a session made with the window's models (the actions its buttons and drags take) and saved
 * from there is the command line's format: {@code midirack render --session} of the built jar
 * renders it to the very bytes it renders for the same graph typed into {@code midirack host}.
 */
class GuiCommandIT {
    @TempDir
    Path dir;

    @Test
    void aSessionSavedFromTheWindowRendersAsTheSameGraphTypedIntoTheHost() throws Exception {
        Path song = Path.of("melodies", "scale.mel").toAbsolutePath();
        Path fromWindow = dir.resolve("window.session");
        try (DemoHostSession s = DemoHostSession.start(null, List.of(), "null", 48000, 128, System.err)) {
            GraphModel g = new GraphModel(s);
            TracksModel t = new TracksModel(s);
            TransportModel tr = new TransportModel(s);
            int sine = g.add("sine");
            int echo = g.add("delay");
            g.connect(GraphModel.Port.IN, new GraphModel.Port(sine, true, false, 0), "1-9,11-16");
            g.connect(new GraphModel.Port(sine, false, true, 0), new GraphModel.Port(echo, false, false, 0), null);
            g.connect(new GraphModel.Port(echo, false, true, 0), GraphModel.Port.OUT, null);
            t.load(song);
            tr.setTempo(132);
            s.saveSession(fromWindow);
        }
        String typed = String.join("\n", "remove 1", "remove 2", "add sine", "add delay",
                "connect midi in sine ch 1-9,11-16", "connect audio sine delay-tempo-sync", "connect audio delay-tempo-sync out",
                "load " + song, "tempo 132", "session save typed.session", "quit", "");
        CommandLineIT.Run host = CommandLineIT.runIn(dir, typed, "host", "--output", "null", "--instrument", "sine");
        assertEquals(0, host.code(), host.out() + host.err());
        CommandLineIT.Run a = CommandLineIT.runIn(dir, null, "render", "--session", "window.session", "--out", "window.wav");
        assertEquals(0, a.code(), a.err());
        CommandLineIT.Run b = CommandLineIT.runIn(dir, null, "render", "--session", "typed.session", "--out", "typed.wav");
        assertEquals(0, b.code(), b.err());
        byte[] wa = Files.readAllBytes(dir.resolve("window.wav"));
        byte[] wb = Files.readAllBytes(dir.resolve("typed.wav"));
        boolean sound = false;
        for (int i = 44; i < wa.length && !sound; i++) {
            sound = wa[i] != 0;
        }
        assertTrue(sound, "the window's session sounds");
        assertTrue(wa.length > 48000 * 4, "at least a second of audio: " + wa.length);
        assertArrayEquals(wb, wa, "render --session: the window's session and the typed one give the same bytes");
    }

    @Test
    void guiHasHelpAndWithoutADisplaySaysSoInOneLine() throws Exception {
        CommandLineIT.Run help = CommandLineIT.runIn(dir, null, "gui", "--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().startsWith("Usage: midirack gui"), help.out());
        // the jar runs with -Djava.awt.headless=true here: no display
        CommandLineIT.Run r = CommandLineIT.runIn(dir, null, "gui", "--output", "null");
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(List.of("midirack gui: no display: 'gui' needs a graphical display (DISPLAY is not set or"
                + " java.awt.headless is on); the demo host in the terminal is 'midirack host'"), r.errLines());
        CommandLineIT.Run bad = CommandLineIT.runIn(dir, null, "gui", "--output", "alsa");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().startsWith("midirack gui: --output must be javasound, jack or null, not 'alsa'"), bad.err());
    }
}
