package org.midirack.demos.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Where an output path given on the command line really goes: {@code -} is standard output, and so is
 * {@code /dev/stdout} (any path that is the same file as file descriptor 1); a
 * symbolic link is followed to its target (also a dangling one: its target is created); an existing
 * device or named pipe is written through, never replaced; anything else is a regular file, written
 * through a temporary file in the directory of the resolved target and moved into place. So a link
 * stays a link, {@code /dev/null} stays a device, and a pipe's reader gets the bytes.
 */
final class OutputPath {

    /** What kind of thing the output is. */
    enum Kind {
        /** {@code -}: the process's standard output. */
        STDOUT,
        /** An existing file that is neither regular nor a directory (a device, a named pipe). */
        SPECIAL,
        /** A regular file (existing or not), replaced only when complete. */
        REGULAR
    }

    private final String given;
    private final Path resolved;
    private final Kind kind;

    private OutputPath(String given, Path resolved, Kind kind) {
        this.given = given;
        this.resolved = resolved;
        this.kind = kind;
    }

    /**
     * Resolves an output path.
     * @param out the path as given
     * @param dashIsStdout whether {@code -} means standard output
     * @throws CliError "OUT: is a directory", "OUT: directory D does not exist", or a link loop
     * @thread main
     */
    static OutputPath of(Path out, boolean dashIsStdout) {
        String given = out.toString();
        if (dashIsStdout && given.equals("-")) {
            return new OutputPath(given, null, Kind.STDOUT);
        }
        Path p = out.toAbsolutePath();
        if (dashIsStdout && isStandardOutput(p)) {
            return new OutputPath(given, null, Kind.STDOUT); // /dev/stdout, /dev/fd/1: as '-'
        }
        try {
            if (Files.exists(p) && !Files.isRegularFile(p) && !Files.isDirectory(p) && !realPathExists(p)) {
                return new OutputPath(given, p, Kind.SPECIAL); // a link into /proc to a pipe or socket: written through
            }
            if (Files.exists(p)) {
                p = p.toRealPath();
            } else {
                for (int hops = 0; Files.isSymbolicLink(p); hops++) {
                    if (hops == 40) {
                        throw new CliError(given + ": too many levels of symbolic links");
                    }
                    p = p.getParent().resolve(Files.readSymbolicLink(p)).toAbsolutePath().normalize();
                }
            }
        } catch (IOException e) {
            throw new CliError(given + ": cannot resolve the output path (" + e.getMessage() + ")", e);
        }
        if (Files.isDirectory(p)) {
            throw new CliError(given + ": is a directory");
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p)) {
            return new OutputPath(given, p, Kind.SPECIAL);
        }
        Path dir = p.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CliError(given + ": directory " + dir + " does not exist");
        }
        return new OutputPath(given, p, Kind.REGULAR);
    }

    /**
     * Whether an existing path is the process's standard output (what {@code /proc/self/fd/1} opens: a pipe,
     * a terminal, a file), as {@code /dev/stdout} is: its link into {@code /proc} names no path for a pipe.
     */
    private static boolean isStandardOutput(Path p) {
        Path fd1 = Path.of("/proc/self/fd/1");
        try {
            return Files.exists(p) && Files.exists(fd1) && !Files.isDirectory(p) && Files.isSameFile(p, fd1);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static boolean realPathExists(Path p) {
        try {
            p.toRealPath();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The path as the user gave it. @thread any */
    String given() {
        return given;
    }

    /** The file written (the link's target), null for standard output. @thread any */
    Path resolved() {
        return resolved;
    }

    /** @thread any */
    Kind kind() {
        return kind;
    }

    /** Whether this is standard output (so messages must go to standard error). @thread any */
    boolean isStdout() {
        return kind == Kind.STDOUT;
    }

    /**
     * Refuses (exit 2) an output that is the same file as {@code input} (also through links).
     * @param option how the output was given, for the message ("--out", "OUT.mid")
     * @thread main
     */
    void refuseSameAs(CommandSpec spec, String option, Path input) {
        if (input == null || resolved == null || !Files.exists(resolved) || !Files.exists(input)) {
            return;
        }
        boolean same;
        try {
            same = Files.isSameFile(input, resolved);
        } catch (IOException e) {
            return; // cannot tell: the input is read before anything is written
        }
        if (same) {
            throw new ParameterException(spec.commandLine(), option + " " + given + " is the same file as the input "
                    + input + "; nothing was written");
        }
    }

    /**
     * Opens a device, pipe or standard output for writing (standard output is not closed by
     * closing the channel's owner: the caller must not close it).
     * @throws CliError naming the output when it cannot be opened
     * @thread main
     */
    WritableByteChannel openStream() {
        if (kind == Kind.STDOUT) {
            System.out.flush();
            return new FileOutputStream(FileDescriptor.out).getChannel();
        }
        try {
            return FileChannel.open(resolved, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CliError(given + ": cannot open for writing (" + e.getMessage() + ")", e);
        }
    }
}
