package org.midirack.host.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.midirack.host.Host;

/**
 * The order the render thread runs nodes in: topological over audio and MIDI links (Kahn's
 * algorithm, lowest slot first among the ready), so every node runs after everything that feeds
 * it. Links to or from the host's boundary add no edge. A graph with a cycle has no order.
 */
final class Topology {
    private Topology() {
    }

    /**
     * @return the nodes in render order, or null when the links make a cycle
     * @thread any (not render; allocates)
     */
    static List<NodeRuntime> sortOrder(List<NodeRuntime> nodes, List<Host.Link> ls, List<Host.MidiLink> ms) {
        Map<Integer, Integer> indeg = new HashMap<>();
        Map<Integer, List<Integer>> out = new HashMap<>();
        for (NodeRuntime rt : nodes) {
            indeg.put(rt.slot, 0);
            out.put(rt.slot, new ArrayList<>());
        }
        List<int[]> edges = new ArrayList<>();
        for (Host.Link l : ls) {
            edges.add(new int[] {l.src(), l.dst()});
        }
        for (Host.MidiLink l : ms) {
            edges.add(new int[] {l.src(), l.dst()});
        }
        for (int[] e : edges) {
            if (e[0] != Host.BOUNDARY && e[1] != Host.BOUNDARY && indeg.containsKey(e[0]) && indeg.containsKey(e[1])) {
                out.get(e[0]).add(e[1]);
                indeg.merge(e[1], 1, Integer::sum);
            }
        }
        List<NodeRuntime> order = new ArrayList<>();
        List<NodeRuntime> ready = new ArrayList<>();
        Map<Integer, NodeRuntime> bySlot = new HashMap<>();
        for (NodeRuntime rt : nodes) {
            bySlot.put(rt.slot, rt);
            if (indeg.get(rt.slot) == 0) {
                ready.add(rt);
            }
        }
        while (!ready.isEmpty()) {
            NodeRuntime best = ready.get(0);
            for (NodeRuntime r : ready) {
                if (r.slot < best.slot) {
                    best = r;
                }
            }
            ready.remove(best);
            order.add(best);
            for (int d : out.get(best.slot)) {
                if (indeg.merge(d, -1, Integer::sum) == 0) {
                    ready.add(bySlot.get(d));
                }
            }
        }
        return order.size() == nodes.size() ? order : null;
    }
}
