package org.midirack.demos.gui;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.geom.CubicCurve2D;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import javax.swing.JMenuItem;
import javax.swing.JPanel;
import javax.swing.JPopupMenu;

import org.midirack.host.Host;

/**
 * The graph drawn: a box per node with its audio ports (blue) and MIDI port (orange) on the
 * left (inputs) and right (outputs) edges, the host's {@code in} and {@code out}, and the
 * connections as curves. Drag from a port to a port to connect (MIDI with the channels the
 * window's channel field gives), drag a box's title to move it, right-click a box to remove it or
 * a port to disconnect what is on it; a click selects a node (its parameters show). All changes
 * go through the {@link GraphModel}.
 */
public final class GraphCanvas extends JPanel {
    private static final Color AUDIO = new Color(0x2f6fd0);
    private static final Color MIDI = new Color(0xe08a1e);
    private static final Color BOX = new Color(0xf4f4f4);
    private static final Color MUTED = new Color(0xf6c7c7);

    private final GraphModel model;
    private final Supplier<String> channels;
    private final Consumer<String> status;
    private final IntConsumer selected;
    private GraphModel.Port dragFrom;
    private GraphModel.Box moving;
    private int dx;
    private int dy;
    private int mx;
    private int my;
    private int selectedSlot = Integer.MIN_VALUE;

    /**
     * @param channels the channel list for a new MIDI connection ({@code 1-16} style)
     * @param status   where a refused action's reason goes (one line)
     * @param selected told the slot of a node clicked
     * @thread EDT
     */
    public GraphCanvas(GraphModel model, Supplier<String> channels, Consumer<String> status, IntConsumer selected) {
        this.model = model;
        this.channels = channels;
        this.status = status;
        this.selected = selected;
        setName("graph");
        setBackground(Color.WHITE);
        setPreferredSize(new Dimension(940, 420));
        setToolTipText(""); // registers with the tooltip manager; the text comes from getToolTipText(MouseEvent)
        model.addListener(this::repaint);
        MouseAdapter mouse = new MouseAdapter() {
            @Override
            public void mousePressed(MouseEvent e) {
                pressed(e);
            }

            @Override
            public void mouseDragged(MouseEvent e) {
                mx = e.getX();
                my = e.getY();
                if (moving != null) {
                    model.move(moving, mx - dx, my - dy);
                    moving = model.boxAt(mx, my);
                }
                repaint();
            }

            @Override
            public void mouseReleased(MouseEvent e) {
                released(e);
            }
        };
        addMouseListener(mouse);
        addMouseMotionListener(mouse);
    }

    private void pressed(MouseEvent e) {
        GraphModel.Port p = model.portAt(e.getX(), e.getY());
        GraphModel.Box b = model.boxAt(e.getX(), e.getY());
        if (e.isPopupTrigger() || e.getButton() == MouseEvent.BUTTON3) {
            popup(e, p, b);
            return;
        }
        mx = e.getX();
        my = e.getY();
        if (p != null) {
            dragFrom = p;
        } else if (b != null) {
            moving = b;
            dx = e.getX() - b.x();
            dy = e.getY() - b.y();
            if (b.slot() != Host.BOUNDARY) {
                selectedSlot = b.slot();
                selected.accept(b.slot());
                repaint();
            }
        }
    }

    private void released(MouseEvent e) {
        GraphModel.Port from = dragFrom;
        dragFrom = null;
        moving = null;
        if (from != null) {
            GraphModel.Port to = model.portAt(e.getX(), e.getY());
            if (to != null && !to.equals(from)) {
                try {
                    model.connect(from, to, from.midi() ? channels.get() : null);
                    status.accept("connected " + model.text(from) + " - " + model.text(to));
                } catch (RuntimeException ex) {
                    status.accept("error: " + ex.getMessage());
                }
            }
        }
        repaint();
    }

    private void popup(MouseEvent e, GraphModel.Port p, GraphModel.Box b) {
        JPopupMenu menu = new JPopupMenu();
        if (p != null) {
            for (Host.Link l : model.audioLinks()) {
                GraphModel.Port a = new GraphModel.Port(l.src(), false, true, l.srcPort());
                GraphModel.Port z = new GraphModel.Port(l.dst(), false, false, l.dstPort());
                if (a.equals(p) || z.equals(p)) {
                    menu.add(item("Disconnect " + model.text(a) + " - " + model.text(z), () -> model.disconnect(a, z)));
                }
            }
            for (Host.MidiLink l : model.midiLinks()) {
                GraphModel.Port a = l.src() == Host.BOUNDARY ? GraphModel.Port.IN : new GraphModel.Port(l.src(), true, true, 0);
                GraphModel.Port z = new GraphModel.Port(l.dst(), true, false, 0);
                if (a.equals(p) || z.equals(p)) {
                    menu.add(item("Disconnect " + model.text(a) + " - " + model.text(z), () -> model.disconnect(a, z)));
                }
            }
        } else if (b != null && b.slot() != Host.BOUNDARY) {
            menu.add(item("Remove " + b.name(), () -> model.remove(b.slot())));
        }
        if (menu.getComponentCount() > 0) {
            menu.show(this, e.getX(), e.getY());
        }
    }

    private JMenuItem item(String text, Runnable r) {
        JMenuItem i = new JMenuItem(text);
        i.addActionListener(a -> {
            try {
                r.run();
                status.accept(text.toLowerCase(java.util.Locale.ROOT));
            } catch (RuntimeException ex) {
                status.accept("error: " + ex.getMessage());
            }
        });
        return i;
    }

    /** A muted node's error, under the mouse. @thread EDT */
    @Override
    public String getToolTipText(MouseEvent e) {
        GraphModel.Box b = model.boxAt(e.getX(), e.getY());
        return b != null && b.muted() ? b.error() : null;
    }

    /** @thread EDT */
    @Override
    protected void paintComponent(Graphics g0) {
        super.paintComponent(g0);
        Graphics2D g = (Graphics2D) g0;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(2f));
        for (Host.Link l : model.audioLinks()) {
            GraphModel.Port a = new GraphModel.Port(l.src(), false, true, l.srcPort());
            GraphModel.Port z = new GraphModel.Port(l.dst(), false, false, l.dstPort());
            curve(g, model.box(a).at(a), model.box(z).at(z), AUDIO, l.gain() == 1f ? null : "gain " + l.gain());
        }
        for (Host.MidiLink l : model.midiLinks()) {
            GraphModel.Port a = l.src() == Host.BOUNDARY ? GraphModel.Port.IN : new GraphModel.Port(l.src(), true, true, 0);
            GraphModel.Port z = new GraphModel.Port(l.dst(), true, false, 0);
            String ch = l.channelMask() == 0xFFFF ? null : "ch " + org.midirack.demos.cli.DemoHostSession.channelsText(l.channelMask());
            curve(g, model.box(a).at(a), model.box(z).at(z), MIDI, ch);
        }
        for (GraphModel.Box b : model.boxes()) {
            box(g, b);
        }
        if (dragFrom != null) {
            g.setColor(dragFrom.midi() ? MIDI : AUDIO);
            int[] a = model.box(dragFrom).at(dragFrom);
            g.drawLine(a[0], a[1], mx, my);
        }
        g.setColor(Color.DARK_GRAY);
        g.setFont(getFont().deriveFont(Font.PLAIN, 11f));
        g.drawString("graph latency " + model.latencyFrames() + " frames   (drag port to port to connect;"
                + " right-click to remove or disconnect)", 8, getHeight() - 8);
    }

    private static void curve(Graphics2D g, int[] a, int[] z, Color c, String label) {
        g.setColor(c);
        double k = Math.max(40, Math.abs(z[0] - a[0]) / 2.0);
        g.draw(new CubicCurve2D.Double(a[0], a[1], a[0] + k, a[1], z[0] - k, z[1], z[0], z[1]));
        if (label != null) {
            g.drawString(label, (a[0] + z[0]) / 2 - g.getFontMetrics().stringWidth(label) / 2, (a[1] + z[1]) / 2 - 6);
        }
    }

    private void box(Graphics2D g, GraphModel.Box b) {
        int h = b.height();
        g.setColor(b.muted() ? MUTED : BOX);
        g.fillRoundRect(b.x(), b.y(), GraphModel.BOX_W, h, 10, 10);
        g.setColor(b.slot() == selectedSlot && b.slot() != Host.BOUNDARY ? Color.BLACK : Color.GRAY);
        g.drawRoundRect(b.x(), b.y(), GraphModel.BOX_W, h, 10, 10);
        g.setColor(Color.BLACK);
        g.setFont(getFont().deriveFont(Font.BOLD, 12f));
        String title = b.slot() == Host.BOUNDARY ? b.name() : (b.slot() + 1) + " " + b.name();
        g.drawString(title, b.x() + 8, b.y() + 15);
        g.setFont(getFont().deriveFont(Font.PLAIN, 10f));
        String sub = b.slot() == Host.BOUNDARY ? b.type() : b.kind() + (b.latency() > 0 ? ", " + b.latency() + " fr" : "");
        g.drawString(b.muted() ? "MUTED: " + (b.error() == null ? "it failed" : b.error()) : sub, b.x() + 8, b.y() + 28);
        for (GraphModel.Port p : b.ports()) {
            int[] c = b.at(p);
            g.setColor(p.midi() ? MIDI : AUDIO);
            g.fillOval(c[0] - 5, c[1] - 5, 10, 10);
            g.setColor(Color.DARK_GRAY);
            String t = p.midi() ? "midi" : "audio " + (p.index() + 1);
            int w = g.getFontMetrics().stringWidth(t);
            g.drawString(t, p.output() ? c[0] - 9 - w : c[0] + 9, c[1] + 4);
        }
    }
}
