package org.midirack.demos.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files the command line writes (MIDI files, sessions): a regular file (or a symlink's target) is
 * written to a temporary file beside it and moved into place only when complete, so a failure or a crash leaves the old file or
 * the new one, never half a file; finished files are {@code rw-r--r--} where the file system has
 * POSIX permissions ({@code createTempFile} makes them owner-only). A device, a pipe or standard
 * output is written through, never replaced (see {@link OutputPath}).
 */
final class OutputFiles {

    /** Writes the whole content into the temporary file. */
    interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    private OutputFiles() {
    }

    /**
     * Writes {@code out} through a temporary file ({@code -} is a file named so).
     * @param what what is written, for the error message ("the MIDI file", "the session")
     * @throws CliError "OUT: is a directory", "OUT: directory D does not exist" or
     *     "OUT: cannot write WHAT (why)"; the target is left as it was
     * @thread main
     */
    static void writeAtomically(Path out, String what, Content content) {
        write(OutputPath.of(out, false), what, content);
    }

    /**
     * Writes a resolved output: a regular file (a link's target) through a temporary file beside
     * it, moved into place when complete; a device, pipe or standard output by copying the
     * complete content into it (never replacing it).
     * @param what what is written, for the error message ("the MIDI file", "the session")
     * @throws CliError naming the output when it cannot be written
     * @thread main
     */
    static void write(OutputPath out, String what, Content content) {
        Path target = out.resolved();
        boolean regular = out.kind() == OutputPath.Kind.REGULAR;
        Path tmp = null;
        try {
            tmp = regular ? Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part")
                    : Files.createTempFile("midirack-", ".part");
            content.writeTo(tmp);
            if (!regular) {
                java.nio.channels.WritableByteChannel ch = out.openStream();
                try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(tmp)) {
                    long pos = 0;
                    long size = in.size();
                    while (pos < size) {
                        pos += in.transferTo(pos, size - pos, ch);
                    }
                } finally {
                    if (!out.isStdout()) {
                        ch.close();
                    }
                }
                return;
            }
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CliError c) {
                throw c;
            }
            throw new CliError(out.given() + ": cannot write " + what + " (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // the temporary file could not be removed: the target is untouched either way
                }
            }
        }
    }
}
