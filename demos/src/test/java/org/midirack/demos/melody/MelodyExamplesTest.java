package org.midirack.demos.melody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sound.midi.Sequence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The example scripts in demos/melodies parse, and the demo song is what the demo promises. */
class MelodyExamplesTest {

    static final Path MELODIES = Path.of("melodies");

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(MELODIES)) {
            List<Path> list = files.filter(Melody::isScript).sorted().toList();
            return list.stream();
        }
    }

    @Test
    void theExamplesAreThere() throws IOException {
        assertEquals(List.of("demo.mel", "drums.mel", "scale.mel", "tour.mel"),
            examples().map(p -> p.getFileName().toString()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleParsesAndSurvivesTheMidiFileRoundTrip(Path file) throws Exception {
        Sequence s = Melody.load(file);
        assertTrue(MelodyEvents.of(s, 48000).noteOns().size() > 0, "has notes");
        assertEquals(MelodyDump.all(s), MelodyDump.all(MelodyDump.roundTrip(s)));
    }

    @Test
    void demoSongHasMelodyBassChordsAndDrumsForThirtyToSixtySeconds() throws IOException {
        Sequence s = Melody.load(MELODIES.resolve("demo.mel"));
        MelodyEvents events = MelodyEvents.of(s, 48000);
        Set<Integer> channels = events.noteOns().stream().map(MelodyEvents.Event::channel)
            .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(1, 2, 3, 10), channels);
        double seconds = events.tempoMap().tickToFrame(events.lengthTicks()) / (double) events.tempoMap().sampleRate();
        assertTrue(seconds >= 30 && seconds <= 60, "length " + seconds + " s");
        // 18 bars of 4/4 in every voice
        assertEquals(18 * 1920, events.lengthTicks());
        for (int track = 1; track < s.getTracks().length; track++) {
            assertEquals(18 * 1920, s.getTracks()[track].ticks(), "track " + track);
        }
        // programs: electric piano 1, finger bass, strings; drums need none
        assertEquals(List.of("0@0 C0 4 0", "0@0 C1 33 0", "0@0 C2 48 0"),
            events.where(e -> e.command() == 0xC0).stream()
                .map(e -> e.tick() + "@" + e.frame() + String.format(" %02X %d %d", e.status(), e.data1(), e.data2()))
                .toList());
        assertTrue(events.onChannel(10).stream().filter(MelodyEvents.Event::isNoteOn)
            .allMatch(e -> e.data1() >= 35 && e.data1() <= 81), "GM percussion keys");
        // melody range and the slowing-down ending
        assertTrue(events.onChannel(1).stream().filter(MelodyEvents.Event::isNoteOn)
            .allMatch(e -> e.data1() >= 67 && e.data1() <= 81));
        assertEquals(84.0, events.tempoMap().tempoBpmAtTick(events.lengthTicks() - 1), 0.01);
    }

    @Test
    void scaleIsTheCMajorScaleUpAndDown() throws IOException {
        MelodyEvents e = MelodyEvents.of(Melody.load(MELODIES.resolve("scale.mel")), 48000);
        assertEquals(List.of(60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60),
            e.noteOns().stream().map(MelodyEvents.Event::data1).toList());
        assertEquals(8 * 48000, e.lengthFrames());
    }
}
