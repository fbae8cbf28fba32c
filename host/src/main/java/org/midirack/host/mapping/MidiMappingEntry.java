package org.midirack.host.mapping;

import org.midirack.core.ParamDescriptor;
import java.util.List;

/**
 * A mapping checked against its node and compiled for the input path: the parameter's index and
 * descriptor, the swept range snapped onto the parameter's steps, and the source as plain ints.
 * Immutable; {@link #value} and {@link #matches} allocate nothing.
 */
final class MidiMappingEntry {
    static final int CC = MidiMappingSource.Kind.CC.ordinal();
    static final int BEND = MidiMappingSource.Kind.BEND.ordinal();
    static final int CHANNEL_PRESSURE = MidiMappingSource.Kind.CHANNEL_PRESSURE.ordinal();
    static final int POLY_PRESSURE = MidiMappingSource.Kind.POLY_PRESSURE.ordinal();

    final MidiMapping mapping;
    final int kind;
    final int channel;
    final int number;
    final int node;
    final int paramIndex;
    final ParamDescriptor descriptor;
    final double low;
    final double high;
    /** Steps inside [low, high] for a stepped parameter, 0 for a continuous one. */
    final int steps;
    final double stepSize;
    final boolean inverted;
    final boolean passThrough;

    private MidiMappingEntry(MidiMapping m, int paramIndex, ParamDescriptor d, double low, double high, int steps) {
        this.mapping = m;
        this.kind = m.source().kind().ordinal();
        this.channel = m.source().channel();
        this.number = m.source().number();
        this.node = m.node();
        this.paramIndex = paramIndex;
        this.descriptor = d;
        this.low = low;
        this.high = high;
        this.steps = steps;
        this.stepSize = d.steps() > 0 ? (d.max() - d.min()) / d.steps() : 0;
        this.inverted = m.inverted();
        this.passThrough = m.passThrough();
    }

    /**
     * Checks a mapping against the node it names and compiles it; errors start with {@code what}.
     * @throws IllegalArgumentException naming what is wrong: no such node, no such parameter, a
     *     parameter that cannot be automated, a range outside the parameter's or empty after
     *     snapping to its steps
     */
    static MidiMappingEntry resolve(MidiMapping m, MidiMappingResolver resolver, String what) {
        List<ParamDescriptor> params = resolver.params(m.node());
        if (params == null) {
            throw new IllegalArgumentException(what + ": there is no node " + m.node());
        }
        int index = -1;
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).id().equals(m.param())) {
                index = i;
            }
        }
        if (index < 0) {
            StringBuilder ids = new StringBuilder();
            for (ParamDescriptor p : params) {
                ids.append(ids.length() == 0 ? "" : ", ").append(p.id());
            }
            throw new IllegalArgumentException(what + ": node " + m.node() + " has no parameter '" + m.param()
                    + "' (it has: " + (ids.length() == 0 ? "none" : ids) + ")");
        }
        ParamDescriptor d = params.get(index);
        if (!d.automatable()) {
            throw new IllegalArgumentException(what + ": parameter '" + d.id() + "' of node " + m.node()
                    + " cannot be automated, so it cannot be mapped");
        }
        double lo = d.min();
        double hi = d.max();
        if (!m.fullRange()) {
            if (m.low() < d.min() || m.high() > d.max()) {
                throw new IllegalArgumentException(what + ": range " + MidiMapping.number(m.low()) + ".."
                        + MidiMapping.number(m.high()) + " is outside parameter '" + d.id() + "' ("
                        + MidiMapping.number(d.min()) + ".." + MidiMapping.number(d.max())
                        + (d.unit().isEmpty() ? "" : " " + d.unit()) + ")");
            }
            lo = d.clamp(m.low());
            hi = d.clamp(m.high());
            if (!(lo < hi)) {
                throw new IllegalArgumentException(what + ": range " + MidiMapping.number(m.low()) + ".."
                        + MidiMapping.number(m.high()) + " holds a single step of parameter '" + d.id() + "'");
            }
        }
        int steps = 0;
        if (d.steps() > 0) {
            steps = (int) Math.round((hi - lo) / ((d.max() - d.min()) / d.steps()));
        }
        return new MidiMappingEntry(m, index, d, lo, hi, steps);
    }

    /** The same target and settings driven by another source (learning). */
    MidiMappingEntry withSource(MidiMappingSource s) {
        return new MidiMappingEntry(mapping.withSource(s), paramIndex, descriptor, low, high, steps);
    }

    /**
     * The source kind of a short message (a {@link MidiMappingSource.Kind} ordinal), or -1 when it
     * cannot drive a mapping (notes, program change, channel mode CCs, system messages).
     * @thread any (render-thread safe)
     */
    static int kindOf(int status, int data1) {
        switch (status & 0xF0) {
            case 0xB0:
                return (data1 & 0x7F) < MidiMappingSource.FIRST_CHANNEL_MODE_CC ? CC : -1;
            case 0xE0:
                return BEND;
            case 0xD0:
                return CHANNEL_PRESSURE;
            case 0xA0:
                return POLY_PRESSURE;
            default:
                return -1;
        }
    }

    /** The raw value a message carries for its kind: 0..127, or 0..16383 for pitch bend. */
    static int rawValue(int kind, int data1, int data2) {
        if (kind == BEND) {
            return (data1 & 0x7F) | (data2 & 0x7F) << 7;
        }
        return kind == CHANNEL_PRESSURE ? data1 & 0x7F : data2 & 0x7F;
    }

    /**
     * A raw value as 0..1: 7-bit values over 127; pitch bend piecewise so that 0 gives 0, the
     * centre 8192 exactly 0.5 and 16383 gives 1.
     */
    static double normalized(int kind, int raw) {
        if (kind == BEND) {
            return raw <= 8192 ? raw / 16384.0 : 0.5 + (raw - 8192) / 16382.0;
        }
        return raw / 127.0;
    }

    boolean matches(int k, int ch, int data1) {
        return k == kind && (channel < 0 || channel == ch) && (number < 0 || number == (data1 & 0x7F));
    }

    /**
     * The parameter value for a source position 0..1: linear over [low, high] (reversed when
     * inverted), or for a stepped parameter the step whose equal share of the travel holds it.
     * @thread any (render-thread safe)
     */
    double value(double normalized) {
        double n = inverted ? 1 - normalized : normalized;
        double v;
        if (steps > 0) {
            int k = (int) (n * (steps + 1));
            if (k > steps) {
                k = steps;
            }
            v = low + k * stepSize;
        } else {
            v = low + (high - low) * n;
        }
        return descriptor.clamp(v);
    }
}
