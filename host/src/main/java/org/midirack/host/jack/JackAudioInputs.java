package org.midirack.host.jack;

import java.util.ArrayList;
import java.util.List;
import org.jaudiolibs.jnajack.Jack;
import org.jaudiolibs.jnajack.JackClient;
import org.jaudiolibs.jnajack.JackException;
import org.jaudiolibs.jnajack.JackPort;
import org.jaudiolibs.jnajack.JackPortFlags;
import org.jaudiolibs.jnajack.JackPortType;
import org.midirack.host.Host;
import org.midirack.host.audio.JackClientHook;

/**
 * JACK audio input ports feeding a host's audio input (port 0 of its descriptor, one JACK port per
 * channel: {@code in_1}, {@code in_2}): at the start of each process callback, before the host renders,
 * each port's samples are copied into the buffer the host reads through its {@link Host#BOUNDARY}
 * audio links ({@link Host#audioInputs}), so an effect connected from there processes what another
 * JACK program sends, frame for frame in the same cycle.
 *
 * <p>Nothing is allocated in the callback: the buffers are taken here, once, for the largest cycle
 * given; a JACK cycle longer than that leaves the inputs silent for that cycle and is counted
 * ({@link #tooLong()}).
 */
public final class JackAudioInputs implements JackClientHook {
    private final Host host;
    private final String[] names;
    private final float[][][] buffers;
    private final int capacity;
    private volatile JackPort[] ports;
    private volatile long tooLong;

    /**
     * Input ports for a host whose descriptor has one audio input port of {@code names.length} channels.
     *
     * @param host the host rendered in this client's callback
     * @param maxFrames the longest JACK cycle to take (e.g. the server's buffer size, or more)
     * @param names the ports' short names, one per channel, e.g. "in_1", "in_2"
     * @throws IllegalArgumentException when the host has no audio input port of that many channels
     * @thread main
     */
    public JackAudioInputs(Host host, int maxFrames, String... names) {
        if (names.length == 0 || maxFrames < 1) {
            throw new IllegalArgumentException("JACK audio inputs need at least one port and one frame");
        }
        org.midirack.core.NodeDescriptor d = host.descriptor();
        int ports = d.audioInputPorts();
        if (ports != 1 || d.audioInputChannels(0) != names.length) {
            throw new IllegalArgumentException("the host takes " + (ports < 1 ? "no audio input" : ports
                    + " audio input ports of " + d.audioInputChannels(0) + " channels") + ", not one of " + names.length);
        }
        this.host = host;
        this.names = names.clone();
        this.capacity = maxFrames;
        this.buffers = new float[1][names.length][maxFrames];
        host.audioInputs(buffers);
    }

    /**
     * Full names of the ports on the current client; empty when no client is open.
     *
     * @return the names
     * @thread any
     */
    public List<String> portNames() {
        JackPort[] p = ports;
        List<String> out = new ArrayList<>();
        if (p != null) {
            for (JackPort port : p) {
                out.add(port.getName());
            }
        }
        return out;
    }

    /**
     * JACK cycles longer than the buffers, rendered with silent inputs.
     *
     * @return the count
     * @thread any
     */
    public long tooLong() {
        return tooLong;
    }

    /** @thread main or audio session supervisor */
    @Override
    public void register(Jack jack, JackClient client) throws JackException {
        JackPort[] p = new JackPort[names.length];
        for (int c = 0; c < p.length; c++) {
            p[c] = client.registerPort(names[c], JackPortType.AUDIO, JackPortFlags.JackPortIsInput);
        }
        ports = p;
    }

    /** @thread main or audio session supervisor */
    @Override
    public void closed() {
        ports = null;
    }

    /** @thread render (JACK's process thread) */
    @Override
    public void cycleStart(int nframes, boolean rendering) {
        JackPort[] p = ports;
        float[][] b = buffers[0];
        if (nframes > capacity) {
            tooLong = tooLong + 1;
            for (float[] ch : b) {
                java.util.Arrays.fill(ch, 0f);
            }
        } else if (p != null) {
            for (int c = 0; c < p.length; c++) {
                p[c].getFloatBuffer().get(0, b[c], 0, nframes);
            }
        }
        host.audioInputCycle();
    }

    /** @thread render (JACK's process thread) */
    @Override
    public void cycleEnd(int nframes, boolean rendering) {
        // nothing: the host has read the inputs
    }
}
