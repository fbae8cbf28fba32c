package org.midirack.demos.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.midirack.core.Node;
import org.midirack.core.ParamDescriptor;
import org.midirack.demos.cli.DemoHostSession;
import org.midirack.host.mapping.MidiMapping;
import org.midirack.host.mapping.MidiMappingTable;

/**
 * The parameters of one node as controls built from their descriptors: a toggle, a choice, a
 * stepped or a continuous control, each with its range, unit and the value the node holds now
 * ({@code Parameters.get}: the last value set from any thread, a mapped controller's included,
 * so a control moves when a controller moves the parameter). Setting goes through
 * {@code Parameters.set} (lock-free, acts at the next cycle). MIDI learn arms the host's mapping
 * table for a parameter; {@link #poll} binds what it captured.
 */
public final class ParamModel {
    /** How a control shows a parameter. */
    public enum Style {
        /** Two values: off and on. */
        TOGGLE,
        /** One of named choices (the value is the index). */
        CHOICE,
        /** Whole steps between min and max. */
        STEPS,
        /** Any value between min and max. */
        CONTINUOUS
    }

    /** One control: the parameter's index and descriptor, and how it is shown. */
    public record Control(int index, ParamDescriptor descriptor, Style style) {
        /** The number of positions of a slider over this control (continuous: 1000). @thread any */
        public int positions() {
            return switch (style) {
                case TOGGLE -> 1;
                case CHOICE -> descriptor.choices().size() - 1;
                case STEPS -> descriptor.steps();
                case CONTINUOUS -> 1000;
            };
        }
    }

    private final DemoHostSession session;
    private final int slot;
    private final List<Control> controls = new ArrayList<>();
    private String learned;

    /** @thread EDT (or the test's thread) */
    public ParamModel(DemoHostSession session, int slot) {
        this.session = session;
        this.slot = slot;
        List<ParamDescriptor> ds = node().descriptor().params();
        for (int i = 0; i < ds.size(); i++) {
            controls.add(new Control(i, ds.get(i), style(ds.get(i))));
        }
    }

    /** How a descriptor is shown. @thread any */
    public static Style style(ParamDescriptor d) {
        if (!d.choices().isEmpty()) {
            return d.choices().size() == 2 && d.min() == 0 && d.max() == 1
                    && d.choices().get(0).equalsIgnoreCase("off") ? Style.TOGGLE : Style.CHOICE;
        }
        return d.steps() > 0 ? Style.STEPS : Style.CONTINUOUS;
    }

    private Node node() {
        return session.node(slot);
    }

    /** The node's slot. @thread any */
    public int slot() {
        return slot;
    }

    /** @thread EDT */
    public List<Control> controls() {
        return List.copyOf(controls);
    }

    /** The value the node holds now. @thread EDT */
    public double value(Control c) {
        return node().parameters().get(c.index());
    }

    /** Sets a value (clamped to the range; acts at the next cycle). @thread EDT */
    public void set(Control c, double value) {
        node().parameters().set(c.index(), value);
    }

    /** The slider position (0..positions) of the value the node holds now. @thread EDT */
    public int position(Control c) {
        ParamDescriptor d = c.descriptor();
        if (d.max() == d.min()) {
            return 0;
        }
        return (int) Math.round((value(c) - d.min()) / (d.max() - d.min()) * c.positions());
    }

    /** Sets the value at a slider position (0..positions). @thread EDT */
    public void setPosition(Control c, int position) {
        ParamDescriptor d = c.descriptor();
        set(c, d.min() + (d.max() - d.min()) * position / (double) c.positions());
    }

    /** "0.70", "440 Hz", "saw". @thread EDT */
    public String text(Control c) {
        ParamDescriptor d = c.descriptor();
        double v = value(c);
        if (!d.choices().isEmpty()) {
            int i = (int) Math.round(v);
            return i >= 0 && i < d.choices().size() ? d.choices().get(i) : Double.toString(v);
        }
        String n = c.style() == Style.STEPS && d.min() == Math.rint(d.min()) && d.max() == Math.rint(d.max())
                ? Long.toString(Math.round(v)) : String.format(Locale.ROOT, "%.3g", v);
        return d.unit().isEmpty() ? n : n + " " + d.unit();
    }

    /**
     * Arms MIDI learn for a control: the next controller that moves maps to it.
     * @throws IllegalArgumentException when the parameter cannot be automated
     * @thread EDT
     */
    public void learn(Control c) {
        learned = null;
        session.mappings().learn(slot, c.descriptor().id(), m -> { });
    }

    /** Whether learning waits for a controller. @thread EDT */
    public boolean learning() {
        return session.mappings().isLearning();
    }

    /**
     * Binds a controller learning captured (allocates: the event thread does it).
     * @return the mapping made, e.g. "cc 74 ch 1 -> 2 cutoff", or null
     * @thread EDT
     */
    public String poll() {
        MidiMappingTable t = session.mappings();
        MidiMapping m = t.completeLearn();
        if (m != null) {
            learned = m.toString();
        }
        return m == null ? null : learned;
    }

    /** The mappings onto this node's parameters, as text. @thread EDT */
    public List<String> mappings() {
        List<String> out = new ArrayList<>();
        for (MidiMapping m : session.mappings().mappings()) {
            if (m.node() == slot) {
                out.add(m.toString());
            }
        }
        return out;
    }
}
