package org.midirack.demos.gui;

import java.awt.Color;
import java.awt.FlowLayout;
import java.awt.Font;
import java.util.Locale;
import java.util.function.Consumer;

import javax.swing.BorderFactory;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSpinner;
import javax.swing.JTextField;
import javax.swing.SpinnerNumberModel;

/**
 * The transport panel: play/stop, record, rewind, loop with its bars, tempo and time signature;
 * the position as bar:beat:tick and time, the render thread's load, output underruns, late and
 * dropped events, and the output device, all from one {@link TransportModel.View} per poll.
 */
public final class TransportPanel extends JPanel {
    private final TransportModel model;
    private final Consumer<String> status;
    private final JButton play = new JButton("Play");
    private final JButton record = new JButton("Record");
    private final JLabel position = label("position", 16f);
    private final JLabel time = label("time", 16f);
    private final JLabel tempo = label("tempo", 13f);
    private final JLabel signature = label("signature", 13f);
    private final JLabel state = label("state", 13f);
    private final JLabel figures = label("figures", 12f);
    private final JLabel device = label("device", 12f);
    private final JCheckBox loop = new JCheckBox("Loop bars");
    private final JSpinner loopFrom = new JSpinner(new SpinnerNumberModel(1, 1, 9999, 1));
    private final JSpinner loopTo = new JSpinner(new SpinnerNumberModel(3, 2, 10000, 1));
    private final JTextField tempoField = new JTextField("", 5);
    private final JTextField sigField = new JTextField("4/4", 4);

    /** @thread EDT */
    public TransportPanel(TransportModel model, Consumer<String> status) {
        this.model = model;
        this.status = status;
        setLayout(new BoxLayout(this, BoxLayout.Y_AXIS));
        setBorder(BorderFactory.createEmptyBorder(4, 6, 4, 6));
        JPanel row1 = new JPanel(new FlowLayout(FlowLayout.LEFT, 8, 2));
        JPanel row2 = new JPanel(new FlowLayout(FlowLayout.LEFT, 8, 2));
        play.setName("play");
        record.setName("record");
        JButton rewind = new JButton("Rewind");
        rewind.setName("rewind");
        loop.setName("loop");
        tempoField.setName("tempoField");
        tempoField.setToolTipText("BPM for every track, empty: the files' own; Enter applies");
        sigField.setName("signatureField");
        play.addActionListener(e -> act(model::togglePlay));
        rewind.addActionListener(e -> act(model::rewind));
        record.addActionListener(e -> act(() -> status.accept(model.toggleRecord() ? "recording" : "recorded")));
        loop.addActionListener(e -> act(this::applyLoop));
        loopFrom.addChangeListener(e -> {
            if (loop.isSelected()) {
                act(this::applyLoop);
            }
        });
        loopTo.addChangeListener(e -> {
            if (loop.isSelected()) {
                act(this::applyLoop);
            }
        });
        tempoField.addActionListener(e -> act(() -> {
            String t = tempoField.getText().trim();
            model.setTempo(t.isEmpty() ? -1 : Double.parseDouble(t));
        }));
        sigField.addActionListener(e -> act(() -> {
            String[] nd = sigField.getText().trim().split("/");
            if (nd.length != 2) {
                throw new IllegalArgumentException("time signature: write it as 3/4");
            }
            model.setTimeSignature(Integer.parseInt(nd[0].trim()), Integer.parseInt(nd[1].trim()));
        }));
        row1.add(play);
        row1.add(record);
        row1.add(rewind);
        row1.add(loop);
        row1.add(loopFrom);
        row1.add(new JLabel("to"));
        row1.add(loopTo);
        row1.add(new JLabel("  tempo"));
        row1.add(tempoField);
        row1.add(new JLabel("sig"));
        row1.add(sigField);
        row1.add(position);
        row1.add(time);
        row2.add(state);
        row2.add(tempo);
        row2.add(signature);
        row2.add(figures);
        row2.add(device);
        add(row1);
        add(row2);
        double t = model.tempoOverride();
        tempoField.setText(t > 0 ? String.format(Locale.ROOT, "%.6g", t).replaceFirst("\\.?0+$", "") : "");
        int[] bars = model.loopBars();
        if (bars[0] > 0) {
            loop.setSelected(true);
            loopTo.setValue(bars[1]);
            loopFrom.setValue(bars[0]);
        }
    }

    private static JLabel label(String name, float size) {
        JLabel l = new JLabel("-");
        l.setName(name);
        l.setFont(l.getFont().deriveFont(size));
        return l;
    }

    private void applyLoop() {
        model.setLoop(loop.isSelected() ? (Integer) loopFrom.getValue() : 0, (Integer) loopTo.getValue());
    }

    private void act(Runnable r) {
        try {
            r.run();
        } catch (NumberFormatException e) {
            status.accept("error: not a number: " + e.getMessage());
        } catch (RuntimeException e) {
            status.accept("error: " + e.getMessage());
        }
    }

    /** Shows one poll's view. @thread EDT */
    public void show(TransportModel.View v) {
        if (v == null) {
            return;
        }
        play.setText(v.playing() ? "Stop" : "Play");
        record.setText(v.recording() ? "Stop recording" : "Record");
        record.setForeground(v.recording() ? Color.RED : Color.BLACK);
        position.setText(v.position());
        time.setText(v.time());
        state.setText((v.playing() ? "playing" : "stopped") + (v.recording() ? ", recording" : "")
                + " | loop " + v.loop());
        tempo.setText(String.format(Locale.ROOT, "| %.2f BPM", v.tempo()));
        signature.setText("| " + v.timeSigNumerator() + "/" + v.timeSigDenominator());
        figures.setText(String.format(Locale.ROOT, "| render load max %.0f%% mean %.1f%% | underruns %d | events late %d"
                + " dropped %d", v.maxLoad() * 100, v.meanLoad() * 100, v.underruns(), v.lateEvents(), v.droppedEvents()));
        device.setText("| " + v.device());
        device.setForeground(v.device().startsWith("device lost") ? Color.RED : Color.DARK_GRAY);
        position.setFont(position.getFont().deriveFont(Font.BOLD));
    }
}
