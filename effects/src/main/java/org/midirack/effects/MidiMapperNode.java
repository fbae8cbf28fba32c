package org.midirack.effects;

import org.midirack.core.NodeDescriptor;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.ProcessContext;
import java.util.List;

/**
 * Base of the MIDI processors that turn each input note into zero or more output notes at the
 * same frame (chord, transpose, velocity curve, key range filter, channel router). What a note
 * was mapped to is recorded per input channel and key when its note-on is handled, and its
 * note-off releases exactly those outputs, so parameter changes while keys are held never
 * strand a note; a note-on for a key that is already held first releases the previous mapping.
 * Other messages pass through ({@link #otherMidi} may change that).
 */
public abstract class MidiMapperNode extends MidiProcessorNode {
    /** Most output notes per input note. */
    public static final int MAX_OUT = 8;

    private final int[] outCount = new int[16 * 128];
    private final short[] outs = new short[16 * 128 * MAX_OUT];
    /** Scratch for {@link #map}: output channel << 7 | note. */
    protected final int[] mapped = new int[MAX_OUT];
    /** Scratch for {@link #map}: output velocities. */
    protected final int[] mappedVelocity = new int[MAX_OUT];

    /** @thread main */
    protected MidiMapperNode(NodeDescriptor descriptor) {
        super(descriptor);
    }

    /** @thread main */
    protected static NodeDescriptor mapperDescriptor(String id, String name, List<ParamDescriptor> params) {
        return processorDescriptor(id, name, params);
    }

    /**
     * Maps one note-on into {@link #mapped} / {@link #mappedVelocity}; returns how many outputs
     * (0..MAX_OUT). Velocities must be 1..127, notes 0..127.
     * @thread render
     */
    protected abstract int map(int channel, int note, int velocity);

    /** @thread render */
    @Override
    protected final void noteOn(ProcessContext ctx, int frame, int channel, int note, int velocity) {
        int key = channel << 7 | note;
        if (outCount[key] > 0) {
            noteOff(ctx, frame, channel, note);
        }
        int n = Math.min(MAX_OUT, map(channel, note, velocity));
        int c = 0;
        for (int i = 0; i < n; i++) {
            int o = mapped[i];
            if (ledger.on(ctx.midiOut(), frame, o >> 7 & 15, o & 127, mappedVelocity[i])) {
                outs[key * MAX_OUT + c++] = (short) o;
            }
        }
        outCount[key] = c;
    }

    /** @thread render */
    @Override
    protected final void noteOff(ProcessContext ctx, int frame, int channel, int note) {
        int key = channel << 7 | note;
        int n = outCount[key];
        for (int i = 0; i < n; i++) {
            int o = outs[key * MAX_OUT + i];
            ledger.off(ctx.midiOut(), frame, o >> 7 & 15, o & 127);
        }
        outCount[key] = 0;
    }

    /** @thread render */
    @Override
    protected final void allNotesOff(ProcessContext ctx, int frame) {
        clearProcessor();
    }

    /** @thread render */
    @Override
    protected final void clearProcessor() {
        java.util.Arrays.fill(outCount, 0);
    }
}
