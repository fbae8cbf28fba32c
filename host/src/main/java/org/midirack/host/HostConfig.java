package org.midirack.host;

import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import java.util.List;

/**
 * How a {@link Host} is built: its own descriptor (ports, kind, when hosted inside another host),
 * FIFO sizes, how many nodes it can hold, the fade applied to connections that appear or go
 * away, the largest latency it compensates, and an optional sub-block size. Mutable builder;
 * the host copies what it needs at construction.
 */
public final class HostConfig {
    private NodeDescriptor descriptor = defaultDescriptor();
    private int fifoCapacity = 1024;
    private int midiOutCapacity = 512;
    private int maxNodes = 256;
    private int fadeFrames = 64;
    private int maxCompensationFrames = 8192;
    private int subBlockFrames;

    /** The descriptor a host has unless told otherwise: an instrument with one stereo output. @thread any */
    public static NodeDescriptor defaultDescriptor() {
        return new NodeDescriptor("midirack.host", "midirack host", NodeKind.INSTRUMENT, "midirack", "0.1.0",
                new int[0], new int[] {2}, true, true, List.of());
    }

    /** @thread main */
    public HostConfig descriptor(NodeDescriptor d) {
        if (d == null) {
            throw new IllegalArgumentException("host descriptor is null");
        }
        this.descriptor = d;
        return this;
    }

    /** Capacity of each node's event FIFO, a power of two 2..2^24 (default 1024). @thread main */
    public HostConfig fifoCapacity(int c) {
        if (c < 2 || c > (1 << 24) || Integer.bitCount(c) != 1) {
            throw new IllegalArgumentException("fifoCapacity must be a power of two in 2..16777216, was " + c);
        }
        this.fifoCapacity = c;
        return this;
    }

    /** Events a node may emit per cycle (default 512). @thread main */
    public HostConfig midiOutCapacity(int c) {
        if (c < 1) {
            throw new IllegalArgumentException("midiOutCapacity must be >= 1, was " + c);
        }
        this.midiOutCapacity = c;
        return this;
    }

    /** Most nodes at once (default 256). @thread main */
    public HostConfig maxNodes(int n) {
        if (n < 1 || n > 65_536) {
            throw new IllegalArgumentException("maxNodes must be in 1..65536, was " + n);
        }
        this.maxNodes = n;
        return this;
    }

    /**
     * Frames over which a new connection fades in and a removed one fades out (default 64; 0
     * switches at the cycle boundary with no fade).
     * @thread main
     */
    public HostConfig fadeFrames(int f) {
        if (f < 0 || f > 65_536) {
            throw new IllegalArgumentException("fadeFrames must be in 0..65536, was " + f);
        }
        this.fadeFrames = f;
        return this;
    }

    /** The largest delay a connection gets for latency compensation (default 8192 frames). @thread main */
    public HostConfig maxCompensationFrames(int f) {
        if (f < 0 || f > (1 << 20)) {
            throw new IllegalArgumentException("maxCompensationFrames must be in 0..1048576, was " + f);
        }
        this.maxCompensationFrames = f;
        return this;
    }

    /**
     * Splits every cycle the host is given into cycles of at most this many frames for its nodes
     * (0, the default: no splitting).
     * @thread main
     */
    public HostConfig subBlockFrames(int f) {
        if (f < 0 || f > 65_536) {
            throw new IllegalArgumentException("subBlockFrames must be in 0..65536, was " + f);
        }
        this.subBlockFrames = f;
        return this;
    }

    /** @thread any */
    public NodeDescriptor descriptor() {
        return descriptor;
    }

    /** @thread any */
    public int fifoCapacity() {
        return fifoCapacity;
    }

    /** @thread any */
    public int midiOutCapacity() {
        return midiOutCapacity;
    }

    /** @thread any */
    public int maxNodes() {
        return maxNodes;
    }

    /** @thread any */
    public int fadeFrames() {
        return fadeFrames;
    }

    /** @thread any */
    public int maxCompensationFrames() {
        return maxCompensationFrames;
    }

    /** @thread any */
    public int subBlockFrames() {
        return subBlockFrames;
    }
}
