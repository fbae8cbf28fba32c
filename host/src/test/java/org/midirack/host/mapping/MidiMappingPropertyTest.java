package org.midirack.host.mapping;

import org.midirack.core.StateFormatException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Properties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Properties of the mapping model: sweeps stay in range and in order, texts read back, fuzzed documents fail cleanly. */
class MidiMappingPropertyTest {
    private final MidiMappingTable table = new MidiMappingTable(MappingFixture.RESOLVER, new MappingFixture.Changes());

    @Property(tries = 300)
    void continuousSweepsStayInTheirRangeAndFollowTheController(@ForAll @DoubleRange(min = 20, max = 20000) double a,
            @ForAll @DoubleRange(min = 20, max = 20000) double b, @ForAll boolean inverted,
            @ForAll @IntRange(min = 0, max = 126) int v) {
        if (Math.abs(a - b) < 1e-6) {
            return;
        }
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        MappingFixture.Changes s = new MappingFixture.Changes();
        MidiMappingTable t = new MidiMappingTable(MappingFixture.RESOLVER, s);
        t.put(MidiMapping.of(MidiMappingSource.cc(1), 1, "cutoff").withRange(lo, hi).withInverted(inverted));
        t.handle(0, 0xB0, 1, v);
        t.handle(0, 0xB0, 1, v + 1);
        float x = s.value[0];
        float y = s.value[1];
        assertTrue(x >= (float) lo && x <= (float) hi && y >= (float) lo && y <= (float) hi, x + ", " + y);
        assertTrue(inverted ? y <= x : y >= x, "monotonic: " + x + " then " + y);
    }

    @Provide
    Arbitrary<MidiMappingSource> sources() {
        Arbitrary<MidiMappingSource.Kind> kinds = Arbitraries.of(MidiMappingSource.Kind.class);
        Arbitrary<Integer> channels = Arbitraries.integers().between(-1, 15);
        Arbitrary<Integer> numbers = Arbitraries.integers().between(-1, 127);
        return Combinators.combine(kinds, channels, numbers).as((k, ch, n) -> switch (k) {
            case CC -> new MidiMappingSource(k, ch, Math.floorMod(n, 120));
            case POLY_PRESSURE -> new MidiMappingSource(k, ch, n);
            default -> new MidiMappingSource(k, ch, MidiMappingSource.ANY_KEY);
        });
    }

    @Property(tries = 500)
    void everySourceReadsBackFromItsText(@ForAll("sources") MidiMappingSource s) {
        assertEquals(s, MidiMappingSource.parse(s.toString()));
    }

    @Property(tries = 300)
    void aDocumentFuzzedByteByByteNeverThrowsAnythingElse(@ForAll @IntRange(min = 0, max = 100_000) int seed) throws Exception {
        Properties p = new Properties();
        MidiMappingDocument.save(MidiMappingDocumentTest.MAPPINGS, p, "m.");
        StringWriter w = new StringWriter();
        p.store(w, null);
        char[] text = w.toString().toCharArray();
        java.util.Random rnd = new java.util.Random(seed);
        for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
            text[rnd.nextInt(text.length)] = (char) (rnd.nextBoolean() ? 32 + rnd.nextInt(95) : rnd.nextInt(256));
        }
        Properties fuzzed = new Properties();
        try {
            fuzzed.load(new StringReader(new String(text)));
        } catch (IllegalArgumentException e) {
            return; // a broken unicode escape: the properties file itself is unreadable (the session loader's error)
        }
        try {
            List<MidiMapping> read = MidiMappingDocument.load(fuzzed, "m.", MappingFixture.RESOLVER);
            table.replaceAll(read); // whatever the loader accepts, the table takes
        } catch (StateFormatException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
    }
}
