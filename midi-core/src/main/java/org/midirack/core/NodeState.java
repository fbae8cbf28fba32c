package org.midirack.core;

import java.io.IOException;
import java.io.StringReader;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A node's saved state as a versioned, human-readable document in Java properties syntax, keys
 * sorted so the same state always gives the same text:
 * <pre>
 * # midirack node state
 * format=midirack-node-state
 * version=1
 * node=midirack.sine
 * param.attack=0.005
 * data.waveform=saw
 * </pre>
 * {@code param.*} hold parameter values by parameter id; {@code data.*} hold anything else a
 * node needs (a pattern, a soundbank path). Parsing never throws anything but
 * {@link StateFormatException}, whatever the bytes.
 */
public final class NodeState {
    /** The document format this code reads and writes. */
    public static final int VERSION = 1;
    private static final String FORMAT = "midirack-node-state";

    private final String nodeId;
    private final TreeMap<String, String> entries = new TreeMap<>();

    /** @thread main */
    public NodeState(String nodeId) {
        if (nodeId == null || nodeId.isEmpty()) {
            throw new IllegalArgumentException("node id is empty");
        }
        this.nodeId = nodeId;
    }

    /** @thread any */
    public String nodeId() {
        return nodeId;
    }

    /** @thread main */
    public NodeState putParam(String id, double value) {
        entries.put("param." + id, Double.toString(value));
        return this;
    }

    /** @thread main */
    public NodeState putData(String key, String value) {
        entries.put("data." + key, value);
        return this;
    }

    /** @thread main */
    public boolean hasParam(String id) {
        return entries.containsKey("param." + id);
    }

    /**
     * A parameter value; missing or not a finite number is an error.
     * @thread main
     * @throws StateFormatException naming the field
     */
    public double requireParam(String id) {
        String v = entries.get("param." + id);
        if (v == null) {
            throw new StateFormatException("state of '" + nodeId + "' is missing field param." + id);
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new StateFormatException("state of '" + nodeId + "': param." + id + " = " + v + " is not finite");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new StateFormatException("state of '" + nodeId + "': param." + id + " = '" + v + "' is not a number", e);
        }
    }

    /** A data value, or null. @thread main */
    public String data(String key) {
        return entries.get("data." + key);
    }

    /**
     * A data value that must be there.
     * @thread main
     * @throws StateFormatException naming the field
     */
    public String requireData(String key) {
        String v = data(key);
        if (v == null) {
            throw new StateFormatException("state of '" + nodeId + "' is missing field data." + key);
        }
        return v;
    }

    /** All entries, read-only. @thread main */
    public Map<String, String> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** The document text. @thread main */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("# midirack node state\n");
        sb.append("format=").append(FORMAT).append('\n');
        sb.append("version=").append(VERSION).append('\n');
        sb.append("node=").append(escape(nodeId)).append('\n');
        for (Map.Entry<String, String> e : entries.entrySet()) {
            sb.append(escape(e.getKey())).append('=').append(escape(e.getValue())).append('\n');
        }
        return sb.toString();
    }

    /**
     * Reads a document.
     * @thread main
     * @throws StateFormatException for anything that is not a state document this version reads
     */
    public static NodeState parse(String text) {
        if (text == null) {
            throw new StateFormatException("state document is null");
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new StateFormatException("state document is corrupt: " + e.getMessage(), e);
        }
        String format = p.getProperty("format");
        if (!FORMAT.equals(format)) {
            throw new StateFormatException("not a midirack node state: format is "
                    + (format == null ? "missing" : "'" + format + "'") + ", expected '" + FORMAT + "'");
        }
        String v = p.getProperty("version");
        int version;
        try {
            version = Integer.parseInt(v == null ? "" : v.trim());
        } catch (NumberFormatException e) {
            throw new StateFormatException("state version " + (v == null ? "is missing" : "'" + v + "' is not a number"), e);
        }
        if (version > VERSION) {
            throw new StateFormatException("state version " + version + " is newer than this midirack reads ("
                    + VERSION + "); update midirack");
        }
        if (version < 1) {
            throw new StateFormatException("state version " + version + " is not valid");
        }
        String node = p.getProperty("node");
        if (node == null || node.isBlank()) {
            throw new StateFormatException("state document is missing field node");
        }
        NodeState s = new NodeState(node.trim());
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("param.") || k.startsWith("data.")) {
                s.entries.put(k, p.getProperty(k));
            }
        }
        return s;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                case '\f': sb.append("\\f"); break;
                case '=': case ':': case '#': case '!': sb.append('\\').append(c); break;
                case ' ':
                    sb.append(i == 0 ? "\\ " : " ");
                    break;
                default:
                    if (c < 0x20 || c > 0x7E) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }

    /** @thread main */
    @Override
    public boolean equals(Object o) {
        return o instanceof NodeState && ((NodeState) o).nodeId.equals(nodeId) && ((NodeState) o).entries.equals(entries);
    }

    /** @thread main */
    @Override
    public int hashCode() {
        return nodeId.hashCode() * 31 + entries.hashCode();
    }

    /** @thread main */
    @Override
    public String toString() {
        return toText();
    }
}
