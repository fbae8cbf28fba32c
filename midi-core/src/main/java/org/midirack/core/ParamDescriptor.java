package org.midirack.core;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One parameter of a node type: stable id, name, range, default, unit, steps or named choices,
 * whether the host may automate it, and how long a change is smoothed (0: acts at once).
 * Immutable. A choice parameter's value is the choice's index (0..choices-1).
 *
 * @param id stable id used in saved state and automation (e.g. "cutoff")
 * @param steps 0 for continuous, else the number of steps between min and max
 * @param smoothingMs time a change is ramped over to avoid clicks; 0 when it applies at once
 */
public record ParamDescriptor(String id, String name, double min, double max, double defaultValue,
                              String unit, int steps, List<String> choices, boolean automatable,
                              double smoothingMs) {
    private static final Pattern ID = Pattern.compile("[a-zA-Z][a-zA-Z0-9_.-]*");

    /**
     * @thread any
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public ParamDescriptor {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("parameter id '" + id + "' must start with a letter and use letters, digits, '.', '_' or '-'");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        choices = List.copyOf(choices);
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException("parameter '" + id + "': range [" + min + ", " + max + "] must be finite with min < max");
        }
        if (!(defaultValue >= min && defaultValue <= max)) {
            throw new IllegalArgumentException("parameter '" + id + "': default " + defaultValue + " outside [" + min + ", " + max + "]");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("parameter '" + id + "': steps " + steps + " < 0");
        }
        if (!choices.isEmpty() && (steps != choices.size() - 1 || min != 0 || max != choices.size() - 1)) {
            throw new IllegalArgumentException("parameter '" + id + "': " + choices.size() + " choices need range 0.." + (choices.size() - 1) + " and steps " + (choices.size() - 1));
        }
        if (!(smoothingMs >= 0 && smoothingMs <= 10_000)) {
            throw new IllegalArgumentException("parameter '" + id + "': smoothing " + smoothingMs + " ms not in 0..10000");
        }
    }

    /** A continuous, automatable parameter that applies at once. @thread any */
    public static ParamDescriptor continuous(String id, String name, double min, double max, double def, String unit) {
        return new ParamDescriptor(id, name, min, max, def, unit, 0, List.of(), true, 0);
    }

    /** An integer parameter (steps = max - min). @thread any */
    public static ParamDescriptor integer(String id, String name, int min, int max, int def, String unit) {
        return new ParamDescriptor(id, name, min, max, def, unit, max - min, List.of(), true, 0);
    }

    /** A parameter with named choices; the value is the choice index. @thread any */
    public static ParamDescriptor choice(String id, String name, int def, String... choices) {
        return new ParamDescriptor(id, name, 0, choices.length - 1, def, "", choices.length - 1, List.of(choices), true, 0);
    }

    /** An on/off parameter (0 or 1). @thread any */
    public static ParamDescriptor toggle(String id, String name, boolean def) {
        return new ParamDescriptor(id, name, 0, 1, def ? 1 : 0, "", 1, List.of("off", "on"), true, 0);
    }

    /** A copy with smoothing over {@code ms} milliseconds. @thread any */
    public ParamDescriptor smoothed(double ms) {
        return new ParamDescriptor(id, name, min, max, defaultValue, unit, steps, choices, automatable, ms);
    }

    /** A copy the host may not automate. @thread any */
    public ParamDescriptor notAutomatable() {
        return new ParamDescriptor(id, name, min, max, defaultValue, unit, steps, choices, false, smoothingMs);
    }

    /**
     * Clamps into range and snaps to steps; NaN gives NaN (callers reject it).
     * @thread any (render-thread safe)
     */
    public double clamp(double v) {
        if (v != v) {
            return v;
        }
        double c = v < min ? min : (v > max ? max : v);
        if (steps > 0) {
            double step = (max - min) / steps;
            c = min + Math.rint((c - min) / step) * step;
        }
        return c;
    }

    /** Maps 0..1 onto the range (for MIDI CC mapping). @thread any (render-thread safe) */
    public double fromNormalized(double n) {
        return clamp(min + (max - min) * n);
    }

    /** Maps a value onto 0..1. @thread any (render-thread safe) */
    public double toNormalized(double v) {
        return (clamp(v) - min) / (max - min);
    }
}
