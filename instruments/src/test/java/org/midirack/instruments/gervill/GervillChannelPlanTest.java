package org.midirack.instruments.gervill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a split puts a song's channels: channels whose instrument carries a chorus send of its own (found in
 * the soundbank actually loaded, not in the song) share one engine; with the chorus off they spread by load.
 */
class GervillChannelPlanTest {

    static final int CHORUS_PROGRAM = 5;

    @TempDir
    Path dir;

    /** Four channels, ten notes each: 0 and 1 play the chorus instrument, 2 and 3 the plain one. */
    static Sequence song() throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, 480);
        Track t = seq.createTrack();
        t.add(new MidiEvent(new ShortMessage(0xC0, CHORUS_PROGRAM, 0), 0));
        t.add(new MidiEvent(new ShortMessage(0xC1, CHORUS_PROGRAM, 0), 0));
        for (int ch = 0; ch < 4; ch++) {
            for (int i = 0; i < 10; i++) {
                t.add(new MidiEvent(new ShortMessage(0x90 | ch, 60 + i, 90), i * 240L));
                t.add(new MidiEvent(new ShortMessage(0x80 | ch, 60 + i, 0), i * 240L + 200));
            }
        }
        return seq;
    }

    GervillSettings settings() throws Exception {
        Path bank = TinySoundfont.write(dir.resolve("chorus.sf2"), CHORUS_PROGRAM);
        return GervillSettings.defaults(48000).withBlockFrames(64).withSoundbank(bank).withLoadDefaultBank(false);
    }

    @Test
    void channelsWhoseInstrumentHasAChorusSendShareOneEngine() throws Exception {
        try (GervillSplit sp = GervillSplit.open(settings(), 128, 127, null, SongUse.unknown(),
                GervillChannelPlan.of(song()), 2)) {
            assertEquals(2, sp.engineCount());
            assertEquals(sp.engineOf(0), sp.engineOf(1), "the two chorus channels together");
            assertNotEquals(sp.engineOf(0), sp.engineOf(2), "the plain channels on the other engine");
            assertEquals(sp.engineOf(2), sp.engineOf(3));
        }
    }

    @Test
    void withTheChorusOffEqualChannelsSpreadByLoadAlone() throws Exception {
        try (GervillSplit sp = GervillSplit.open(settings().withChorus(false), 128, 127, null, SongUse.unknown(),
                GervillChannelPlan.of(song()), 2)) {
            assertNotEquals(sp.engineOf(0), sp.engineOf(1), "four equal channels alternate over two engines");
            assertNotEquals(sp.engineOf(2), sp.engineOf(3));
        }
    }
}
