package org.midirack.demos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The drum machine's pattern is off by default (parameter {@code pattern}); a session saved before that
 * parameter existed, when the drum machine always played its pattern, loads with it on, so it plays as it
 * was saved; a session saved now keeps whatever it says.
 */
class SessionDrumPatternTest {

    private static String drumsPattern(SessionDocument d) {
        for (SessionDocument.SessionNode n : d.nodes()) {
            if (n.state().nodeId().equals("midirack.drums")) {
                return n.state().entries().get("param.pattern");
            }
        }
        throw new AssertionError("no drum machine in the document");
    }

    @Test
    void aVersion1SessionWithoutPatternLoadsWithThePatternOn() throws IOException {
        SessionDocument v1 = SessionV1CompatibilityTest.read("v1-gervill.session");
        assertTrue(!new String(SessionV1CompatibilityTest.resource("v1-gervill.session"), StandardCharsets.US_ASCII)
                .contains("pattern"), "the version-1 file says nothing of a pattern");
        assertEquals("1.0", drumsPattern(v1));
    }

    @Test
    void aVersion2SessionWithoutPatternLoadsWithThePatternOnAndOneWithItKeepsIt() throws IOException {
        String now = SessionV1CompatibilityTest.read("v1-gervill.session").toText();
        assertTrue(now.contains("\nversion=2\n") && now.contains("\nnode.2.param.pattern=1.0\n"), now);
        String before = now.replace("node.2.param.pattern=1.0\n", ""); // as written before the parameter existed
        assertEquals("1.0", drumsPattern(SessionDocument.parse(before.getBytes(StandardCharsets.US_ASCII),
                SessionFixtures.REGISTRY)));
        String off = now.replace("node.2.param.pattern=1.0\n", "node.2.param.pattern=0.0\n");
        assertEquals("0.0", drumsPattern(SessionDocument.parse(off.getBytes(StandardCharsets.US_ASCII),
                SessionFixtures.REGISTRY)));
    }
}
