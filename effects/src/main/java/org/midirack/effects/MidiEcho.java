package org.midirack.effects;

import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeFactory;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.ProcessContext;
import org.midirack.core.Transport;
import org.midirack.core.sync.HostSync;
import java.util.List;

/**
 * MIDI echo: every note is passed through and repeated {@code repeats} times, the k-th repeat
 * {@code round(k * time * framesPerBeat)} frames after the original, with velocity
 * {@code round(velocity * decay^k)} and pitch {@code note + k * pitch}. Repeats whose velocity
 * rounds below 1 or whose pitch leaves 0..127 are not played. Each repeat lasts as long as the
 * original was held: its note-off comes the same number of frames after the original's
 * note-off. A stereo pass-through MUSIC_EFFECT (see {@link MidiProcessorNode}).
 *
 * <p>The repeat spacing uses the host tempo of the cycle in which the note starts (120 BPM
 * without host sync); the settings a note started with also place its note-offs, so changing
 * parameters while keys are held never strands a note. A retriggered key (note-on while held)
 * ends the previous note first. Repeats are queued only while room for their note-offs is
 * reserved, so a full queue drops repeats, never their note-offs. All Notes Off releases
 * everything emitted and drops pending repeats. Echoes keep running when the transport stops.
 *
 * <p>Parameters: time (note value 1/1..1/32T, default 1/8; acts on notes started after the
 * change), repeats (1..16), decay (velocity factor per repeat, 0..1), pitch (semitones per
 * repeat, -24..24). None is smoothed: each applies to the next note-on.
 */
public final class MidiEcho extends MidiProcessorNode {
    /** Stable node id. */
    public static final String ID = "midirack.midi-echo";
    public static final int P_TIME = 0;
    public static final int P_REPEATS = 1;
    public static final int P_DECAY = 2;
    public static final int P_PITCH = 3;

    static final NodeDescriptor DESCRIPTOR = processorDescriptor(ID, "MidiEcho", List.of(
            NoteValues.choice("time", "Time", 0, NoteValues.LAST, "1/8"),
            ParamDescriptor.integer("repeats", "Repeats", 1, 16, 3, "repeats"),
            ParamDescriptor.continuous("decay", "Velocity decay", 0, 1, 0.7, "factor per repeat"),
            ParamDescriptor.integer("pitch", "Pitch shift", -24, 24, 0, "semitones per repeat")));

    /** The factory registered for ServiceLoader. */
    public static final class Factory implements NodeFactory {
        /** @thread any */
        @Override
        public NodeDescriptor descriptor() {
            return DESCRIPTOR;
        }

        /** @thread main */
        @Override
        public MidiEcho create() {
            return new MidiEcho();
        }
    }

    private final boolean[] held = new boolean[16 * 128];
    private final int[] mask = new int[16 * 128];
    private final int[] shift = new int[16 * 128];
    private final double[] spacing = new double[16 * 128];
    private int reserved;

    /** @thread main */
    public MidiEcho() {
        super(DESCRIPTOR);
    }

    /** @thread render */
    @Override
    protected void clearProcessor() {
        java.util.Arrays.fill(held, false);
        reserved = 0;
    }

    /** @thread render */
    @Override
    protected void allNotesOff(ProcessContext ctx, int frame) {
        clearProcessor();
    }

    /** @thread render */
    @Override
    protected void noteOn(ProcessContext ctx, int frame, int channel, int note, int velocity) {
        int key = channel << 7 | note;
        if (held[key]) {
            noteOff(ctx, frame, channel, note);
        }
        if (!ledger.on(ctx.midiOut(), frame, channel, note, velocity)) {
            return;
        }
        Transport t = ctx.transport();
        double tempo = t.available() && t.tempo() > 0 ? t.tempo() : 120;
        double d = NoteValues.beats((int) parameters().value(P_TIME)) * HostSync.framesPerBeat(tempo, sampleRate());
        int repeats = (int) parameters().value(P_REPEATS);
        double decay = parameters().value(P_DECAY);
        int sh = (int) parameters().value(P_PITCH);
        long start = cycleStart + frame;
        int m = 0;
        double v = velocity;
        for (int k = 1; k <= repeats; k++) {
            v *= decay;
            int vel = (int) Math.round(v);
            int p = note + k * sh;
            if (vel < 1 || p < 0 || p > 127) {
                continue;
            }
            if (queue.free() < reserved + 2) {
                break;
            }
            queue.add(start + Math.round(k * d), (0x90 | channel) << 16 | p << 8 | Math.min(127, vel));
            reserved++;
            m |= 1 << k;
        }
        held[key] = true;
        mask[key] = m;
        shift[key] = sh;
        spacing[key] = d;
    }

    /** @thread render */
    @Override
    protected void noteOff(ProcessContext ctx, int frame, int channel, int note) {
        int key = channel << 7 | note;
        ledger.off(ctx.midiOut(), frame, channel, note);
        if (!held[key]) {
            return;
        }
        held[key] = false;
        long end = cycleStart + frame;
        int m = mask[key];
        for (int k = 1; m >>> k != 0; k++) {
            if ((m & 1 << k) != 0) {
                int p = note + k * shift[key];
                queue.add(end + Math.round(k * spacing[key]), (0x80 | channel) << 16 | p << 8);
                reserved--;
            }
        }
    }
}
