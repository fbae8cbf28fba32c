package org.midirack.host.seq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.midirack.host.seq.SeqTestSupport.ppq;
import static org.midirack.host.seq.SeqTestSupport.sm;
import static org.midirack.host.seq.SeqTestSupport.tempo;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.SysexMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MidiRecorderTest {
    private static final long RATE = 48_000;

    /** The host's song: PPQ 480, 120 BPM (50 frames a tick) then 60 BPM (100 frames a tick) from tick 960. */
    static TempoMap songMap() {
        Sequence s = ppq(480);
        Track t = s.createTrack();
        t.add(tempo(120, 0));
        t.add(tempo(60, 960));
        return new TempoMap(s, RATE);
    }

    /** Every non-meta event of a sequence as "tick:hex bytes", in track then event order. */
    static List<String> events(Sequence s) {
        List<String> out = new ArrayList<>();
        for (Track t : s.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                if (e.getMessage() instanceof MetaMessage) {
                    continue;
                }
                StringBuilder b = new StringBuilder().append(e.getTick()).append(':');
                for (byte x : e.getMessage().getMessage()) {
                    b.append(String.format("%02X", x & 0xFF));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    static List<Long> tempoTicks(Sequence s) {
        List<Long> out = new ArrayList<>();
        for (Track t : s.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i).getMessage() instanceof MetaMessage
                        && ((MetaMessage) t.get(i).getMessage()).getType() == 0x51) {
                    out.add(t.get(i).getTick());
                }
            }
        }
        return out;
    }

    @Test
    void recordedEventsComeBackFromTheSmfOnTheSameTicks(@TempDir Path dir) throws Exception {
        TempoMap map = songMap();
        MidiRecorder rec = new MidiRecorder(1024, 256);
        long origin = 10_000; // host frame of song tick 0
        // recorded out of order (device threads race); frames chosen for exact and rounded ticks
        assertTrue(rec.record(origin + 1_000, 0x80, 60, 0)); // tick 20
        assertTrue(rec.record(origin, 0x90, 60, 100)); // tick 0
        assertTrue(rec.record(origin + 1_024, 0xB1, 7, 99)); // 20.48 -> tick 20
        assertTrue(rec.record(origin + 1_025, 0x91, 62, 80)); // 20.5 -> tick 21 (halves up)
        assertTrue(rec.record(origin + 48_000, 0xE1, 0, 64)); // tick 960, the tempo change
        assertTrue(rec.record(origin + 48_149, 0x81, 62, 0)); // 960 + 1.49 -> tick 961
        assertTrue(rec.record(origin + 48_150, 0xC9, 5, 0)); // 961.5 -> tick 962, data2 dropped
        assertTrue(rec.recordSysex(origin + 50, new byte[] {(byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7})); // tick 1
        assertTrue(rec.record(origin + 96_000, 0x92, 64, 1)); // tick 1440, held to the end
        assertTrue(rec.record(origin - 500, 0xB0, 64, 127)); // before the origin -> tick 0
        assertFalse(rec.record(origin, 0x90, 128, 1)); // data1 out of range
        assertFalse(rec.recordSysex(origin, new byte[] {0x01, 0x02}));
        assertEquals(2, rec.invalid());

        Sequence seq = rec.toSequence(map, origin);
        MidiRecorder.SequenceBuildReport report = rec.lastReport();
        assertEquals(10, report.events);
        assertEquals(1, report.beforeOrigin);
        assertEquals(1, report.closedNotes);
        assertEquals(0, report.unpublished);
        List<String> expected = List.of(
                "1:F07E7F0901F7", // track 0: SysEx beside the tempo events (meta events not listed)
                "0:B0407F", "0:903C64", "20:803C00", // channel 1
                "20:B10763", "21:913E50", "960:E10040", "961:813E00", // channel 2
                "1440:924001", "1440:824000", // channel 3: the held note closed at the last tick
                "962:C905"); // channel 10
        assertEquals(expected, events(seq));
        assertEquals(5, seq.getTracks().length);
        assertEquals(List.of(0L, 960L), tempoTicks(seq));

        Path file = dir.resolve("take.mid");
        MidiRecorder.writeSmf(seq, file, false);
        assertEquals(1, MidiSystem.getMidiFileFormat(file.toFile()).getType());
        Sequence back = MidiSystem.getSequence(file.toFile());
        assertEquals(Sequence.PPQ, back.getDivisionType(), 0f);
        assertEquals(480, back.getResolution());
        assertEquals(expected, events(back));
        assertEquals(List.of(0L, 960L), tempoTicks(back));
        TempoMap backMap = new TempoMap(back, RATE);
        assertEquals(48_000, backMap.tickToFrame(960));
        assertEquals(96_000, backMap.tickToFrame(1440));

        // and played back: the events land on the frames of their ticks
        SequencePlayer player = new SequencePlayer(back, backMap);
        SeqTestSupport.RecordingSink sink = SequencePlayerTest.playAll(player, 0, player.endFrame() + 1,
                new java.util.SplittableRandom(3), 4096);
        assertEquals(11, sink.size);
        assertEquals(new SeqTestSupport.Hit(0, 48_100, 0x81, 62, 0), sink.hits().stream()
                .filter(h -> h.status() == 0x81).findFirst().orElseThrow());
        assertEquals(0, player.soundingNotes());
    }

    @Test
    void producersOnManyThreadsLoseNothingAndCountOverflow() throws Exception {
        int threads = 4;
        int perThread = 5000;
        MidiRecorder rec = new MidiRecorder(threads * perThread, 0);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int ch = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    // frame = i * 50 = tick i at 120 BPM; controller number i % 128, value i / 128 % 128
                    rec.record(i * 50L, 0xB0 | ch, i % 128, (i / 128) % 128);
                }
            });
            th.start();
            ts.add(th);
        }
        go.countDown();
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(threads * perThread, rec.size());
        assertFalse(rec.record(0, 0x90, 1, 1));
        assertEquals(1, rec.dropped());
        Sequence s = rec.toSequence(songMap(), 0);
        assertEquals(threads, s.getTracks().length - 1);
        for (int t = 0; t < threads; t++) {
            Track track = s.getTracks()[t + 1];
            assertEquals(perThread + 1, track.size()); // + end of track
            for (int i = 0; i < perThread; i++) {
                MidiEvent e = track.get(i);
                long expectedTick = i < 960 ? i : 960 + (i * 50L - 48_000 + 50) / 100; // 100 frames a tick after 960
                assertEquals(expectedTick, e.getTick(), "channel " + t + " event " + i);
                byte[] b = e.getMessage().getMessage();
                assertArrayEquals(new byte[] {(byte) (0xB0 | t), (byte) (i % 128), (byte) ((i / 128) % 128)}, b);
            }
        }
        rec.clear();
        assertEquals(0, rec.size());
        assertTrue(rec.record(0, 0x90, 1, 1));
    }

    @Test
    void recordingAllocatesNothing() {
        MidiRecorder rec = new MidiRecorder(50_000, 1 << 16);
        byte[] gmOn = {(byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7};
        Runnable take = () -> {
            for (int i = 0; i < 10_000; i++) {
                rec.record(i, 0x90, i & 0x7F, 1 + (i & 0x3F));
                if ((i & 1023) == 0) {
                    rec.recordSysex(i, gmOn);
                }
            }
        };
        Runnable window = () -> {
            rec.clear();
            take.run();
        };
        window.run(); // warm up (JIT)
        // run until the JIT has settled: five windows in a row allocate nothing (the worst is bounded, not
        // only the best), at most 30 windows
        long[] windows = org.midirack.core.testkit.AllocationMeter.measureWindowsAfterSettling(window, 5, 0, 30);
        long worst = java.util.Arrays.stream(windows).max().getAsLong();
        String runs = java.util.Arrays.toString(windows);
        assertEquals(0, worst, "bytes allocated by 10,000 record calls, per window: " + runs);
        assertEquals(10_010, rec.size());
    }

    @Test
    void receiverStampsMessagesWithTheHostClock() throws Exception {
        MidiRecorder rec = new MidiRecorder(16, 64);
        long[] clock = {2_500};
        Receiver r = rec.receiver(() -> clock[0]);
        r.send(sm(0x90, 64, 90), -1);
        clock[0] = 5_000;
        r.send(sm(0x80, 64, 0), 123_456);
        r.send(new SysexMessage(new byte[] {(byte) 0xF0, 0x43, 0x10, (byte) 0xF7}, 4), -1);
        r.send(new MetaMessage(0x01, new byte[] {65}, 1), -1); // ignored
        Sequence s = rec.toSequence(songMap(), 0);
        assertEquals(List.of("100:F04310F7", "50:90405A", "100:804000"), events(s));
    }

    @Test
    void exportNeverLosesAnExistingFile(@TempDir Path dir) throws Exception {
        MidiRecorder rec = new MidiRecorder(16, 0);
        rec.record(0, 0x90, 60, 100);
        rec.record(4800, 0x80, 60, 0);
        Sequence seq = rec.toSequence(songMap(), 0);
        Path file = dir.resolve("song.mid");
        Files.writeString(file, "precious");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> MidiRecorder.writeSmf(seq, file, false));
        assertTrue(e.getMessage().contains("song.mid"), e.getMessage());
        assertEquals("precious", Files.readString(file));
        MidiRecorder.writeSmf(seq, file, true);
        assertEquals(List.of("0:903C64", "96:803C00"), events(MidiSystem.getSequence(file.toFile())));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file left behind");
        }
        java.io.IOException missing = assertThrows(java.io.IOException.class,
                () -> MidiRecorder.writeSmf(seq, dir.resolve("no/such/dir/x.mid"), true));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
