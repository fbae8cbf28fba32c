package org.midirack.instruments.gervill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import javax.sound.midi.Instrument;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.media.sound.ModelByteBufferWavetable;
import com.sun.media.sound.ModelInstrument;
import com.sun.media.sound.ModelOscillator;
import com.sun.media.sound.ModelPerformer;

/**
 * A partial load plays its samples from floats made once ({@link FloatSampleInstrument}), and sounds exactly
 * like Gervill playing the same bank from its own 16-bit (or 24-bit) bytes. The reference is a full load, which
 * is Gervill's own wavetable untouched. (With a real General MIDI bank the same comparison is
 * {@code SharedSoundbanksTest.loadingOnlyTheSongsProgramsIsBitIdenticalToAFullLoad}, TimGM6mb; 8-, 24-bit and stereo
 * samples are compared stream against stream in {@code FloatWavetablePropertyTest}: Gervill writes no 24-bit SF2.)
 */
class FloatSampleInstrumentTest {

    @TempDir
    Path dir;

    private static final BitSet PROGRAM_0 = new BitSet();

    static {
        PROGRAM_0.set(0);
    }

    private static GervillSettings settings(Path sf2) {
        // reverb and chorus on, no default bank under the file: everything that sounds comes from the file
        return GervillSettings.defaults(48000).withSoundbank(sf2).withLoadDefaultBank(false);
    }

    /** Notes across the keyboard (each resampled at its own rate, some long enough to loop), with controllers. */
    private static EngineRender song() {
        EngineRender r = new EngineRender();
        int[] keys = {36, 47, 60, 66, 71, 83, 95};
        for (int i = 0; i < keys.length; i++) {
            long on = 1_000L + i * 3_517L;
            r.add(on, ShortMessage.NOTE_ON, keys[i], 40 + i * 12);
            r.add(on + 9_000 + i * 1_111L, ShortMessage.NOTE_OFF, keys[i], 0);
        }
        r.add(7_000, ShortMessage.CONTROL_CHANGE, 1, 100); // modulation: the LFO moves the pitch
        r.add(12_345, ShortMessage.PITCH_BEND, 0x11, 0x50);
        r.add(20_000, ShortMessage.CONTROL_CHANGE, 10, 20); // pan
        return r;
    }

    private static float[][] render(Path sf2, BitSet programs) {
        try (GervillEngine e = GervillEngine.open(settings(sf2), 128, 32, programs)) {
            float[][] out = song().render(e, 48_000, 128);
            assertEquals(0, e.lateEvents());
            return out;
        }
    }

    private static void assertBitIdentical(float[][] expected, float[][] actual, String what) {
        for (int ch = 0; ch < 2; ch++) {
            int at = EngineRender.firstDifference(expected[ch], actual[ch]);
            assertEquals(-1, at, what + ", channel " + ch + ": first difference at frame " + at
                    + (at < 0 ? "" : " (" + expected[ch][at] + " against " + actual[ch][at] + ")"));
        }
    }

    @Test
    void floatSamplesPlayBitIdenticalToGervillsOwn16BitSamples() throws IOException {
        Path sf2 = TinySoundfont.write(dir.resolve("sixteen.sf2"));
        float[][] floats = render(sf2, PROGRAM_0);
        float[][] bytes = render(sf2, null);
        assertNotEquals(-1, EngineRender.firstNonZero(bytes[0]), "the song sounds");
        assertBitIdentical(bytes, floats, "16-bit samples, floats against Gervill's bytes");
    }

    @Test
    void aPartialLoadHoldsTheSampleAsFloatsOnlyAndAFullLoadAsBytes() throws IOException {
        Path sf2 = TinySoundfont.write(dir.resolve("held.sf2"));
        try (GervillEngine e = GervillEngine.open(settings(sf2), 128, 32, PROGRAM_0)) {
            Instrument[] loaded = ((Synthesizer) e.synthesizer()).getLoadedInstruments();
            assertEquals(1, loaded.length);
            assertTrue(loaded[0] instanceof FloatSampleInstrument, "loaded: " + loaded[0].getClass());
            ModelOscillator osc = firstOscillator((ModelInstrument) loaded[0]);
            assertTrue(osc instanceof FloatWavetable, "oscillator: " + osc.getClass());
            assertEquals(100 * 48, ((FloatWavetable) osc).length(), "every frame of the sample, once");
            assertNull(firstBytes(e.soundbank()), "the bank's bytes were read for the conversion and let go");
            assertEquals(1, FloatSampleInstrument.samplesHeld(e.soundbank()));
        }
        try (GervillEngine e = GervillEngine.open(settings(sf2), 128, 32, null)) {
            Instrument[] loaded = ((Synthesizer) e.synthesizer()).getLoadedInstruments();
            assertTrue(firstOscillator((ModelInstrument) loaded[0]) instanceof ModelByteBufferWavetable,
                    "a full load plays Gervill's own wavetable");
            assertNotNull(firstBytes(e.soundbank()), "whose bytes Gervill read into memory");
        }
    }

    private static ModelOscillator firstOscillator(ModelInstrument ins) {
        for (ModelPerformer p : ins.getPerformers()) {
            if (!p.getOscillators().isEmpty()) {
                return p.getOscillators().get(0);
            }
        }
        throw new AssertionError("no oscillator in " + ins);
    }

    private static byte[] firstBytes(Soundbank bank) {
        ModelOscillator o = firstOscillator((ModelInstrument) bank.getInstruments()[0]);
        return ((ModelByteBufferWavetable) o).getBuffer().array();
    }
}
