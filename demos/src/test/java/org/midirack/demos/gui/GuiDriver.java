package org.midirack.demos.gui;

import java.awt.Component;
import java.awt.Container;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import javax.imageio.ImageIO;
import javax.swing.AbstractButton;
import javax.swing.JComboBox;
import javax.swing.JTextField;
import javax.swing.SwingUtilities;

import org.midirack.demos.cli.DemoHostSession;
import org.midirack.host.Host;

/**
 * Drives the window in a real X server the way a user does, in a JVM of its own (the test JVM is
 * headless): {@code build SONG GRAPH.png ROLL.png} adds a node from the type list, wires it by
 * dragging the mouse from port to port (java.awt.Robot), loads a song, presses Play, and prints
 * what the host's own queries say; {@code busy SONG SECONDS} plays a song on the null output while
 * the event thread gets 200 ms busy tasks one after the other, and prints the output's underruns;
 * {@code shots SONG GRAPH.png ROLL.png} takes the README's screenshots (docs/gui-*.png).
 */
public final class GuiDriver {
    private GuiDriver() {
    }

    /** @thread main */
    public static void main(String[] args) throws Exception {
        int code = 1;
        try {
            code = args[0].equals("build") ? build(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]))
                    : args[0].equals("progress") ? progress(Path.of(args[1]), args[2].equals("window"))
                    : args[0].equals("shots") ? shots(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]))
                    : busy(Path.of(args[1]), Double.parseDouble(args[2]), args[3].equals("spin"));
        } finally {
            System.out.flush();
            Runtime.getRuntime().halt(code);
        }
    }

    static <T extends Component> T find(Container c, String name, Class<T> type) {
        for (Component k : c.getComponents()) {
            if (name.equals(k.getName()) && type.isInstance(k)) {
                return type.cast(k);
            }
            if (k instanceof Container sub) {
                T t = find(sub, name, type);
                if (t != null) {
                    return t;
                }
            }
        }
        return null;
    }

    static GuiWindow open(DemoHostSession s) throws Exception {
        AtomicReference<GuiWindow> w = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            GuiWindow win = new GuiWindow(s, 48000, 128);
            win.show();
            w.set(win);
        });
        new Robot().waitForIdle();
        return w.get();
    }

    static void onEdt(Runnable r) throws Exception {
        SwingUtilities.invokeAndWait(r);
    }

    private static void drag(Robot robot, Component canvas, int[] from, int[] to) {
        Point o = canvas.getLocationOnScreen();
        robot.mouseMove(o.x + from[0], o.y + from[1]);
        robot.waitForIdle();
        robot.delay(100);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.waitForIdle();
        for (int i = 1; i <= 10; i++) {
            robot.mouseMove(o.x + from[0] + (to[0] - from[0]) * i / 10, o.y + from[1] + (to[1] - from[1]) * i / 10);
            robot.delay(15);
        }
        robot.delay(50);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        robot.waitForIdle();
        robot.delay(100);
    }

    private static int build(Path song, Path graphPng, Path rollPng) throws Exception {
        DemoHostSession s = GuiCommand.startSession(null, null, "null", null, 48000, 128);
        GuiWindow w = open(s);
        Robot robot = new Robot();
        Container root = w.frame().getContentPane();
        onEdt(() -> {
            find(root, "types", JComboBox.class).setSelectedItem("sine");
            find(root, "add", AbstractButton.class).doClick();
        });
        robot.waitForIdle();
        Component canvas = find(root, "graph", GraphCanvas.class);
        Point c0 = canvas.getLocationOnScreen();
        robot.mouseMove(c0.x + canvas.getWidth() / 2, c0.y + canvas.getHeight() - 40);
        robot.waitForIdle();
        robot.delay(200);
        AtomicReference<int[][]> ports = new AtomicReference<>();
        onEdt(() -> {
            GraphModel g = w.graph();
            int slot = s.host().slots()[0];
            GraphModel.Port audioOut = new GraphModel.Port(slot, false, true, 0);
            GraphModel.Port midiIn = new GraphModel.Port(slot, true, false, 0);
            ports.set(new int[][] {g.box(audioOut).at(audioOut), g.box(GraphModel.Port.OUT).at(GraphModel.Port.OUT),
                    g.box(GraphModel.Port.IN).at(GraphModel.Port.IN), g.box(midiIn).at(midiIn)});
            find(root, "channels", JTextField.class).setText("1-9,11-16");
        });
        drag(robot, canvas, ports.get()[0], ports.get()[1]);
        drag(robot, canvas, ports.get()[2], ports.get()[3]);
        // a click on the node's title shows its parameters
        Point o = canvas.getLocationOnScreen();
        robot.mouseMove(o.x + ports.get()[0][0] - 60, o.y + ports.get()[0][1] - 30);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        robot.waitForIdle();
        onEdt(() -> w.loadTrack(song));
        long played = System.nanoTime();
        onEdt(() -> find(root, "play", AbstractButton.class).doClick());
        LockSupport.parkNanos(2_500_000_000L);
        robot.waitForIdle();
        Host h = s.host();
        System.out.println("NODES " + h.slots().length + " " + h.node(h.slots()[0]).descriptor().id());
        System.out.println("AUDIO " + h.audioLinks());
        System.out.println("MIDI " + h.midiLinks());
        System.out.println("PLAYING " + h.transport().isPlaying());
        System.out.println("BEAT " + h.transport().beat());
        System.out.println("ELAPSED " + (System.nanoTime() - played) / 1e9);
        System.out.println("TRACKS " + s.trackNames());
        AtomicReference<String> shown = new AtomicReference<>();
        onEdt(() -> shown.set(find(root, "position", javax.swing.JLabel.class).getText()));
        System.out.println("POSITION " + shown.get());
        onEdt(() -> shown.set(find(root, "param.gain", java.awt.Component.class) != null ? "gain" : "none"));
        System.out.println("PARAMS " + shown.get());
        Rectangle r = w.frame().getBounds();
        BufferedImage all = robot.createScreenCapture(r);
        ImageIO.write(all, "png", graphPng.toFile());
        AtomicReference<Rectangle> rr = new AtomicReference<>();
        onEdt(() -> {
            Component c = w.tracksPanel();
            Point p = c.getLocationOnScreen();
            rr.set(new Rectangle(p.x, p.y, c.getWidth(), c.getHeight()));
        });
        ImageIO.write(robot.createScreenCapture(rr.get()), "png", rollPng.toFile());
        // File > Render to WAV file: the window's session through 'render --session', off the event thread
        Path wav = graphPng.resolveSibling("gui-render.wav");
        onEdt(() -> w.renderWav(wav));
        long end = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < end) {
            onEdt(() -> shown.set(find(root, "status", javax.swing.JLabel.class).getText()));
            if (shown.get().startsWith("rendered") || shown.get().startsWith("error")) {
                break;
            }
            LockSupport.parkNanos(50_000_000L);
        }
        System.out.println("RENDER " + shown.get());
        System.out.println("WAV " + (java.nio.file.Files.exists(wav) ? java.nio.file.Files.size(wav) : -1));
        // Audio output > none: the session moves to another output with its graph and tracks
        onEdt(() -> w.switchOutput("null"));
        DemoHostSession moved = w.session();
        System.out.println("MOVED " + (moved != s) + " " + moved.outputKind() + " " + moved.host().audioLinks().size()
                + " " + moved.host().midiLinks() + " " + moved.trackNames());
        onEdt(w::close);
        return 0;
    }

    private static int progress(Path song, boolean window) throws Exception {
        DemoHostSession s = GuiCommand.startSession(null, "sine", "null", null, 48000, 128);
        GuiWindow w = window ? open(s) : null;
        s.load(song);
        long t0 = System.nanoTime();
        s.setPlaying(true);
        for (int i = 0; i < 8; i++) {
            LockSupport.parkNanos(500_000_000L);
            System.out.printf("t %.2f song %.2f underruns %d load %.3f%n", (System.nanoTime() - t0) / 1e9, s.songSeconds(),
                    s.audio().underruns(), s.load()[0]);
        }
        if (w != null) {
            onEdt(w::close);
        } else {
            s.close();
        }
        return 0;
    }

    private static int shots(Path song, Path graphPng, Path rollPng) throws Exception {
        DemoHostSession s = GuiCommand.startSession(null, "sine", "null", null, 48000, 128);
        GuiWindow w = open(s);
        Robot robot = new Robot();
        onEdt(() -> {
            GraphModel g = w.graph();
            int sine = s.host().slots()[0];
            g.disconnect(new GraphModel.Port(sine, false, true, 0), GraphModel.Port.OUT);
            g.disconnect(GraphModel.Port.IN, new GraphModel.Port(sine, true, false, 0));
            int arp = g.add("arp");
            int echo = g.add("delay");
            g.connect(GraphModel.Port.IN, new GraphModel.Port(arp, true, false, 0), "1");
            g.connect(new GraphModel.Port(arp, true, true, 0), new GraphModel.Port(sine, true, false, 0), null);
            g.connect(GraphModel.Port.IN, new GraphModel.Port(sine, true, false, 0), "2-9,11-16");
            g.connect(new GraphModel.Port(sine, false, true, 0), new GraphModel.Port(echo, false, false, 0), null);
            g.connect(new GraphModel.Port(echo, false, true, 0), GraphModel.Port.OUT, null);
            w.loadTrack(song);
            // in -> arp -> sine -> delay -> out in a row, the drums under the sine
            int[][] at = {{400, 40}, {400, 170}, {210, 40}, {590, 40}};
            int[] slots = {sine, s.host().slots()[1], arp, echo};
            for (int i = 0; i < slots.length; i++) {
                GraphModel.Port p = new GraphModel.Port(slots[i], true, false, 0);
                g.move(g.box(p), at[i][0], at[i][1]);
            }
            find(w.frame().getContentPane(), "play", AbstractButton.class).doClick();
        });
        Component canvas = find(w.frame().getContentPane(), "graph", GraphCanvas.class);
        AtomicReference<int[]> at = new AtomicReference<>();
        onEdt(() -> {
            GraphModel.Box b = w.graph().box(new GraphModel.Port(s.host().slots()[0], true, false, 0));
            at.set(new int[] {b.x() + 40, b.y() + 10});
        });
        Point o = canvas.getLocationOnScreen();
        robot.mouseMove(o.x + at.get()[0], o.y + at.get()[1]);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        LockSupport.parkNanos(6_000_000_000L);
        robot.waitForIdle();
        AtomicReference<String> shown = new AtomicReference<>();
        onEdt(() -> shown.set(find(w.frame().getContentPane(), "time", javax.swing.JLabel.class).getText()));
        System.out.println("SONG " + s.songSeconds() + " SHOWN " + shown.get());
        ImageIO.write(robot.createScreenCapture(w.frame().getBounds()), "png", graphPng.toFile());
        AtomicReference<Rectangle> rr = new AtomicReference<>();
        onEdt(() -> {
            Component c = w.tracksPanel();
            Point p = c.getLocationOnScreen();
            rr.set(new Rectangle(p.x, p.y, c.getWidth(), c.getHeight()));
        });
        ImageIO.write(robot.createScreenCapture(rr.get()), "png", rollPng.toFile());
        onEdt(w::close);
        return 0;
    }

    private static int busy(Path song, double seconds, boolean spin) throws Exception {
        int buffer = Integer.getInteger("buffer", Integer.parseInt(GuiCommand.DEFAULT_BUFFER)); // the window's default
        DemoHostSession s = GuiCommand.startSession(null, "sine", "null", null, 48000, buffer);
        GuiWindow w = open(s);
        onEdt(() -> w.loadTrack(song));
        onEdt(() -> find(w.frame().getContentPane(), "play", AbstractButton.class).doClick());
        LockSupport.parkNanos(300_000_000L);
        // windows of one second, idle and busy in turn, so both see the same machine
        long idleUnderruns = 0;
        long busyUnderruns = 0;
        long busyNanos = 0;
        int tasks = 0;
        long frames0 = s.host().statistics().frames();
        for (int window = 0; window < 2 * Math.ceil(seconds); window++) {
            long u0 = s.audio().underruns();
            long end = System.nanoTime() + 1_000_000_000L;
            if (window % 2 == 0) {
                LockSupport.parkNanos(end - System.nanoTime());
                idleUnderruns += s.audio().underruns() - u0;
                continue;
            }
            while (System.nanoTime() < end) {
                long[] spent = new long[1];
                SwingUtilities.invokeAndWait(() -> {
                    long t0 = System.nanoTime();
                    if (spin) {
                        while (System.nanoTime() - t0 < 200_000_000L) {
                            Thread.onSpinWait(); // the event thread computes for 200 ms
                        }
                    } else {
                        LockSupport.parkNanos(200_000_000L); // the event thread is blocked for 200 ms (slow I/O, say)
                    }
                    spent[0] = System.nanoTime() - t0;
                });
                busyNanos += spent[0];
                tasks++;
            }
            busyUnderruns += s.audio().underruns() - u0;
        }
        System.out.println("IDLE " + idleUnderruns);
        System.out.println("UNDERRUNS " + busyUnderruns);
        System.out.println("BUSY " + tasks + " " + busyNanos / 1_000_000);
        System.out.println("PLAYING " + s.host().transport().isPlaying());
        System.out.println("FRAMES " + (s.host().statistics().frames() - frames0));
        onEdt(w::close);
        return 0;
    }
}
