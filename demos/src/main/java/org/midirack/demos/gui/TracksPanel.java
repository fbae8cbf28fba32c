package org.midirack.demos.gui;

import java.awt.BorderLayout;
import java.util.List;
import java.util.function.Consumer;

import javax.swing.DefaultListModel;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;

import org.midirack.host.Host;

/**
 * The tracks: a list (name and destination), a destination chooser for the selected track (the
 * nodes that take MIDI, or {@code in}), and the piano roll of the selected track with the play
 * position moving.
 */
public final class TracksPanel extends JPanel {
    private final TracksModel model;
    private final GraphModel graph;
    private final Consumer<String> status;
    private final DefaultListModel<String> items = new DefaultListModel<>();
    private final JList<String> list = new JList<>(items);
    private final JComboBox<String> destination = new JComboBox<>();
    private final PianoRoll roll = new PianoRoll();
    private List<Integer> destinationSlots = List.of();
    private boolean filling;

    /** @thread EDT */
    public TracksPanel(TracksModel model, GraphModel graph, Consumer<String> status) {
        super(new BorderLayout());
        this.model = model;
        this.graph = graph;
        this.status = status;
        list.setName("tracks");
        destination.setName("trackDestination");
        JPanel left = new JPanel(new BorderLayout());
        left.add(new JLabel("Tracks (File > Load track)"), BorderLayout.NORTH);
        left.add(new JScrollPane(list), BorderLayout.CENTER);
        JPanel dst = new JPanel(new BorderLayout());
        dst.add(new JLabel("plays into "), BorderLayout.WEST);
        dst.add(destination, BorderLayout.CENTER);
        left.add(dst, BorderLayout.SOUTH);
        list.addListSelectionListener(e -> selected());
        destination.addActionListener(e -> {
            int t = list.getSelectedIndex();
            int i = destination.getSelectedIndex();
            if (!filling && t >= 0 && i >= 0) {
                try {
                    model.setDestination(t, destinationSlots.get(i));
                    refresh();
                } catch (RuntimeException ex) {
                    status.accept("error: " + ex.getMessage());
                }
            }
        });
        JSplitPane split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, left, roll);
        split.setDividerLocation(220);
        add(split, BorderLayout.CENTER);
    }

    /** Reads the tracks again (after a load, a recording, a session). @thread EDT */
    public void refresh() {
        int sel = list.getSelectedIndex();
        List<String> names = model.names();
        items.clear();
        for (int i = 0; i < names.size(); i++) {
            items.addElement((i + 1) + " " + names.get(i) + "  -> " + model.destination(i));
        }
        if (!names.isEmpty()) {
            list.setSelectedIndex(sel >= 0 && sel < names.size() ? sel : names.size() - 1);
        } else {
            roll.setNotes(List.of());
        }
    }

    private void selected() {
        int t = list.getSelectedIndex();
        if (t < 0) {
            return;
        }
        roll.setNotes(model.notes(t));
        filling = true;
        try {
            destination.removeAllItems();
            List<Integer> slots = new java.util.ArrayList<>();
            slots.add(Host.BOUNDARY);
            destination.addItem("in (routed by channel)");
            for (GraphModel.Box b : graph.boxes()) {
                if (b.slot() != Host.BOUNDARY && b.midiIn()) {
                    slots.add(b.slot());
                    destination.addItem(b.name());
                }
            }
            destinationSlots = slots;
            String now = model.destination(t);
            for (int i = 0; i < destination.getItemCount(); i++) {
                if (destination.getItemAt(i).equals(now) || now.equals("in") && i == 0) {
                    destination.setSelectedIndex(i);
                }
            }
        } finally {
            filling = false;
        }
    }

    /** Moves the play position. @thread EDT */
    public void update() {
        roll.setPlayBeat(model.playBeat());
    }

    /** The piano roll (for a screenshot of it). @thread EDT */
    public PianoRoll roll() {
        return roll;
    }
}
