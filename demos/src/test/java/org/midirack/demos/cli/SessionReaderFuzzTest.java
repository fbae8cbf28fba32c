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

    /**
     * One input, as libFuzzer and the JUnit seed run hand it over.
     * @thread fuzzer
     */
    public static void fuzzerTestOneInput(byte[] data) {
        SessionDocument doc;
        try {
            doc = SessionDocumentReader.parse(data, REGISTRY);
        } catch (SessionDocumentException e) {
            FuzzContract.requireCleanMessage(e);
            return;
        }
        for (SessionDocument.SessionTrack t : doc.tracks()) {
            FuzzContract.prepare(t.sequence());
        }
    }

    @FuzzTest
    void everySessionLoadsOrFailsWithOneCleanLine(byte[] data) {
        fuzzerTestOneInput(data);
    }
}
