package org.midirack.demos.cli;

import org.midirack.core.Node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.midirack.demos.melody.Melody;
import org.midirack.effects.DelayTempoSync;
import org.midirack.effects.MidiArpeggiator;
import org.midirack.host.mapping.MidiMapping;
import org.midirack.host.mapping.MidiMappingSource;
import org.midirack.instruments.InstrumentSine;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the bytes, reading a session gives a session or a {@link SessionDocumentException} with a reason. */
class SessionDocumentFuzzPropertyTest {
    static final byte[] DOC = document();

    private static byte[] document() {
        Node arp = SessionFixtures.REGISTRY.create(MidiArpeggiator.ID);
        arp.parameters().set("gate", 0.3);
        Node delay = SessionFixtures.REGISTRY.create(DelayTempoSync.ID);
        SessionDocument.Built b = SessionDocument.chain(SessionFixtures.REGISTRY, new InstrumentSine(), null, List.of(arp),
                List.of(delay), 0xFFFF, 48000, 128);
        b.graph().trackAdded();
        try (Engine r = b.engine()) {
            return SessionDocument.capture(b.graph(), 7, List.of(Melody.parse("tempo 100; [C4 E4]/4 G4/8")), List.of("a.mel"),
                    90, 1, 2, List.of(MidiMapping.of(MidiMappingSource.cc(1), 2, "mix").withRange(0.1, 0.9))).toText().getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Reads or refuses; any other exception escapes and fails the test. */
    private static boolean readsOrRefuses(byte[] bytes) {
        try {
            SessionDocument d = SessionDocument.parse(bytes, SessionFixtures.REGISTRY);
            // what was read writes back to a document that reads back the same
            assertEquals(d, SessionDocument.parse(d.toText().getBytes(StandardCharsets.US_ASCII), SessionFixtures.REGISTRY));
            return true;
        } catch (SessionDocumentException e) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a reason");
            return false;
        }
    }

    @Test
    void theUnspoiledDocumentReads() {
        assertTrue(readsOrRefuses(DOC));
    }

    @Test
    void everyByteReplacedInTurnNeverCrashesTheReader() {
        byte[] values = {0, '\n', '\\'}; // binary, line structure, escapes and continuations
        int refused = 0;
        for (int i = 0; i < DOC.length; i++) {
            for (byte v : values) {
                if (DOC[i] == v) {
                    continue;
                }
                byte[] b = DOC.clone();
                b[i] = v;
                if (!readsOrRefuses(b)) {
                    refused++;
                }
            }
        }
        assertTrue(refused > DOC.length, "most spoilt documents are refused: " + refused);
    }

    @Test
    void everyTruncationNeverCrashesTheReader() {
        for (int n = 0; n < DOC.length; n++) {
            readsOrRefuses(Arrays.copyOf(DOC, n));
        }
    }

    record Edit(int kind, int at, byte value, int length) {
        byte[] apply(byte[] b) {
            if (b.length == 0) {
                return new byte[] {value};
            }
            int i = Math.floorMod(at, b.length);
            return switch (kind) {
                case 0 -> {
                    byte[] c = b.clone();
                    c[i] = value;
                    yield c;
                }
                case 1 -> { // delete a run
                    int end = Math.min(b.length, i + length);
                    byte[] c = new byte[b.length - (end - i)];
                    System.arraycopy(b, 0, c, 0, i);
                    System.arraycopy(b, end, c, i, b.length - end);
                    yield c;
                }
                case 2 -> { // insert
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, i);
                    c[i] = value;
                    System.arraycopy(b, i, c, i + 1, b.length - i);
                    yield c;
                }
                default -> { // duplicate a run (repeated keys, doubled lines)
                    int end = Math.min(b.length, i + length);
                    byte[] c = new byte[b.length + (end - i)];
                    System.arraycopy(b, 0, c, 0, end);
                    System.arraycopy(b, i, c, end, b.length - i);
                    yield c;
                }
            };
        }
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, Integer.MAX_VALUE), Arbitraries.bytes(),
                Arbitraries.integers().between(1, 200)).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 500)
    void randomlyEditedDocumentIsReadOrRefusedWithAReason(@ForAll("edits") List<Edit> edits) {
        byte[] b = DOC;
        for (Edit e : edits) {
            b = e.apply(b);
        }
        readsOrRefuses(b);
    }
}
