package org.midirack.instruments.gervill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import javax.sound.midi.Instrument;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Synthesizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.midi.Patch;

import com.sun.media.sound.EmergencySoundbank;
import com.sun.media.sound.SF2Instrument;
import com.sun.media.sound.SF2InstrumentRegion;
import com.sun.media.sound.SF2Layer;
import com.sun.media.sound.SF2LayerRegion;
import com.sun.media.sound.SF2Region;
import com.sun.media.sound.SF2Sample;
import com.sun.media.sound.SF2Soundbank;
import com.sun.media.sound.ModelInstrument;
import com.sun.media.sound.ModelOscillator;
import com.sun.media.sound.ModelPerformer;

/**
 * Only the presets a song's notes can start are loaded (with float samples, connections left out), in the
 * bank's order, and the song sounds bit-identical to loading them all. The bank is Gervill's own General MIDI
 * bank written as a file, whose drum kit has one preset per key range, so a song playing the bass drum and the
 * snare leaves the rest of the kit out.
 */
class SongUsePresetsTest {

    @TempDir
    Path dir;

    private static final int FRAMES = 24_000;

    /** A piano note, then bass drum (36) and snare (38) on channel 10. */
    private static EngineRender song() {
        return new EngineRender()
                .add(100, 0x90, 60, 100).add(20_000, 0x80, 60, 0)
                .add(2_000, 0x99, 36, 110).add(2_500, 0x89, 36, 0)
                .add(9_001, 0x99, 38, 90).add(9_500, 0x89, 38, 0);
    }

    private static SongUse useOf(EngineRender r) throws Exception {
        final List<MidiMessage> messages = new ArrayList<>();
        for (EngineRender.Ev e : r.events) {
            messages.add(new ShortMessage(e.status(), e.d1(), e.d2()));
        }
        return SongUse.ofMessages(messages);
    }

    private GervillSettings settings() throws Exception {
        final Path bank = dir.resolve("gm.sf2");
        EmergencySoundbank.createSoundbank().save(bank.toFile());
        return GervillSettings.defaults(48_000).withSoundbank(bank).withLoadDefaultBank(false).withBlockFrames(64);
    }

    private static BitSet program0() {
        final BitSet p = new BitSet();
        p.set(0);
        return p;
    }

    @Test
    void exactlyThePresetsTheSongStartsAreLoadedInTheBanksOrder() throws Exception {
        final int[][] notes = {{60, 100}, {36, 110}, {38, 90}}; // the song's note-ons: key, velocity
        try (GervillEngine e = GervillEngine.open(settings(), 128, 127, program0(), useOf(song()))) {
            int loaded = 0;
            int leftOut = 0;
            for (Instrument ins : ((Synthesizer) e.synthesizer()).getLoadedInstruments()) {
                final ModelInstrument original = (ModelInstrument) e.soundbank().getInstrument(ins.getPatch());
                final List<String> expected = new ArrayList<>();
                for (ModelPerformer p : original.getPerformers()) {
                    boolean started = p.isReleaseTriggered();
                    for (int[] n : notes) {
                        started |= p.getKeyFrom() <= n[0] && n[0] <= p.getKeyTo()
                                && p.getVelFrom() <= n[1] && n[1] <= p.getVelTo();
                    }
                    if (started) {
                        expected.add(ranges(p));
                    } else {
                        leftOut++;
                    }
                }
                // asked again, the instrument answers as Gervill was answered while loading
                final List<String> actual = new ArrayList<>();
                for (ModelPerformer p : ((ModelInstrument) ins).getPerformers()) {
                    actual.add(ranges(p));
                    for (ModelOscillator o : p.getOscillators()) {
                        assertTrue(o instanceof FloatWavetable, "a loaded preset plays floats: " + ranges(p));
                    }
                }
                assertEquals(expected, actual, ins.getName());
                loaded += actual.size();
            }
            assertTrue(loaded >= 3, "the piano and the two drums: " + loaded);
            assertTrue(leftOut > 0, "the drum kit's other keys are left out");
        }
    }

    private static String ranges(ModelPerformer p) {
        return "keys " + p.getKeyFrom() + ".." + p.getKeyTo() + ", velocities " + p.getVelFrom() + ".." + p.getVelTo();
    }

    @Test
    void loadingOnlyThePresetsTheSongStartsSoundsTheSame() throws Exception {
        final GervillSettings s = settings();
        final float[][] all;
        try (GervillEngine e = GervillEngine.open(s, 128, 127, program0(), SongUse.unknown())) {
            all = song().render(e, FRAMES, 128);
        }
        final float[][] some;
        try (GervillEngine e = GervillEngine.open(s, 128, 127, program0(), useOf(song()))) {
            some = song().render(e, FRAMES, 128);
        }
        assertNotEquals(-1, EngineRender.firstNonZero(all[0]), "the song sounds");
        for (int ch = 0; ch < 2; ch++) {
            assertEquals(-1, EngineRender.firstDifference(all[ch], some[ch]), "channel " + ch);
        }
    }

    /**
     * Gervill's note index skips a preset with an empty key range without counting it, so a note starts the
     * preset after the one its ranges name. Here the note 65 names the third region (keys 60..127, an octave
     * down) and Gervill plays the second (the empty 70..60, an octave up): leaving out the presets the song does
     * not name would change what it plays, so such an instrument keeps them all.
     */
    @Test
    void anInstrumentWithAnEmptyKeyRangeSoundsAsGervillPlaysIt() throws Exception {
        final SF2Soundbank bank = new SF2Soundbank();
        bank.setName("empty range");
        final int period = 100;
        final byte[] pcm = new byte[period * 48 * 2];
        for (int i = 0; i < pcm.length / 2; i++) {
            final short v = (short) ((i % period) < period / 2 ? 12000 : -12000);
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        final SF2Sample sample = new SF2Sample(bank);
        sample.setName("square");
        sample.setData(pcm);
        sample.setSampleRate(48000);
        sample.setOriginalPitch(71);
        sample.setStartLoop(0);
        sample.setEndLoop(pcm.length / 2);
        bank.addResource(sample);
        final SF2Layer layer = new SF2Layer(bank);
        layer.setName("three regions");
        final int[][] regions = {{0, 59, 0}, {70, 60, 12}, {60, 127, -12}}; // keys from, to; coarse tune
        for (int[] r : regions) {
            final SF2LayerRegion lr = new SF2LayerRegion();
            lr.setSample(sample);
            lr.putInteger(SF2Region.GENERATOR_SAMPLEMODES, 1);
            lr.putBytes(SF2Region.GENERATOR_KEYRANGE, new byte[] {(byte) r[0], (byte) r[1]});
            lr.putInteger(SF2Region.GENERATOR_COARSETUNE, r[2]);
            layer.getRegions().add(lr);
        }
        bank.addResource(layer);
        final SF2Instrument ins = new SF2Instrument(bank);
        ins.setName("Regions");
        ins.setPatch(new Patch(0, 0));
        final SF2InstrumentRegion ir = new SF2InstrumentRegion();
        ir.setLayer(layer);
        ins.getRegions().add(ir);
        bank.addInstrument(ins);
        final Path file = dir.resolve("empty-range.sf2");
        bank.save(file.toFile());

        final GervillSettings s = GervillSettings.defaults(48_000).withSoundbank(file).withLoadDefaultBank(false)
                .withBlockFrames(64);
        final EngineRender song = new EngineRender().add(100, 0x90, 65, 100).add(12_000, 0x80, 65, 0)
                .add(13_000, 0x90, 30, 100).add(20_000, 0x80, 30, 0);
        final float[][] all;
        try (GervillEngine e = GervillEngine.open(s, 128, 127, program0(), SongUse.unknown())) {
            all = song.render(e, FRAMES, 128);
        }
        final float[][] some;
        try (GervillEngine e = GervillEngine.open(s, 128, 127, program0(), useOf(song))) {
            some = song.render(e, FRAMES, 128);
        }
        assertNotEquals(-1, EngineRender.firstNonZero(all[0]), "the song sounds");
        for (int ch = 0; ch < 2; ch++) {
            assertEquals(-1, EngineRender.firstDifference(all[ch], some[ch]), "channel " + ch);
        }
    }
}
