package org.midirack.host.seq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.midirack.host.seq.SeqTestSupport.ev;
import static org.midirack.host.seq.SeqTestSupport.ppq;
import static org.midirack.host.seq.SeqTestSupport.sysex;
import static org.midirack.host.seq.SeqTestSupport.tempo;
import static org.midirack.host.seq.SeqTestSupport.text;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.core.testkit.AllocationMeter;
import org.midirack.host.seq.SeqTestSupport.Hit;
import org.midirack.host.seq.SeqTestSupport.RecordingSink;

class SequencePlayerTest {
    private static final long RATE = 48_000;

    /** A type-1 song: tempo changes, three channels incl. drums, chords on one tick, SysEx, meta text. */
    static Sequence typeOneSong(long seed) {
        Sequence s = ppq(480);
        Track conductor = s.createTrack();
        conductor.add(tempo(120, 0));
        conductor.add(tempo(97, 1000));
        conductor.add(text("verse", 1000));
        conductor.add(tempo(181, 3333));
        Track piano = s.createTrack();
        Track bass = s.createTrack();
        Track drums = s.createTrack();
        SplittableRandom r = new SplittableRandom(seed);
        piano.add(ev(0xC0, 5, 0, 0));
        piano.add(sysex(0, 0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7)); // GM on
        for (long t = 0; t < 6000; t += 120) {
            int key = 48 + r.nextInt(24);
            piano.add(ev(0x90, key, 90, t));
            piano.add(ev(0x90, key + 4, 80, t)); // chord: same tick
            piano.add(ev(0x80, key, 0, t + 60 + r.nextInt(300)));
            piano.add(ev(0x90, key + 4, 0, t + 100)); // velocity-0 note-off
            bass.add(ev(0x91, 36 + r.nextInt(12), 100, t + 7));
            bass.add(ev(0xB1, 7, r.nextInt(128), t + 7));
            bass.add(ev(0xE1, r.nextInt(128), r.nextInt(128), t + 50));
            drums.add(ev(0x99, 36, 127, t));
            drums.add(ev(0x89, 36, 0, t + 10));
        }
        List<javax.sound.midi.MidiEvent> bassOns = new ArrayList<>();
        for (int i = 0; i < bass.size(); i++) {
            javax.sound.midi.MidiEvent e = bass.get(i);
            if (e.getMessage() instanceof javax.sound.midi.ShortMessage
                    && ((javax.sound.midi.ShortMessage) e.getMessage()).getCommand() == 0x90) {
                bassOns.add(e);
            }
        }
        for (javax.sound.midi.MidiEvent e : bassOns) { // each bass note ends 100 ticks later
            bass.add(ev(0x81, ((javax.sound.midi.ShortMessage) e.getMessage()).getData1(), 64, e.getTick() + 100));
        }
        drums.add(sysex(4000, 0xF0, 0x41, 0x10, 0x42, 0x12, 0x40, 0x00, 0x7F, 0x00, 0x41, 0xF7));
        return s;
    }

    /** The same song merged into one track, as a type-0 file has it. */
    static Sequence typeZero(Sequence multi) {
        Sequence s = ppq(multi.getResolution());
        Track one = s.createTrack();
        for (Track t : multi.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                if (!(t.get(i).getMessage() instanceof javax.sound.midi.MetaMessage
                        && ((javax.sound.midi.MetaMessage) t.get(i).getMessage()).getType() == 0x2F)) {
                    one.add(t.get(i));
                }
            }
        }
        return s;
    }

    /** Plays the player from {@code start} in random cycle sizes until past {@code end}. */
    static RecordingSink playAll(SequencePlayer p, long start, long end, SplittableRandom sizes, int maxCycle) {
        return playAll(p, start, end, () -> 1 + sizes.nextInt(maxCycle));
    }

    static RecordingSink playAll(SequencePlayer p, long start, long end, java.util.function.IntSupplier sizes) {
        RecordingSink sink = new RecordingSink(1 << 20);
        long pos = start;
        while (pos < end) {
            int n = sizes.getAsInt();
            sink.base = pos;
            sink.cycleFrames = n;
            p.play(pos, n, sink);
            pos += n;
            assertEquals(pos, p.nextFrame());
        }
        assertEquals(0, sink.offsetErrors, "offsets outside [0, frames)");
        return sink;
    }

    static void assertSameEvents(List<Hit> expected, List<Hit> actual, String what) {
        // delivered in frame order per destination
        for (int i = 1; i < actual.size(); i++) {
            if (actual.get(i).dest() == actual.get(i - 1).dest()) {
                assertTrue(actual.get(i).frame() >= actual.get(i - 1).frame(), what + ": out of order at " + i);
            }
        }
        List<Hit> e = new ArrayList<>(expected);
        List<Hit> a = new ArrayList<>(actual);
        Collections.sort(e);
        Collections.sort(a);
        assertEquals(e.size(), a.size(), what + ": event count");
        for (int i = 0; i < e.size(); i++) {
            assertEquals(e.get(i), a.get(i), what + ": event " + i);
        }
    }

    @Test
    void deliversEveryEventOnceOnItsExactFrameForAnyCycleSize() throws Exception {
        Sequence song = typeOneSong(1);
        List<Hit> expected = SeqTestSupport.expected(song, RATE, SequencePlayer.SINGLE_DESTINATION);
        assertTrue(expected.size() > 450, "song has " + expected.size() + " events");
        TempoMap map = new TempoMap(song, RATE);
        SequencePlayer player = new SequencePlayer(song, map);
        assertEquals(expected.size(), player.eventCount());
        SplittableRandom r = new SplittableRandom(99);
        for (int max : new int[] {1, 2, 7, 64, 128, 1000, 8192}) {
            SequencePlayer p = new SequencePlayer(song, map);
            RecordingSink sink = playAll(p, 0, p.endFrame() + 1, r, max);
            assertSameEvents(expected, sink.hits(), "cycles 1.." + max);
            assertEquals(0, p.soundingNotes(), "every note ended by the song itself");
        }
        // fixed sizes, incl. the exact frame of the tempo change boundary
        for (int n : new int[] {1, 3, 128, 4096, 8192}) {
            SequencePlayer p = new SequencePlayer(song, map);
            RecordingSink sink = playAll(p, 0, p.endFrame() + 1, () -> n);
            assertSameEvents(expected, sink.hits(), "cycle " + n);
        }
    }

    @Test
    void playsTypeZeroAndTypeOneFilesWrittenAndReadBack() throws Exception {
        Sequence song = typeOneSong(2);
        List<Hit> expected = SeqTestSupport.expected(song, RATE, SequencePlayer.SINGLE_DESTINATION);
        byte[] type1 = SeqTestSupport.write(song, 1);
        byte[] type0 = SeqTestSupport.write(typeZero(song), 0);
        assertEquals(1, MidiSystem.getMidiFileFormat(new java.io.ByteArrayInputStream(type1)).getType());
        assertEquals(0, MidiSystem.getMidiFileFormat(new java.io.ByteArrayInputStream(type0)).getType());
        for (byte[] smf : new byte[][] {type1, type0}) {
            Sequence back = SeqTestSupport.read(smf);
            SequencePlayer p = new SequencePlayer(back, new TempoMap(back, RATE));
            RecordingSink sink = playAll(p, 0, p.endFrame() + 1, new SplittableRandom(5), 8192);
            assertSameEvents(expected, sink.hits(), smf == type1 ? "type 1" : "type 0");
        }
    }

    @Test
    void playsRealAbc2midiFilesWithATempoChange(@TempDir Path dir) throws Exception {
        String abc = "X:1\nT:Tempo change\nM:4/4\nL:1/4\nQ:1/4=120\nK:C\nCDEF|GABc|[Q:1/4=60] cBAG|FEDC|\n";
        File tc = SeqTestSupport.abc2midi(dir, "tempochange", abc);
        Sequence seq = MidiSystem.getSequence(tc);
        assertEquals(0, MidiSystem.getMidiFileFormat(tc).getType());
        TempoMap map = new TempoMap(seq, RATE);
        assertEquals(2, map.segmentCount(), "abc2midi wrote two tempos");
        SequencePlayer p = new SequencePlayer(seq, map);
        RecordingSink sink = playAll(p, 0, p.endFrame() + 1, new SplittableRandom(11), 8192);
        List<Hit> got = sink.hits();
        assertSameEvents(SeqTestSupport.expected(seq, RATE, SequencePlayer.SINGLE_DESTINATION), got, "abc2midi type 0");
        // by hand: abc2midi puts each note-on 1 tick after the beat (ticks 480 i + 1) and the new tempo
        // on tick 3841; a tick is 50 frames at 120 BPM (PPQ 480, 48 kHz) and 100 frames at 60 BPM
        List<Long> onsets = new ArrayList<>();
        List<Long> offs = new ArrayList<>();
        for (Hit h : got) {
            if ((h.status() & 0xF0) == 0x90 && h.d2() > 0) {
                onsets.add(h.frame());
            } else if ((h.status() & 0xF0) == 0x80) {
                offs.add(h.frame());
            }
        }
        assertEquals(16, onsets.size());
        for (int i = 0; i < 8; i++) {
            assertEquals(24_000L * i + 50, onsets.get(i), "note " + i);
        }
        assertEquals(192_000L, offs.get(7)); // tick 3840, the last at 120 BPM
        assertEquals(192_050L, onsets.get(8)); // tick 3841
        assertEquals(239_950L, offs.get(8)); // tick 4320 = 192,050 + 479 * 100
        assertEquals(240_050L, onsets.get(9));
        assertEquals(240_050L + 6 * 48_000L, onsets.get(15));
    }

    /** A real type-1 file from abcmidi's examples: several tracks and channels, drums on channel 10. */
    @Test
    void playsARealTypeOneFileFromAbcmidisExamples(@TempDir Path dir) throws Exception {
        Path example = Path.of("/usr/share/doc/abcmidi/examples/coleraine.abc");
        if (!Files.isRegularFile(example)) {
            String msg = example + " is not present (Debian package abcmidi)";
            if (SeqTestSupport.toolsRequired()) {
                throw new AssertionError(msg + " but -Dmidirack.requireTools=true");
            }
            System.err.println("SKIPPED: " + msg);
            org.junit.jupiter.api.Assumptions.abort(msg);
        }
        File multi = SeqTestSupport.abc2midiFile(dir, example, "coleraine");
        Sequence m = MidiSystem.getSequence(multi);
        assertEquals(1, MidiSystem.getMidiFileFormat(multi).getType());
        assertTrue(m.getTracks().length > 2);
        SequencePlayer mp = new SequencePlayer(m, new TempoMap(m, RATE));
        RecordingSink ms = playAll(mp, 0, mp.endFrame() + 1, new SplittableRandom(12), 8192);
        List<Hit> mexp = SeqTestSupport.expected(m, RATE, SequencePlayer.SINGLE_DESTINATION);
        assertTrue(mexp.stream().anyMatch(h -> h.status() == 0x99), "drums on channel 10");
        assertSameEvents(mexp, ms.hits(), "coleraine type 1");
        assertEquals(0, mp.soundingNotes());
    }

    /** PPQ 480, 120 BPM, 48 kHz: a tick is 50 frames, a beat 24,000. */
    static Sequence beatSong() {
        Sequence s = ppq(480);
        Track t = s.createTrack();
        for (int beat = 0; beat < 8; beat++) {
            t.add(ev(0x90, 60 + beat, 100, beat * 480L));
            t.add(ev(0x80, 60 + beat, 0, beat * 480L + 240));
        }
        t.add(ev(0x90, 80, 100, 1200)); // beat 2.5, held across the loop end (beat 3) to beat 4.5
        t.add(ev(0x80, 80, 0, 2160));
        return s;
    }

    @Test
    void loopWrapsOnTheExactFrameInsideACycleAndReleasesHeldNotes() {
        Sequence s = beatSong();
        SequencePlayer p = new SequencePlayer(s, new TempoMap(s, RATE));
        p.setLoopBeats(1, 3); // song frames [24000, 72000)
        assertEquals(24_000, p.loopStartFrame());
        assertEquals(72_000, p.loopEndFrame());
        RecordingSink sink = new RecordingSink(1000);
        long host = 0;
        long song = 0;
        while (host < 165_000) {
            sink.base = host;
            sink.cycleFrames = 1024;
            p.play(song, 1024, sink);
            song = p.nextFrame();
            host += 1024;
        }
        // host frames: 0 (beat 0) .. then every pass of 48,000 frames: beat 1, beat 2, beat 2.5,
        // and at the wrap (host 72,000 = cycle 70 offset 320) the held note 80 is released first
        List<String> got = new ArrayList<>();
        for (Hit h : sink.hits()) {
            got.add(h.frame() + ":" + Integer.toHexString(h.status()) + "/" + h.d1());
        }
        List<String> want = List.of(
                "0:90/60", "12000:80/60",
                "24000:90/61", "36000:80/61", "48000:90/62", "60000:80/62", "60000:90/80",
                "72000:80/80", "72000:90/61", "84000:80/61", "96000:90/62", "108000:80/62", "108000:90/80",
                "120000:80/80", "120000:90/61", "132000:80/61", "144000:90/62", "156000:80/62", "156000:90/80");
        assertEquals(want, got);
        assertEquals(1, p.soundingNotes());
        assertTrue(p.isSounding(0, 0, 80));
        // song position after the last cycle: the last wrap was at host frame 120,000
        assertEquals(165_888, host);
        assertEquals(24_000 + (host - 120_000), p.nextFrame());
    }

    @Test
    void loopWrapIsExactForAnyCycleSize() {
        Sequence s = beatSong();
        long start = 24_000;
        long end = 72_000;
        long len = end - start;
        long horizon = 300_000;
        // the model: pass 0 plays song frames [0, end) on host frames 0..; pass k >= 1 starts on host
        // frame end + (k-1) len with note 80 (held across the loop end) released there first
        List<Hit> songEvents = SeqTestSupport.expected(s, RATE, SequencePlayer.SINGLE_DESTINATION);
        List<Hit> model = new ArrayList<>();
        for (Hit h : songEvents) {
            if (h.frame() < end) {
                model.add(h);
            }
        }
        for (long wrap = end; wrap < horizon; wrap += len) {
            model.add(new Hit(0, wrap, 0x80, 80, 0));
            for (Hit h : songEvents) {
                long host = wrap + h.frame() - start;
                if (h.frame() >= start && h.frame() < end && host < horizon) {
                    model.add(new Hit(0, host, h.status(), h.d1(), h.d2()));
                }
            }
        }
        SplittableRandom r = new SplittableRandom(21);
        int[][] patterns = {{1}, {2}, {3}, {1024}, {8192}, {47_999, 1}, {48_001}, {71_999, 2}, {72_001}, {5, 7, 11}, {0}};
        for (int[] pattern : patterns) {
            SequencePlayer p = new SequencePlayer(s, new TempoMap(s, RATE));
            p.setLoopBeats(1, 3);
            RecordingSink sink = new RecordingSink(4096);
            long host = 0;
            int c = 0;
            while (host < horizon) {
                int n = pattern[0] == 0 ? 1 + r.nextInt(8192) : pattern[c++ % pattern.length];
                n = (int) Math.min(n, horizon - host);
                sink.base = host;
                sink.cycleFrames = n;
                p.play(p.nextFrame(), n, sink);
                host += n;
            }
            String what = "cycles " + java.util.Arrays.toString(pattern);
            assertEquals(0, sink.offsetErrors, what);
            List<Hit> got = sink.hits();
            assertSameEvents(model, got, what);
            for (int i = 1; i < got.size(); i++) { // at a wrap the release comes before the new pass
                if (got.get(i).frame() == got.get(i - 1).frame() && got.get(i).d1() == 80) {
                    assertFalse(got.get(i).status() == 0x80 && got.get(i - 1).status() == 0x90, what);
                }
            }
        }
    }

    @Test
    void loopShorterThanACycleWrapsSeveralTimesPerCycle() {
        Sequence s = ppq(480);
        s.createTrack().add(ev(0x90, 64, 100, 2)); // song frame 100
        SequencePlayer p = new SequencePlayer(s, new TempoMap(s, RATE));
        p.setLoopFrames(100, 150);
        RecordingSink sink = new RecordingSink(1000);
        long song = 0;
        for (int c = 0; c < 3; c++) {
            sink.base = c * 1000L;
            sink.cycleFrames = 1000;
            p.play(song, 1000, sink);
            song = p.nextFrame();
        }
        List<Hit> h = sink.hits();
        // note-on at host 100, then at each wrap (150, 200, ... 2950) a release and the note again
        int i = 0;
        assertEquals(new Hit(0, 100, 0x90, 64, 100), h.get(i++));
        for (long f = 150; f < 3000; f += 50) {
            assertEquals(new Hit(0, f, 0x80, 64, 0), h.get(i++), "release at " + f);
            assertEquals(new Hit(0, f, 0x90, 64, 100), h.get(i++), "again at " + f);
        }
        assertEquals(i, h.size());
        assertEquals(100 + (3000 - 100) % 50, p.nextFrame());
    }

    @Test
    void relocationAndStopReleaseEverySoundingNoteAndThePedal() {
        Sequence s = ppq(480);
        Track t = s.createTrack();
        t.add(ev(0xB2, 64, 127, 0)); // sustain on, channel 3
        t.add(ev(0x92, 60, 100, 0));
        t.add(ev(0x92, 60, 100, 10)); // the same key twice
        t.add(ev(0x92, 67, 100, 10));
        t.add(ev(0x82, 60, 0, 2000));
        t.add(ev(0x82, 60, 0, 2000));
        t.add(ev(0x82, 67, 0, 2000));
        SequencePlayer p = new SequencePlayer(s, new TempoMap(s, RATE));
        RecordingSink sink = new RecordingSink(100);
        sink.cycleFrames = 1000;
        p.play(0, 1000, sink);
        assertEquals(3, p.soundingNotes());
        assertEquals(4, sink.size);
        sink.base = 5000;
        int sent = p.play(5000, 1000, sink); // a jump: relocation
        assertEquals(4, sent);
        List<Hit> h = sink.hits().subList(4, 8);
        assertEquals(List.of(new Hit(0, 5000, 0x82, 60, 0), new Hit(0, 5000, 0x82, 60, 0),
                new Hit(0, 5000, 0x82, 67, 0), new Hit(0, 5000, 0xB2, 64, 0)), h);
        assertEquals(0, p.soundingNotes());

        // stop mid-note: released at the stop offset; resume plays on without repeating
        SequencePlayer q = new SequencePlayer(s, new TempoMap(s, RATE));
        RecordingSink qs = new RecordingSink(100);
        qs.cycleFrames = 512;
        q.play(0, 512, qs);
        assertEquals(4, q.stop(77, qs));
        assertEquals(new Hit(0, 77, 0xB2, 64, 0), qs.hits().get(qs.size - 1));
        assertEquals(0, q.soundingNotes());
        qs.base = 512;
        assertEquals(0, q.play(q.nextFrame(), 512, qs));
        // the note-offs in the song at tick 2000 still pass (unmatched offs are harmless)
        qs.base = 100_000;
        q.play(100_000, 1, qs);
        assertEquals(11, qs.size); // a relocation with nothing sounding, then the song's three note-offs
        q.relocate(99_000, qs); // nothing sounds: nothing sent
        assertEquals(11, qs.size);
    }

    @Test
    void randomSeeksNeverLeaveAStuckNote() {
        Sequence song = typeOneSong(3);
        SequencePlayer p = new SequencePlayer(song, new TempoMap(song, RATE));
        RecordingSink sink = new RecordingSink(1 << 20);
        SplittableRandom r = new SplittableRandom(4);
        long pos = 0;
        for (int c = 0; c < 3000; c++) {
            if (r.nextInt(50) == 0) {
                pos = r.nextLong(p.endFrame());
            }
            int n = 1 + r.nextInt(4096);
            sink.cycleFrames = n;
            p.play(pos, n, sink);
            pos = p.nextFrame();
        }
        p.stop(0, sink);
        int[] open = new int[16 * 128];
        for (Hit h : sink.hits()) {
            int cmd = h.status() & 0xF0;
            int key = (h.status() & 0x0F) << 7 | Math.max(0, h.d1());
            if (cmd == 0x90 && h.d2() > 0) {
                open[key]++;
            } else if ((cmd == 0x80 || cmd == 0x90) && open[key] > 0) {
                open[key]--;
            }
        }
        for (int k = 0; k < open.length; k++) {
            assertEquals(0, open[k], "channel " + (k >> 7) + " key " + (k & 127) + " left sounding");
        }
        assertEquals(0, sink.offsetErrors);
    }

    @Test
    void latencyLeadSendsADestinationsEventsEarlyByItsLatency() {
        Sequence s = ppq(480);
        Track t = s.createTrack();
        for (int beat = 0; beat < 4; beat++) {
            t.add(ev(0x90, 60, 100, beat * 480L)); // channel 1 -> destination 0
            t.add(ev(0x91, 60, 100, beat * 480L)); // channel 2 -> destination 1
            t.add(ev(0x80, 60, 0, beat * 480L + 240));
            t.add(ev(0x81, 60, 0, beat * 480L + 240));
        }
        SequencePlayer.Router byChannel = (track, channel) -> channel == 1 ? 1 : 0;
        SequencePlayer p = new SequencePlayer(s, new TempoMap(s, RATE), 2, byChannel);
        p.setLatency(1, 300);
        // pre-roll from -300 so that nothing is late
        RecordingSink sink = playAll(p, -300, 100_000, new SplittableRandom(8), 700);
        List<Long> d0 = new ArrayList<>();
        List<Long> d1 = new ArrayList<>();
        for (Hit h : sink.hits()) {
            (h.dest() == 0 ? d0 : d1).add(h.frame());
        }
        assertEquals(List.of(0L, 12_000L, 24_000L, 36_000L, 48_000L, 60_000L, 72_000L, 84_000L), d0);
        assertEquals(List.of(-300L, 11_700L, 23_700L, 35_700L, 47_700L, 59_700L, 71_700L, 83_700L), d1);
        assertEquals(0, p.lateEvents());

        // starting at 0 instead: the first event of destination 1 is due at -300, so it comes late
        // at offset 0, counted; the rest are early by exactly 300
        SequencePlayer q = new SequencePlayer(s, new TempoMap(s, RATE), 2, byChannel);
        q.setLatency(1, 300);
        RecordingSink qs = playAll(q, 0, 100_000, new SplittableRandom(9), 700);
        List<Long> q1 = new ArrayList<>();
        for (Hit h : qs.hits()) {
            if (h.dest() == 1) {
                q1.add(h.frame());
            }
        }
        assertEquals(List.of(0L, 11_700L, 23_700L, 35_700L, 47_700L, 59_700L, 71_700L, 83_700L), q1);
        assertEquals(1, q.lateEvents());
    }

    @Test
    void latencyChangesWhilePlayingLoseNothingAndRepeatNothing() {
        Sequence song = typeOneSong(5);
        SequencePlayer.Router router = (track, channel) -> track % 2;
        List<Hit> expected = SeqTestSupport.expected(song, RATE, router);
        TempoMap map = new TempoMap(song, RATE);
        SequencePlayer p = new SequencePlayer(song, map, 2, router);
        RecordingSink sink = new RecordingSink(1 << 16);
        SplittableRandom r = new SplittableRandom(6);
        long pos = -5000;
        while (pos < p.endFrame() + 10_000) {
            if (r.nextInt(20) == 0) {
                p.setLatency(r.nextInt(2), r.nextInt(5000));
            }
            int n = 1 + r.nextInt(1024);
            sink.base = pos;
            sink.cycleFrames = n;
            p.play(pos, n, sink);
            pos += n;
        }
        List<Hit> got = sink.hits();
        assertEquals(expected.size(), got.size());
        // frames move with the latency, but each event arrives exactly once and never after its frame
        List<Hit> stripped = new ArrayList<>();
        for (int i = 0; i < got.size(); i++) {
            Hit h = got.get(i);
            stripped.add(new Hit(h.dest(), 0, h.status(), h.d1(), h.d2()));
        }
        List<Hit> exp = new ArrayList<>();
        for (Hit h : expected) {
            exp.add(new Hit(h.dest(), 0, h.status(), h.d1(), h.d2()));
        }
        Collections.sort(stripped);
        Collections.sort(exp);
        assertEquals(exp, stripped);
    }

    @Test
    void loopWithLatencyWrapsEachDestinationEarlyByItsLatency() {
        Sequence s = beatSong();
        SequencePlayer.Router all = (track, channel) -> 0;
        SequencePlayer p = new SequencePlayer(s, new TempoMap(s, RATE), 2, all);
        p.setLatency(0, 1000);
        p.setLoopBeats(1, 3);
        RecordingSink sink = new RecordingSink(1000);
        long song = -1000;
        for (long host = -1000; host < 121_000; host += 256) {
            sink.base = host;
            sink.cycleFrames = 256;
            p.play(song, 256, sink);
            song = p.nextFrame();
        }
        List<String> got = new ArrayList<>();
        for (Hit h : sink.hits()) {
            got.add(h.frame() + ":" + Integer.toHexString(h.status()) + "/" + h.d1());
        }
        List<String> want = List.of(
                "-1000:90/60", "11000:80/60", "23000:90/61", "35000:80/61", "47000:90/62", "59000:80/62",
                "59000:90/80", "71000:80/80", "71000:90/61", "83000:80/61", "95000:90/62", "107000:80/62",
                "107000:90/80", "119000:80/80", "119000:90/61");
        assertEquals(want, got);
        assertEquals(0, p.lateEvents());
    }

    @Test
    void mutedTrackDropsNewNotesButEndsSoundingOnes() {
        Sequence s = ppq(480);
        Track a = s.createTrack();
        Track b = s.createTrack();
        a.add(ev(0x90, 60, 100, 0));
        a.add(ev(0x80, 60, 0, 100)); // frame 5000
        a.add(ev(0x90, 62, 100, 200)); // frame 10000: muted
        a.add(ev(0xB0, 1, 50, 200)); // muted
        a.add(ev(0x80, 62, 0, 300)); // for a note never sent: dropped
        b.add(ev(0x91, 70, 100, 200)); // other track plays on
        SequencePlayer p = new SequencePlayer(s, new TempoMap(s, RATE));
        RecordingSink sink = new RecordingSink(100);
        sink.cycleFrames = 1000;
        p.play(0, 1000, sink);
        p.setTrackMuted(0, true);
        assertTrue(p.isTrackMuted(0));
        long pos = 1000;
        while (pos < 20_000) {
            sink.base = pos;
            p.play(pos, 1000, sink);
            pos += 1000;
        }
        assertEquals(List.of(new Hit(0, 0, 0x90, 60, 100), new Hit(0, 5000, 0x80, 60, 0),
                new Hit(0, 10_000, 0x91, 70, 100)), sink.hits());
        assertThrows(IllegalArgumentException.class, () -> p.setTrackMuted(2, true));
    }

    @Test
    void playAllocatesNothingOverTenThousandCycles() {
        Sequence song = typeOneSong(7);
        SequencePlayer.Router router = (track, channel) -> track % 3;
        SequencePlayer p = new SequencePlayer(song, new TempoMap(song, RATE), 3, router);
        p.setLatency(1, 128);
        p.setLatency(2, 1000);
        p.setLoopBeats(2, 9);
        RecordingSink sink = new RecordingSink(4096);
        Runnable run = () -> {
            long pos = p.nextFrame();
            for (int c = 0; c < 10_000; c++) {
                int n = 64 + (c % 7) * 32;
                if (c % 2500 == 1000) {
                    p.relocate(c * 10L, sink);
                    pos = c * 10L;
                }
                sink.cycleFrames = n;
                p.play(pos, n, sink);
                pos = p.nextFrame();
            }
            p.stop(0, sink);
        };
        run.run(); // warm up (JIT)
        int before = sink.size;
        // run until the JIT has settled: five windows in a row allocate nothing (the worst is bounded, not
        // only the best), at most 30 windows
        long[] windows = AllocationMeter.measureWindowsAfterSettling(run, 5, 0, 30);
        assertTrue(sink.size - before > 2000, "events were played: " + (sink.size - before));
        assertEquals(0, java.util.Arrays.stream(windows).max().getAsLong(),
                "bytes allocated by 10,000 cycles of play(), per window: " + java.util.Arrays.toString(windows));
    }

    @Test
    void rejectsBadRoutesAndLoopsWithClearMessages() {
        Sequence s = beatSong();
        TempoMap map = new TempoMap(s, RATE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SequencePlayer(s, map, 2, (track, channel) -> 5));
        assertTrue(e.getMessage().contains("destination 5") && e.getMessage().contains("track 0"), e.getMessage());
        SequencePlayer p = new SequencePlayer(s, map);
        IllegalArgumentException loop = assertThrows(IllegalArgumentException.class, () -> p.setLoopTicks(480, 480));
        assertTrue(loop.getMessage().contains("480"), loop.getMessage());
        assertFalse(p.loopActive());
        assertThrows(IllegalArgumentException.class, () -> p.setLatency(0, -1));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> new SequencePlayer(s, new TempoMap(ppq(96), RATE)));
        assertTrue(other.getMessage().contains("not built for this sequence"), other.getMessage());
    }
}
