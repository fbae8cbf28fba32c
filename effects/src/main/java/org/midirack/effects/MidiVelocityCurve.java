package org.midirack.effects;

import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeFactory;
import org.midirack.core.ParamDescriptor;
import java.util.List;

/**
 * Velocity curve: {@code out = round(min + (max - min) * (v / 127)^(4^-curve))}, at least 1.
 * Curve 0 is linear, positive values lift soft notes, negative ones lower them. Notes keep their
 * key, channel and frame. A stereo pass-through MUSIC_EFFECT.
 *
 * <p>Parameters (act on the next note-on): curve (-1..1), min (1..127), max (1..127).
 */
public final class MidiVelocityCurve extends MidiMapperNode {
    /** Stable node id. */
    public static final String ID = "midirack.midi-velocity-curve";
    public static final int P_CURVE = 0;
    public static final int P_MIN = 1;
    public static final int P_MAX = 2;

    static final NodeDescriptor DESCRIPTOR = mapperDescriptor(ID, "MidiVelocityCurve", List.of(
            ParamDescriptor.continuous("curve", "Curve", -1, 1, 0, "exponent 4^-curve"),
            ParamDescriptor.integer("min", "Minimum velocity", 1, 127, 1, "velocity"),
            ParamDescriptor.integer("max", "Maximum velocity", 1, 127, 127, "velocity")));

    /** The factory registered for ServiceLoader. */
    public static final class Factory implements NodeFactory {
        /** @thread any */
        @Override
        public NodeDescriptor descriptor() {
            return DESCRIPTOR;
        }

        /** @thread main */
        @Override
        public MidiVelocityCurve create() {
            return new MidiVelocityCurve();
        }
    }

    /** @thread main */
    public MidiVelocityCurve() {
        super(DESCRIPTOR);
    }

    /** The curve's output for an input velocity 1..127. @thread any */
    public int curve(int velocity) {
        double exp = Math.pow(4, -parameters().get(P_CURVE));
        return apply(velocity, exp, parameters().get(P_MIN), parameters().get(P_MAX));
    }

    private static int apply(int velocity, double exp, double min, double max) {
        long v = Math.round(min + (max - min) * Math.pow(velocity / 127.0, exp));
        return (int) Math.max(1, Math.min(127, v));
    }

    /** @thread render */
    @Override
    protected int map(int channel, int note, int velocity) {
        double exp = Math.pow(4, -parameters().value(P_CURVE));
        mapped[0] = channel << 7 | note;
        mappedVelocity[0] = apply(velocity, exp, parameters().value(P_MIN), parameters().value(P_MAX));
        return 1;
    }
}
