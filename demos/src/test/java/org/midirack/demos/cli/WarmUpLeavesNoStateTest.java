package org.midirack.demos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

import org.junit.jupiter.api.Test;
import org.midirack.core.Node;
import org.midirack.effects.DelayTempoSync;
import org.midirack.effects.MidiArpeggiator;
import org.midirack.effects.MidiEcho;
import org.midirack.effects.NoteValues;
import org.midirack.instruments.InstrumentDrumMachine;
import org.midirack.instruments.InstrumentGervill;
import org.midirack.instruments.InstrumentSine;

/**
 * Real-time {@code play} warms the engine's render path up by playing chords through the graph
 * ({@link Engine#warmUp}) before the device starts. What the user then hears must be exactly what
 * a fresh engine (same graph, never warmed) renders: no reverb or chorus tail of the warm-up chords,
 * no echo in a delay line, no program, controller or send the warm-up's song changed.
 *
 * <p>The expected audio is an independent render: new nodes in a new engine, never warmed, rendering
 * the same song offline. The warmed engine's first frames (stopped, then the song) are compared
 * with it sample for sample.
 */
class WarmUpLeavesNoStateTest {
    private static final double RATE = 48000;
    private static final int BLOCK = 256;
    /** Frames compared: 2 s, long enough for the delay's echoes and Gervill's reverb to sound. */
    private static final int FRAMES = 96_000;

    /**
     * A song that drives everything warm-up could leave behind: a program change, full reverb and
     * chorus sends, then half-way a volume, send and tempo change (so warm-up, which plays the song,
     * ends with other values than the song starts with), chords on channel 1, drums on channel 10.
     */
    private static Sequence song() throws Exception {
        Sequence s = new Sequence(Sequence.PPQ, Engine.PPQ);
        Track t = s.createTrack();
        t.add(cc(0, 91, 127, 0));
        t.add(cc(0, 93, 127, 0));
        t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 0, 0), 0));
        for (int bar = 0; bar < 8; bar++) {
            long tick = bar * 4L * Engine.PPQ;
            for (int k : new int[] {60, 64, 67}) {
                t.add(note(ShortMessage.NOTE_ON, 0, k + (bar % 2) * 2, 100, tick));
                t.add(note(ShortMessage.NOTE_OFF, 0, k + (bar % 2) * 2, 0, tick + Engine.PPQ));
            }
            for (int beat = 0; beat < 4; beat++) {
                long bt = tick + beat * Engine.PPQ;
                t.add(note(ShortMessage.NOTE_ON, 9, beat % 2 == 0 ? 36 : 38, 110, bt));
                t.add(note(ShortMessage.NOTE_OFF, 9, beat % 2 == 0 ? 36 : 38, 0, bt + Engine.PPQ / 4));
            }
        }
        long half = 4L * 4 * Engine.PPQ;
        t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 48, 0), half));
        t.add(cc(0, 7, 60, half));
        t.add(cc(0, 91, 20, half));
        int usPerQuarter = 400_000; // 150 BPM from half-way: the delay's time and the drums' tempo change
        t.add(new MidiEvent(new MetaMessage(0x51, new byte[] {(byte) (usPerQuarter >> 16),
                (byte) (usPerQuarter >> 8), (byte) usPerQuarter}, 3), half));
        return s;
    }

    private static MidiEvent cc(int ch, int cc, int value, long tick) throws Exception {
        return new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, ch, cc, value), tick);
    }

    private static MidiEvent note(int cmd, int ch, int key, int vel, long tick) throws Exception {
        return new MidiEvent(new ShortMessage(cmd, ch, key, vel), tick);
    }

    /**
     * The graph under test, built anew each time: Gervill (reverb and chorus on) or the sine instrument with
     * two MIDI effects on channel 1, the drum machine on channel 10, a delay with long feedback.
     */
    private static Engine newEngine(boolean sine) {
        Node instrument = sine ? new InstrumentSine() : new InstrumentGervill();
        DelayTempoSync delay = new DelayTempoSync();
        delay.parameters().set(DelayTempoSync.P_FEEDBACK, 0.8);
        delay.parameters().set(DelayTempoSync.P_MIX, 0.5);
        // 2000 frames at 120 BPM, 1600 at 150: shorter than its 50 ms glide, so a glide from the warm-up's
        // tempo would be heard in the first echoes
        delay.parameters().set(DelayTempoSync.P_TIME, NoteValues.indexOf("1/32T"));
        // the sine graph also runs the song's channel 1 through MIDI effects that keep state (an arpeggiator, echoes)
        List<Node> midiFx = sine ? List.of(new MidiArpeggiator(), new MidiEcho()) : List.of();
        return new Engine(RATE, BLOCK, instrument, new InstrumentDrumMachine(), midiFx, List.of(delay), 0x0001);
    }

    /** Renders {@code stopped} (when not null) with the transport stopped, then the song from its start. */
    private static float[][] render(Engine e, float[][] stopped) {
        if (stopped != null) {
            e.render(stopped, stopped[0].length);
        }
        return e.renderOffline(FRAMES);
    }

    @Test
    void playAfterWarmUpIsSampleForSampleAFreshEnginesRender() throws Exception {
        checkWarmUpLeavesNothing(false);
    }

    @Test
    void sineGraphAfterWarmUpIsSampleForSampleAFreshEnginesRender() throws Exception {
        checkWarmUpLeavesNothing(true);
    }

    private static void checkWarmUpLeavesNothing(boolean sine) throws Exception {
        Sequence song = song();
        float[][] expected;
        try (Engine fresh = newEngine(sine)) {
            fresh.load(song, -1);
            // a fresh engine renders one frame before its first start (to learn the latency); the warmed one
            // renders that frame stopped below, so both place the song on the same frames of their nodes
            expected = render(fresh, null);
        }
        assertTrue(peak(expected) > 0.05, "the fresh render sounds (peak " + peak(expected) + ")");
        float[][] stopped = new float[2][1];
        float[][] actual;
        try (Engine warmed = newEngine(sine)) {
            warmed.load(song, -1);
            warmed.warmUp(2500, 60_000); // 13 s of song and chords: past the half-way changes (8 s)
            actual = render(warmed, stopped);
        }
        assertEquals(0f, stopped[0][0], "the stopped frame after warm-up is silent (left)");
        assertEquals(0f, stopped[1][0], "the stopped frame after warm-up is silent (right)");
        for (int ch = 0; ch < 2; ch++) {
            for (int i = 0; i < FRAMES; i++) {
                if (Float.floatToRawIntBits(expected[ch][i]) != Float.floatToRawIntBits(actual[ch][i])
                        && !(expected[ch][i] == 0 && actual[ch][i] == 0)) {
                    fail("channel " + ch + " frame " + i + " after warm-up: " + actual[ch][i] + ", a fresh engine: "
                            + expected[ch][i] + " (peak difference " + peakDifference(expected, actual) + ")");
                }
            }
        }
    }

    private static double peak(float[][] a) {
        double p = 0;
        for (float[] c : a) {
            for (float v : c) {
                p = Math.max(p, Math.abs(v));
            }
        }
        return p;
    }

    private static double peakDifference(float[][] a, float[][] b) {
        double p = 0;
        for (int c = 0; c < a.length; c++) {
            for (int i = 0; i < a[c].length; i++) {
                p = Math.max(p, Math.abs(a[c][i] - b[c][i]));
            }
        }
        return p;
    }
}
