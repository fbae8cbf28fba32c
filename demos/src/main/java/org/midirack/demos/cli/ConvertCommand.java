package org.midirack.demos.cli;

import java.nio.file.Path;
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
        OutputFiles.writeAtomically(out, "the MIDI file", tmp -> {
            int type = 0;
            for (int t : MidiSystem.getMidiFileTypes(seq)) {
                type = Math.max(type, t);
            }
            MidiSystem.write(seq, type, tmp.toFile());
        });
    }
}
