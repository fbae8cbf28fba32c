package org.midirack.demos.gui;

import java.awt.BorderLayout;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JMenuItem;
import javax.swing.JPanel;
import javax.swing.JPopupMenu;
import javax.swing.JScrollPane;
import javax.swing.JSlider;

import org.midirack.core.ParamDescriptor;

/**
 * The selected node's parameters as controls built from their descriptors (a check box for a
 * toggle, a list for choices, a slider for stepped and continuous values), each with its value
 * and unit; the controls move when the value moves (automation, a mapped controller); "MIDI learn"
 * in a control's context menu maps the next controller that moves to it.
 */
public final class ParamPanel extends JPanel {
    private final Consumer<String> status;
    private final JPanel grid = new JPanel(new GridBagLayout());
    private final JLabel title = new JLabel("Parameters: click a node");
    private final List<Runnable> updaters = new ArrayList<>();
    private ParamModel model;
    private boolean updating;

    /** @thread EDT */
    public ParamPanel(Consumer<String> status) {
        super(new BorderLayout());
        this.status = status;
        setName("parameters");
        add(title, BorderLayout.NORTH);
        add(new JScrollPane(grid), BorderLayout.CENTER);
    }

    /** Shows a node's parameters (null: none). @thread EDT */
    public void show(ParamModel m, String name) {
        model = m;
        updaters.clear();
        grid.removeAll();
        title.setText(m == null ? "Parameters: click a node" : "Parameters of " + name);
        if (m != null) {
            int row = 0;
            for (ParamModel.Control c : m.controls()) {
                addRow(row++, c);
            }
            GridBagConstraints fill = new GridBagConstraints();
            fill.gridy = row;
            fill.weighty = 1;
            grid.add(new JLabel(), fill);
        }
        grid.revalidate();
        grid.repaint();
    }

    private void addRow(int row, ParamModel.Control c) {
        ParamDescriptor d = c.descriptor();
        JLabel name = new JLabel(d.name());
        JLabel value = new JLabel();
        JComponent control;
        switch (c.style()) {
            case TOGGLE -> {
                JCheckBox box = new JCheckBox();
                box.addActionListener(e -> model.set(c, box.isSelected() ? 1 : 0));
                updaters.add(() -> box.setSelected(model.value(c) >= 0.5));
                control = box;
            }
            case CHOICE -> {
                JComboBox<String> box = new JComboBox<>(d.choices().toArray(new String[0]));
                box.addActionListener(e -> {
                    if (!updating) {
                        model.set(c, box.getSelectedIndex());
                    }
                });
                updaters.add(() -> {
                    int i = (int) Math.round(model.value(c));
                    if (box.getSelectedIndex() != i && i >= 0 && i < box.getItemCount()) {
                        box.setSelectedIndex(i);
                    }
                });
                control = box;
            }
            default -> {
                JSlider s = new JSlider(0, c.positions(), model.position(c));
                s.addChangeListener(e -> {
                    if (!updating) {
                        model.setPosition(c, s.getValue());
                    }
                });
                updaters.add(() -> {
                    if (!s.getValueIsAdjusting() && s.getValue() != model.position(c)) {
                        s.setValue(model.position(c));
                    }
                });
                control = s;
            }
        }
        control.setName("param." + d.id());
        java.awt.Dimension size = control.getPreferredSize();
        control.setPreferredSize(new java.awt.Dimension(Math.min(size.width, 130), size.height));
        value.setPreferredSize(new java.awt.Dimension(70, size.height));
        updaters.add(() -> value.setText(model.text(c)));
        JPopupMenu menu = new JPopupMenu();
        JMenuItem learn = new JMenuItem("MIDI learn");
        learn.setEnabled(d.automatable());
        learn.addActionListener(e -> {
            try {
                model.learn(c);
                status.accept("MIDI learn: move a controller for " + d.name());
            } catch (RuntimeException ex) {
                status.accept("error: " + ex.getMessage());
            }
        });
        menu.add(learn);
        control.setComponentPopupMenu(menu);
        name.setComponentPopupMenu(menu);
        GridBagConstraints g = new GridBagConstraints();
        g.gridy = row;
        g.insets = new Insets(1, 4, 1, 4);
        g.anchor = GridBagConstraints.WEST;
        grid.add(name, g);
        g.fill = GridBagConstraints.HORIZONTAL;
        g.weightx = 1;
        grid.add(control, g);
        g.weightx = 0;
        grid.add(value, g);
    }

    /** Moves the controls to the node's values; binds a learned controller. @thread EDT */
    public void update() {
        if (model == null) {
            return;
        }
        String learned = model.poll();
        if (learned != null) {
            status.accept("learned: " + learned);
        }
        updating = true;
        try {
            updaters.forEach(Runnable::run);
        } finally {
            updating = false;
        }
    }

    /** The node shown, or -1. @thread EDT */
    public int slot() {
        return model == null ? -1 : model.slot();
    }
}
