package org.midirack.host;

import org.midirack.core.AbstractNode;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.midirack.host.seq.SequencePlayer;
import org.midirack.host.seq.TempoMap;

/** The host's loop region through Host + SequenceSource: every note on its frame on every pass. */
class HostLoopTest {
    /** Records the absolute frame of every note-on it gets. */
    static final class NoteOnFrames extends TestNodes.Stub {
        final long[] frames = new long[256];
        final int latency;
        int count;

        NoteOnFrames(int latency) {
            super(TestNodes.desc("rec", NodeKind.INSTRUMENT, new int[0], new int[] {1}, false));
            this.latency = latency;
        }

        @Override
        public int latencyFrames() {
            return latency;
        }

        @Override
        protected void onMidi(ProcessContext ctx, int frame, int status, int d1, int d2) {
            if ((status & 0xF0) == 0x90 && d2 > 0 && count < frames.length) {
                frames[count++] = ctx.transport().samplePosition() + frame;
            }
        }
    }

    private static SequencePlayer eighthNotes() throws Exception {
        // 8 eighth notes: PPQ 480, note k on at tick 240 k, off 120 ticks later
        Sequence seq = new Sequence(Sequence.PPQ, 480);
        Track t = seq.createTrack();
        for (int k = 0; k < 8; k++) {
            t.add(new MidiEvent(new ShortMessage(0x90, 0, 60 + k, 100), 240L * k));
            t.add(new MidiEvent(new ShortMessage(0x80, 0, 60 + k, 0), 240L * k + 120));
        }
        return new SequencePlayer(seq, new TempoMap(seq, 48_000));
    }

    /**
     * Plays the eight eighth notes under a loop 0-3.99 beats for three passes and returns the
     * absolute frames where the node got each note-on.
     */
    private static long[] noteOnFrames(int cycle, int latency, double fromBeat, int frames) throws Exception {
        return noteOnFrames(cycle, latency, fromBeat, 3.99, frames);
    }

    private static long[] noteOnFrames(int cycle, int latency, double fromBeat, double loopEnd, int frames)
            throws Exception {
        Host h = new Host(new HostConfig().fadeFrames(0));
        NoteOnFrames rec = new NoteOnFrames(latency);
        int s = h.add(rec);
        h.connectAudio(s, 0, Host.BOUNDARY, 0);
        h.addEventSource(new SequenceSource(eighthNotes(), s));
        h.activate(48_000, Math.max(cycle, 128));
        h.transport().setLoop(true, 0, loopEnd);
        h.transport().playFrom(fromBeat);
        h.renderOffline(frames, cycle);
        return java.util.Arrays.copyOf(rec.frames, rec.count);
    }

    // 120 BPM at 48 kHz: 24,000 frames a beat, an eighth is 12,000 frames, and a pass of 3.99 beats
    // is 95,760 frames: the loop end falls inside a cycle of 128 (748.125 cycles a pass) and of 1000
    // (95.76); 95,760 = 7 x 13,680, so with 7 it falls on a cycle boundary, which must work too
    private static final long PASS = 95_760;
    private static final long EIGHTH = 12_000;

    @ParameterizedTest(name = "cycles of {0} frames")
    @ValueSource(ints = {128, 1000, 7})
    void aLoopEndingOffTheCycleGridPlaysEveryNoteOnItsFrameOnEveryPass(int cycle) throws Exception {
        List<Long> expected = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            for (int k = 0; k < 8; k++) {
                expected.add(p * PASS + k * EIGHTH);
            }
        }
        long[] got = noteOnFrames(cycle, 0, 0, (int) (3 * PASS));
        assertArrayEquals(expected.stream().mapToLong(Long::longValue).toArray(), got, "note-on frames, pass by pass");
    }

    @ParameterizedTest(name = "cycles of {0} frames")
    @ValueSource(ints = {128, 1000, 7})
    void aLatentNodeGetsEveryPassEarlyByItsLatencySoTheOutputStaysOnTheFrame(int cycle) throws Exception {
        // a one-beat count-in (24,000 frames) covers the latency; pass p starts at 24,000 + p x PASS
        int latency = 300;
        List<Long> expected = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            for (int k = 0; k < 8; k++) {
                expected.add(24_000 + p * PASS + k * EIGHTH - latency);
            }
        }
        long[] got = noteOnFrames(cycle, latency, -1, (int) (24_000 + 3 * PASS - latency));
        assertArrayEquals(expected.stream().mapToLong(Long::longValue).toArray(), got, "note-on frames, pass by pass");
    }

    @ParameterizedTest(name = "cycles of {0} frames")
    @ValueSource(ints = {128, 1000, 7})
    void aLoopEndingBetweenTwoFramesPlaysEachNoteOnTheFirstFrameAtOrAfterItsTime(int cycle) throws Exception {
        // 3.9999 beats = 95,997.6 frames: pass p starts at 95,997.6 p, between two frames; a note is
        // due on the first frame at or after its exact time: ceil(95,997.6 p) + 12,000 k
        long[] passStart = {0, 95_998, 191_996};
        List<Long> expected = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            for (int k = 0; k < 8; k++) {
                expected.add(passStart[p] + k * EIGHTH);
            }
        }
        long[] got = noteOnFrames(cycle, 0, 0, 3.9999, 287_993);
        assertArrayEquals(expected.stream().mapToLong(Long::longValue).toArray(), got, "note-on frames, pass by pass");
    }
}
