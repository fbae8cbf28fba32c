package org.midirack.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midirack.core.testkit.Signals;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputNull;
import org.midirack.host.seq.SequencePlayer;
import org.midirack.host.seq.TempoMap;
import org.midirack.instruments.InstrumentGervill;
import org.midirack.instruments.gervill.GervillSettings;
import org.midirack.instruments.gervill.RawGervill;

/** The host with a real Gervill instrument playing a sequence. */
class HostGervillTest {
    private static final int FRAMES = 24_000;

    private static Host scene() throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, 24_000); // 120 BPM at 48 kHz: tick n = frame n
        Track t = seq.createTrack();
        t.add(new MidiEvent(new ShortMessage(0xC0, 0, 16, 0), 0)); // an organ: sound from its first frame
        t.add(new MidiEvent(new ShortMessage(0x90, 0, 60, 110), 6_000));
        t.add(new MidiEvent(new ShortMessage(0x90, 0, 67, 90), 12_000));
        t.add(new MidiEvent(new ShortMessage(0x80, 0, 60, 0), 18_000));
        t.add(new MidiEvent(new ShortMessage(0x80, 0, 67, 0), 20_000));
        Host h = new Host(new HostConfig().fadeFrames(0));
        int g = h.add(new InstrumentGervill());
        h.connectAudio(g, 0, Host.BOUNDARY, 0);
        h.addEventSource(new SequenceSource(new SequencePlayer(seq, new TempoMap(seq, 48_000)), g));
        h.transport().play();
        return h;
    }

    @Test
    @Timeout(120)
    void offlineRenderOfASequenceEqualsItsRealTimeRender() throws Exception {
        Host offline = scene();
        offline.activate(48_000, 128);
        float[][] expected = offline.renderOffline(FRAMES, 128);
        int latency = offline.latencyFrames();
        assertTrue(latency > 0, "Gervill reports its latency");
        // the note's own attack, measured on raw Gervill (no midirack code) with the node's default settings
        // (reverb and chorus on, gain control off): the frames from a note's start to its first non-zero sample
        int attack = RawGervill.onsetDelay(48_000, GervillSettings.DEFAULT_BLOCK_FRAMES, true, 0, 16, 60, 110);
        assertEquals(6_000 + attack, Signals.firstNonZero(expected),
                "sent early by the latency (" + latency + " frames): the note starts on its tick's frame and sounds "
                        + "after raw Gervill's attack of " + attack + " frames");
        assertEquals(null, Signals.firstBadSample(expected));
        offline.shutdown(null, 0.1);

        HostCapture rt = new HostCapture(scene(), FRAMES);
        AudioOutputNull out = new AudioOutputNull();
        out.open(new AudioOutputConfig(48_000, 128, 2));
        out.start(rt);
        assertTrue(rt.full.await(60, TimeUnit.SECONDS), "null output rendered " + FRAMES + " frames");
        rt.host.shutdown(out, 0.1);
        assertArrayEquals(expected[0], rt.kept[0]);
        assertArrayEquals(expected[1], rt.kept[1]);
    }
}
