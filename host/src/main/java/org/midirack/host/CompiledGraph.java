package org.midirack.host;

/**
 * An immutable snapshot of the graph as the render thread runs it: nodes in topological order,
 * each node's incoming audio connections and MIDI sources, the connections into the host's
 * outputs, and (render-thread-owned) latency arrays. Built off the render thread, published with
 * a release store, swapped in at a cycle boundary.
 */
final class CompiledGraph {
    static final CompiledGraph EMPTY = new CompiledGraph(0, new NodeRuntime[0], new NodeRuntime[0],
            new AudioConnection[0][], new int[0][], new float[0][], new boolean[0][], new boolean[0][], new int[0][],
            new int[0][], new int[0][], new AudioConnection[0], new int[0], new float[0], new int[0], new int[0], new int[0],
            new boolean[0], null);

    final long generation;
    final NodeRuntime[] order;
    final NodeRuntime[] bySlot;
    final AudioConnection[][] inputs;      // per order index
    final int[][] inputSrc;                // per order index, per connection: source order index, -1 = host input
    final float[][] inputTargets;          // 1 = keep / fade in, 0 = fade out
    final boolean[][] inputConnected;      // per order index, per audio input port
    final boolean[][] outputConnected;     // per order index, per audio output port
    final int[][] midiSources;             // per order index: order indices of MIDI sources, -1 = host input
    final int[][] midiSourceMask;          // per order index, per MIDI source: the link's channel mask
    final int[][] midiSourceRemap;         // per order index, per MIDI source: the link's remap channel or -1
    final AudioConnection[] toOutput;
    final int[] toOutputSrc;
    final float[] toOutputTargets;
    final int[] midiToHost;                // order indices whose MIDI goes to the host's MIDI out
    final int[] midiToHostMask;
    final int[] midiToHostRemap;
    final int[] fromHost;                  // order indices MIDI-linked from the host's own input
    final int[] fromHostMask;
    final int[] fromHostRemap;
    final boolean[] reachesOutput;
    final CompiledGraph next;              // the graph that follows once fades are done, or null
    final int[] indexBySlot;

    // render thread: latency
    final int[] arrival;
    final int[] outLatency;
    final int[] latencyToOutput;
    boolean latencyDirty = true;
    int totalLatency;
    long framesRun;

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
    boolean updateLatency() {
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
    int indexOfSlot(int slot) {
        return slot >= 0 && slot < indexBySlot.length ? indexBySlot[slot] : -1;
    }
}
