package org.midirack.demos.cli;

import org.midirack.core.hosting.NodeRegistry;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the session reader ({@link SessionDocumentReader#parse}, versions 2 and 1 through
 * {@link SessionDocumentV1}) with every installed node type: properties text, the graph, node
 * states, MIDI mappings and the embedded Standard MIDI File tracks. Every input is read or fails
 * with a {@link SessionDocumentException} whose message is one clean line ({@link FuzzContract});
 * a document that is read has its tracks made ready to play.
 *
 * <p>Under {@code mvn verify} the seeds in {@code SessionReaderFuzzTestInputs/} (test resources)
 * run as regression tests; {@code demos/fuzz.sh session} fuzzes (docs/FUZZING.md).
 */
class SessionReaderFuzzTest {
    private static final NodeRegistry REGISTRY = NodeRegistry.load();

    static {
        // fuzz.sh: load and compile what the target runs before libFuzzer's 1 s per-input clock starts
        if (Boolean.getBoolean("midirack.fuzz.warmup")) {
            FuzzContract.warmUp(SessionReaderFuzzTest.class, "everySessionLoadsOrFailsWithOneCleanLine", SessionReaderFuzzTest::fuzzerTestOneInput);
        }
    }

    /**
     * One input, as libFuzzer and the JUnit seed run hand it over.
     * @thread fuzzer
     */
    public static void fuzzerTestOneInput(byte[] data) {
        SessionDocument doc;
        try {
            doc = SessionDocumentReader.parse(data, REGISTRY);
        } catch (SessionDocumentException e) {
            FuzzContract.requireCleanMessage(e, data);
            return;
        }
        for (SessionDocument.SessionTrack t : doc.tracks()) {
            FuzzContract.prepare(t.sequence());
        }
    }

    /** Seeds only under {@code mvn verify}; fuzz.sh gives the run its length ({@code -runs}), not the 5 minutes Jazzer would stop at. */
    @FuzzTest(maxDuration = "100h")
    void everySessionLoadsOrFailsWithOneCleanLine(byte[] data) {
        fuzzerTestOneInput(data);
    }
}
