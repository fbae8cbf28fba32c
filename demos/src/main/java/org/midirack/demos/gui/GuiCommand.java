package org.midirack.demos.gui;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import javax.swing.SwingUtilities;

import org.midirack.demos.cli.CliError;
import org.midirack.demos.cli.DemoHostSession;
import org.midirack.host.Host;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gui}: the demo host in a window, on the same engine as {@code host}: the graph, the
 * transport panel, tracks with a piano roll, the nodes' parameters with MIDI learn, sessions in
 * the command line's format, the audio output.
 */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = "The demo host in a window: wire nodes by dragging, play, loop and record tracks, see the"
                + " transport, the piano roll and the nodes' parameters; open and save sessions.")
public final class GuiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--output", paramLabel = "javasound|jack|null", description = "Audio output (default: Java Sound, then JACK, else null: no sound, clock-paced).")
    String output;

    @Option(names = "--session", paramLabel = "FILE", description = "Start with a saved session.")
    Path sessionFile;

    @Option(names = "--instrument", paramLabel = "gervill|sine", defaultValue = "gervill",
            description = "The instrument of the starting graph (with the drum machine on channel 10): ${DEFAULT-VALUE}.")
    String instrument;

    @Option(names = "--in", paramLabel = "NAME", description = "MIDI input to play and record from (default: the first, if any).")
    String in;

    @Option(names = "--empty", description = "Start with no nodes.")
    boolean empty;

    @Option(names = "--sample-rate", paramLabel = "HZ", defaultValue = "48000", description = "Sample rate (${DEFAULT-VALUE}).")
    double sampleRate;

    /**
     * The window's default block: 512 frames (10.7 ms at 48 kHz), four times the terminal commands' 128. On 2 cores a
     * window's own work (painting in software, a busy event thread) competes with the render thread; at 128 frames
     * .ci/run once counted 2 underruns in 4 s of a busy event thread. {@code --buffer} sets it lower.
     */
    static final String DEFAULT_BUFFER = "512";

    @Option(names = "--buffer", paramLabel = "FRAMES", defaultValue = DEFAULT_BUFFER, description = "Block size (${DEFAULT-VALUE};"
            + " lower for less latency, at the risk of underruns while the window works).")
    int buffer;

    /** @thread main */
    @Override
    public Integer call() throws Exception {
        if (output != null && !List.of("javasound", "jack", "null").contains(output)) {
            throw new ParameterException(spec.commandLine(), "--output must be javasound, jack or null, not '" + output + "'");
        }
        if (!List.of("gervill", "sine").contains(instrument)) {
            throw new ParameterException(spec.commandLine(), "--instrument must be gervill or sine, not '" + instrument + "'");
        }
        if (!(sampleRate >= 8000 && sampleRate <= 384000) || buffer < 16 || buffer > 8192) {
            throw new ParameterException(spec.commandLine(), "--sample-rate must be 8000-384000 and --buffer 16-8192");
        }
        if (GraphicsEnvironment.isHeadless()) {
            throw new CliError("no display: 'gui' needs a graphical display (DISPLAY is not set or"
                    + " java.awt.headless is on); the demo host in the terminal is 'midirack host'");
        }
        DemoHostSession s = startSession(sessionFile, empty ? null : instrument, output, in, sampleRate, buffer);
        AtomicReference<GuiWindow> w = new AtomicReference<>();
        try {
            SwingUtilities.invokeAndWait(() -> {
                GuiWindow win = new GuiWindow(s, sampleRate, buffer);
                win.show();
                w.set(win);
            });
        } catch (java.lang.reflect.InvocationTargetException e) {
            s.close();
            throw new CliError("the window could not open: " + e.getCause(), e.getCause());
        }
        w.get().awaitClosed();
        return 0;
    }

    /**
     * A session from a file, or the starting graph: the instrument on channels 1-9 and 11-16, the
     * drum machine on channel 10, both to the output ({@code instrument} null: no nodes).
     * @thread main
     */
    public static DemoHostSession startSession(Path file, String instrument, String output, String midiIn,
                                               double sampleRate, int buffer) {
        if (file != null || instrument == null) {
            return DemoHostSession.start(file, List.of(), output, midiIn, sampleRate, buffer, System.out);
        }
        DemoHostSession s = DemoHostSession.start(null, List.of(instrument, "drums"), output, midiIn, sampleRate,
                buffer, System.out);
        int[] slots = s.host().slots();
        s.connectMidi(Host.BOUNDARY, slots[0], "1-9,11-16", -1);
        s.connectMidi(Host.BOUNDARY, slots[1], "10", -1);
        s.connectAudio(slots[0], 0, Host.BOUNDARY, 0, 1);
        s.connectAudio(slots[1], 0, Host.BOUNDARY, 0, 1);
        return s;
    }
}
