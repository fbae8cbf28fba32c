package org.midirack.host.mapping;

import org.midirack.core.StateFormatException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mapping table as a human-readable, versioned section of a properties document, every key
 * behind a prefix (here {@code mapping.}):
 * <pre>
 * mapping.version=1
 * mapping.count=2
 * mapping.0.source=cc 74 ch 1
 * mapping.0.node=0
 * mapping.0.param=cutoff
 * mapping.0.range=full
 * mapping.0.invert=false
 * mapping.0.through=false
 * mapping.1.source=bend
 * mapping.1.node=2
 * mapping.1.param=mix
 * mapping.1.range=0.2 0.8
 * mapping.1.invert=true
 * mapping.1.through=true
 * </pre>
 * {@code source} is {@link MidiMappingSource}'s text form (channels 1..16); {@code range} is
 * {@code full} or {@code LOW HIGH} in the parameter's unit; {@code through} says whether the event
 * also goes on to the node. Every field is required. The loader checks the whole section (and,
 * given a resolver, every target) before anything is used, and names the key that is wrong.
 */
public final class MidiMappingDocument {
    /** The section format this code reads and writes. */
    public static final int VERSION = 1;
    private static final Pattern INDEXED = Pattern.compile("(\\d+)\\.(.*)", Pattern.DOTALL);
    private static final Set<String> FIELDS = Set.of("source", "node", "param", "range", "invert", "through");

    private MidiMappingDocument() {
    }

    /**
     * Writes mappings under {@code prefix}, replacing a section written there before.
     * @thread any (not render)
     */
    public static void save(List<MidiMapping> mappings, Properties p, String prefix) {
        if (p == null || prefix == null) {
            throw new IllegalArgumentException("save needs properties and a prefix");
        }
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith(prefix) && (k.equals(prefix + "version") || k.equals(prefix + "count")
                    || INDEXED.matcher(k.substring(prefix.length())).matches())) {
                p.remove(k);
            }
        }
        p.setProperty(prefix + "version", Integer.toString(VERSION));
        p.setProperty(prefix + "count", Integer.toString(mappings.size()));
        for (int i = 0; i < mappings.size(); i++) {
            MidiMapping m = mappings.get(i);
            String k = prefix + i + ".";
            p.setProperty(k + "source", m.source().toString());
            p.setProperty(k + "node", Integer.toString(m.node()));
            p.setProperty(k + "param", m.param());
            p.setProperty(k + "range", m.fullRange() ? "full" : MidiMapping.number(m.low()) + " " + MidiMapping.number(m.high()));
            p.setProperty(k + "invert", Boolean.toString(m.inverted()));
            p.setProperty(k + "through", Boolean.toString(m.passThrough()));
        }
    }

    /** True when {@code p} has a section under {@code prefix}. @thread any */
    public static boolean present(Properties p, String prefix) {
        return p.getProperty(prefix + "version") != null;
    }

    /**
     * Reads the section under {@code prefix}.
     * @param resolver checks every target (node, parameter, automatable, range); null to check
     *     only the document itself
     * @return the mappings, in order
     * @throws StateFormatException naming the key that is missing or wrong, a newer version, or a
     *     target that does not exist; whatever the text, nothing else is thrown
     * @thread any (not render)
     */
    public static List<MidiMapping> load(Properties p, String prefix, MidiMappingResolver resolver) {
        if (p == null || prefix == null) {
            throw new StateFormatException("load needs properties and a prefix");
        }
        int version = integer(p, prefix + "version");
        if (version > VERSION) {
            throw new StateFormatException(prefix + "version " + version + " is newer than this midirack reads ("
                    + VERSION + "); update midirack");
        }
        if (version < 1) {
            throw new StateFormatException(prefix + "version " + version + " is not valid");
        }
        int count = integer(p, prefix + "count");
        if (count < 0 || count > MidiMappingTable.MAX_MAPPINGS) {
            throw new StateFormatException(prefix + "count " + count + " is not 0.." + MidiMappingTable.MAX_MAPPINGS);
        }
        for (String k : new TreeSet<>(p.stringPropertyNames())) {
            if (!k.startsWith(prefix)) {
                continue;
            }
            Matcher m = INDEXED.matcher(k.substring(prefix.length()));
            if (m.matches()) {
                if (m.group(1).length() > 4 || !m.group(1).equals(Integer.toString(Integer.parseInt(m.group(1))))) {
                    throw new StateFormatException("unknown key " + k + "; mappings are numbered 0, 1, 2, ...");
                }
                if (Integer.parseInt(m.group(1)) >= count) {
                    throw new StateFormatException(k + " is beyond " + prefix + "count (" + count + ")");
                }
                if (!FIELDS.contains(m.group(2))) {
                    throw new StateFormatException("unknown key " + k + "; a mapping has " + String.join(", ", FIELDS.stream().sorted().toList()));
                }
            }
        }
        List<MidiMapping> out = new ArrayList<>(count);
        Set<List<Object>> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String k = prefix + i + ".";
            MidiMapping mapping = read(p, k);
            if (!seen.add(List.of(mapping.source(), mapping.node(), mapping.param()))) {
                throw new StateFormatException(k + "*: " + mapping + " appears twice");
            }
            if (resolver != null) {
                try {
                    MidiMappingEntry.resolve(mapping, resolver, k + "*");
                } catch (IllegalArgumentException e) {
                    throw new StateFormatException(e.getMessage(), e);
                }
            }
            out.add(mapping);
        }
        return List.copyOf(out);
    }

    private static MidiMapping read(Properties p, String k) {
        MidiMappingSource source;
        try {
            source = MidiMappingSource.parse(require(p, k + "source"));
        } catch (StateFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new StateFormatException(k + "source: " + e.getMessage(), e);
        }
        int node = integer(p, k + "node");
        String param = require(p, k + "param").trim();
        String range = require(p, k + "range").trim();
        double low = Double.NaN;
        double high = Double.NaN;
        if (!range.equals("full")) {
            String[] w = range.split("\\s+");
            if (w.length != 2) {
                throw new StateFormatException(k + "range = '" + range + "' is not 'full' or 'LOW HIGH'");
            }
            low = number(w[0], k + "range");
            high = number(w[1], k + "range");
        }
        boolean invert = bool(p, k + "invert");
        boolean through = bool(p, k + "through");
        try {
            return new MidiMapping(source, node, param, low, high, invert, through);
        } catch (IllegalArgumentException e) {
            throw new StateFormatException(k + "*: " + e.getMessage(), e);
        }
    }

    private static String require(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            throw new StateFormatException("mapping section is missing " + key);
        }
        return v;
    }

    private static int integer(Properties p, String key) {
        String v = require(p, key).trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new StateFormatException(key + " = '" + v + "' is not a whole number", e);
        }
    }

    private static double number(String v, String key) {
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StateFormatException(key + ": '" + v + "' is not a finite number");
    }

    private static boolean bool(Properties p, String key) {
        String v = require(p, key).trim();
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        throw new StateFormatException(key + " = '" + v + "' is not true or false");
    }
}
