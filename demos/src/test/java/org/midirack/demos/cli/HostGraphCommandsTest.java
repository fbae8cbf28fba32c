package org.midirack.demos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.midirack.host.Host;
import org.midirack.host.mapping.MidiMapping;
import org.midirack.host.mapping.MidiMappingSource;
import org.midirack.host.mapping.MidiMappingTable;

/**
 * The graph commands typed as a user would, against a real, active {@link Host} rendered offline:
 * what they build is what plays, and a command that fails says why in one line and changes nothing.
 */
class HostGraphCommandsTest {
    static final int RATE = 48000;
    static final int BLOCK = 128;

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final PrintStream o = new PrintStream(screen, true, StandardCharsets.UTF_8);
    private final Host host = SessionDocument.newHost();
    private final HostGraph graph = new HostGraph(host, SessionFixtures.REGISTRY);
    private final MidiMappingTable mappings = MidiMappingTable.forHost(host);
    private final List<String> trackNames = new ArrayList<>();
    private int routed;
    private final HostGraphCommands commands = new HostGraphCommands(graph, new HostGraphCommands.Session() {
        @Override
        public List<String> trackNames() {
            return trackNames;
        }

        @Override
        public void tracksRouted() {
            routed++;
        }

        @Override
        public int nodeRemoved(int slot) {
            return mappings.removeNode(slot);
        }

        @Override
        public String loopText() {
            return "off";
        }
    }, o);

    HostGraphCommandsTest() {
        host.activate(RATE, BLOCK);
    }

    @AfterEach
    void close() {
        host.deactivate();
    }

    /** Runs command lines; returns what they printed. */
    private String type(String... lines) {
        screen.reset();
        for (String line : lines) {
            commands.run(line.trim().split("\\s+"));
        }
        return screen.toString(StandardCharsets.UTF_8);
    }

    /** Runs a line that must fail; returns its message. */
    private String fails(String line) {
        screen.reset();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> commands.run(line.trim().split("\\s+")), line);
        assertEquals("", screen.toString(StandardCharsets.UTF_8), "a failed command prints nothing itself");
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    private void buildBand() {
        type("add sine as lead", "add drums", "add filter", "add delay as echo",
                "connect midi in lead ch 1-9,11-16", "connect midi in drums ch 10",
                "connect audio lead filter-state-variable", "connect audio drums filter-state-variable gain -6dB",
                "connect audio filter-state-variable echo", "connect audio echo out");
    }

    @Test
    void commandsBuildTheGraphTheyList() {
        String added = type("add sine as lead");
        assertEquals("added 1 lead (midirack.sine, INSTRUMENT): connect its audio (connect audio NAME out) and MIDI"
                + " (connect midi in NAME)\n", added);
        type("add drums", "add filter", "add delay as echo");
        assertEquals("connected MIDI in -> lead ch 1-9,11-16\n", type("connect midi in lead ch 1-9,11-16"));
        assertEquals("connected MIDI in -> drums ch 10\n", type("connect midi in drums ch 10"));
        assertEquals("connected audio drums -> filter-state-variable gain " + (float) Math.pow(10, -0.3) + "\n",
                type("connect audio drums filter-state-variable:1 gain -6dB"));
        type("connect audio lead filter-state-variable", "connect audio filter-state-variable echo",
                "connect audio echo out");
        trackNames.add("song.mid");
        graph.trackAdded();
        assertEquals("track 1 plays into drums\n", type("track 1 -> drums"));
        assertEquals(1, routed);
        // -6 dB as a factor, computed here: 10^(-6/20), as the float the host keeps
        String gain = Float.toString((float) Math.pow(10, -0.3));
        assertEquals(String.join("\n",
                "nodes:",
                "   1 lead                   midirack.sine (INSTRUMENT)",
                "   2 drums                  midirack.drums (INSTRUMENT), latency 63 frames",
                "   3 filter-state-variable  midirack.filter-state-variable (MUSIC_EFFECT)",
                "   4 echo                   midirack.delay-tempo-sync (MUSIC_EFFECT)",
                "audio:",
                "  drums -> filter-state-variable gain " + gain,
                "  lead -> filter-state-variable",
                "  filter-state-variable -> echo",
                "  echo -> out",
                "MIDI:",
                "  in -> lead ch 1-9,11-16",
                "  in -> drums ch 10",
                "tracks:",
                "  1 song.mid -> drums",
                "render order: lead, drums, filter-state-variable, echo") + "\n", type("graph"));
        assertEquals(List.of(new Host.Link(1, 0, 2, 0, (float) Math.pow(10, -0.3)), new Host.Link(0, 0, 2, 0, 1f),
                new Host.Link(2, 0, 3, 0, 1f), new Host.Link(3, 0, Host.BOUNDARY, 0, 1f)), host.audioLinks());
        assertEquals(List.of(new Host.MidiLink(Host.BOUNDARY, 0, 0xFFFF & ~(1 << 9), -1),
                new Host.MidiLink(Host.BOUNDARY, 1, 1 << 9, -1)), host.midiLinks());
    }

    /** Renders {@code frames} frames after offering a note-on at the host's MIDI input. */
    private float[][] noteThroughIn(int status, int key, int frames) {
        host.offer(Host.BOUNDARY, 0, status, key, 100);
        return host.renderOffline(frames, BLOCK);
    }

    @Test
    void theChannelFilterDecidesWhichNodePlaysANote() {
        type("add sine as lead", "connect audio lead out", "connect midi in lead ch 2");
        host.transport().play();
        host.renderOffline(BLOCK, BLOCK); // the graph is in place
        float[][] ch1 = noteThroughIn(0x90, 69, 4800);
        assertEquals(0f, SessionFixtures.peak(ch1), "a note on channel 1 does not pass 'ch 2'");
        float[][] ch2 = noteThroughIn(0x91, 69, 48000);
        assertTrue(SessionFixtures.peak(ch2) > 0.1f, "a note on channel 2 plays: " + SessionFixtures.peak(ch2));
        // A4: 440 rising zero crossings per second, counted over the last half second of the second
        int rising = 0;
        float[] l = ch2[0];
        for (int i = 24001; i < 48000; i++) {
            rising += l[i - 1] < 0 && l[i] >= 0 ? 1 : 0;
        }
        assertEquals(220, rising, 1, "the sine plays A4");
        type("disconnect midi in lead");
        host.offer(Host.BOUNDARY, 0, 0x81, 69, 0);
        assertEquals(List.of(), host.midiLinks());
    }

    @Test
    void aFailedCommandSaysWhyInOneLineAndChangesNothing() {
        buildBand();
        mappings.put(MidiMapping.of(MidiMappingSource.cc(74), 2, "cutoff"));
        String before = type("graph");
        assertTrue(fails("add nosuch").startsWith("no node type 'nosuch' is installed; installed: delay-tempo-sync,"
                + " drums, dynamics-limiter, filter-state-variable, gate-rhythmic, gervill, midi-arpeggiator,"), before);
        assertTrue(fails("add midi").startsWith("'midi' matches more than one node type: midi-arpeggiator,"));
        assertEquals("a node is already named 'lead' (node 1); give another name with 'as NAME'", fails("add sine as lead"));
        assertEquals("a node is already named 'LEAD' (node 1); give another name with 'as NAME'".replace("'LEAD'", "'Lead'"),
                fails("add sine as Lead"));
        assertEquals("'in' is the host's own MIDI input; give the node another name", fails("add sine as in"));
        assertEquals("'9x' is not a node name: a letter, then up to 39 letters, digits, '.', '_' or '-'",
                fails("add sine as 9x"));
        assertEquals("usage: add TYPE [as NAME]", fails("add sine lead"));
        assertEquals("'in' is the host's MIDI input: it has no audio; connect audio from a node",
                fails("connect audio in lead"));
        assertEquals("lead (midirack.sine, INSTRUMENT) has no audio inputs; audio goes into an effect or out",
                fails("connect audio echo lead"));
        assertEquals("lead (midirack.sine) has 1 audio output, no output 2", fails("connect audio lead:2 out"));
        assertEquals("'lead:0': the port after ':' is a number from 1", fails("connect audio lead:0 out"));
        assertEquals("audio echo -> filter-state-variable would close a loop: the signal would come back to where it"
                + " started", fails("connect audio echo filter-state-variable"));
        assertEquals("audio lead -> filter-state-variable is already connected",
                fails("connect audio lead filter-state-variable"));
        assertEquals("gain 'loud' is not a factor (0.5) or dB (-6dB)", fails("connect audio lead echo gain loud"));
        assertEquals("gain 40dB is not -120dB..24dB", fails("connect audio lead echo gain 40dB"));
        assertEquals("no node named 'piano'; nodes: 1 lead, 2 drums, 3 filter-state-variable, 4 echo (see 'graph')",
                fails("connect audio piano out"));
        assertEquals("no node 9; nodes: 1 lead, 2 drums, 3 filter-state-variable, 4 echo (see 'graph')",
                fails("remove 9"));
        assertEquals("channel 17 is not 1-16", fails("connect midi in echo ch 1-17"));
        assertEquals("channel 0 is not 1-16", fails("connect midi in echo to 0"));
        assertEquals("channel range '9-2' runs backwards", fails("connect midi in echo ch 9-2"));
        assertEquals("MIDI in -> lead is already connected ch 1-9,11-16; disconnect it first to change its channels",
                fails("connect midi in lead ch 3"));
        assertEquals("lead (midirack.sine) sends no MIDI; MIDI comes from in or from a node that sends it (an"
                + " arpeggiator, a chord, the drums)", fails("connect midi lead echo"));
        assertEquals("MIDI goes to a node, not to 'out'", fails("connect midi in out"));
        assertEquals("audio lead -> out is not connected (see 'graph')", fails("disconnect audio lead out"));
        assertEquals("MIDI in -> echo is not connected (see 'graph')", fails("disconnect midi in echo"));
        assertEquals("no track 1; tracks: none (load one with 'load FILE')", fails("track 1 -> lead"));
        assertEquals("usage: track N -> NODE", fails("track 1 to lead"));
        assertTrue(fails("connect video lead out").startsWith("connect audio ... or connect midi ..., not 'video';"));
        assertEquals("'out' is the host's audio output: it can only be a destination", fails("connect audio out echo"));
        assertEquals(before, type("graph"), "nothing changed");
        assertEquals(1, mappings.mappings().size());
    }

    @Test
    void removingANodeTakesItsConnectionsMappingsAndTracksWithIt() {
        buildBand();
        trackNames.add("beat.mid");
        graph.trackAdded();
        type("track 1 -> drums");
        mappings.put(MidiMapping.of(MidiMappingSource.cc(7), 1, "gain"));
        mappings.put(MidiMapping.of(MidiMappingSource.cc(74), 2, "cutoff"));
        assertEquals("removed 2 drums and its connections, 1 MIDI mapping; its tracks now play into in\n",
                type("remove drums"));
        assertEquals(2, routed);
        String g = type("graph");
        assertTrue(g.contains("audio:\n  lead -> filter-state-variable\n  filter-state-variable -> echo\n  echo -> out\n"
                + "MIDI:\n  in -> lead ch 1-9,11-16\ntracks:\n  1 beat.mid -> in (routed by channel)\n"), g);
        assertEquals(List.of(MidiMapping.of(MidiMappingSource.cc(74), 2, "cutoff")), mappings.mappings());
        // once the render thread has let go of the removed node, its number goes to the next node
        host.renderOffline(BLOCK, BLOCK);
        assertEquals("added 2 drums (midirack.drums, INSTRUMENT): connect its audio (connect audio NAME out) and MIDI"
                + " (connect midi in NAME)\n", type("add drums"));
        assertEquals("added 5 drums-2 (midirack.drums, INSTRUMENT): connect its audio (connect audio NAME out) and MIDI"
                + " (connect midi in NAME)\n", type("add drums"));
        assertEquals("node 3 is now filter\n", type("rename filter-state-variable filter"));
        assertTrue(type("graph").contains("  lead -> filter\n  filter -> echo\n"));
    }

    @Test
    void nodesListsEveryInstalledType() {
        String out = type("nodes");
        assertTrue(out.contains("\n  sine                   INSTRUMENT    MIDI -> audio             Reference synth (sine /"
                + " saw, ADSR)\n"), out);
        assertTrue(out.contains("\n  midi-arpeggiator       MUSIC_EFFECT  MIDI+audio -> audio+MIDI  MidiArpeggiator\n"), out);
        assertEquals(SessionFixtures.REGISTRY.list().size(), out.lines().count());
    }

    @Test
    void transportShowsBarBeatTempoAndState() {
        type("add sine", "connect audio sine out");
        assertEquals("bar 1 beat 1.00 | tempo 120 BPM | stopped | recording off | loop off\n", type("transport"));
        host.transport().setTempo(132);
        host.transport().play();
        int cycles = 750; // two seconds
        host.renderOffline(cycles * BLOCK, BLOCK);
        // the beat where the last cycle started, at 132 quarter notes a minute, counted here
        double beat = (cycles - 1) * BLOCK / (double) RATE * 132 / 60;
        String expected = String.format(Locale.ROOT, "bar %d beat %.2f | tempo 132 BPM | playing | recording off"
                + " | loop off\n", (int) (beat / 4) + 1, Math.floor((beat % 4) * 100) / 100 + 1);
        assertEquals(expected, type("transport"));
        host.transport().playFrom(-0.25); // a count-in: the beat is negative until the song starts
        host.renderOffline(BLOCK, BLOCK);
        assertEquals("bar 1 beat 1.00 (pre-roll) | tempo 132 BPM | playing | recording off | loop off\n",
                type("transport"));
        host.transport().record(true);
        host.transport().stop();
        host.renderOffline(BLOCK, BLOCK);
        assertTrue(type("transport").contains("| stopped | recording |"));
    }
}
