package org.midirack.core;

/**
 * Base class with the lifecycle state machine, parameters, state documents and sub-block
 * rendering: {@link #process} splits the cycle at every event offset, calling
 * {@link #render(ProcessContext, int, int)} for the frames between events and
 * {@link #onMidi} / {@link #parameterChanged} on the exact frame of each event. Parameter values
 * set from other threads are applied at frame 0 of the next cycle. A subclass that reports a
 * latency makes a change act on its output at its frame plus that latency, with the events of
 * the same frame (see {@link Node}), e.g. by applying it to the input side of its delay, or by
 * holding it in a {@link ParamDelayQueue}.
 */
public abstract class AbstractNode implements Node, Parameters.Listener {
    private final NodeDescriptor descriptor;
    private final Parameters parameters;
    private volatile boolean active;
    private double sampleRate;
    private int maxFrames;

    /** @thread main */
    protected AbstractNode(NodeDescriptor descriptor) {
        this.descriptor = descriptor;
        this.parameters = new Parameters(descriptor.params());
    }

    /** @thread any */
    @Override
    public final NodeDescriptor descriptor() {
        return descriptor;
    }

    /** @thread any */
    @Override
    public final Parameters parameters() {
        return parameters;
    }

    /** @thread any */
    @Override
    public final boolean isActive() {
        return active;
    }

    /** The sample rate of the current activation. @thread any */
    public final double sampleRate() {
        return sampleRate;
    }

    /** The maximum block size of the current activation. @thread any */
    public final int maxFrames() {
        return maxFrames;
    }

    /** @thread main (not active) */
    @Override
    public final void activate(double sampleRate, int maxFrames) {
        if (active) {
            throw new IllegalStateException("node '" + descriptor.id() + "' is already active; deactivate it first");
        }
        if (!(sampleRate >= 8000 && sampleRate <= 384_000)) {
            throw new IllegalArgumentException("node '" + descriptor.id() + "': sample rate " + sampleRate + " not in 8000..384000 Hz");
        }
        if (maxFrames < 1 || maxFrames > 65_536) {
            throw new IllegalArgumentException("node '" + descriptor.id() + "': maxFrames " + maxFrames + " not in 1..65536");
        }
        this.sampleRate = sampleRate;
        this.maxFrames = maxFrames;
        onActivate(sampleRate, maxFrames);
        active = true;
    }

    /** @thread main (active) */
    @Override
    public final void deactivate() {
        if (!active) {
            return;
        }
        active = false;
        onDeactivate();
    }

    /**
     * Renders a cycle in sub-blocks between event offsets. Override only when the node needs the
     * whole cycle at once (and then keep the sample-accuracy promise yourself).
     * @thread render
     */
    @Override
    public void process(ProcessContext ctx) {
        if (!active) {
            return;
        }
        parameters.applyPending(this);
        beginCycle(ctx);
        EventList ev = ctx.events();
        int n = ctx.frames();
        int pos = 0;
        for (int i = 0, size = ev.size(); i < size; i++) {
            int off = ev.offset(i);
            if (off > n) {
                off = n;
            }
            if (off > pos) {
                render(ctx, pos, off);
                pos = off;
            }
            if (ev.isParam(i)) {
                double v = parameters.applyFromTimeline(ev.paramIndex(i), ev.paramValue(i));
                if (v == v) {
                    parameterChanged(ev.paramIndex(i), v);
                }
            } else {
                onMidi(ctx, pos, ev.status(i), ev.data1(i), ev.data2(i));
            }
        }
        if (pos < n) {
            render(ctx, pos, n);
        }
        endCycle(ctx);
    }

    /** Default: no latency. @thread any */
    @Override
    public int latencyFrames() {
        return 0;
    }

    /** Default: 0.5 s of tail. @thread any */
    @Override
    public double tailSeconds() {
        return 0.5;
    }

    /** Applied parameter changes land here, on their frame. @thread render */
    @Override
    public void parameterChanged(int index, double value) {
    }

    /** @thread main */
    @Override
    public final NodeState saveState() {
        NodeState s = new NodeState(descriptor.id());
        for (int i = 0; i < parameters.count(); i++) {
            s.putParam(parameters.descriptor(i).id(), parameters.get(i));
        }
        writeState(s);
        return s;
    }

    /** @thread main */
    @Override
    public final void loadState(NodeState state) {
        if (state == null) {
            throw new StateFormatException("state is null");
        }
        if (!state.nodeId().equals(descriptor.id())) {
            throw new StateFormatException("state is for node '" + state.nodeId() + "', not '" + descriptor.id() + "'");
        }
        double[] values = new double[parameters.count()];
        for (int i = 0; i < values.length; i++) {
            ParamDescriptor d = parameters.descriptor(i);
            double v = state.hasParam(d.id()) ? state.requireParam(d.id()) : valueMissingFromState(d, state);
            if (v < d.min() || v > d.max()) {
                throw new StateFormatException("state of '" + descriptor.id() + "': param." + d.id() + " = " + v
                        + " outside [" + d.min() + ", " + d.max() + "]");
            }
            values[i] = v;
        }
        Object extra = readState(state); // validates; throws before anything changes
        for (int i = 0; i < values.length; i++) {
            parameters.set(i, values[i]);
        }
        applyState(extra);
    }

    /** Takes resources for this activation. @thread main */
    protected abstract void onActivate(double sampleRate, int maxFrames);

    /** Releases them. @thread main */
    protected void onDeactivate() {
    }

    /** Called once per cycle before any sub-block. @thread render */
    protected void beginCycle(ProcessContext ctx) {
    }

    /** Called once per cycle after the last sub-block. @thread render */
    protected void endCycle(ProcessContext ctx) {
    }

    /**
     * Renders frames [from, to) of the cycle; {@code from < to}.
     * @thread render
     */
    protected abstract void render(ProcessContext ctx, int from, int to);

    /**
     * A short MIDI message acting at {@code frame}.
     * @thread render
     */
    protected void onMidi(ProcessContext ctx, int frame, int status, int data1, int data2) {
    }

    /**
     * The value of a parameter a state does not hold, i.e. a state saved before the parameter
     * existed. By default such a state is refused ({@link StateFormatException} naming
     * {@code param.ID}); a node that added a parameter later returns the value that keeps an old
     * state sounding as it did when it was saved (which need not be the parameter's default).
     * @thread main
     */
    protected double valueMissingFromState(ParamDescriptor d, NodeState state) {
        return state.requireParam(d.id());
    }

    /** Adds node-specific entries (data.*) to a state being saved. @thread main */
    protected void writeState(NodeState state) {
    }

    /**
     * Checks node-specific entries and returns what {@link #applyState} needs; throws
     * {@link StateFormatException} for anything missing or wrong, changing nothing.
     * @thread main
     */
    protected Object readState(NodeState state) {
        return null;
    }

    /** Applies what {@link #readState} checked. @thread main */
    protected void applyState(Object checked) {
    }
}
