package org.midirack.host.graph;

/**
 * An immutable snapshot of the graph as the render thread runs it: nodes in topological order,
 * each node's incoming audio connections and MIDI sources, the connections into the host's
 * outputs, and (render-thread-owned) latency arrays. Built off the render thread, published with
 * a release store, swapped in at a cycle boundary. {@link GraphCompiler} makes it; the render cycle
 * reads it (its fields are public for that, and for nothing else).
 */
public final class CompiledGraph {
    public static final CompiledGraph EMPTY = new CompiledGraph(0, new NodeRuntime[0], new NodeRuntime[0],
            new AudioConnection[0][], new int[0][], new float[0][], new boolean[0][], new boolean[0][], new int[0][],
            new int[0][], new int[0][], new AudioConnection[0], new int[0], new float[0], new int[0], new int[0], new int[0],
            new boolean[0], null);

    public final long generation;
    public final NodeRuntime[] order;
    public final NodeRuntime[] bySlot;
    public final AudioConnection[][] inputs;      // per order index
    public final int[][] inputSrc;                // per order index, per connection: source order index, -1 = host input
    public final float[][] inputTargets;          // 1 = keep / fade in, 0 = fade out
    public final boolean[][] inputConnected;      // per order index, per audio input port
    public final boolean[][] outputConnected;     // per order index, per audio output port
    public final int[][] midiSources;             // per order index: order indices of MIDI sources, -1 = host input
    public final int[][] midiSourceMask;          // per order index, per MIDI source: the link's channel mask
    public final int[][] midiSourceRemap;         // per order index, per MIDI source: the link's remap channel or -1
    public final AudioConnection[] toOutput;
    public final int[] toOutputSrc;
    public final float[] toOutputTargets;
    public final int[] midiToHost;                // order indices whose MIDI goes to the host's MIDI out
    public final int[] midiToHostMask;
    public final int[] midiToHostRemap;
    public final int[] fromHost;                  // order indices MIDI-linked from the host's own input
    public final int[] fromHostMask;
    public final int[] fromHostRemap;
    public final boolean[] reachesOutput;
    public final CompiledGraph next;              // the graph that follows once fades are done, or null
    public final int[] indexBySlot;

    // render thread: latency
    public final int[] arrival;
    public final int[] outLatency;
    public final int[] latencyToOutput;
    boolean latencyDirty = true;
    public int totalLatency;
    /** Frames the render thread has run this graph (fade-out progress). */
    public long framesRun;

    CompiledGraph(long generation, NodeRuntime[] order, NodeRuntime[] bySlot, AudioConnection[][] inputs,
                  int[][] inputSrc, float[][] inputTargets, boolean[][] inputConnected, boolean[][] outputConnected,
                  int[][] midiSources, int[][] midiSourceMask, int[][] midiSourceRemap, AudioConnection[] toOutput,
                  int[] toOutputSrc, float[] toOutputTargets, int[] midiToHost, int[] midiToHostMask, int[] midiToHostRemap,
                  boolean[] reachesOutput, CompiledGraph next) {
        this.generation = generation;
        this.order = order;
        this.bySlot = bySlot;
        this.inputs = inputs;
        this.inputSrc = inputSrc;
        this.inputTargets = inputTargets;
        this.inputConnected = inputConnected;
        this.outputConnected = outputConnected;
        this.midiSources = midiSources;
        this.midiSourceMask = midiSourceMask;
        this.midiSourceRemap = midiSourceRemap;
        this.toOutput = toOutput;
        this.toOutputSrc = toOutputSrc;
        this.toOutputTargets = toOutputTargets;
        this.midiToHost = midiToHost;
        this.midiToHostMask = midiToHostMask;
        this.midiToHostRemap = midiToHostRemap;
        this.reachesOutput = reachesOutput;
        this.next = next;
        indexBySlot = new int[bySlot.length];
        java.util.Arrays.fill(indexBySlot, -1);
        for (int i = 0; i < order.length; i++) {
            indexBySlot[order[i].slot] = i;
        }
        int links = 0;
        for (int[] ms : midiSources) {
            for (int m : ms) {
                links += m < 0 ? 1 : 0;
            }
        }
        fromHost = new int[links];
        fromHostMask = new int[links];
        fromHostRemap = new int[links];
        int k = 0;
        for (int i = 0; i < midiSources.length; i++) {
            for (int j = 0; j < midiSources[i].length; j++) {
                if (midiSources[i][j] < 0) {
                    fromHost[k] = i;
                    fromHostMask[k] = midiSourceMask[i][j];
                    fromHostRemap[k] = midiSourceRemap[i][j];
                    k++;
                }
            }
        }
        arrival = new int[order.length];
        outLatency = new int[order.length];
        latencyToOutput = new int[order.length];
    }

    /**
     * Re-reads every node's latency; when any changed (or on the first cycle) recomputes the
     * compensation delays. Allocation-free.
     * @return true when the total latency changed
     * @thread render
     */
    public boolean updateLatency() {
        boolean dirty = latencyDirty;
        for (NodeRuntime rt : order) {
            int l = rt.effectiveLatency();
            if (l != rt.latency) {
                rt.latency = l;
                dirty = true;
            }
        }
        if (!dirty) {
            return false;
        }
        latencyDirty = false;
        for (int i = 0; i < order.length; i++) {
            int a = 0;
            int[] src = inputSrc[i];
            for (int k = 0; k < src.length; k++) {
                int s = src[k] < 0 ? 0 : outLatency[src[k]];
                if (s > a) {
                    a = s;
                }
            }
            arrival[i] = a;
            outLatency[i] = a + order[i].latency;
            for (int k = 0; k < src.length; k++) {
                int s = src[k] < 0 ? 0 : outLatency[src[k]];
                inputs[i][k].delay = Math.min(a - s, inputs[i][k].maxDelay());
            }
        }
        int t = 0;
        for (int k = 0; k < toOutput.length; k++) {
            int s = toOutputSrc[k] < 0 ? 0 : outLatency[toOutputSrc[k]];
            if (s > t) {
                t = s;
            }
        }
        for (int k = 0; k < toOutput.length; k++) {
            int s = toOutputSrc[k] < 0 ? 0 : outLatency[toOutputSrc[k]];
            toOutput[k].delay = Math.min(t - s, toOutput[k].maxDelay());
        }
        // MIDI routes add no latency: a node that feeds the output only through MIDI takes the
        // latency of the node it feeds (topological order: destinations come later)
        for (int i = 0; i < order.length; i++) {
            latencyToOutput[i] = reachesOutput[i] ? t - arrival[i] : -1;
        }
        for (int j = order.length - 1; j >= 0; j--) {
            if (latencyToOutput[j] < 0) {
                latencyToOutput[j] = order[j].latency;
            }
            for (int s : midiSources[j]) {
                if (s >= 0 && !reachesOutput[s] && latencyToOutput[j] > latencyToOutput[s]) {
                    latencyToOutput[s] = latencyToOutput[j];
                }
            }
        }
        boolean changed = t != totalLatency;
        totalLatency = t;
        return changed;
    }

    /** Order index of a slot's node, or -1. @thread any */
    public int indexOfSlot(int slot) {
        return slot >= 0 && slot < indexBySlot.length ? indexBySlot[slot] : -1;
    }
}
