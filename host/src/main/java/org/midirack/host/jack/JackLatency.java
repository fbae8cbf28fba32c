package org.midirack.host.jack;

import com.sun.jna.Callback;
import com.sun.jna.Memory;
import java.util.List;
import java.util.function.IntSupplier;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.midirack.host.audio.JackClientHook;

/**
 * Reports the graph's latency on a client's JACK ports ({@code jack_port_set_latency_range}), so other
 * JACK programs can compensate for it: JACK asks in its latency callback (on its notification thread,
 * whenever the graph of connections changes) and gets, for the capture direction, every input's
 * capture latency plus the graph's latency on each audio output ({@code out_1}, {@code out_2}); for the
 * playback direction, the outputs' playback latency plus the graph's latency on each input. Ports
 * that pass MIDI straight through ({@code midi_out} when it echoes {@code midi_in}) get the range of
 * the inputs unchanged. Hand it to the output with {@link JackClientHook#all}; call
 * {@link #recompute()} when the graph's latency changes.
 */
public final class JackLatency implements JackClientHook {

    /** JACK's latency callback, direct-mapped. */
    interface LatencyCallback extends Callback {
        void invoke(int mode, long arg);
    }

    private final IntSupplier latency;
    private final List<String> inputs;
    private final List<String> latentOutputs;
    private final List<String> otherOutputs;
    private final Memory range = new Memory(8);
    private final long rangeAddr = JackNative.address(range);
    private final LatencyCallback callback = this::latency;
    private volatile long client;
    private volatile long[] in = new long[0];
    private volatile long[] outLatent = new long[0];
    private volatile long[] outOther = new long[0];

    /**
     * Latency reporting for ports given by their short names on the client.
     *
     * @param latency the graph's latency in frames (e.g. {@code host::latencyFrames})
     * @param inputs input ports, e.g. "midi_in"
     * @param latentOutputs outputs whose signal comes through the graph, e.g. "out_1", "out_2"
     * @param otherOutputs outputs that add no latency, e.g. "midi_out"
     * @thread main
     */
    public JackLatency(IntSupplier latency, List<String> inputs, List<String> latentOutputs, List<String> otherOutputs) {
        JackNative.bind();
        this.latency = latency;
        this.inputs = List.copyOf(inputs);
        this.latentOutputs = List.copyOf(latentOutputs);
        this.otherOutputs = List.copyOf(otherOutputs);
    }

    /** @thread main or audio session supervisor */
    @Override
    public void register(Jack jack, JackClient c) throws JackException {
        client = JackNative.address(c);
        in = new long[0];
        outLatent = new long[0];
        outOther = new long[0];
        if (JackNative.jack_set_latency_callback(client, callback, 0) != 0) {
            throw new JackException("JACK refused the latency callback");
        }
    }

    /** @thread main or audio session supervisor */
    @Override
    public void activated(Jack jack, JackClient c) throws JackException {
        in = resolve(c, inputs);
        outLatent = resolve(c, latentOutputs);
        outOther = resolve(c, otherOutputs);
        recompute();
    }

    private long[] resolve(JackClient c, List<String> names) throws JackException {
        long[] a = new long[names.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = JackNative.jack_port_by_name(client, c.getName() + ":" + names.get(i));
            if (a[i] == 0) {
                throw new JackException("no port " + c.getName() + ":" + names.get(i) + " to report latency on");
            }
        }
        return a;
    }

    /**
     * Asks JACK to gather every latency again (after the graph's latency changed).
     *
     * @thread any (not render)
     */
    public void recompute() {
        long c = client;
        if (c != 0) {
            JackNative.jack_recompute_total_latencies(c);
        }
    }

    /** @thread main or audio session supervisor */
    @Override
    public void closed() {
        client = 0;
    }

    /** @thread render (JACK's process thread) */
    @Override
    public void cycleStart(int nframes, boolean rendering) {
    }

    /** @thread render (JACK's process thread) */
    @Override
    public void cycleEnd(int nframes, boolean rendering) {
    }

    /** JACK's latency callback: one direction at a time. @thread JACK's notification thread */
    private void latency(int mode, long arg) {
        int l = Math.max(0, latency.getAsInt());
        if (mode == JackNative.CAPTURE_LATENCY) {
            long[] r = widest(in, mode);
            set(outLatent, mode, r[0] + l, r[1] + l);
            set(outOther, mode, r[0], r[1]);
        } else {
            long[] a = widest(outLatent, mode);
            long[] b = widest(outOther, mode);
            set(in, mode, Math.max(a[0] + l, b[0]), Math.max(a[1] + l, b[1]));
        }
    }

    private long[] widest(long[] ports, int mode) {
        long min = 0;
        long max = 0;
        boolean first = true;
        for (long p : ports) {
            JackNative.jack_port_get_latency_range(p, mode, rangeAddr);
            long lo = range.getInt(0) & 0xFFFFFFFFL;
            long hi = range.getInt(4) & 0xFFFFFFFFL;
            min = first ? lo : Math.min(min, lo);
            max = first ? hi : Math.max(max, hi);
            first = false;
        }
        return new long[] {min, max};
    }

    private void set(long[] ports, int mode, long min, long max) {
        range.setInt(0, (int) min);
        range.setInt(4, (int) max);
        for (long p : ports) {
            JackNative.jack_port_set_latency_range(p, mode, rangeAddr);
        }
    }
}
