package org.midirack.demos.cli;

import javax.sound.midi.Sequence;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes what {@code render} and {@code play} do with an INPUT named like a melody script
 * ({@code song.mel}): content detection ({@link Inputs#read}), UTF-8 decoding, the melody parser
 * ({@code Melody.parse}), then the song made ready to play ({@link FuzzContract#prepare}). Every
 * input loads or fails with a {@link CliError} whose message is one clean line
 * ({@link FuzzContract}).
 *
 * <p>Under {@code mvn verify} the seeds in {@code MelodyParserFuzzTestInputs/} (test resources)
 * run as regression tests; {@code demos/fuzz.sh melody} fuzzes (docs/FUZZING.md).
 */
class MelodyParserFuzzTest {

    static {
        // fuzz.sh: load and compile what the target runs before libFuzzer's 1 s per-input clock starts
        if (Boolean.getBoolean("midirack.fuzz.warmup")) {
            FuzzContract.warmUp(MelodyParserFuzzTest.class, "everyScriptLoadsOrFailsWithOneCleanLine", MelodyParserFuzzTest::fuzzerTestOneInput);
        }
    }

    /**
     * One input, as libFuzzer and the JUnit seed run hand it over.
     * @thread fuzzer
     */
    public static void fuzzerTestOneInput(byte[] data) {
        Sequence song;
        try {
            song = Inputs.read("fuzz.mel", data, false);
        } catch (CliError e) {
            FuzzContract.requireCleanMessage(e, data);
            return;
        }
        FuzzContract.prepare(song);
    }

    /** Seeds only under {@code mvn verify}; fuzz.sh gives the run its length ({@code -runs}), not the 5 minutes Jazzer would stop at. */
    @FuzzTest(maxDuration = "100h")
    void everyScriptLoadsOrFailsWithOneCleanLine(byte[] data) {
        fuzzerTestOneInput(data);
    }
}
