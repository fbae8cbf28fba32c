package org.midirack.demos.gui;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import javax.swing.ButtonGroup;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JFileChooser;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JMenuItem;
import javax.swing.JPanel;
import javax.swing.JRadioButtonMenuItem;
import javax.swing.JSplitPane;
import javax.swing.JTextField;
import javax.swing.SwingWorker;
import javax.swing.Timer;
import javax.swing.WindowConstants;

import org.midirack.core.NodeDescriptor;
import org.midirack.demos.cli.DemoHostSession;

/**
 * The window of {@code midirack gui}: the graph (with the node types to add and the channels for
 * new MIDI connections), the selected node's parameters, the tracks with their piano roll, the
 * transport panel, a status line (a refused action or a lost device is said there, never in an
 * exception dialog), and menus for sessions, tracks and the audio output. A {@link Timer} polls
 * the models every {@value TransportModel#POLL_MILLIS} ms on the event thread; the window reaches
 * the engine only through them.
 */
public final class GuiWindow {
    private final JFrame frame = new JFrame("midirack");
    private final JLabel status = new JLabel(" ");
    private final CountDownLatch closed = new CountDownLatch(1);
    private final double sampleRate;
    private final int buffer;
    private DemoHostSession session;
    private GraphModel graph;
    private TransportModel transport;
    private TracksModel tracks;
    private GraphCanvas canvas;
    private TransportPanel transportPanel;
    private TracksPanel tracksPanel;
    private ParamPanel params;
    private Timer timer;
    private int ticks;

    /**
     * Builds the window on a running session (not shown yet).
     * @thread EDT
     */
    public GuiWindow(DemoHostSession session, double sampleRate, int buffer) {
        this.sampleRate = sampleRate;
        this.buffer = buffer;
        frame.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                close();
            }
        });
        status.setName("status");
        adopt(session);
    }

    /** Makes a session the window's: its models, the panels on them, the menus. */
    private void adopt(DemoHostSession s) {
        session = s;
        graph = new GraphModel(s);
        transport = new TransportModel(s);
        tracks = new TracksModel(s);
        params = new ParamPanel(this::say);
        JTextField channels = new JTextField("1-16", 8);
        channels.setName("channels");
        channels.setToolTipText("channels a new MIDI connection passes, e.g. 1-9,11-16");
        canvas = new GraphCanvas(graph, channels::getText, this::say, slot -> params.show(new ParamModel(s, slot),
                s.name(slot)));
        transportPanel = new TransportPanel(transport, this::say);
        tracksPanel = new TracksPanel(tracks, graph, this::say);
        JComboBox<String> types = new JComboBox<>();
        types.setName("types");
        for (NodeDescriptor d : s.types()) {
            types.addItem(DemoHostSession.shortId(d.id()));
        }
        JButton add = new JButton("Add node");
        add.setName("add");
        add.addActionListener(e -> act(() -> {
            int slot = graph.add((String) types.getSelectedItem());
            say("added " + (slot + 1) + " " + s.name(slot) + ": drag from its ports to connect it");
        }));
        JPanel tools = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 2));
        tools.add(types);
        tools.add(add);
        tools.add(new JLabel("  MIDI channels for a new connection:"));
        tools.add(channels);
        JPanel graphPane = new JPanel(new BorderLayout());
        graphPane.add(tools, BorderLayout.NORTH);
        graphPane.add(canvas, BorderLayout.CENTER);
        JSplitPane top = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, graphPane, params);
        top.setResizeWeight(0.75);
        params.setPreferredSize(new Dimension(330, 400));
        JSplitPane main = new JSplitPane(JSplitPane.VERTICAL_SPLIT, top, tracksPanel);
        main.setResizeWeight(0.65);
        JPanel content = new JPanel(new BorderLayout());
        content.add(transportPanel, BorderLayout.NORTH);
        content.add(main, BorderLayout.CENTER);
        content.add(status, BorderLayout.SOUTH);
        frame.setContentPane(content);
        frame.setJMenuBar(menus());
        frame.setTitle("midirack - " + s.outputKind());
        tracksPanel.refresh();
        frame.revalidate();
        if (timer == null) {
            timer = new Timer(TransportModel.POLL_MILLIS, e -> tick());
        }
    }

    private void tick() {
        transportPanel.show(transport.poll());
        tracksPanel.update();
        params.update();
        if (++ticks % 10 == 0) {
            graph.refresh();
        }
    }

    private JMenuBar menus() {
        JMenuBar bar = new JMenuBar();
        JMenu file = new JMenu("File");
        file.add(item("Open session...", () -> choose(false, this::openSession)));
        file.add(item("Save session...", () -> choose(true, this::saveSession)));
        file.addSeparator();
        file.add(item("Load track (MIDI file or melody script)...", () -> choose(false, this::loadTrack)));
        file.add(item("Save tracks as MIDI file...", () -> choose(true, p -> {
            tracks.saveAll(p);
            say("saved the tracks to " + p);
        })));
        file.add(item("Render to WAV file...", () -> choose(true, this::renderWav)));
        file.addSeparator();
        file.add(item("Quit", this::close));
        JMenu output = new JMenu("Audio output");
        ButtonGroup g = new ButtonGroup();
        for (String k : List.of("javasound", "jack", "null")) {
            JRadioButtonMenuItem i = new JRadioButtonMenuItem(k.equals("null") ? "none (null output, paced)"
                    : k.equals("jack") ? "JACK" : "Java Sound");
            i.setSelected(k.equals(session.outputKind()));
            i.addActionListener(e -> act(() -> switchOutput(k)));
            g.add(i);
            output.add(i);
        }
        bar.add(file);
        bar.add(output);
        bar.add(new MidiInputMenu(() -> session, this::say));
        return bar;
    }

    private JMenuItem item(String text, Runnable r) {
        JMenuItem i = new JMenuItem(text);
        i.addActionListener(e -> act(r));
        return i;
    }

    private void choose(boolean save, java.util.function.Consumer<Path> then) {
        JFileChooser c = new JFileChooser(new File("."));
        int r = save ? c.showSaveDialog(frame) : c.showOpenDialog(frame);
        if (r == JFileChooser.APPROVE_OPTION) {
            then.accept(c.getSelectedFile().toPath());
        }
    }

    private void act(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            say("error: " + e.getMessage());
        }
    }

    /** One line in the status bar (errors in red). @thread EDT */
    void say(String line) {
        status.setForeground(line.startsWith("error") ? Color.RED : Color.DARK_GRAY);
        status.setText(line);
    }

    // ------------------------------------------------------------------ the user's actions

    /** Loads a Standard MIDI File or melody script as a track (File > Load track). @thread EDT */
    public void loadTrack(Path p) {
        int i = tracks.load(p);
        tracksPanel.refresh();
        say("loaded " + p.getFileName() + " as track " + (i + 1));
    }

    /** File > Open session. @thread EDT */
    public void openSession(Path p) {
        session.loadSession(p);
        adopt(session);
        say("opened session " + p);
    }

    /** File > Save session: the command line's format. @thread EDT */
    public void saveSession(Path p) {
        session.saveSession(p);
        say("saved session " + p);
    }

    /** File > Render to WAV: the session through {@code midirack render --session}, off the event thread. @thread EDT */
    public void renderWav(Path wav) {
        Path tmp;
        try {
            tmp = Files.createTempFile("midirack-gui", ".session");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot make a temporary file: " + e.getMessage(), e);
        }
        session.saveSession(tmp);
        say("rendering " + wav + " ...");
        new SwingWorker<Integer, Void>() {
            @Override
            protected Integer doInBackground() {
                try {
                    return org.midirack.demos.Main.execute("render", "--session", tmp.toString(), "--out", wav.toString());
                } finally {
                    tmp.toFile().delete();
                }
            }

            @Override
            protected void done() {
                try {
                    say(get() == 0 ? "rendered " + wav : "error: rendering " + wav + " failed (see the terminal)");
                } catch (Exception e) {
                    say("error: " + e.getMessage());
                }
            }
        }.execute();
    }

    /** Audio output menu: the session moves to another output (through a saved session). @thread EDT */
    public void switchOutput(String kind) {
        Path tmp;
        try {
            tmp = Files.createTempFile("midirack-gui", ".session");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot make a temporary file: " + e.getMessage(), e);
        }
        session.saveSession(tmp);
        java.io.ByteArrayOutputStream why = new java.io.ByteArrayOutputStream();
        DemoHostSession next = DemoHostSession.start(tmp, List.of(), kind, session.midiInput(), sampleRate, buffer,
                new java.io.PrintStream(why, true, java.nio.charset.StandardCharsets.UTF_8));
        tmp.toFile().delete();
        if (session.midiInput() == null && next.midiInput() != null) {
            next.setMidiInput(null); // none was chosen: the other output keeps it so
        }
        session.close();
        adopt(next);
        String w = why.toString(java.nio.charset.StandardCharsets.UTF_8).trim();
        say(w.isEmpty() ? "playing on " + next.outputKind() : w);
    }

    /** Shows the window and starts polling. @thread EDT */
    public void show() {
        frame.pack();
        frame.setSize(Math.max(frame.getWidth(), 1280), Math.max(frame.getHeight(), 820));
        frame.setLocationRelativeTo(null);
        frame.setVisible(true);
        timer.start();
    }

    /** Stops polling, the output and the MIDI devices, and closes the window. @thread EDT */
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        timer.stop();
        session.close();
        frame.dispose();
        closed.countDown();
    }

    /** Waits until the window is closed. @thread main */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** @thread EDT */
    public JFrame frame() {
        return frame;
    }

    /** The session the window drives now. @thread EDT */
    public DemoHostSession session() {
        return session;
    }

    /** @thread EDT */
    public TracksPanel tracksPanel() {
        return tracksPanel;
    }

    /** @thread EDT */
    public GraphModel graph() {
        return graph;
    }
}
