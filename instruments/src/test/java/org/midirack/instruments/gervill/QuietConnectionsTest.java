package org.midirack.instruments.gervill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * A song known ahead plays bit-identically (32-bit float, reverb and chorus on) when Gervill leaves out the
 * connections that add zero throughout it ({@link QuietConnections}) as when it runs every one. The reference
 * is Gervill itself with the same float samples and every connection ({@link SongUse#unknown()}), so only the
 * leaving-out is compared.
 */
class QuietConnectionsTest {

    private static final BitSet PROGRAM_0 = new BitSet();
    private static final int FRAMES = 24_000;
    /** One bank for the examples and the property (jqwik and JUnit run them apart); removed at exit. */
    private static final Path bank;

    static {
        PROGRAM_0.set(0);
        try {
            final Path dir = Files.createTempDirectory("quiet-connections");
            dir.toFile().deleteOnExit();
            bank = TinySoundfont.write(dir.resolve("tiny.sf2"));
            bank.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GervillSettings settings() {
        // an offline render's block; reverb and chorus on; everything that sounds comes from the file
        return GervillSettings.defaults(48_000).withSoundbank(bank).withLoadDefaultBank(false).withBlockFrames(64);
    }

    /** The song's messages as a sequence would hold them. */
    private static List<MidiMessage> messages(EngineRender song) {
        final List<MidiMessage> out = new ArrayList<>();
        try {
            for (EngineRender.Ev e : song.events) {
                out.add(e.sysex() != null ? new SysexMessage(e.sysex(), e.sysex().length)
                        : new ShortMessage(e.status(), e.d1(), e.d2()));
            }
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
        return out;
    }

    private record Take(float[][] out, int skipped) {
    }

    private static Take render(EngineRender song, BitSet programs, SongUse quiet) {
        try (GervillEngine e = GervillEngine.open(settings(), 128, GervillEngine.requiredLatency(64, true), programs,
                quiet)) {
            final float[][] out = song.render(e, FRAMES, 128);
            assertEquals(0, e.lateEvents());
            return new Take(out, e.skippedConnections());
        }
    }

    private static void assertBitIdentical(float[][] expected, float[][] actual, String what) {
        for (int ch = 0; ch < 2; ch++) {
            final int at = EngineRender.firstDifference(expected[ch], actual[ch]);
            assertEquals(-1, at, what + ", channel " + ch + ": first difference at frame " + at
                    + (at < 0 ? "" : " (" + expected[ch][at] + " against " + actual[ch][at] + ")"));
        }
    }

    /** Notes on three channels, one held through the whole render so that its vibrato LFO runs. */
    private static EngineRender notes() {
        final EngineRender r = new EngineRender();
        r.add(100, 0x90, 60, 100);
        r.add(FRAMES - 2_000, 0x80, 60, 0);
        r.add(3_001, 0x91, 67, 80);
        r.add(9_333, 0x81, 67, 0);
        r.add(5_555, 0x99, 64, 90);
        r.add(7_000, 0x89, 64, 0);
        return r;
    }

    @Test
    void aSongWithoutModulationsSkipsConnectionsAndSoundsTheSame() {
        final EngineRender song = notes();
        final Take every = render(song, PROGRAM_0, SongUse.unknown());
        final Take quiet = render(song, PROGRAM_0, SongUse.ofMessages(messages(song)));
        assertNotEquals(-1, EngineRender.firstNonZero(every.out()[0]), "the song sounds");
        assertEquals(0, every.skipped());
        assertTrue(quiet.skipped() > 0, "connections left out: " + quiet.skipped());
        assertBitIdentical(every.out(), quiet.out(), "notes only");
    }

    @Test
    void aSongThatMovesEverythingSkipsNothing() {
        final EngineRender song = notes().addSysex(2_000, 0xF0, 0x7F, 0x7F, 0x04, 0x03, 0x00, 0x40, 0xF7);
        assertEquals(0, render(song, PROGRAM_0, SongUse.ofMessages(messages(song))).skipped());
    }

    @Test
    void aFullLoadSkipsNothing() {
        final EngineRender song = notes();
        assertEquals(0, render(song, null, SongUse.ofMessages(messages(song))).skipped());
    }

    /**
     * The comparison can tell: told that the song never moves the modulation wheel while it does, Gervill leaves
     * out the wheel's vibrato, and the output differs from the full render.
     */
    @Test
    void skippingAModulationTheSongMovesWouldBeHeard() {
        final EngineRender song = notes().add(1_000, 0xB0, 1, 127);
        final Take every = render(song, PROGRAM_0, SongUse.unknown());
        final Take lied = render(song, PROGRAM_0, SongUse.ofMessages(messages(notes())));
        assertTrue(lied.skipped() > 0);
        assertNotEquals(-1, EngineRender.firstDifference(every.out()[0], lied.out()[0]),
                "the wheel's vibrato is missing, and the comparison sees it");
        final Take honest = render(song, PROGRAM_0, SongUse.ofMessages(messages(song)));
        assertBitIdentical(every.out(), honest.out(), "wheel judged from the song");
    }

    /** Messages a random song may add to {@link #notes()}: every kind that reaches a voice's modulation. */
    private static void addRandomModulations(EngineRender r, Random rnd) {
        final int kinds = rnd.nextInt(6);
        for (int k = 0; k < kinds; k++) {
            final int at = rnd.nextInt(FRAMES - 3_000);
            final int ch = rnd.nextInt(3) == 2 ? 9 : rnd.nextInt(2);
            final int v = rnd.nextInt(128);
            switch (rnd.nextInt(12)) {
                case 0 -> r.add(at, 0xB0 | ch, 1, v);                        // modulation wheel
                case 1 -> r.add(at, 0xB0 | ch, 77, v);                       // vibrato depth
                case 2 -> r.add(at, 0xB0 | ch, 76 + 2 * rnd.nextInt(2), v);  // vibrato rate or delay
                case 3 -> r.add(at, 0xB0 | ch, 74, v);                       // brightness
                case 4 -> r.add(at, 0xB0 | ch, 7 + 4 * rnd.nextInt(2), v);   // volume or expression
                case 5 -> r.add(at, 0xD0 | ch, v, 0);                        // channel pressure
                case 6 -> r.add(at, 0xA0 | ch, 60, v);                       // poly pressure
                case 7 -> r.add(at, 0xE0 | ch, 0, v);                        // pitch bend
                case 8 -> r.add(at, 0xB0 | ch, 121, 0);                      // reset all controllers
                case 9 -> r.addSysex(at, 0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7); // GM System On
                case 10 -> r.addSysex(at, 0xF0, 0x7F, 0x7F, 0x04, 0x03 + rnd.nextInt(2), 0, v, 0xF7); // master tuning
                default -> {                                                  // modulation depth range (RPN 5)
                    r.add(at, 0xB0 | ch, 101, 0);
                    r.add(at, 0xB0 | ch, 100, 5);
                    r.add(at, 0xB0 | ch, 6, v);
                }
            }
        }
    }

    @Property(tries = 40)
    void everySongSoundsTheSameWithTheQuietConnectionsLeftOut(@ForAll long seed) {
        final EngineRender song = notes();
        addRandomModulations(song, new Random(seed));
        final Take every = render(song, PROGRAM_0, SongUse.unknown());
        final Take quiet = render(song, PROGRAM_0, SongUse.ofMessages(messages(song)));
        assertBitIdentical(every.out(), quiet.out(), "seed " + seed + ", " + quiet.skipped() + " left out");
    }
}
