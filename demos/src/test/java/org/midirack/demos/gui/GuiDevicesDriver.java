package org.midirack.demos.gui;

import java.awt.Component;
import java.awt.Point;
import java.awt.Robot;
import java.awt.Window;
import java.awt.event.InputEvent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import javax.swing.AbstractButton;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JMenu;
import javax.swing.JMenuBar;

import org.midirack.demos.cli.DemoHostSession;
import org.midirack.host.midi.MidiVirtualPort;

/**
 * Drives the window's device handling in a real X server, in a JVM of its own (as
 * {@link GuiDriver}): {@code midiin PORTNAME SONG} makes a virtual MIDI port, picks it in the
 * <i>MIDI input</i> menu with the mouse, records a note sent through it, then picks <i>none</i>;
 * {@code jackloss SONG} plays on JACK (the server {@code JACK_DEFAULT_SERVER} names, which the test
 * runs), prints {@code KILL} and waits for a line on stdin while the test stops the server, reads
 * what the window shows, prints {@code RESTART} and waits again while the test starts it again.
 * What the host says is printed, one {@code KEY value} per line.
 */
public final class GuiDevicesDriver {
    private GuiDevicesDriver() {
    }

    /** @thread main */
    public static void main(String[] args) throws Exception {
        int code = 1;
        try {
            code = args[0].equals("midiin") ? midiIn(args[1], Path.of(args[2])) : jackLoss(Path.of(args[1]));
        } finally {
            System.out.flush();
            Runtime.getRuntime().halt(code);
        }
    }

    private static void click(Robot robot, Component c) {
        Point p = c.getLocationOnScreen();
        robot.mouseMove(p.x + c.getWidth() / 2, p.y + c.getHeight() / 2);
        robot.waitForIdle();
        robot.delay(100);
        robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        robot.waitForIdle();
        robot.delay(200);
    }

    /** Opens the MIDI input menu with the mouse and clicks the item named {@code midiIn:TEXT}. */
    private static void pick(Robot robot, GuiWindow w, String text) throws Exception {
        AtomicReference<JMenu> menu = new AtomicReference<>();
        GuiDriver.onEdt(() -> {
            JMenuBar bar = w.frame().getJMenuBar();
            for (int i = 0; i < bar.getMenuCount(); i++) {
                if ("midiInputs".equals(bar.getMenu(i).getName())) {
                    menu.set(bar.getMenu(i));
                }
            }
        });
        click(robot, menu.get());
        AtomicReference<Component> item = new AtomicReference<>();
        GuiDriver.onEdt(() -> {
            for (Component c : menu.get().getMenuComponents()) {
                if (("midiIn:" + text).equals(c.getName())) {
                    item.set(c);
                }
            }
        });
        if (item.get() == null) {
            AtomicReference<List<String>> shown = new AtomicReference<>(new ArrayList<>());
            GuiDriver.onEdt(() -> {
                for (Component c : menu.get().getMenuComponents()) {
                    shown.get().add(c.getName());
                }
            });
            throw new AssertionError("no item midiIn:" + text + " in the MIDI input menu: " + shown.get());
        }
        click(robot, item.get());
    }

    private static String text(GuiWindow w, String name) throws Exception {
        AtomicReference<String> t = new AtomicReference<>();
        GuiDriver.onEdt(() -> t.set(GuiDriver.find(w.frame().getContentPane(), name, JLabel.class).getText()));
        return t.get();
    }

    private static String menuTitle(GuiWindow w) throws Exception {
        AtomicReference<String> t = new AtomicReference<>();
        GuiDriver.onEdt(() -> {
            JMenuBar bar = w.frame().getJMenuBar();
            for (int i = 0; i < bar.getMenuCount(); i++) {
                if ("midiInputs".equals(bar.getMenu(i).getName())) {
                    t.set(bar.getMenu(i).getText());
                }
            }
        });
        return t.get();
    }

    /** The note-ons of a sequence, "key channel(1-16) velocity" each, read with javax.sound.midi alone. */
    private static List<String> noteOns(Sequence seq) {
        List<String> out = new ArrayList<>();
        for (Track t : seq.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                if (e.getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0) {
                    out.add(m.getData1() + " " + (m.getChannel() + 1) + " " + m.getData2());
                }
            }
        }
        return out;
    }

    private static int midiIn(String portName, Path song) throws Exception {
        // the session starts before the port exists: the menu must find it by looking again
        DemoHostSession s = GuiCommand.startSession(null, "sine", "null", null, 48000, 128);
        System.out.println("INITIAL " + s.midiInput());
        MidiVirtualPort port = MidiVirtualPort.create(portName);
        try {
            GuiWindow w = GuiDriver.open(s);
            Robot robot = new Robot();
            pick(robot, w, portName);
            System.out.println("CHOSEN " + s.midiInput());
            System.out.println("TITLE " + menuTitle(w));
            MidiDevice inSide = MidiSystem.getMidiDevice(port.inputInfo());
            System.out.println("LISTENED " + inSide.isOpen() + " " + inSide.getTransmitters().size());
            GuiDriver.onEdt(() -> w.loadTrack(song));
            GuiDriver.onEdt(() -> GuiDriver.find(w.frame().getContentPane(), "play", AbstractButton.class).doClick());
            GuiDriver.onEdt(() -> GuiDriver.find(w.frame().getContentPane(), "record", AbstractButton.class).doClick());
            MidiDevice keys = MidiSystem.getMidiDevice(port.outputInfo());
            keys.open();
            try (Receiver r = keys.getReceiver()) {
                r.send(new ShortMessage(ShortMessage.NOTE_ON, 2, 64, 99), -1);
                Thread.sleep(300);
                r.send(new ShortMessage(ShortMessage.NOTE_OFF, 2, 64, 0), -1);
                Thread.sleep(200);
            } finally {
                keys.close();
            }
            GuiDriver.onEdt(() -> GuiDriver.find(w.frame().getContentPane(), "record", AbstractButton.class).doClick());
            List<String> names = s.trackNames();
            System.out.println("TRACKS " + names);
            System.out.println("RECORDED " + noteOns(s.track(names.size() - 1)));
            pick(robot, w, MidiInputMenu.NONE);
            System.out.println("NONE " + s.midiInput());
            System.out.println("UNLISTENED " + inSide.isOpen() + " " + inSide.getTransmitters().size());
            System.out.println("NONETITLE " + menuTitle(w));
            GuiDriver.onEdt(() -> GuiDriver.find(w.frame().getContentPane(), "record", AbstractButton.class).doClick());
            System.out.println("RECORDNONE " + text(w, "status"));
            System.out.println("RECORDING " + s.host().transport().isRecording());
            GuiDriver.onEdt(w::close);
        } finally {
            port.remove();
        }
        return 0;
    }

    /** Polls the device label until it matches (or the time is up); returns what it showed last. */
    private static String await(GuiWindow w, String regex, double seconds) throws Exception {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        String shown = text(w, "device");
        while (!shown.matches(regex) && System.nanoTime() < end) {
            LockSupport.parkNanos(50_000_000L);
            shown = text(w, "device");
        }
        return shown;
    }

    private static int dialogs() throws Exception {
        int[] n = new int[1];
        GuiDriver.onEdt(() -> {
            for (Window win : Window.getWindows()) {
                if (win instanceof JDialog && win.isShowing()) {
                    n[0]++;
                }
            }
        });
        return n[0];
    }

    private static int jackLoss(Path song) throws Exception {
        BufferedReader test = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        DemoHostSession s = GuiCommand.startSession(null, "sine", "jack", null, 48000, 128);
        System.out.println("KIND " + s.outputKind());
        GuiWindow w = GuiDriver.open(s);
        GuiDriver.onEdt(() -> w.loadTrack(song));
        GuiDriver.onEdt(() -> GuiDriver.find(w.frame().getContentPane(), "play", AbstractButton.class).doClick());
        System.out.println("ON " + await(w, "\\| jack: .*", 20));
        System.out.println("KILL");
        System.out.flush();
        test.readLine();
        System.out.println("LOST " + await(w, "\\| device lost.*", 30));
        System.out.println("LOSTDIALOGS " + dialogs());
        System.out.println("LOSTPLAYING " + s.host().transport().isPlaying());
        // the transport moves on the null output: the beats of the first half second it moved in
        // (a loaded machine may stall a moment; up to 10 s)
        long lost = System.nanoTime();
        double moved = 0;
        while (moved <= 0 && System.nanoTime() - lost < 10_000_000_000L) {
            double beat = s.host().transport().beat();
            LockSupport.parkNanos(500_000_000L);
            moved = s.host().transport().beat() - beat;
        }
        System.out.println("LOSTBEATS " + moved + " " + (System.nanoTime() - lost) / 1_000_000);
        System.out.println("LOSTSTILL " + text(w, "device"));
        System.out.println("RESTART");
        System.out.flush();
        test.readLine();
        System.out.println("BACK " + await(w, "\\| jack: .*", 40));
        System.out.println("BACKDIALOGS " + dialogs());
        System.out.println("BACKPLAYING " + s.host().transport().isPlaying());
        System.out.println("STATE " + text(w, "state"));
        System.out.println("LOSSES " + s.audio().deviceLosses() + " " + s.audio().resumes());
        GuiDriver.onEdt(w::close);
        return 0;
    }
}
