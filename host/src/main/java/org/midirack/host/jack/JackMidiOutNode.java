package org.midirack.host.jack;

import java.util.List;
import org.midirack.core.AbstractNode;
import org.midirack.core.CycleSysexReceiver;
import org.midirack.core.MidiMessages;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ProcessContext;
import org.midirack.core.CycleSysexQueue;

/**
 * The graph's end of a JACK MIDI output port: a node that takes MIDI (connect the sequencer's
 * {@code Host.BOUNDARY} or a MIDI effect's output into it) and makes no sound. Every message it gets
 * is kept with its frame inside the JACK cycle being rendered (the frames of the host's earlier
 * sub-cycles of that JACK cycle added), and {@link JackMidiPorts} writes them with
 * {@code jack_midi_event_write} at those frames once the host has rendered the cycle.
 *
 * <p>System exclusive messages come in as a {@link CycleSysexReceiver} (a song's SysEx from the
 * sequencer, SysEx arriving on a JACK MIDI input through the host's MIDI links), kept with their frame in
 * the JACK cycle the same way, and go out merged in time order with the short messages; one whose frame
 * lies past the JACK cycle waits for its cycle.
 *
 * <p>Pre-allocated: a full buffer drops the message and counts it ({@link #dropped()}; SysEx:
 * {@link #sysexDropped()}).
 */
public final class JackMidiOutNode extends AbstractNode implements CycleSysexReceiver {
    /** The longest system exclusive message the node takes. */
    public static final int SYSEX_MAX = 8192;
    private static final int SYSEX_SLOTS = 32;

    /** The node's id in a graph listing. */
    public static final String ID = "midirack.jack-midi-out";
    static final NodeDescriptor DESCRIPTOR = new NodeDescriptor(ID, "JACK MIDI out", NodeKind.INSTRUMENT,
            "midirack", "1", new int[0], new int[0], false, true, List.of());

    private final int[] frames;
    private final int[] messages;
    private int count;
    private int base;
    private volatile long dropped;
    private final CycleSysexQueue sysex = new CycleSysexQueue(SYSEX_SLOTS, SYSEX_MAX);
    private volatile long sysexTaken;

    /**
     * A node holding at most 1024 messages per JACK cycle.
     *
     * @thread main
     */
    public JackMidiOutNode() {
        this(1024);
    }

    /**
     * A node holding at most {@code capacity} messages per JACK cycle.
     *
     * @param capacity 1 .. 65536
     * @thread main
     */
    public JackMidiOutNode(int capacity) {
        super(DESCRIPTOR);
        if (capacity < 1 || capacity > 65536) {
            throw new IllegalArgumentException("JACK MIDI out capacity " + capacity + " is outside 1 .. 65536");
        }
        frames = new int[capacity];
        messages = new int[capacity];
    }

    /**
     * Messages dropped because more than the capacity came in one JACK cycle.
     *
     * @return the count
     * @thread any
     */
    public long dropped() {
        return dropped;
    }

    /**
     * System exclusive messages refused: longer than {@link #SYSEX_MAX}, malformed, or more than 32
     * waiting.
     *
     * @return the count
     * @thread any
     */
    public long sysexDropped() {
        return sysex.refusedFull() + sysex.refusedMalformed();
    }

    /**
     * Keeps a system exclusive message for the JACK cycle being rendered, at the frame where the
     * node's next cycle starts inside it plus {@code offset}.
     *
     * @thread render (between the node's cycles)
     */
    @Override
    public boolean sysexInCycle(byte[] data, int length, int offset) {
        boolean taken = sysex.offer(data, length, base + Math.max(0, offset));
        if (taken) {
            sysexTaken = sysexTaken + 1;
        }
        return taken;
    }

    /** System exclusive messages taken so far. @thread render */
    long sysexTaken() {
        return sysexTaken;
    }

    /** The SysEx waiting, frames relative to the current JACK cycle. @thread render */
    CycleSysexQueue sysexQueue() {
        return sysex;
    }

    /** Starts a JACK cycle: frame 0 is the next host cycle's first frame. @thread render */
    void beginJackCycle() {
        count = 0;
        base = 0;
    }

    /** Messages of the JACK cycle so far. @thread render */
    int count() {
        return count;
    }

    /** Frame of message i inside the JACK cycle. @thread render */
    int frame(int i) {
        return frames[i];
    }

    /** Message i packed as {@link MidiMessages#pack}. @thread render */
    int message(int i) {
        return messages[i];
    }

    @Override
    protected void onActivate(double sampleRate, int maxFrames) {
        count = 0;
        base = 0;
        sysex.clear();
    }

    /** @thread render (between cycles) */
    @Override
    public void reset() {
        // what was collected this JACK cycle still goes out: it was played before the reset; SysEx
        // waiting for a later frame is forgotten, as the FIFOs forget what the reset cut off (the
        // command line's offline warm-up plays the song once before the real start)
        sysex.clear();
    }

    @Override
    protected void onMidi(ProcessContext ctx, int frame, int status, int data1, int data2) {
        int n = count;
        if (n == frames.length) {
            dropped = dropped + 1;
            return;
        }
        frames[n] = base + frame;
        messages[n] = MidiMessages.pack(status, data1, data2);
        count = n + 1;
    }

    @Override
    protected void endCycle(ProcessContext ctx) {
        base += ctx.frames();
    }

    @Override
    protected void render(ProcessContext ctx, int from, int to) {
        // no sound
    }
}
