package org.midirack.effects;

import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeFactory;
import org.midirack.core.ParamDescriptor;
import java.util.List;

/**
 * Transpose and scale quantize: each note moves by {@code semitones} and, when quantize is on,
 * then snaps to the nearest note of the key and scale (ties go down). A result outside 0..127
 * is dropped (and so is its note-off). Note-offs release what their note-on produced, whatever
 * the parameters are by then (see {@link MidiMapperNode}). Polyphonic aftertouch passes
 * through untransposed. A stereo pass-through MUSIC_EFFECT.
 *
 * <p>Parameters (act on the next note-on): semitones (-48..48), quantize (off/on), key (C..B),
 * scale (as {@link MidiChord}).
 */
public final class MidiTranspose extends MidiMapperNode {
    /** Stable node id. */
    public static final String ID = "midirack.midi-transpose";
    public static final int P_SEMITONES = 0;
    public static final int P_QUANTIZE = 1;
    public static final int P_KEY = 2;
    public static final int P_SCALE = 3;

    static final NodeDescriptor DESCRIPTOR = mapperDescriptor(ID, "MidiTranspose", List.of(
            ParamDescriptor.integer("semitones", "Transpose", -48, 48, 0, "semitones"),
            ParamDescriptor.toggle("quantize", "Scale quantize", false),
            ParamDescriptor.choice("key", "Key", 0, Scales.KEYS),
            ParamDescriptor.choice("scale", "Scale", 0, Scales.NAMES)));

    /** The factory registered for ServiceLoader. */
    public static final class Factory implements NodeFactory {
        /** @thread any */
        @Override
        public NodeDescriptor descriptor() {
            return DESCRIPTOR;
        }

        /** @thread main */
        @Override
        public MidiTranspose create() {
            return new MidiTranspose();
        }
    }

    /** @thread main */
    public MidiTranspose() {
        super(DESCRIPTOR);
    }

    /** @thread render */
    @Override
    protected int map(int channel, int note, int velocity) {
        int n = note + (int) parameters().value(P_SEMITONES);
        if (parameters().value(P_QUANTIZE) >= 0.5) {
            n = Scales.quantize(n, (int) parameters().value(P_KEY), (int) parameters().value(P_SCALE));
        }
        if (n < 0 || n > 127) {
            return 0;
        }
        mapped[0] = channel << 7 | n;
        mappedVelocity[0] = velocity;
        return 1;
    }
}
