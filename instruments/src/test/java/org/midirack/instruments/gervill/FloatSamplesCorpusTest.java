package org.midirack.instruments.gervill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every song of a folder of Standard MIDI Files renders bit-identically (32-bit float output) whether Gervill
 * plays the song's programs from float samples ({@link FloatSampleInstrument}) without the connections that add
 * zero throughout the song ({@link QuietConnections}), as {@code render} does, or the whole bank from its own
 * 16-bit bytes with every connection. Slow (two renders of each song): it runs only when {@code MIDIRACK_CORPUS} names the folder, with
 * the bank in {@code MIDIRACK_CORPUS_SOUNDFONT} (default FluidR3_GM), and is skipped otherwise. Issue 14's
 * corpus, 31 songs of Debian's {@code openttd-openmsx} with FluidR3_GM: all bit-identical (2 min 36 s):
 * <pre>MIDIRACK_CORPUS=/usr/share/games/openttd/baseset/openmsx mvn -pl instruments -am test -Dtest=FloatSamplesCorpusTest</pre>
 */
class FloatSamplesCorpusTest {

    private static final int RATE = 48_000;
    private static final int CYCLE = 128;

    private record Ev(long frame, MidiMessage message) {
    }

    /** The song's messages at their frames (tempo changes followed), in tick order. */
    private static List<Ev> events(Sequence s) {
        List<MidiEvent> all = new ArrayList<>();
        for (Track t : s.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                all.add(t.get(i));
            }
        }
        all.sort(Comparator.comparingLong(MidiEvent::getTick));
        List<Ev> out = new ArrayList<>();
        double usPerQuarter = 500_000;
        double frames = 0;
        long lastTick = 0;
        for (MidiEvent e : all) {
            frames += (e.getTick() - lastTick) * usPerQuarter / s.getResolution() * RATE / 1e6;
            lastTick = e.getTick();
            MidiMessage m = e.getMessage();
            if (m instanceof MetaMessage mm && mm.getType() == 0x51 && mm.getData().length == 3) {
                byte[] d = mm.getData();
                usPerQuarter = ((d[0] & 0xFF) << 16) | ((d[1] & 0xFF) << 8) | (d[2] & 0xFF);
            } else if (m instanceof ShortMessage || m instanceof SysexMessage) {
                out.add(new Ev(Math.round(frames), m));
            }
        }
        return out;
    }

    private static float[][] render(GervillSettings settings, BitSet programs, SongUse quiet, List<Ev> events,
                                    int total, int[] skipped) {
        try (GervillEngine e = GervillEngine.open(settings, CYCLE, GervillEngine.requiredLatency(64, true), programs,
                quiet)) {
            skipped[0] += e.skippedConnections();
            float[][] out = new float[2][total];
            int next = 0;
            for (int s = 0; s < total; s += CYCLE) {
                int n = Math.min(CYCLE, total - s);
                while (next < events.size() && events.get(next).frame() < s + n) {
                    Ev ev = events.get(next++);
                    if (ev.message() instanceof ShortMessage sm) {
                        e.send((int) (ev.frame() - s), sm.getStatus(), sm.getData1(), sm.getData2());
                    } else {
                        byte[] b = ev.message().getMessage();
                        e.sendSysex((int) (ev.frame() - s), b, b.length);
                    }
                }
                e.render(out[0], out[1], s, n);
            }
            return out;
        }
    }

    @Test
    void everySongRendersBitIdenticallyFromFloatSamplesAndFromGervillsBytes() throws Exception {
        String dir = System.getenv("MIDIRACK_CORPUS");
        Assumptions.assumeTrue(dir != null && !dir.isEmpty(),
                "MIDIRACK_CORPUS (a folder of .mid files) is not set: the corpus comparison is slow and runs on request");
        Path bank = Path.of(System.getenv().getOrDefault("MIDIRACK_CORPUS_SOUNDFONT",
                "/usr/share/sounds/sf2/FluidR3_GM.sf2"));
        Assumptions.assumeTrue(Files.isReadable(bank), bank + " is absent (install fluid-soundfont-gm)");
        List<Path> songs;
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            songs = files.filter(p -> p.toString().toLowerCase().endsWith(".mid")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("MIDIRACK_CORPUS=" + dir + " cannot be listed: " + e, e);
        }
        assertTrue(!songs.isEmpty(), "no .mid file in " + dir);
        // 64-frame blocks as an offline render has them; no default bank under the file
        GervillSettings settings = GervillSettings.defaults(RATE).withSoundbank(bank).withLoadDefaultBank(false)
                .withBlockFrames(64);
        List<String> differing = new ArrayList<>();
        int[] skipped = {0};
        for (Path song : songs) {
            Sequence seq = MidiSystem.getSequence(song.toFile());
            List<Ev> events = events(seq);
            int total = (int) (events.isEmpty() ? RATE : events.get(events.size() - 1).frame() + 2L * RATE);
            float[][] floats = render(settings, SharedSoundbanks.programsUsedBy(seq), SongUse.of(seq), events,
                    total, skipped);
            float[][] bytes = render(settings, null, SongUse.unknown(), events, total, skipped);
            for (int c = 0; c < 2; c++) {
                int at = EngineRender.firstDifference(bytes[c], floats[c]);
                if (at >= 0) {
                    differing.add(song.getFileName() + " (channel " + c + ", frame " + at + ")");
                    break;
                }
            }
        }
        assertEquals(List.of(), differing, "songs that render differently from float samples");
        assertTrue(skipped[0] > 0, "no song left out a connection that adds zero: the comparison did not cover that");
    }
}
