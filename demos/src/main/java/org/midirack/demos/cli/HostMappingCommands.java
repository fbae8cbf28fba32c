package org.midirack.demos.cli;

import org.midirack.core.Node;
import org.midirack.core.ParamDescriptor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.midirack.host.mapping.MidiMapping;
import org.midirack.host.mapping.MidiMappingSource;
import org.midirack.host.mapping.MidiMappingTable;

/**
 * The demo host's parameter and MIDI mapping commands: {@code params}, {@code set}, {@code map},
 * {@code learn}, {@code unmap}, {@code mappings}. Nodes are named as the graph commands name them
 * ({@link HostGraph#node}: name, number, or a part of one name or id); parameters by their id.
 */
final class HostMappingCommands {
    static final List<String> NAMES = List.of("params", "set", "map", "learn", "unmap", "mappings");
    static final String HELP = """
              params [NODE]         parameters: id, value, range, unit (NODE: name, number or part of one)
              set NODE PARAM VALUE  set a parameter (a number, or a choice's name)
              map NODE PARAM SOURCE [range LO HI] [invert] [through]
                                    let a controller drive a parameter; SOURCE: cc N [ch C] | bend [ch C]
                                    | pressure [ch C] | polypressure [key K] [ch C]; through: the node
                                    gets the controller too
              learn NODE PARAM      map the next controller that moves (learn off: cancel)
              unmap NODE PARAM | unmap SOURCE | unmap all
              mappings              the MIDI mappings
            """;

    private static final List<String> NAMES_OF_SOURCES = List.of("cc", "bend", "pressure", "polypressure");

    private final HostGraph graph;
    private final MidiMappingTable table;
    private final PrintStream o;

    /** @thread main */
    HostMappingCommands(HostGraph graph, MidiMappingTable table, PrintStream o) {
        this.graph = graph;
        this.table = table;
        this.o = o;
    }

    /**
     * Runs one command whose first word is in {@link #NAMES}.
     * @throws IllegalArgumentException with the message to show
     * @thread main
     */
    void run(String[] w) {
        switch (w[0].toLowerCase(Locale.ROOT)) {
            case "params" -> {
                if (w.length > 1) {
                    params(node(w[1]));
                } else {
                    for (int slot : graph.host().slots()) {
                        params(slot);
                    }
                }
            }
            case "set" -> set(w);
            case "map" -> map(w);
            case "learn" -> learn(w);
            case "unmap" -> unmap(w);
            default -> mappings();
        }
    }

    private void params(int n) {
        Node node = graph.host().node(n);
        o.println(label(n) + " (" + node.descriptor().kind() + ")");
        List<ParamDescriptor> ps = node.descriptor().params();
        if (ps.isEmpty()) {
            o.println("  no parameters");
        }
        for (int i = 0; i < ps.size(); i++) {
            ParamDescriptor d = ps.get(i);
            String range = d.choices().isEmpty()
                    ? num(d.min()) + ".." + num(d.max()) + unit(d) + (d.steps() > 0 ? ", " + d.steps() + " steps" : "")
                    : String.join(" | ", d.choices());
            o.printf(Locale.ROOT, "  %-14s %-14s %s%s%n", d.id(), value(d, node.parameters().get(i)), range,
                    d.automatable() ? "" : " (not automatable)");
        }
    }

    private void set(String[] w) {
        need(w, 4, "set NODE PARAM VALUE");
        int n = node(w[1]);
        ParamDescriptor d = param(n, w[2]);
        int index = graph.host().node(n).descriptor().params().indexOf(d);
        double v = d.choices().indexOf(w[3].toLowerCase(Locale.ROOT));
        if (v < 0) {
            try {
                v = Double.parseDouble(w[3]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(d.id() + " takes " + (d.choices().isEmpty() ? "a number" : "one of "
                        + String.join(", ", d.choices())) + ", not '" + w[3] + "'");
            }
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(d.id() + " takes a finite number, not '" + w[3] + "'");
        }
        graph.host().node(n).parameters().set(index, v);
        double got = graph.host().node(n).parameters().get(index);
        String how = got == v ? "" : (v < d.min() || v > d.max() ? " (clamped from " : " (snapped to its step from ") + w[3] + ")";
        o.println(label(n) + " " + d.id() + " = " + value(d, got) + how);
    }

    private void map(String[] w) {
        need(w, 4, "map NODE PARAM SOURCE [range LO HI] [invert] [through]");
        int n = node(w[1]);
        String param = mappable(n, w[2]);
        int end = 3;
        while (end < w.length && !List.of("range", "invert", "through").contains(w[end].toLowerCase(Locale.ROOT))) {
            end++;
        }
        MidiMapping m = MidiMapping.of(MidiMappingSource.parse(String.join(" ", Arrays.copyOfRange(w, 3, end))), n, param);
        for (int i = end; i < w.length; i++) {
            switch (w[i].toLowerCase(Locale.ROOT)) {
                case "range" -> {
                    if (i + 2 >= w.length) {
                        throw new IllegalArgumentException("usage: ... range LO HI");
                    }
                    m = m.withRange(number(w[++i]), number(w[++i]));
                }
                case "invert" -> m = m.withInverted(true);
                case "through" -> m = m.withPassThrough(true);
                default -> throw new IllegalArgumentException("unexpected '" + w[i] + "' after the source");
            }
        }
        MidiMapping old;
        try {
            old = table.put(m);
        } catch (IllegalArgumentException e) {
            // the table names nodes by slot (from 0): say it with the node the user typed
            String why = String.valueOf(e.getMessage());
            int colon = why.indexOf(": ");
            throw new IllegalArgumentException("map " + label(n) + " " + param + ": "
                    + (colon >= 0 ? why.substring(colon + 2) : why), e);
        }
        o.println((old == null ? "mapped " : "replaced: ") + describe(m));
    }

    private void learn(String[] w) {
        if (w.length == 2 && List.of("off", "cancel").contains(w[1].toLowerCase(Locale.ROOT))) {
            o.println(table.cancelLearn() ? "learning cancelled" : "not learning");
            return;
        }
        need(w, 3, "learn NODE PARAM | learn off");
        int n = node(w[1]);
        String param = mappable(n, w[2]);
        table.learn(n, param, m -> o.println("learned " + describe(m)));
        o.println("learning " + label(n) + " " + param + ": move a controller (learn off: cancel)");
    }

    private void unmap(String[] w) {
        need(w, 2, "unmap NODE PARAM | unmap SOURCE | unmap all");
        int removed;
        if (w[1].equalsIgnoreCase("all")) {
            removed = table.clear();
        } else if (NAMES_OF_SOURCES.contains(w[1].toLowerCase(Locale.ROOT))) {
            removed = table.removeSource(MidiMappingSource.parse(String.join(" ", Arrays.copyOfRange(w, 1, w.length))));
        } else {
            need(w, 3, "unmap NODE PARAM | unmap SOURCE | unmap all");
            int n = node(w[1]);
            removed = table.removeTarget(n, param(n, w[2]).id());
        }
        o.println("removed " + removed + (removed == 1 ? " mapping" : " mappings"));
    }

    private void mappings() {
        List<MidiMapping> all = table.mappings();
        if (all.isEmpty()) {
            o.println("  none");
        }
        for (MidiMapping m : all) {
            o.println("  " + describe(m));
        }
    }

    /** E.g. {@code cc 74 ch 1 -> 2 midirack.filter-state-variable cutoff 200..8000 Hz inverted}. */
    private String describe(MidiMapping m) {
        StringBuilder sb = new StringBuilder().append(m.source()).append(" -> ").append(label(m.node()))
                .append(' ').append(m.param());
        if (!m.fullRange()) {
            sb.append(' ').append(num(m.low())).append("..").append(num(m.high()));
            for (ParamDescriptor d : graph.host().node(m.node()).descriptor().params()) {
                sb.append(d.id().equals(m.param()) ? unit(d) : "");
            }
        }
        sb.append(m.inverted() ? " inverted" : "").append(m.passThrough() ? ", passed on" : "");
        return sb.toString();
    }

    private String label(int n) {
        return (n + 1) + " " + graph.host().node(n).descriptor().id();
    }

    private static String unit(ParamDescriptor d) {
        return d.unit().isEmpty() ? "" : " " + d.unit();
    }

    private static String value(ParamDescriptor d, double v) {
        if (!d.choices().isEmpty()) {
            int i = (int) Math.rint(v);
            return i >= 0 && i < d.choices().size() ? d.choices().get(i) : Double.toString(v);
        }
        return num(v) + unit(d);
    }

    /** 200 rather than 200.0; otherwise four significant digits. */
    private static String num(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9 && Math.abs(v) < 1e12) {
            return Long.toString(Math.round(v));
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        return s.contains("e") || !s.contains(".") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private int node(String word) {
        return graph.node(word);
    }

    private ParamDescriptor param(int n, String id) {
        List<ParamDescriptor> ps = graph.host().node(n).descriptor().params();
        for (ParamDescriptor d : ps) {
            if (d.id().equalsIgnoreCase(id)) {
                return d;
            }
        }
        throw new IllegalArgumentException(label(n) + " has no parameter '" + id + "'; it has: "
                + (ps.isEmpty() ? "none" : String.join(", ", ps.stream().map(ParamDescriptor::id).toList())));
    }

    /** The id of a parameter MIDI can drive, else an error naming the node as the user sees it. */
    private String mappable(int n, String id) {
        ParamDescriptor d = param(n, id);
        if (!d.automatable()) {
            throw new IllegalArgumentException(label(n) + " " + d.id() + " cannot be automated, so it cannot be mapped"
                    + " (set it with 'set')");
        }
        return d.id();
    }

    private static double number(String w) {
        try {
            return Double.parseDouble(w);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + w + "' is not a number");
        }
    }

    private static void need(String[] w, int n, String usage) {
        if (w.length < n) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }
}
