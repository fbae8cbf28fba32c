package org.midirack.demos.cli;

import org.midirack.core.AbstractNode;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

import org.junit.jupiter.api.Test;
import org.midirack.core.testkit.AllocationMeter;
import org.midirack.demos.melody.Melody;
import org.midirack.host.NodeError;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputNull;
import org.midirack.instruments.InstrumentSine;

/** The command line's engine: a Host graph built from the options, played offline and in real time. */
class EngineTest {

    /** A silent instrument that keeps every MIDI message it gets; throws on a note-on when told to. */
    static final class Probe extends AbstractNode {
        final int[] got = new int[1 << 16];
        volatile int count;
        private final boolean throwOnNote;

        Probe(String id, boolean throwOnNote) {
            super(new NodeDescriptor(id, id, NodeKind.INSTRUMENT, "tests", "1", new int[0], new int[] {2}, false, true,
                    List.of()));
            this.throwOnNote = throwOnNote;
        }

        @Override
        protected void onActivate(double sampleRate, int maxFrames) {
        }

        @Override
        public void reset() {
        }

        @Override
        protected void render(ProcessContext ctx, int from, int to) {
        }

        @Override
        protected void onMidi(ProcessContext ctx, int frame, int status, int data1, int data2) {
            if (throwOnNote && (status & 0xF0) == 0x90 && data2 > 0) {
                throw new IllegalStateException("probe fails on a note");
            }
            int n = count;
            if (n < got.length) {
                got[n] = status << 16 | data1 << 8 | data2;
                count = n + 1;
            }
        }

        boolean saw(int status, int d1, int d2) {
            int m = status << 16 | d1 << 8 | d2;
            for (int i = 0; i < count; i++) {
                if (got[i] == m) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Channel 1: a held note with the sustain pedal down, for four bars. */
    static Sequence heldNoteWithPedal() throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, 480);
        Track t = s.createTrack();
        t.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, 0, 64, 127), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 60, 100), 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, 60, 0), 16 * 480));
        return s;
    }

    @Test
    void renderCycleAllocatesNothing() {
        try (Engine e = new Engine(48000, 128, new InstrumentSine(), null, List.of(), List.of(), 0)) {
            e.load(Melody.parse("tempo 240; repeat 64 { [C4 E4 G4]/16 D4/16 }"), -1);
            e.skip(e.startFromTop());
            float[][] out = new float[2][128];
            int[] cycle = {0};
            Runnable cycles = () -> {
                for (int i = 0; i < 2000; i++) {
                    // a parameter change at an offset every cycle, as a MIDI mapping sends them
                    e.host().offerParam(0, cycle[0] & 127, 5, -(cycle[0]++ & 15));
                    e.render(out, 128);
                }
            };
            cycles.run(); // warm up: JIT, first cycles
            // five windows in a row must allocate nothing; the JIT's one-time charges (a recompilation
            // of the render path, 56 to 1,200 bytes, seen here as 1,040 once in a while) may come late
            // in wall time on a fast graph, so up to 80 windows are run to reach them; code that
            // allocates in every window, or in one of a few, never gets five clean ones in a row
            long[] windows = AllocationMeter.measureWindowsAfterSettling(cycles, 5, 0, 80);
            assertEquals(5, windows.length, "five windows measured");
            assertEquals(0, java.util.Arrays.stream(windows).max().getAsLong(),
                    "bytes allocated by 2000 render cycles, last five windows: " + java.util.Arrays.toString(windows));
            assertEquals(-((cycle[0] - 1) & 15), e.graph().node(0).parameters().get("gain"), "the changes were applied");
        }
    }

    @Test
    void stopReleasesSustainAllNotesAndAllSoundOnEveryChannel() throws Exception {
        Probe probe = new Probe("test.probe", false);
        try (Engine e = new Engine(48000, 128, probe, null, List.of(), List.of(), 0)) {
            e.load(heldNoteWithPedal(), -1);
            e.setPlaying(true);
            e.skip(128 * 20);
            assertTrue(probe.saw(0x90, 60, 100) && probe.saw(0xB0, 64, 127), "the note and the pedal went down");
            e.setPlaying(false);
            e.skip(128 * 2);
            for (int ch = 0; ch < 16; ch++) {
                assertTrue(probe.saw(0xB0 | ch, 64, 0), "sustain off on channel " + (ch + 1));
                assertTrue(probe.saw(0xB0 | ch, 123, 0), "All Notes Off on channel " + (ch + 1));
                assertTrue(probe.saw(0xB0 | ch, 120, 0), "All Sound Off on channel " + (ch + 1));
            }
        }
    }

    @Test
    void playingIsTheHostsTransportEvenWhenSomethingElseStartsOrStopsIt() throws Exception {
        try (Engine e = new Engine(48000, 128, new InstrumentSine(), null, List.of(), List.of(), 0)) {
            e.load(heldNoteWithPedal(), -1);
            e.skip(128);
            assertFalse(e.playing(), "stopped at the start");
            e.setPlaying(true);
            assertTrue(e.playing(), "a start shows at once, before a cycle applies it");
            assertFalse(e.host().transport().isPlaying(), "no cycle has applied the start yet");
            e.skip(128 * 4);
            assertTrue(e.host().transport().isPlaying() && e.playing(), "the host plays");

            e.host().transport().stop(); // as a followed clock's Stop or a node's remote request would
            e.skip(128 * 4);
            assertFalse(e.playing(), "the host stopped without the engine: the engine shows it");
            e.setPlaying(true);
            e.skip(128 * 4);
            assertTrue(e.host().transport().isPlaying(), "play after a stop from elsewhere starts the host again");

            e.setPlaying(false);
            assertFalse(e.playing(), "a stop shows at once");
            e.skip(128 * 4);
            assertFalse(e.host().transport().isPlaying(), "the host stopped");
            e.host().transport().togglePlay(); // started from elsewhere
            e.skip(128 * 4);
            assertTrue(e.playing(), "the host started without the engine: the engine shows it");
            e.setPlaying(false);
            e.skip(128 * 4);
            assertFalse(e.host().transport().isPlaying(), "stop after a start from elsewhere stops the host");
        }
    }

    @Test
    void realTimeStopReturnsOnlyAfterTheReleasesWereRendered() throws Exception {
        // 4096-frame cycles (85 ms): closing the output takes less than a cycle, so only a stop
        // that waits for the rendered frames sees the releases arrive
        Probe probe = new Probe("test.probe", false);
        Engine e = new Engine(48000, 4096, probe, null, List.of(), List.of(), 0);
        e.load(heldNoteWithPedal(), -1);
        AudioOutputNull out = new AudioOutputNull();
        out.open(new AudioOutputConfig(48000, 4096, 2));
        Realtime rt = Realtime.start(e, out, System.err);
        probe.count = 0; // forget what the warm-up sent (it ends with a release too)
        e.startFromTop();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!probe.saw(0x90, 60, 100) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(probe.saw(0x90, 60, 100), "the note played in real time");
        rt.stop(System.err);
        // no waiting here: when stop returns, the cycles that carry the releases have been rendered
        for (int ch = 0; ch < 16; ch++) {
            assertTrue(probe.saw(0xB0 | ch, 64, 0) && probe.saw(0xB0 | ch, 123, 0) && probe.saw(0xB0 | ch, 120, 0),
                    "channel " + (ch + 1) + " released before stop returned");
        }
    }

    @Test
    void aThrowingNodeIsMutedReportedOnceAndTheOthersPlayOn() {
        Probe drums = new Probe("test.bad-drums", true);
        try (Engine e = new Engine(48000, 128, new InstrumentSine(), drums, List.of(), List.of(), 0)) {
            // channel 1 plays all along; the drums (channel 10) fail on their first hit, at 0.5 s
            e.load(Melody.parse("tempo 120; C4/1 E4/1 voice 10 drums: r/4 kick/4"), -1);
            float[][] audio = e.renderOffline(96000);
            List<NodeError> errors = e.pollErrors();
            assertEquals(1, errors.size(), errors.toString());
            assertEquals("test.bad-drums", errors.get(0).nodeId());
            assertEquals(1, errors.get(0).slot());
            assertTrue(errors.get(0).reason().startsWith("threw java.lang.IllegalStateException"), errors.get(0).reason());
            assertTrue(Engine.describe(errors.get(0)).startsWith("midirack: node 2 'test.bad-drums' threw"),
                    Engine.describe(errors.get(0)));
            assertEquals(List.of(), e.pollErrors(), "reported once");
            float late = 0;
            for (int i = 60000; i < 96000; i++) {
                late = Math.max(late, Math.abs(audio[0][i]));
            }
            assertTrue(late > 0.05f, "the instrument plays on after the drums failed: peak " + late);
        }
    }
}
