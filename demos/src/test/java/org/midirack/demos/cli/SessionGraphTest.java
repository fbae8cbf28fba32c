package org.midirack.demos.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sound.midi.Sequence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.demos.melody.Melody;
import org.midirack.host.mapping.MidiMapping;
import org.midirack.host.mapping.MidiMappingSource;
import org.midirack.host.mapping.MidiMappingTable;
import org.midirack.instruments.InstrumentSine;

/**
 * A graph built with the host's commands (nodes added and removed, audio with gains, MIDI with
 * channel filters and a remap, a track sent to one node) survives a save and a load whole: the
 * document reads back to itself, and the loaded graph renders every sample the built one renders.
 */
class SessionGraphTest {
    static final int FRAMES = 128;

    @TempDir
    Path dir;

    private final List<Sequence> tracks = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    /** The options' graph (sine, drums), then an evening of commands on it. */
    private SessionDocument.Built built(MidiMappingTable[] table) {
        SessionDocument.Built b = SessionDocument.chain(SessionFixtures.REGISTRY, new InstrumentSine(),
                SessionFixtures.REGISTRY.create("midirack.drums"), List.of(), List.of(), 0xFFFF, 48000, FRAMES);
        table[0] = b.engine().newMappingTable();
        MidiMappingTable mappings = table[0];
        HostGraphCommands c = new HostGraphCommands(b.graph(), new HostGraphCommands.Session() {
            @Override
            public List<String> trackNames() {
                return names;
            }

            @Override
            public void tracksRouted() {
            }

            @Override
            public int nodeRemoved(int slot) {
                return mappings.removeNode(slot);
            }

            @Override
            public String loopText() {
                return "off";
            }
        }, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        for (String line : List.of("add chord", "add sine as bass", "add delay as echo", "add filter",
                "add limiter", "set bass wave saw", "set echo mix 0.45", "set filter cutoff 900",
                "disconnect midi in sine", "connect midi in midi-chord ch 1", "connect midi midi-chord sine",
                "connect midi in bass ch 2 to 5", "disconnect audio sine out", "connect audio sine echo gain 0.8",
                "connect audio bass filter gain -4dB", "connect audio filter echo", "connect audio echo out",
                "disconnect audio drums out", "connect audio drums out gain 0.5", "remove limiter", "track 3 -> bass")) {
            if (line.startsWith("set ")) {
                String[] w = line.split(" ");
                int slot = b.graph().node(w[1]);
                double v = w[3].equals("saw") ? 1 : Double.parseDouble(w[3]);
                b.graph().host().node(slot).parameters().set(w[2], v);
                continue;
            }
            if (line.startsWith("track")) {
                for (int i = 0; i < tracks.size(); i++) {
                    b.graph().trackAdded();
                }
            }
            c.run(line.split(" "));
        }
        mappings.put(MidiMapping.of(MidiMappingSource.cc(74), b.graph().node("filter"), "cutoff").withRange(300, 3000));
        return b;
    }

    private static float[][] play(Engine e, int cycles) {
        float[][] silence = SessionFixtures.render(e, 50, FRAMES); // connections made a moment ago fade in
        assertEquals(0f, SessionFixtures.peak(silence), "stopped: silent");
        e.setPlaying(true);
        return SessionFixtures.render(e, cycles, FRAMES);
    }

    @Test
    void aGraphBuiltByCommandsRendersTheSameAfterSaveAndLoad() throws Exception {
        tracks.add(Melody.parse("tempo 110; voice 1 piano: [C4 E4]/4 G4/8 A4/8 [D4 F4]/2 | C5/4 r/4 G4/2 |"));
        tracks.add(Melody.parse("voice 10 drums: repeat 4 { kick/8 hihat/8 snare/8 hihat/8 }"));
        tracks.add(Melody.parse("voice 3 bass: C2/4 G2/4 A2/4 F2/4 | C2/1 |"));
        names.addAll(List.of("keys.mel", "beat.mel", "bass.mel"));
        MidiMappingTable[] table = new MidiMappingTable[1];
        SessionDocument.Built a = built(table);
        try (Engine ea = a.engine()) {
            SessionSong.play(ea, a.graph(), tracks, -1, -1);
            List<String> graph = a.graph().describe(names);
            assertTrue(graph.contains("  1 keys.mel -> in (routed by channel)") && graph.contains("  3 bass.mel -> bass"),
                    String.join("\n", graph));
            float[][] first = play(ea, 1500);
            assertTrue(SessionFixtures.peak(first) > 0.05f, "audible: " + SessionFixtures.peak(first));

            Path file = dir.resolve("graph.session");
            SessionDocument saved = SessionDocument.capture(a.graph(), -1, tracks, names, -1, 0, 0, table[0].mappings());
            saved.write(file);
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            assertTrue(text.contains("\naudio=5\naudio.1=sine -> echo gain 0.8\n"
                    + "audio.2=bass -> filter-state-variable gain " + (float) Math.pow(10, -0.2) + "\n"
                    + "audio.3=filter-state-variable -> echo\naudio.4=echo -> out\naudio.5=drums -> out gain 0.5\n"), text);
            assertTrue(text.contains("\nmidi=4\nmidi.1=in -> drums ch 10\nmidi.2=in -> midi-chord ch 1\n"
                    + "midi.3=midi-chord -> sine\nmidi.4=in -> bass ch 2 to 5\n"), text);
            assertTrue(text.contains("\ntrack.3.name=bass.mel\ntrack.3.to=bass\n"), text);
            assertTrue(text.contains("\nmapping.0.node=6\n"), "the filter is the 6th node of the document: " + text);
            SessionDocument loaded = SessionDocument.read(file, SessionFixtures.REGISTRY);
            assertEquals(text, loaded.toText());

            SessionDocument.Built b = loaded.build(SessionFixtures.REGISTRY, 48000, FRAMES);
            try (Engine eb = b.engine()) {
                assertEquals(graph, b.graph().describe(names), "the same graph, numbered alike (the gap of the"
                        + " removed node was the last slot)");
                assertEquals(table[0].mappings(), loaded.mappingsBySlot(b));
                float[][] again = play(eb, 1500);
                for (int c = 0; c < 2; c++) {
                    assertArrayEquals(first[c], again[c], "channel " + c + ": every sample equal");
                }
            }
            // guard: one gain more in the file, and the sound differs
            Path louder = dir.resolve("louder.session");
            Files.writeString(louder, text.replace("audio.4=echo -> out\n", "audio.4=echo -> out gain 0.9\n"),
                    StandardCharsets.US_ASCII);
            SessionDocument.Built c = SessionDocument.read(louder, SessionFixtures.REGISTRY)
                    .build(SessionFixtures.REGISTRY, 48000, FRAMES);
            try (Engine ec = c.engine()) {
                float[][] other = play(ec, 1500);
                assertFalse(Arrays.equals(first[0], other[0]));
            }
        }
    }
}
