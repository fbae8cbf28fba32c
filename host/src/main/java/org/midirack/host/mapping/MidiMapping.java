package org.midirack.host.mapping;

import java.util.Locale;

/**
 * One MIDI mapping: a {@link MidiMappingSource} drives one parameter of one node. Immutable; it
 * names its target the way the host addresses it (a node number: {@link org.midirack.host.Host}'s
 * slot, or the demo rack's node index) and the parameter by its {@code ParamDescriptor} id. It is
 * checked against the real node when it is put into a {@link MidiMappingTable}.
 *
 * <p>Sweep: the source's travel (0..127, or 0..16383 for pitch bend) covers the parameter's whole
 * range by default, or {@code [low, high]} inside it; {@code inverted} runs it from high to low.
 * Stepped and choice parameters divide the travel into equal parts, one per reachable step.
 *
 * <p>Consumption: by default a mapped event is consumed (the controller now belongs to the
 * parameter; a pitch wheel mapped to a filter no longer bends notes). With {@code passThrough}
 * it also goes on to the node as before.
 *
 * @param source what drives it
 * @param node the target node's number, 0 or more
 * @param param the target parameter's id
 * @param low lower end of the swept range, or NaN for the parameter's whole range
 * @param high upper end of the swept range, or NaN for the parameter's whole range
 * @param inverted true to sweep from {@code high} down to {@code low}
 * @param passThrough true to pass the event on as well
 */
public record MidiMapping(MidiMappingSource source, int node, String param, double low, double high,
                          boolean inverted, boolean passThrough) {

    /**
     * @thread any
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public MidiMapping {
        if (source == null) {
            throw new IllegalArgumentException("mapping needs a source");
        }
        if (node < 0) {
            throw new IllegalArgumentException("mapping target node " + node + " is not 0 or more");
        }
        if (param == null || param.isBlank()) {
            throw new IllegalArgumentException("mapping needs a parameter id");
        }
        boolean full = Double.isNaN(low) && Double.isNaN(high);
        if (!full && !(Double.isFinite(low) && Double.isFinite(high) && low < high)) {
            throw new IllegalArgumentException("mapping range " + low + ".." + high
                    + " must be two finite numbers with low < high (invert with inverted), or NaN..NaN for the whole range");
        }
    }

    /** A mapping over the parameter's whole range, consuming the event. @thread any */
    public static MidiMapping of(MidiMappingSource source, int node, String param) {
        return new MidiMapping(source, node, param, Double.NaN, Double.NaN, false, false);
    }

    /** True when it sweeps the parameter's whole range. @thread any */
    public boolean fullRange() {
        return Double.isNaN(low);
    }

    /** The same mapping over {@code [low, high]}. @thread any */
    public MidiMapping withRange(double lo, double hi) {
        return new MidiMapping(source, node, param, lo, hi, inverted, passThrough);
    }

    /** The same mapping over the parameter's whole range. @thread any */
    public MidiMapping withFullRange() {
        return new MidiMapping(source, node, param, Double.NaN, Double.NaN, inverted, passThrough);
    }

    /** The same mapping, inverted or not. @thread any */
    public MidiMapping withInverted(boolean on) {
        return new MidiMapping(source, node, param, low, high, on, passThrough);
    }

    /** The same mapping, passing the event on or consuming it. @thread any */
    public MidiMapping withPassThrough(boolean on) {
        return new MidiMapping(source, node, param, low, high, inverted, on);
    }

    /** The same mapping driven by another source. @thread any */
    public MidiMapping withSource(MidiMappingSource s) {
        return new MidiMapping(s, node, param, low, high, inverted, passThrough);
    }

    /** True when both drive the same parameter of the same node. @thread any */
    public boolean sameTarget(MidiMapping other) {
        return node == other.node && param.equals(other.param);
    }

    /** E.g. {@code cc 74 ch 1 -> node 0 cutoff 200..8000 inverted, passed on}. @thread any */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(source).append(" -> node ").append(node).append(' ').append(param);
        if (!fullRange()) {
            sb.append(' ').append(number(low)).append("..").append(number(high));
        }
        if (inverted) {
            sb.append(" inverted");
        }
        if (passThrough) {
            sb.append(", passed on");
        }
        return sb.toString();
    }

    /** A number as short as it reads back exactly: 200 rather than 200.0. @thread any */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v).toLowerCase(Locale.ROOT);
    }
}
