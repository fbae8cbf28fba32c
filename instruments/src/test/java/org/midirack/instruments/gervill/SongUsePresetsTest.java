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

import com.sun.media.sound.EmergencySoundbank;
import com.sun.media.sound.ModelByteBufferWavetable;
import com.sun.media.sound.ModelInstrument;
import com.sun.media.sound.ModelOscillator;
import com.sun.media.sound.ModelPerformer;

/**
 * Only the presets a song's notes can start are prepared (float samples, connections left out); the others are
 * loaded as Gervill loads them, and the song sounds bit-identical either way. The bank is Gervill's own General
 * MIDI bank written as a file, whose drum kit has one preset per key range, so a song playing the bass drum and
 * the snare leaves the rest of the kit unprepared.
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
    void aPresetTheSongNeverStartsKeepsGervillsOwnWavetable() throws Exception {
        try (GervillEngine e = GervillEngine.open(settings(), 128, 127, program0(), useOf(song()))) {
            final int[][] notes = {{60, 100}, {36, 110}, {38, 90}}; // the song's note-ons: key, velocity
            int prepared = 0;
            int left = 0;
            for (Instrument ins : ((Synthesizer) e.synthesizer()).getLoadedInstruments()) {
                // asked again, the instrument answers as Gervill was answered while loading
                for (ModelPerformer p : ((ModelInstrument) ins).getPerformers()) {
                    boolean started = false;
                    for (int[] n : notes) {
                        started |= p.getKeyFrom() <= n[0] && n[0] <= p.getKeyTo()
                                && p.getVelFrom() <= n[1] && n[1] <= p.getVelTo();
                    }
                    for (ModelOscillator o : p.getOscillators()) {
                        final String where = ins.getName() + ", keys " + p.getKeyFrom() + ".." + p.getKeyTo();
                        if (o instanceof FloatWavetable) {
                            prepared++;
                            assertTrue(started, "prepared though no note starts it: " + where);
                        } else if (o instanceof ModelByteBufferWavetable) {
                            left++;
                            assertTrue(!started, "a preset the song starts was left unprepared: " + where);
                        }
                    }
                }
            }
            assertTrue(prepared > 0, "the presets the song starts are prepared");
            assertTrue(left > 0, "the drum kit's other keys are left as Gervill loads them");
        }
    }

    @Test
    void preparingOnlyThePresetsTheSongStartsSoundsTheSame() throws Exception {
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
}
