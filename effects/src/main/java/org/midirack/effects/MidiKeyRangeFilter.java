package org.midirack.effects;

import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeFactory;
import org.midirack.core.ParamDescriptor;
import java.util.List;

/**
 * Key and velocity range filter: passes notes with lowKey <= key <= highKey and lowVelocity <=
 * velocity <= highVelocity (bounds included), drops the others together with their note-offs.
 * A note let through keeps its note-off even if the range changes while it is held. Everything
 * that is not a note passes. A stereo pass-through MUSIC_EFFECT.
 *
 * <p>Parameters (act on the next note-on): lowKey, highKey (0..127), lowVelocity, highVelocity
 * (1..127).
 */
public final class MidiKeyRangeFilter extends MidiMapperNode {
    /** Stable node id. */
    public static final String ID = "midirack.midi-key-range-filter";
    public static final int P_LOW_KEY = 0;
    public static final int P_HIGH_KEY = 1;
    public static final int P_LOW_VELOCITY = 2;
    public static final int P_HIGH_VELOCITY = 3;

    static final NodeDescriptor DESCRIPTOR = mapperDescriptor(ID, "MidiKeyRangeFilter", List.of(
            ParamDescriptor.integer("lowKey", "Lowest key", 0, 127, 0, "key"),
            ParamDescriptor.integer("highKey", "Highest key", 0, 127, 127, "key"),
            ParamDescriptor.integer("lowVelocity", "Lowest velocity", 1, 127, 1, "velocity"),
            ParamDescriptor.integer("highVelocity", "Highest velocity", 1, 127, 127, "velocity")));

    /** The factory registered for ServiceLoader. */
    public static final class Factory implements NodeFactory {
        /** @thread any */
        @Override
        public NodeDescriptor descriptor() {
            return DESCRIPTOR;
        }

        /** @thread main */
        @Override
        public MidiKeyRangeFilter create() {
            return new MidiKeyRangeFilter();
        }
    }

    /** @thread main */
    public MidiKeyRangeFilter() {
        super(DESCRIPTOR);
    }

    /** @thread render */
    @Override
    protected int map(int channel, int note, int velocity) {
        if (note < parameters().value(P_LOW_KEY) || note > parameters().value(P_HIGH_KEY)
                || velocity < parameters().value(P_LOW_VELOCITY) || velocity > parameters().value(P_HIGH_VELOCITY)) {
            return 0;
        }
        mapped[0] = channel << 7 | note;
        mappedVelocity[0] = velocity;
        return 1;
    }
}
