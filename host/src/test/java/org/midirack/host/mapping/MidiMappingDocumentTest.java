package org.midirack.host.mapping;

import org.midirack.core.StateFormatException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The saved form of a mapping table. */
class MidiMappingDocumentTest {
    static final List<MidiMapping> MAPPINGS = List.of(
            MidiMapping.of(MidiMappingSource.cc(74).onChannel(0), 1, "cutoff"),
            MidiMapping.of(MidiMappingSource.bend(), 0, "gain").withRange(-12.5, 3).withInverted(true).withPassThrough(true),
            MidiMapping.of(MidiMappingSource.polyPressure(60).onChannel(9), 0, "bendRange").withRange(12, 24),
            MidiMapping.of(MidiMappingSource.channelPressure(), 1, "mode"));

    private final MidiMappingTable table = new MidiMappingTable(MappingFixture.RESOLVER, new MappingFixture.Changes());

    private static String text(Properties p) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(p).forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    @Test
    void savedSectionIsReadableAndVersioned() {
        table.replaceAll(MAPPINGS.subList(0, 2));
        Properties p = new Properties();
        p.setProperty("other.key", "kept");
        table.save(p, "mapping.");
        assertEquals("""
                mapping.0.invert=false
                mapping.0.node=1
                mapping.0.param=cutoff
                mapping.0.range=full
                mapping.0.source=cc 74 ch 1
                mapping.0.through=false
                mapping.1.invert=true
                mapping.1.node=0
                mapping.1.param=gain
                mapping.1.range=-12.5 3
                mapping.1.source=bend
                mapping.1.through=true
                mapping.count=2
                mapping.version=1
                other.key=kept
                """, text(p));
    }

    @Test
    void saveThenLoadGivesTheSameTableThroughTheFileText() throws Exception {
        table.replaceAll(MAPPINGS);
        Properties p = new Properties();
        table.save(p, "session.mapping.");
        StringWriter w = new StringWriter();
        p.store(w, "session");
        Properties read = new Properties();
        read.load(new StringReader(w.toString()));
        MidiMappingTable fresh = new MidiMappingTable(MappingFixture.RESOLVER, new MappingFixture.Changes());
        fresh.load(read, "session.mapping.");
        assertEquals(MAPPINGS, fresh.mappings());
        fresh.replaceAll(List.of());
        fresh.save(read, "session.mapping.");
        assertEquals("session.mapping.count=0\nsession.mapping.version=1\n", text(read), "a save replaces the old section");
    }

    @Test
    void missingOrCorruptFieldsAreNamedAndTheTableStaysAsItWas() {
        table.replaceAll(MAPPINGS);
        Properties good = new Properties();
        table.save(good, "m.");
        String[][] cases = {
            {"m.version", null, "mapping section is missing m.version"},
            {"m.version", "2", "m.version 2 is newer than this midirack reads (1); update midirack"},
            {"m.version", "one", "m.version = 'one' is not a whole number"},
            {"m.count", "-1", "m.count -1 is not 0..1024"},
            {"m.count", "3", "m.3.invert is beyond m.count (3)"},
            {"m.1.source", null, "mapping section is missing m.1.source"},
            {"m.1.source", "wheel", "m.1.source: unknown mapping source 'wheel' in 'wheel'; expected cc N [ch C], bend, pressure or polypressure"},
            {"m.0.source", "cc 121", "m.0.source: CC 121 is a channel mode message"},
            {"m.2.node", "x", "m.2.node = 'x' is not a whole number"},
            {"m.2.node", "5", "m.2.*: there is no node 5"},
            {"m.0.param", "volume", "m.0.*: node 1 has no parameter 'volume' (it has: mode, cutoff, locked)"},
            {"m.0.param", "locked", "m.0.*: parameter 'locked' of node 1 cannot be automated, so it cannot be mapped"},
            {"m.1.range", "1", "m.1.range = '1' is not 'full' or 'LOW HIGH'"},
            {"m.1.range", "1 NaN", "m.1.range: 'NaN' is not a finite number"},
            {"m.1.range", "3 -12.5", "m.1.*: mapping range 3.0..-12.5 must be two finite numbers with low < high"},
            {"m.1.range", "-100 0", "m.1.*: range -100..0 is outside parameter 'gain' (-60..12 dB)"},
            {"m.3.invert", "yes", "m.3.invert = 'yes' is not true or false"},
            {"m.3.through", null, "mapping section is missing m.3.through"},
            {"m.3.colour", "red", "unknown key m.3.colour; a mapping has invert, node, param, range, source, through"},
            {"m.01.node", "1", "unknown key m.01.node; mappings are numbered 0, 1, 2, ..."},
            {"m.3.source", "cc 74 ch 1", "m.3.*: cc 74 ch 1 -> node 1 mode appears twice"},
        };
        for (String[] c : cases) {
            Properties p = new Properties();
            p.putAll(good);
            if (c[1] == null) {
                p.remove(c[0]);
            } else {
                p.setProperty(c[0], c[1]);
            }
            if (c[0].equals("m.3.source")) {
                p.setProperty("m.3.node", "1");
                p.setProperty("m.3.param", "mode");
                p.setProperty("m.0.param", "mode");
            }
            StateFormatException e = assertThrows(StateFormatException.class, () -> table.load(p, "m."), c[0] + "=" + c[1]);
            assertTrue(e.getMessage().startsWith(c[2]), c[0] + "=" + c[1] + ": " + e.getMessage());
            assertEquals(MAPPINGS, table.mappings());
        }
    }
}
