package org.midirack.demos.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/**
 * The options of {@code render} for many files at once: more inputs after the first, folders,
 * {@code --out-dir}, {@code --jobs}. The batch itself is {@link BatchRender}.
 */
final class BatchOptions {

    /** The inputs after the first ({@code RenderCommand.more}: a mixin cannot hold a positional after index 0). */
    List<Path> more = new ArrayList<>();

    @Option(names = "--out-dir", paramLabel = "DIR", description = "Render every input into DIR (created if missing), each as"
            + " NAME.wav after its input's name; the soundbank is loaded once and the files rendered concurrently.")
    Path outDir;

    @Option(names = "--threads", paramLabel = "N", description = "Cores for one file: its MIDI channels spread over N"
            + " Gervill engines rendered at once and summed (the same output as one engine to below -100 dBFS while the"
            + " song stays within --polyphony; a song beyond it differs where one engine steals voices). Default: 1, one engine.")
    Integer threads;

    @Option(names = "--jobs", paramLabel = "N", description = "Files rendered at once with --out-dir. Default: the number of cores.")
    Integer jobs;

    /**
     * Whether this is a batch: {@code --out-dir}, several inputs, or a folder as input.
     * @thread main
     */
    boolean active(Path first) {
        return outDir != null || !more.isEmpty() || first != null && Files.isDirectory(first);
    }

    /** The inputs as given, the first included. @thread main */
    List<Path> inputs(Path first) {
        List<Path> all = new ArrayList<>();
        if (first != null) {
            all.add(first);
        }
        all.addAll(more);
        return all;
    }

    /**
     * Refuses a --threads outside 1-16 (one Gervill engine per MIDI channel at most) as a usage error.
     * @thread main
     */
    void checkThreads(picocli.CommandLine.Model.CommandSpec spec) {
        if (threads != null && (threads < 1 || threads > 16)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads must be 1-16, not " + threads);
        }
    }

    /**
     * Gervill engines for one file: --threads, else 1. Not the cores by default: a song that needs more voices
     * at once than --polyphony makes one engine steal voices that several engines keep, so the default output
     * would depend on the machine's core count (measured: docs/BENCHMARKS.md, "One file on several cores").
     * @thread main
     */
    int threadsPerFile() {
        return threads != null ? threads : 1;
    }

    /** --jobs, or the number of cores. @thread main */
    int jobsOrCores() {
        return jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
    }
}
