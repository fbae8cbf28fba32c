package org.midirack.host;

import org.midirack.core.AbstractNode;
import org.midirack.core.Node;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.ProcessContext;
import java.util.List;
import java.util.function.Consumer;
import org.midirack.host.audio.AudioOutput;
import org.midirack.host.audio.AudioOutputInfo;
import org.midirack.host.audio.AudioRenderer;
import org.midirack.host.graph.ChannelRoute;
import org.midirack.host.graph.CompiledGraph;
import org.midirack.host.graph.GraphModel;
import org.midirack.host.graph.NodeRuntime;
import org.midirack.host.midi.MidiInputSink;
import org.midirack.host.render.CycleStats;
import org.midirack.host.render.FaultMonitor;
import org.midirack.host.render.ReleaseRequests;
import org.midirack.host.render.RenderCycle;
import org.midirack.host.transport.EventScheduler;
import org.midirack.host.transport.HostTransport;
import org.midirack.host.transport.TransportControls;

/**
 * The render engine's facade: a graph of nodes (instruments and generators into effect chains,
 * parallel branches summed, nodes with several ports), MIDI routed from node to node inside the
 * cycle with offsets kept and channels filtered, a transport, latency compensation, fault
 * isolation and statistics. A host is itself a {@link Node}, so hosts nest (it then follows its
 * parent's transport and takes the parent's events at {@link #BOUNDARY}). Each job is a part
 * readable alone:
 * <ul>
 *   <li>package {@code graph}: {@link GraphModel}, the model, its validation (a clear error,
 *       nothing changed) and its publication; {@code GraphCompiler}, which makes the immutable
 *       {@link CompiledGraph} the render thread swaps in at a cycle boundary;</li>
 *   <li>package {@code render}: {@link RenderCycle}, the cycle itself, with the
 *       {@link FaultMonitor} (a node that throws or writes NaN is muted and reported once), the
 *       release of every note ({@link ReleaseRequests}) and the {@link CycleStats};</li>
 *   <li>package {@code transport}: {@link HostTransport}, steered through the
 *       {@link TransportControls} that {@link #transport()} returns (play, stop, tempo, locate, loop,
 *       clock following), and the {@link EventScheduler} that times what event sources sequence.</li>
 * </ul>
 * Graph changes may come from any thread but the render thread; new connections fade in over
 * {@link HostConfig#fadeFrames()}, removed ones fade out.
 */
public final class Host extends AbstractNode implements AudioRenderer, EventSink, GlitchReporting {
    /** The host's own inputs (as a source) or outputs (as a destination) in connect calls. */
    public static final int BOUNDARY = -1;

    /**
     * An audio connection of the model.
     * @param src source slot or {@link #BOUNDARY} for the host's inputs
     * @param srcPort source port
     * @param dst destination slot or {@link #BOUNDARY} for the host's outputs
     * @param dstPort destination port
     * @param gain linear gain
     */
    public record Link(int src, int srcPort, int dst, int dstPort, float gain) {
    }

    /**
     * A MIDI connection of the model, with a channel filter and an optional channel remap.
     * @param src source slot or {@link #BOUNDARY} for the events the host itself receives
     * @param dst destination slot or {@link #BOUNDARY} for the host's own MIDI output
     * @param channelMask bit c passes channel c (0..15); {@link #ALL_CHANNELS} passes all. System
     *     messages (status 0xF0 and above) pass any filter
     * @param remapChannel {@link #KEEP_CHANNEL} (-1) keeps the channel; 0..15 rewrites the channel
     *     of every channel message the link passes
     */
    public record MidiLink(int src, int dst, int channelMask, int remapChannel) {
        /** The mask that passes all 16 channels. */
        public static final int ALL_CHANNELS = 0xFFFF;
        /** The remap value that keeps each message's channel. */
        public static final int KEEP_CHANNEL = -1;

        /**
         * @throws IllegalArgumentException for a mask that passes no channel or has bits above
         *     channel 15, or a remap channel outside -1..15
         * @thread any
         */
        public MidiLink {
            ChannelRoute.check(channelMask, remapChannel);
        }

        /** A link passing every channel unchanged. @thread any */
        public MidiLink(int src, int dst) {
            this(src, dst, ALL_CHANNELS, KEEP_CHANNEL);
        }

        /** Whether the link passes a status byte's channel (system messages always pass). @thread any */
        public boolean passes(int status) {
            return ChannelRoute.passes(status, channelMask);
        }
    }

    private final HostConfig config;
    private final NodeDescriptor hostDescriptor;
    private final GraphModel graph;
    private final HostTransport engine = new HostTransport();
    private final TransportControls transport;
    private final EventScheduler scheduler = new EventScheduler();
    private final CycleStats cycleStats = new CycleStats();
    private final FaultMonitor faults = new FaultMonitor(cycleStats);
    private final ReleaseRequests releases = new ReleaseRequests();
    private final RenderCycle cycle;
    private final HostStatistics stats;

    /** A host with the default configuration (an instrument with one stereo output). @thread main */
    public Host() {
        this(new HostConfig());
    }

    /** @thread main */
    public Host(HostConfig config) {
        super(config.descriptor());
        this.config = config;
        this.hostDescriptor = config.descriptor();
        this.graph = new GraphModel(config);
        this.cycle = new RenderCycle(config, graph, engine, scheduler, faults, cycleStats, releases);
        this.stats = new HostStatistics(cycleStats, graph, this, scheduler);
        this.transport = new TransportControls(engine, () -> releases.request(ReleaseRequests.SILENCE));
    }

    // ---------------------------------------------------------------- graph (any thread but render)

    /**
     * Adds a node; it is activated at once when the host is active, and takes part from the next
     * cycle boundary.
     * @return the node's slot, used to connect it and to address events to it
     * @throws IllegalArgumentException when the node is null, already in this host, or the host is full
     * @thread any (not render)
     */
    public int add(Node node) {
        if (node == null) {
            throw new IllegalArgumentException("node is null");
        }
        if (node == this) {
            throw new IllegalArgumentException("a host cannot contain itself");
        }
        return graph.add(node);
    }

    /**
     * Removes a node and all its connections at the next cycle boundary (its connections fade out
     * first); the node is deactivated off the render thread once no cycle runs it.
     * @throws IllegalArgumentException for an unknown slot
     * @thread any (not render)
     */
    public void remove(int slot) {
        graph.remove(slot);
    }

    /** Connects audio with gain 1. @thread any (not render) */
    public void connectAudio(int src, int srcPort, int dst, int dstPort) {
        connectAudio(src, srcPort, dst, dstPort, 1.0);
    }

    /**
     * Connects a source's audio output port to a destination's audio input port (or the host's
     * outputs, {@link #BOUNDARY}); several connections into one port are summed (the mixer).
     * @throws IllegalArgumentException naming what is wrong: unknown slot, missing port, a kind
     *     without audio input, a duplicate, or a cycle
     * @thread any (not render)
     */
    public void connectAudio(int src, int srcPort, int dst, int dstPort, double gain) {
        if (!Double.isFinite(gain)) {
            throw new IllegalArgumentException("gain " + gain + " is not a finite number");
        }
        graph.connectAudio(src, srcPort, dst, dstPort, gain);
    }

    /**
     * Removes an audio connection (it fades out).
     * @throws IllegalArgumentException when no such connection exists
     * @thread any (not render)
     */
    public void disconnectAudio(int src, int srcPort, int dst, int dstPort) {
        graph.disconnectAudio(src, srcPort, dst, dstPort);
    }

    /**
     * Routes a node's MIDI output (or the events the host receives, {@link #BOUNDARY}) into a
     * node's input (or the host's MIDI output, {@link #BOUNDARY}) within the same cycle, all
     * channels, unchanged.
     * @throws IllegalArgumentException when the destination's kind takes no MIDI, the source emits
     *     none, a slot is unknown, the link exists, or it would make a cycle
     * @thread any (not render)
     */
    public void connectMidi(int src, int dst) {
        connectMidi(src, dst, MidiLink.ALL_CHANNELS, MidiLink.KEEP_CHANNEL);
    }

    /**
     * Routes MIDI as {@link #connectMidi(int, int)} does, passing only the channels in
     * {@code channelMask} (bit c = channel c, 0..15; system messages always pass) and, when
     * {@code remapChannel} is 0..15, rewriting the channel of every channel message to it. A General
     * MIDI file's drums: {@code connectMidi(BOUNDARY, drums, 1 << 9, -1)}.
     * @param channelMask channels that pass, 1..0xFFFF
     * @param remapChannel -1 to keep the channel, or 0..15
     * @throws IllegalArgumentException as {@link #connectMidi(int, int)}, or for a mask that passes
     *     no channel or names channels above 15, or a remap outside -1..15 (the message names the value)
     * @thread any (not render)
     */
    public void connectMidi(int src, int dst, int channelMask, int remapChannel) {
        graph.connectMidi(new MidiLink(src, dst, channelMask, remapChannel));
    }

    /**
     * Removes a MIDI route.
     * @throws IllegalArgumentException when it does not exist
     * @thread any (not render)
     */
    public void disconnectMidi(int src, int dst) {
        graph.disconnectMidi(src, dst);
    }

    /**
     * The node at a slot.
     * @throws IllegalArgumentException for an unknown slot
     * @thread any
     */
    public Node node(int slot) {
        return graph.require(slot).node;
    }

    /** The slots in use, ascending. @thread any */
    public int[] slots() {
        return graph.slots();
    }

    /** The audio connections, in the order they were made. @thread any */
    public List<Link> audioLinks() {
        return graph.audioLinks();
    }

    /** The MIDI routes, in the order they were made. @thread any */
    public List<MidiLink> midiLinks() {
        return graph.midiLinks();
    }

    /** Slots in the order the render thread runs them (topological), as published. @thread any */
    public int[] renderOrder() {
        return graph.renderOrder();
    }

    /** Generation of the latest published graph. @thread any */
    public long publishedGeneration() {
        return graph.publishedGeneration();
    }

    /** Generation of the graph the render thread runs now (0 before the first cycle). @thread any */
    public long appliedGeneration() {
        return graph.appliedGeneration();
    }

    /**
     * Adds a producer run at the start of every cycle (e.g. the sequencer).
     * @thread any (not render)
     */
    public void addEventSource(EventSource source) {
        if (source == null) {
            throw new IllegalArgumentException("event source is null");
        }
        scheduler.addSource(source);
    }

    /** @thread any (not render) */
    public void removeEventSource(EventSource source) {
        scheduler.removeSource(source);
    }

    /**
     * Adds a listener told at the start and end of every cycle.
     * @thread any (not render)
     */
    public void addCycleListener(CycleListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("cycle listener is null");
        }
        cycle.addListener(listener);
    }

    /** @thread any (not render) */
    public void removeCycleListener(CycleListener listener) {
        cycle.removeListener(listener);
    }

    /**
     * Deactivates removed nodes that no cycle runs any more (also done by every graph change and
     * by {@link #pollErrors()}).
     * @return how many removed nodes are still waiting for the render thread to let go of them
     * @thread any (not render)
     */
    public int collectRemoved() {
        return graph.collectRemoved();
    }

    // ---------------------------------------------------------------- lifecycle

    /** @thread main (not active) */
    @Override
    protected void onActivate(double sampleRate, int maxFrames) {
        int sub = config.subBlockFrames();
        int innerMax = sub > 0 ? Math.min(sub, maxFrames) : maxFrames;
        engine.setSampleRate(sampleRate);
        cycle.activate(sampleRate, maxFrames, innerMax);
        graph.activate(sampleRate, innerMax);
    }

    /** @thread main (active; no render call running) */
    @Override
    protected void onDeactivate() {
        graph.deactivate();
        cycle.deactivate();
    }

    /**
     * Called by an audio output before rendering (and again when its format changes): activates
     * the host and its nodes at the output's sample rate and buffer size, re-activating them when
     * either changed.
     * @thread main (no render call running)
     */
    @Override
    public void open(AudioOutputInfo info) {
        if (isActive()) {
            if (sampleRate() == info.sampleRate() && maxFrames() == info.bufferFrames()) {
                return;
            }
            deactivate();
        }
        activate(info.sampleRate(), info.bufferFrames());
    }

    /** Total latency from the graph's inputs to the host's outputs, in frames. @thread any */
    @Override
    public int latencyFrames() {
        return cycle.totalLatency();
    }

    /** The longest tail of any node. @thread any */
    @Override
    public double tailSeconds() {
        return graph.tailSeconds();
    }

    // ---------------------------------------------------------------- events

    /**
     * Offers an event to a node from any thread (a MIDI device, a UI, a script), at an offset
     * relative to the node's next cycle; no latency shift. {@link #BOUNDARY} offers it at the
     * host's own MIDI input, through every MIDI link from there with its channel filter (an event
     * no link passes goes nowhere, and that is not a refusal).
     * @return false for an unknown slot, a node whose kind takes no MIDI, invalid bytes or a full
     *     FIFO; for {@code BOUNDARY}, false when the host is not active, no MIDI link leaves the
     *     boundary, or a destination refused it
     * @thread any
     */
    public boolean offer(int slot, int offset, int status, int d1, int d2) {
        if (slot == BOUNDARY) {
            return scheduler.offerAtBoundary(graph.published(), offset, status, d1, d2);
        }
        NodeRuntime rt = graph.runtime(slot);
        return rt != null && rt.node.descriptor().midiIn() && rt.fifo.offer(offset, status, d1, d2);
    }

    /**
     * Offers a parameter change to a node at an offset relative to its next cycle (automation from
     * any thread), acting on that frame: on the node's output at that frame plus its latency, with
     * a note offered at the same offset (no latency shift here, as for {@link #offer}).
     * @return false for an unknown slot or a full FIFO
     * @thread any
     */
    public boolean offerParam(int slot, int offset, int paramIndex, float value) {
        NodeRuntime rt = graph.runtime(slot);
        return rt != null && rt.fifo.offerParam(offset, paramIndex, value);
    }

    /**
     * Where a MIDI input route delivers to a node: offers into the node's FIFO with the route's
     * offsets (live input: no latency lead).
     * @throws IllegalArgumentException for an unknown slot or a node whose kind takes no MIDI
     * @thread any (not render)
     */
    public MidiInputSink midiInputSink(int slot) {
        NodeRuntime rt = graph.require(slot);
        rt.node.descriptor().requireMidiIn();
        return rt.fifo::offer;
    }

    /**
     * Sequenced event from an {@link EventSource}, offered into the node's FIFO early by its
     * latency to the output so it sounds at {@code offset} of the window (see
     * {@link EventScheduler}; start from a pre-roll of at least the host's latency to have the
     * first notes on their frames). {@link #BOUNDARY} delivers it at the host's own MIDI input,
     * through every MIDI link from there with its channel filter, each destination early by its
     * own latency: {@code new SequenceSource(player, Host.BOUNDARY)} plays a General MIDI file
     * into a graph that routes its channels.
     * @thread render
     */
    @Override
    public boolean event(int nodeSlot, int offset, int status, int d1, int d2) {
        return scheduler.event(nodeSlot, offset, status, d1, d2);
    }

    /**
     * Sequenced system-exclusive message from an {@link EventSource} (a song's SysEx), delivered like
     * {@link #event} to the nodes that take SysEx on the render thread
     * ({@link org.midirack.core.CycleSysexReceiver}).
     * @thread render
     */
    @Override
    public boolean sysex(int nodeSlot, int offset, byte[] data, int length) {
        return scheduler.sysex(nodeSlot, offset, data, length);
    }

    /**
     * A system-exclusive message received on the render thread before the host's cycle (a JACK MIDI
     * input in the process callback), at an offset relative to the next cycle with no latency shift (as
     * {@link #offer}); {@link #BOUNDARY} sends it through every MIDI link from the host's input. Only
     * nodes that are {@link org.midirack.core.CycleSysexReceiver}s take it; the bytes are copied during
     * the call. Other threads use the node's {@link org.midirack.core.SysexReceiver} instead.
     * @return false when no node took it
     * @thread render (before the host's cycle, e.g. JACK's process thread)
     */
    public boolean offerSysexInCycle(int slot, int offset, byte[] data, int length) {
        return scheduler.offerSysex(graph.published(), slot, offset, data, length);
    }

    /**
     * Frames from a node's input to the host's output (its own latency plus the compensation
     * after it), as the render thread last computed it; what a sequencer sends that node early.
     * @return the latency, or -1 for an unknown slot
     * @thread any
     */
    public int latencyToOutput(int slot) {
        return graph.latencyToOutput(slot);
    }

    /**
     * Releases every sounding note: sustain off and All Notes Off on all 16 channels into every
     * node that takes MIDI, at the start of the next cycle, put into the nodes' cycles directly so
     * that no full FIFO can refuse them; the release renders normally.
     * @thread any
     */
    public void allNotesOff() {
        releases.request(ReleaseRequests.RELEASE);
    }

    // ---------------------------------------------------------------- transport (any thread)

    /** The transport: play, stop, tempo, locate, loop, clock following, beat and play state. @thread any */
    public TransportControls transport() {
        return transport;
    }

    // ---------------------------------------------------------------- render

    /**
     * Renders a block into an audio output's buffers: the host's output port 0, output channel c
     * taking host channel c modulo the port's channel count. Allocation-free.
     * @thread render
     */
    @Override
    public void render(float[][] out, int frames) {
        if (isActive()) {
            cycle.render(out, frames);
        }
    }

    /**
     * Gives the host audio input when it is the top host rendering into an audio output (a JACK
     * client's input ports): per input port of the host's descriptor, per channel, a buffer that the
     * output's render thread fills at the start of each of its cycles, followed by
     * {@link #audioInputCycle()}; the {@link #BOUNDARY} audio links ({@code connectAudio(BOUNDARY, port,
     * node, nodePort)}) take it from there, as a nested host takes its parent's input.
     *
     * @param buffers [port][channel][frame] (each at least as long as an output cycle), or null for none
     * @throws IllegalArgumentException when the port count differs from the descriptor's input ports
     * @thread main (before the output starts)
     */
    public void audioInputs(float[][][] buffers) {
        cycle.setTopInputs(buffers);
    }

    /**
     * The buffers given to {@link #audioInputs} hold a new output cycle: the next {@link #render}
     * reads them from their frame 0 (and a second render call in the same output cycle on from where
     * the first stopped).
     *
     * @thread render
     */
    public void audioInputCycle() {
        cycle.topInputCycle();
    }

    /**
     * Renders {@code frames} frames offline in cycles of at most the activation's maximum and
     * returns output port 0 as channels × frames (the same samples a real-time output gets).
     * @throws IllegalStateException when the host is not active
     * @thread main (acts as the render thread; no output running)
     */
    public float[][] renderOffline(int frames) {
        return renderOffline(frames, maxFrames());
    }

    /**
     * Renders offline in cycles of {@code cycleFrames}.
     * @throws IllegalStateException when the host is not active
     * @thread main (acts as the render thread; no output running)
     */
    public float[][] renderOffline(int frames, int cycleFrames) {
        if (!isActive()) {
            throw new IllegalStateException("host '" + hostDescriptor.id() + "' is not active; activate it first");
        }
        return cycle.renderOffline(frames, cycleFrames);
    }

    /**
     * Renders as a node inside another host: follows the parent's transport, splits the cycle into
     * sub-blocks when configured, forwards remote requests and latency to the parent.
     * @thread render
     */
    @Override
    public void process(ProcessContext ctx) {
        if (isActive()) {
            cycle.process(ctx);
        }
    }

    /**
     * Resets every node of the running graph (voices, tails, delay lines) and clears their FIFOs.
     * @thread render (between cycles)
     */
    @Override
    public void reset() {
        cycle.reset();
    }

    @Override
    protected void render(ProcessContext ctx, int from, int to) {
        // process() is overridden; never called
    }

    // ---------------------------------------------------------------- faults, statistics, shutdown

    /**
     * Errors of nodes muted since the last call, each reported once; also deactivates removed
     * nodes the render thread has let go of.
     * @thread any (not render)
     */
    public List<NodeError> pollErrors() {
        return faults.poll(graph);
    }

    /**
     * Starts a daemon thread that polls {@link #pollErrors()} every {@code periodMillis} and hands
     * each error to {@code reporter}; interrupt the returned thread to stop it.
     * @thread any (not render)
     */
    public Thread startErrorReporter(Consumer<NodeError> reporter, long periodMillis) {
        return faults.startReporter(graph, reporter, periodMillis);
    }

    /** Whether the node at a slot has been muted for a fault. @thread any */
    public boolean isMuted(int slot) {
        return FaultMonitor.isMuted(graph, slot);
    }

    /** The live statistics. @thread any */
    public HostStatistics statistics() {
        return stats;
    }

    /** Glitches reported by the nodes of this host (offloaded nodes, nested hosts). @thread any */
    @Override
    public long glitches() {
        return graph.glitches();
    }

    /**
     * Clean shutdown: releases every note of every node (sustain off, All Notes Off, All Sound Off,
     * never refused by a full FIFO), waits for the frames that carry the release and up to
     * {@code maxTailSeconds} more (the longest node tail): rendered offline when {@code output} is
     * null, otherwise until the output has rendered them (at most 2 s later than the tail takes,
     * not at all for an output that never ran); then stops and closes the output and deactivates
     * every node. Safe to call twice.
     * @thread main (or a shutdown hook)
     */
    public void shutdown(AudioOutput output, double maxTailSeconds) {
        if (isActive()) {
            cycle.releaseAndWait(output, Math.max(0, Math.min(maxTailSeconds, tailSeconds())));
        }
        if (output != null) {
            output.stop();
            output.close();
        }
        deactivate();
    }
}
