package org.midirack.demos.gui;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javax.swing.ButtonGroup;
import javax.swing.JMenu;
import javax.swing.JRadioButtonMenuItem;
import javax.swing.event.MenuEvent;
import javax.swing.event.MenuListener;

import org.midirack.demos.cli.DemoHostSession;

/**
 * The window's <i>MIDI input</i> menu: the javax.sound.midi input ports the host sees, listed
 * afresh each time the menu opens (as {@code midirack devices} lists them: a keyboard plugged in
 * while the window is open shows up), with <i>none</i> first. Choosing a port makes it the live
 * input (played through the graph's {@code in}, mapped, and recorded by Record), as
 * {@code gui --in NAME} does; choosing <i>none</i> detaches the input. The menu's title names the
 * input in use. A port that cannot be opened is said in the status line, not in a dialog.
 */
final class MidiInputMenu extends JMenu {
    /** The text of the item that detaches the input. */
    static final String NONE = "none";

    private final transient Supplier<DemoHostSession> session;
    private final transient Consumer<String> status;

    /** @thread EDT */
    MidiInputMenu(Supplier<DemoHostSession> session, Consumer<String> status) {
        this.session = session;
        this.status = status;
        setName("midiInputs");
        title();
        addMenuListener(new MenuListener() {
            @Override
            public void menuSelected(MenuEvent e) {
                fill();
            }

            @Override
            public void menuDeselected(MenuEvent e) {
                // the items stay until the menu opens again
            }

            @Override
            public void menuCanceled(MenuEvent e) {
                // as deselected
            }
        });
    }

    /** The title names the input in use. */
    private void title() {
        String in = session.get().midiInput();
        setText("MIDI input: " + (in == null ? NONE : in));
    }

    /**
     * Lists the inputs there are now, the one in use selected; each item is named
     * {@code midiIn:NAME} ({@code midiIn:none} for none).
     * @thread EDT
     */
    void fill() {
        removeAll();
        DemoHostSession s = session.get();
        List<String> names;
        try {
            names = s.midiInputs();
        } catch (RuntimeException e) {
            status.accept("error: cannot list the MIDI inputs: " + e.getMessage());
            names = List.of();
        }
        String current = s.midiInput();
        ButtonGroup group = new ButtonGroup();
        item(group, NONE, null, current == null);
        addSeparator();
        for (String n : names) {
            item(group, n, n, n.equals(current));
        }
        if (names.isEmpty()) {
            JRadioButtonMenuItem empty = new JRadioButtonMenuItem("(no MIDI input found)");
            empty.setEnabled(false);
            add(empty);
        }
    }

    /** An item showing {@code text} that chooses {@code port} (null: none). */
    private void item(ButtonGroup group, String text, String port, boolean selected) {
        JRadioButtonMenuItem i = new JRadioButtonMenuItem(text);
        i.setName("midiIn:" + text);
        i.setSelected(selected);
        i.addActionListener(e -> choose(port));
        group.add(i);
        add(i);
    }

    /**
     * Plays and records from an input (null: none), saying what happened in the status line.
     * @thread EDT
     */
    void choose(String name) {
        try {
            session.get().setMidiInput(name);
            status.accept(name == null ? "MIDI input: none (Record needs one)" : "MIDI input: " + session.get().midiInput());
        } catch (RuntimeException e) {
            status.accept("error: " + e.getMessage());
        }
        title();
    }
}
