package org.midirack.demos.cli;

import javax.sound.midi.Sequence;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes what {@code render} and {@code play} do with an INPUT named like a MIDI file
 * ({@code song.mid}): content detection ({@link Inputs#read}), the Standard MIDI File checks and
 * Java Sound's reader ({@link Inputs#parseMidi}), then the song made ready to play
 * ({@link FuzzContract#prepare}). Every input loads or fails with a {@link CliError} whose message
 * is one clean line ({@link FuzzContract}).
 *
 * <p>Under {@code mvn verify} the seeds in {@code SmfReaderFuzzTestInputs/} (test resources) run
 * as regression tests; {@code demos/fuzz.sh smf} fuzzes (docs/FUZZING.md).
 */
class SmfReaderFuzzTest {

    static {
        // fuzz.sh: load and compile what the target runs before libFuzzer's 1 s per-input clock starts
        if (Boolean.getBoolean("midirack.fuzz.warmup")) {
            FuzzContract.warmUp(SmfReaderFuzzTest.class, "everyMidiInputLoadsOrFailsWithOneCleanLine", SmfReaderFuzzTest::fuzzerTestOneInput);
        }
    }

    /**
     * One input, as libFuzzer and the JUnit seed run hand it over.
     * @thread fuzzer
     */
    public static void fuzzerTestOneInput(byte[] data) {
        Sequence song;
        try {
            song = Inputs.read("fuzz.mid", data, true);
        } catch (CliError e) {
            FuzzContract.requireCleanMessage(e, data);
            return;
        }
        FuzzContract.prepare(song);
    }

    /** Seeds only under {@code mvn verify}; fuzz.sh gives the run its length ({@code -runs}), not the 5 minutes Jazzer would stop at. */
    @FuzzTest(maxDuration = "100h")
    void everyMidiInputLoadsOrFailsWithOneCleanLine(byte[] data) {
        fuzzerTestOneInput(data);
    }
}
