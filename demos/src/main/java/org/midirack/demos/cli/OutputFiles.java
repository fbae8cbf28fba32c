package org.midirack.demos.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files the command line writes (MIDI files, sessions): written to a temporary file beside the
 * target and moved into place only when complete, so a failure or a crash leaves the old file or
 * the new one, never half a file; finished files are {@code rw-r--r--} where the file system has
 * POSIX permissions ({@code createTempFile} makes them owner-only).
 */
final class OutputFiles {

    /** Writes the whole content into the temporary file. */
    interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    private OutputFiles() {
    }

    /**
     * Writes {@code out} through a temporary file.
     * @param what what is written, for the error message ("the MIDI file", "the session")
     * @throws CliError "OUT: is a directory", "OUT: directory D does not exist" or
     *     "OUT: cannot write WHAT (why)"; the target is left as it was
     * @thread main
     */
    static void writeAtomically(Path out, String what, Content content) {
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        if (Files.isDirectory(target)) {
            throw new CliError(out + ": is a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CliError(out + ": directory " + dir + " does not exist");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
            content.writeTo(tmp);
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
            throw new CliError(out + ": cannot write " + what + " (" + e.getMessage() + ")", e);
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
