package org.midirack.host.render;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;
import org.midirack.host.Host;
import org.midirack.host.NodeError;
import org.midirack.host.graph.GraphModel;
import org.midirack.host.graph.NodeRuntime;

/**
 * Fault isolation. On the render thread, a node that throws from {@code process} (or
 * {@code reset}) or writes NaN or infinity is marked muted: from then on the render cycle runs it
 * no more and its outputs stay silent, while every other node keeps playing. Off the render thread
 * each fault is reported exactly once, with the node's name and the reason ({@link NodeError#message()});
 * faults inside a nested host are reported by the host above it as well, named by their path.
 */
public final class FaultMonitor {
    private final CycleStats stats;

    /** @thread main */
    public FaultMonitor(CycleStats stats) {
        this.stats = stats;
    }

    /**
     * Mutes a node. Allocation-free.
     * @param kind {@link NodeRuntime#FAULT_THREW} or {@link NodeRuntime#FAULT_NON_FINITE}
     * @param e what it threw, or null
     * @param cycle the host cycle it happened in
     * @thread render
     */
    public void fault(NodeRuntime rt, int kind, Throwable e, long cycle) {
        rt.error = e;
        rt.faultCycle = cycle;
        rt.fault = kind;
        stats.recordMuted();
    }

    /**
     * Errors of nodes muted since the last call, each reported once; also lets the model forget
     * removed nodes already reported and deactivate removed nodes the render thread let go of.
     * @thread any (not render)
     */
    public List<NodeError> poll(GraphModel model) {
        List<NodeError> errors = new ArrayList<>();
        for (NodeRuntime rt : model.watched()) {
            int f = rt.fault;
            if (f != NodeRuntime.FAULT_NONE && rt.reported.compareAndSet(false, true)) {
                String reason = f == NodeRuntime.FAULT_THREW
                        ? "threw " + rt.error.getClass().getName() + " in process"
                        : "wrote NaN or infinity to its audio output";
                errors.add(new NodeError(rt.slot, rt.node.descriptor().id(), reason, rt.error, rt.faultCycle));
            }
            if (rt.node instanceof Host nested) {
                // a nested host mutes its own failing nodes and keeps playing: report them here too,
                // named by their path, so whoever watches the top host hears of every failure
                for (NodeError e : nested.pollErrors()) {
                    errors.add(new NodeError(rt.slot, rt.node.descriptor().id() + "/" + e.nodeId(), e.reason(), e.cause(),
                            e.cycle()));
                }
            }
        }
        model.forgetReported();
        return errors;
    }

    /**
     * A daemon thread that polls every {@code periodMillis} and hands each error to
     * {@code reporter}; interrupt it to stop it.
     * @thread any (not render)
     */
    public Thread startReporter(GraphModel model, Consumer<NodeError> reporter, long periodMillis) {
        Thread th = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (NodeError e : poll(model)) {
                    reporter.accept(e);
                }
                LockSupport.parkNanos(periodMillis * 1_000_000L);
            }
        }, "midirack-host-errors");
        th.setDaemon(true);
        th.start();
        return th;
    }

    /** Whether the node at a slot is muted for a fault. @thread any */
    public static boolean isMuted(GraphModel model, int slot) {
        for (NodeRuntime rt : model.runtimes()) {
            if (rt.slot == slot) {
                return rt.fault != NodeRuntime.FAULT_NONE;
            }
        }
        return false;
    }
}
