package org.midirack.demos.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sound.midi.Sequence;

import org.midirack.core.Node;
import org.midirack.core.hosting.NodeRegistry;
import org.midirack.host.NodeError;
import org.midirack.host.audio.AudioFileType;
import org.midirack.host.audio.WavEncoding;

import picocli.CommandLine.ParameterException;

/**
 * {@code render A.mid B.mel songs/ --out-dir wav/}: many files in one process. Every input (a folder: its
 * songs, by name) becomes {@code DIR/NAME.wav}; the files are rendered by {@code --jobs} worker threads (default:
 * the number of cores), each through its own engine as a single {@code render} would (same options, same
 * bytes), while the soundbank is parsed once and its samples read once for all of them
 * ({@code SharedSoundbanks}). Each output is written to a temporary file and moved into place when complete.
 * A file that fails is one line on standard error naming it; the others are written; the exit status is 1 at
 * the end when any failed. On a terminal one progress line per file is redrawn in place; piped, nothing is
 * printed but the failures and warnings.
 */
final class BatchRender {

    /** File names a folder contributes (lower case). */
    private static final List<String> SONG_SUFFIXES = List.of(".mid", ".midi", ".kar", ".smf", ".mel");

    /** One file of the batch and what became of it. */
    private static final class Item {
        final Path input;
        final Path output;
        volatile Engine engine;    // while rendering: for the progress line
        volatile long totalFrames;
        volatile String state = "waiting";
        volatile String failure;   // one line, null when it worked
        final List<String> warnings = new ArrayList<>();

        Item(Path input, Path output) {
            this.input = input;
            this.output = output;
        }
    }

    private BatchRender() {
    }

    /**
     * Renders every input of the command into its {@code --out-dir}.
     * @return 0 when every file was written
     * @throws ParameterException for options that do not go with a batch (exit 2)
     * @throws CliError at the end when any file failed (exit 1), after the others were written
     * @thread main
     */
    static int run(RenderCommand cmd, WavEncoding enc) {
        var spec = cmd.spec;
        BatchOptions b = cmd.batch;
        if (cmd.session != null) {
            throw new ParameterException(spec.commandLine(), "--session renders one session; not with several inputs or --out-dir");
        }
        if (cmd.out != null) {
            throw new ParameterException(spec.commandLine(), "--out names one file; several inputs or a folder need --out-dir DIR");
        }
        if (b.outDir == null) {
            throw new ParameterException(spec.commandLine(), "several inputs or a folder need --out-dir DIR");
        }
        if (b.jobs != null && (b.jobs < 1 || b.jobs > 256)) {
            throw new ParameterException(spec.commandLine(), "--jobs must be 1-256, not " + b.jobs);
        }
        AudioFileType type = AudioFileType.WAV;
        if (cmd.file.format != null) {
            type = AudioFileType.forName(cmd.file.format);
            if (type == null) {
                throw new ParameterException(spec.commandLine(), "--format must be wav, rf64, aiff or flac, not '" + cmd.file.format + "'");
            }
        }
        if (!type.supports(enc)) {
            throw new ParameterException(spec.commandLine(), type.label() + " holds 16 or 24 bits, not --bits " + cmd.file.bits
                    + " (32-bit float: --format wav or rf64)");
        }
        final AudioFileType fileType = type;
        List<Path> given = b.inputs(cmd.input);
        if (given.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no input: give files or folders to render into " + b.outDir);
        }
        Path dir = outputFolder(b.outDir);
        List<String> early = new ArrayList<>();
        List<Item> items = items(spec, given, dir, fileType, early);
        boolean terminal = Jobs.onTerminal();
        for (String line : early) {
            System.err.println("midirack render: " + line);
        }
        int threads = Math.min(b.jobsOrCores(), Math.max(1, items.size()));
        int perFile = b.threadsPerFile(); // Gervill engines per file (--threads): jobs x threads cores in use
        AtomicInteger next = new AtomicInteger();
        BatchProgress progress = terminal && !items.isEmpty() ? BatchProgress.start(items.size(), i -> line(items.get(i))) : null;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "midirack-render-" + next.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Item it : largestFirst(items)) {
                done.add(pool.submit(() -> renderOne(cmd, fileType, enc, it, terminal, perFile)));
            }
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CliError("interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause()); // renderOne catches everything; cannot happen
                }
            }
        } finally {
            pool.shutdownNow();
            if (progress != null) {
                progress.stop();
            }
        }
        int failed = early.size();
        for (Item it : items) {
            if (terminal && it.failure != null) {
                System.err.println("midirack render: " + it.failure);
            }
            if (terminal) {
                for (String w : it.warnings) {
                    System.err.println("midirack render: " + w);
                }
            }
            failed += it.failure != null ? 1 : 0;
        }
        if (failed > 0) {
            throw new CliError(failed + " of " + (items.size() + early.size()) + " inputs failed; the others were written to " + b.outDir);
        }
        return 0;
    }

    /**
     * The items in the order they are started: the largest input files first, so that the workers end
     * together instead of one long song starting last (ties, and unreadable files, keep the input order).
     */
    private static List<Item> largestFirst(List<Item> items) {
        Map<Item, Long> size = new HashMap<>();
        for (Item it : items) {
            long n;
            try {
                n = Files.size(it.input);
            } catch (IOException | RuntimeException e) {
                n = -1;
            }
            size.put(it, n);
        }
        List<Item> order = new ArrayList<>(items);
        order.sort((a, b) -> Long.compare(size.get(b), size.get(a)));
        return order;
    }

    /** The output folder, created when missing. */
    private static Path outputFolder(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CliError(dir + ": is not a folder (--out-dir)");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CliError(dir + ": cannot create the output folder (" + e.getMessage() + ")", e);
        }
        return dir;
    }

    /**
     * The inputs expanded (a folder: its songs, sorted by name) with their outputs; two inputs that would
     * write one output, or an output that is an input, are a usage error before anything is rendered.
     * A folder without songs is a failure noted in {@code early}.
     */
    private static List<Item> items(picocli.CommandLine.Model.CommandSpec spec, List<Path> given, Path dir, AudioFileType type,
                                    List<String> early) {
        List<Path> inputs = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                List<Path> songs;
                try (Stream<Path> s = Files.list(p)) {
                    songs = s.filter(f -> Files.isRegularFile(f) && isSongName(f)).sorted().toList();
                } catch (IOException e) {
                    early.add(p + ": cannot list the folder (" + e.getMessage() + ")");
                    continue;
                }
                if (songs.isEmpty()) {
                    early.add(p + ": no .mid, .midi, .kar, .smf or .mel files in this folder");
                }
                inputs.addAll(songs);
            } else {
                inputs.add(p);
            }
        }
        Map<Path, Path> byOutput = new HashMap<>();
        List<Item> items = new ArrayList<>();
        for (Path in : inputs) {
            Path out = dir.resolve(outputName(in, type)).toAbsolutePath().normalize();
            Path other = byOutput.putIfAbsent(out, in);
            if (other != null) {
                throw new ParameterException(spec.commandLine(), other + " and " + in + " would both be written to " + out
                        + "; render them into different folders");
            }
            OutputPath.of(out, false).refuseSameAs(spec, "--out-dir", in);
            items.add(new Item(in, out));
        }
        return items;
    }

    private static boolean isSongName(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String s : SONG_SUFFIXES) {
            if (n.endsWith(s)) {
                return true;
            }
        }
        return false;
    }

    /** {@code song.mid} -> {@code song.wav} (or .rf64, .aiff, .flac); a name without extension gets one added. */
    static String outputName(Path input, AudioFileType type) {
        String n = input.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return (dot > 0 ? n.substring(0, dot) : n) + "." + type.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Renders one file; never throws: a failure is recorded on the item (and printed at once when piped). */
    private static void renderOne(RenderCommand cmd, AudioFileType type, WavEncoding enc, Item it, boolean terminal,
                                  int perFile) {
        long t0 = System.nanoTime();
        it.state = "loading";
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream err = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            Sequence seq = Inputs.load(it.input);
            EngineOptions rack = cmd.rack;
            List<Node> midiFx = new ArrayList<>();
            List<Node> audioFx = new ArrayList<>();
            if (cmd.fx != null) {
                EngineOptions.effects(NodeRegistry.load(), cmd.fx, midiFx, audioFx);
            }
            Node instrument = rack.createInstrument();
            OfflineGervill.prepare(instrument, seq, rack.programOrNone(), midiFx.isEmpty(), perFile);
            try (Engine r = EngineOptions.engine(rack.sampleRate, rack.buffer, instrument, null, midiFx, audioFx, 0xFFFF)) {
                long frames = r.load(seq, rack.programOrNone()) + Math.round(cmd.tail * rack.sampleRate);
                it.totalFrames = frames;
                it.engine = r;
                it.state = "rendering";
                List<NodeError> faults = Jobs.render(r, frames, frames, 0, OutputPath.of(it.output, false), type, enc,
                        cmd.sound.gain(), false, err);
                it.engine = null;
                for (String w : captured.toString(StandardCharsets.UTF_8).split("\n")) {
                    if (!w.isBlank()) {
                        it.warnings.add(it.output.getFileName() + ": " + w.strip());
                    }
                }
                if (!faults.isEmpty()) {
                    List<String> names = new ArrayList<>();
                    for (NodeError e : faults) {
                        names.add("node " + (e.slot() + 1) + " '" + e.nodeId() + "'");
                    }
                    throw new CliError(it.output + " was written, but " + String.join(", ", names) + " failed and played muted");
                }
            }
            it.state = String.format(Locale.ROOT, "done in %.1f s", (System.nanoTime() - t0) / 1e9);
        } catch (RuntimeException e) {
            String msg = e instanceof CliError ? e.getMessage() : "internal error: " + e;
            String name = it.input.toString();
            it.failure = msg != null && msg.contains(name) ? msg : name + ": " + msg;
            it.engine = null;
            it.state = "FAILED";
        }
        if (!terminal) {
            if (it.failure != null) {
                System.err.println("midirack render: " + it.failure);
            }
            for (String w : it.warnings) {
                System.err.println("midirack render: " + w);
            }
        }
    }

    /** A file's progress line: {@code [#####      ]  45% songs/a.mid -> wav/a.wav}. */
    private static String line(Item it) {
        Engine e = it.engine;
        long total = it.totalFrames;
        String what = it.input + " -> " + it.output.getFileName();
        if (e != null && total > 0) {
            long done = Math.min(total, e.framesRendered());
            int width = 30;
            int filled = (int) (done * width / total);
            return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                    + String.format(Locale.ROOT, "%3d%% ", done * 100 / total) + what;
        }
        return String.format(Locale.ROOT, "%-37s ", "[" + it.state + "]") + what;
    }
}
