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

    /** --jobs, or the number of cores. @thread main */
    int jobsOrCores() {
        return jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
    }
}
