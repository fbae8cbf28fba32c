package org.midirack.core;

/**
 * An instrument, effect, music effect or generator (see {@link NodeKind}). The lifecycle is a
 * state machine, as in CLAP: {@link #activate} (sample rate and maximum block size known; all
 * memory is taken here) → {@link #process} once per cycle → {@link #deactivate}, and again.
 * {@link #reset()} clears voices, tails and delay lines without leaving the active state.
 *
 * <p>{@link #process} runs on the render thread and must not allocate, lock, block, log, do
 * I/O or throw. Optional features come as small separate interfaces (e.g. {@link SysexReceiver}).
 *
 * <p>Parameter timing: a parameter change at offset k (a timeline event, see {@link Parameters};
 * a value set from another thread counts as offset 0 of the next cycle) acts together with an
 * event at offset k, that is on the node's output at frame k + {@link #latencyFrames()}, where a
 * note-on sent at offset k starts sounding; on a node without latency, at frame k. A host that
 * sends sequenced events early by the latency can send automation early by the same amount and
 * both land on the beat. A node that looks ahead (a lookahead limiter) may react to a change, as
 * to any input at offset k, from up to its lookahead before k + latency, never before k. Nodes
 * with latency keep waiting changes in a {@link ParamDelayQueue}.
 */
public interface Node {
    /** @thread any */
    NodeDescriptor descriptor();

    /**
     * Takes every resource the node will need for this sample rate and block size.
     * @thread main (not active)
     * @throws IllegalStateException when already active
     * @throws IllegalArgumentException for a sample rate outside 8000..384000 or maxFrames outside 1..65536
     */
    void activate(double sampleRate, int maxFrames);

    /**
     * Releases what {@link #activate} took; no effect when not active.
     * @thread main (active; the render thread no longer calls process)
     */
    void deactivate();

    /** @thread any */
    boolean isActive();

    /**
     * Renders one cycle: reads {@code ctx.events()} and the inputs, writes the outputs and
     * {@code ctx.midiOut()}. A node that is not active leaves its outputs silent.
     * @thread render
     */
    void process(ProcessContext ctx);

    /**
     * Silences and clears voices, tails and delay lines; keeps parameters.
     * @thread render (between cycles)
     */
    void reset();

    /** Latency the node adds, in frames at its active sample rate. @thread any */
    int latencyFrames();

    /**
     * How long the node may still sound after All Notes Off / All Sound Off, or after its input
     * went silent, in seconds.
     * @thread any
     */
    double tailSeconds();

    /** @thread any */
    Parameters parameters();

    /**
     * The node's whole state (parameters and anything else it needs) as a document.
     * @thread main
     */
    NodeState saveState();

    /**
     * Restores a state saved by {@link #saveState()}; checks everything before changing
     * anything, so a bad document leaves the node as it was.
     * @thread main
     * @throws StateFormatException naming what is missing or wrong
     */
    void loadState(NodeState state);
}
