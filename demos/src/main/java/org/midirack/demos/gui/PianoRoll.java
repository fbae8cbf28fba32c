package org.midirack.demos.gui;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.util.List;

import javax.swing.JPanel;

/**
 * A track's notes as bars on a keyboard grid (time across in beats, keys up the side, velocity as
 * shade, bar lines every 4 beats) with a red line at the song's play position; the view pages
 * along with the play position.
 */
public final class PianoRoll extends JPanel {
    /** Pixels per beat. */
    static final int BEAT_W = 40;

    private List<TracksModel.Note> notes = List.of();
    private double playBeat;
    private int low = 48;
    private int high = 84;

    /** @thread EDT */
    public PianoRoll() {
        setName("pianoRoll");
        setBackground(Color.WHITE);
        setPreferredSize(new Dimension(700, 200));
    }

    /** Shows these notes (the key range fits them). @thread EDT */
    public void setNotes(List<TracksModel.Note> n) {
        notes = List.copyOf(n);
        low = 127;
        high = 0;
        for (TracksModel.Note x : notes) {
            low = Math.min(low, x.key());
            high = Math.max(high, x.key());
        }
        if (notes.isEmpty()) {
            low = 48;
            high = 84;
        }
        low = Math.max(0, low - 2);
        high = Math.min(127, Math.max(high + 2, low + 12));
        repaint();
    }

    /** Moves the play position (beats from the song's start). @thread EDT */
    public void setPlayBeat(double beat) {
        if (beat != playBeat) {
            playBeat = beat;
            repaint();
        }
    }

    /** @thread EDT */
    @Override
    protected void paintComponent(Graphics g0) {
        super.paintComponent(g0);
        Graphics2D g = (Graphics2D) g0;
        int w = getWidth();
        int h = getHeight();
        int keys = high - low + 1;
        double kh = h / (double) keys;
        int beatsShown = Math.max(1, w / BEAT_W);
        int page = (int) Math.floor(Math.max(0, playBeat) / beatsShown);
        double first = page * (double) beatsShown;
        for (int k = low; k <= high; k++) {
            int y = (int) Math.round((high - k) * kh);
            boolean black = switch (k % 12) { case 1, 3, 6, 8, 10 -> true; default -> false; };
            g.setColor(black ? new Color(0xeeeeee) : Color.WHITE);
            g.fillRect(0, y, w, (int) Math.ceil(kh));
        }
        for (int b = 0; b <= beatsShown; b++) {
            int x = b * BEAT_W;
            g.setColor(((long) first + b) % 4 == 0 ? Color.GRAY : new Color(0xdddddd));
            g.drawLine(x, 0, x, h);
            if (((long) first + b) % 4 == 0) {
                g.drawString(Long.toString(((long) first + b) / 4 + 1), x + 2, 11);
            }
        }
        for (TracksModel.Note n : notes) {
            if (n.end() < first || n.start() > first + beatsShown) {
                continue;
            }
            int x = (int) Math.round((n.start() - first) * BEAT_W);
            int x2 = (int) Math.round((n.end() - first) * BEAT_W);
            int y = (int) Math.round((high - n.key()) * kh);
            float shade = 0.35f + 0.65f * n.velocity() / 127f;
            boolean sounding = playBeat >= n.start() && playBeat < n.end();
            g.setColor(sounding ? new Color(0.9f, 0.45f * shade, 0.1f) : new Color(0.15f, 0.35f, 0.5f + 0.5f * shade));
            g.fillRect(x, y, Math.max(2, x2 - x - 1), Math.max(2, (int) Math.floor(kh) - 1));
        }
        int px = (int) Math.round((playBeat - first) * BEAT_W);
        g.setColor(Color.RED);
        g.fillRect(px - 1, 0, 2, h);
    }
}
