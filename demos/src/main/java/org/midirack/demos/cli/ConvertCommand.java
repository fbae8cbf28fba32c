package org.midirack.demos.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code convert INPUT OUT.mid}: melody script to Standard MIDI File. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a melody script (or a MIDI file) into a Standard MIDI File (type 1).")
public final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT", description = "A melody script (.mel) or MIDI file.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT.mid", description = "The MIDI file to write (replaced only when complete).")
    Path out;

    /** @thread main */
    @Override
    public Integer call() {
        Sequence seq = Inputs.load(input);
        writeMidi(seq, out);
        System.out.println("wrote " + out);
        return 0;
    }

    /** Writes a sequence as an SMF through a temporary file moved into place. @thread main */
    static void writeMidi(Sequence seq, Path out) {
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
            int[] types = MidiSystem.getMidiFileTypes(seq);
            int type = 0;
            for (int t : types) {
                type = Math.max(type, t);
            }
            MidiSystem.write(seq, type, tmp.toFile());
            try {
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep what createTempFile gave
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (IOException | RuntimeException e) {
            throw new CliError(out + ": cannot write the MIDI file (" + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // best effort
                }
            }
        }
    }
}
