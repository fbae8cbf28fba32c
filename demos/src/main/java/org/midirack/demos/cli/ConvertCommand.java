package org.midirack.demos.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/** {@code convert INPUT OUT.mid}: melody script to Standard MIDI File. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert a melody script (or a MIDI file) into a Standard MIDI File (type 1).")
public final class ConvertCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT", description = "A melody script (.mel) or MIDI file.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT.mid", description = "The MIDI file to write (a regular file replaced only when complete;"
            + " a symlink, device or pipe written through; '-' is standard output).")
    Path out;

    @Spec
    CommandSpec spec;

    /** @thread main */
    @Override
    public Integer call() {
        OutputPath target = OutputPath.of(out, true);
        target.refuseSameAs(spec, "OUT.mid", input);
        Sequence seq = Inputs.load(input);
        OutputFiles.write(target, "the MIDI file", tmp -> writeSmf(seq, tmp));
        // with OUT.mid '-', standard output carries the MIDI file
        (target.isStdout() ? System.err : System.out).println("wrote " + out);
        return 0;
    }

    /** Writes a sequence as an SMF through a temporary file moved into place. @thread main */
    static void writeMidi(Sequence seq, Path out) {
        OutputFiles.writeAtomically(out, "the MIDI file", tmp -> writeSmf(seq, tmp));
    }

    private static void writeSmf(Sequence seq, Path file) throws java.io.IOException {
        int type = 0;
        for (int t : MidiSystem.getMidiFileTypes(seq)) {
            type = Math.max(type, t);
        }
        MidiSystem.write(seq, type, file.toFile());
    }
}
