package org.midirack.instruments.gervill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One parsed bank per file and process; loading only a song's programs sounds exactly like a full load. */
class SharedSoundbanksTest {

    static final GervillSettings WET = GervillSettings.defaults(48000); // reverb and chorus on: everything counts

    @TempDir
    Path dir;

    /** The first sample buffer of a bank's first instrument (a com.sun.media.sound.ModelByteBuffer's array). */
    private static byte[] firstSampleArray(Soundbank bank) {
        com.sun.media.sound.ModelInstrument ins = (com.sun.media.sound.ModelInstrument) bank.getInstruments()[0];
        for (com.sun.media.sound.ModelPerformer p : ins.getPerformers()) {
            for (com.sun.media.sound.ModelOscillator o : p.getOscillators()) {
                if (o instanceof com.sun.media.sound.ModelByteBufferWavetable w) {
                    return w.getBuffer().array();
                }
            }
        }
        throw new AssertionError("no sample in the bank's first instrument");
    }

    @Test
    void twoEnginesInOneProcessParseTheBankOnceAndShareItsSamples() throws IOException {
        Path sf2 = TinySoundfont.write(dir.resolve("shared.sf2"));
        GervillSettings s = WET.withSoundbank(sf2).withLoadDefaultBank(false);
        long before = SharedSoundbanks.parseCount();
        try (GervillEngine a = GervillEngine.open(s, 128, 32)) {
            assertEquals(before + 1, SharedSoundbanks.parseCount(), "the first engine parses the file");
            byte[] samples = firstSampleArray(a.soundbank());
            assertNotNull(samples, "the first engine read the instrument's samples into memory");
            try (GervillEngine b = GervillEngine.open(s, 128, 32)) {
                assertEquals(before + 1, SharedSoundbanks.parseCount(), "the second engine parses nothing");
                assertSame(a.soundbank(), b.soundbank(), "both engines use one parsed bank");
                assertSame(samples, firstSampleArray(b.soundbank()), "and the samples the first one read");
            }
        }
    }

    @Test
    void aChangedFileIsParsedAgain() throws IOException, InterruptedException {
        Path sf2 = TinySoundfont.write(dir.resolve("changing.sf2"));
        Soundbank first = SharedSoundbanks.get(sf2);
        assertSame(first, SharedSoundbanks.get(sf2));
        Files.setLastModifiedTime(sf2, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(sf2).toMillis() - 10_000));
        assertNotEquals(first, SharedSoundbanks.get(sf2), "a file with another modification time is parsed anew");
    }

    @Test
    void aFileMovedOverTheNameWithTheSameSizeAndTimeIsParsedAgain() throws IOException {
        Path sf2 = TinySoundfont.write(dir.resolve("replaced.sf2"));
        Soundbank first = SharedSoundbanks.get(sf2);
        Path other = Files.copy(sf2, dir.resolve("other.sf2"));
        Files.setLastModifiedTime(other, Files.getLastModifiedTime(sf2));
        Files.move(other, sf2, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertNotEquals(first, SharedSoundbanks.get(sf2), "another file under the name is parsed anew");
    }

    @Test
    void aFileChangedWithinTheSameMillisecondIsParsedAgain() throws IOException {
        Path sf2 = TinySoundfont.write(dir.resolve("quick.sf2"));
        java.nio.file.attribute.FileTime t = java.nio.file.attribute.FileTime.from(
                Files.getLastModifiedTime(sf2).toMillis() * 1_000_000L + 1_000, java.util.concurrent.TimeUnit.NANOSECONDS);
        Files.setLastModifiedTime(sf2, java.nio.file.attribute.FileTime.fromMillis(t.toMillis()));
        Soundbank first = SharedSoundbanks.get(sf2);
        Files.setLastModifiedTime(sf2, t); // 1 µs later, the same millisecond
        Assumptions.assumeTrue(Files.getLastModifiedTime(sf2).equals(t),
                "this file system does not keep modification times finer than a millisecond");
        assertNotEquals(first, SharedSoundbanks.get(sf2), "a file changed within a millisecond is parsed anew");
    }

    private static Sequence song() throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, 480);
        Track t = seq.createTrack();
        int[][] channelProgram = {{0, 24}, {1, 40}, {2, 56}, {3, 73}, {9, 0}};
        int tick = 0;
        for (int[] cp : channelProgram) {
            t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, cp[0], cp[1], 0), 0));
        }
        for (int i = 0; i < 12; i++, tick += 120) {
            for (int[] cp : channelProgram) {
                int key = cp[0] == 9 ? 36 + (i % 3) * 2 : 55 + i + cp[0] * 3;
                t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, cp[0], key, 90), tick));
                t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, cp[0], key, 0), tick + 100));
            }
        }
        // channel 5 never gets a program change: it plays program 0
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 5, 60, 100), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 5, 60, 0), 1400));
        return seq;
    }

    /** The song's events at 100 frames per tick-of-120 (every 120 ticks = 2,500 frames). */
    private static EngineRender script(Sequence seq) {
        EngineRender r = new EngineRender();
        for (Track t : seq.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i).getMessage() instanceof ShortMessage m) {
                    r.add(t.get(i).getTick() * 2500 / 120, m.getStatus(), m.getData1(), m.getData2());
                }
            }
        }
        return r;
    }

    private static float[][] render(GervillSettings s, BitSet programs, EngineRender script, int[] loaded) {
        try (GervillEngine e = GervillEngine.open(s, 128, 32, programs)) {
            loaded[0] = ((javax.sound.midi.Synthesizer) e.synthesizer()).getLoadedInstruments().length;
            float[][] out = script.render(e, 48000 * 2, 128);
            assertEquals(0, e.lateEvents());
            return out;
        }
    }

    @Test
    void loadingOnlyTheSongsProgramsIsBitIdenticalToAFullLoad() throws Exception {
        Path timgm = GervillEngineSoundbankTest.TIMGM;
        boolean required = Boolean.getBoolean("midirack.requireSoundfonts")
                || "true".equals(System.getenv("MIDIRACK_REQUIRE_SOUNDFONTS"));
        if (!Files.isReadable(timgm)) {
            if (required) {
                throw new AssertionError(timgm + " is required (MIDIRACK_REQUIRE_SOUNDFONTS) but missing; "
                        + "install Debian's timgm6mb-soundfont");
            }
            Assumptions.abort(timgm + " is absent (install timgm6mb-soundfont)");
        }
        Sequence seq = song();
        BitSet programs = SharedSoundbanks.programsUsedBy(seq);
        BitSet expected = new BitSet();
        for (int p : new int[] {0, 24, 40, 56, 73}) {
            expected.set(p);
        }
        assertEquals(expected, programs, "program 0 and every program change's program");
        // no default bank under the file: a program the partial load missed would be silence, not a stand-in
        GervillSettings s = WET.withSoundbank(timgm).withLoadDefaultBank(false);
        EngineRender script = script(seq);
        int[] fullCount = new int[1];
        int[] partCount = new int[1];
        float[][] full = render(s, null, script, fullCount);
        float[][] part = render(s, programs, script, partCount);
        assertTrue(partCount[0] < fullCount[0] / 4, "partial load: " + partCount[0] + " of " + fullCount[0]
                + " instruments");
        assertNotEquals(-1, EngineRender.firstNonZero(full[0]), "the song sounds");
        for (int ch = 0; ch < 2; ch++) {
            assertEquals(-1, EngineRender.firstDifference(full[ch], part[ch]),
                    "channel " + ch + ": partial and full loads differ at frame "
                            + EngineRender.firstDifference(full[ch], part[ch]));
        }
    }
}
