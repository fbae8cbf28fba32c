package org.midirack.effects;

import org.midirack.core.AbstractNode;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.ProcessContext;
import org.midirack.core.MidiDropCounters;
import java.util.List;

/**
 * Base of the MIDI processors (arpeggiator, chord, echo, transpose, ...). They are
 * {@link NodeKind#MUSIC_EFFECT}s with one stereo audio input passed through unchanged to one
 * stereo output, so they can sit inline in an audio chain while the host routes their MIDI
 * output on; their latency is zero.
 *
 * <p>What the base does: keeps an absolute frame counter of its own (frames processed since
 * activation), a {@link NoteLedger} of the notes emitted and not yet released, and a
 * {@link MidiQueue} of messages due in later cycles, emitted on their exact frames; handles All
 * Notes Off (CC 123) and All Sound Off (CC 120) on any channel by releasing every note it
 * emitted and forwarding the controller; releases everything after {@link #reset()} at the
 * first frame of the next cycle; and tells subclasses when the host transport stops.
 *
 * <p>Everything a processor sends goes through its ledger, which keeps room in the output for
 * the note-off of every note sounding: a note-on or another non-release message that would take
 * that room is refused and counted ({@link #refusedNoteOns()}, {@link #refusedMessages()}), and
 * a note-off that finds the output full of releases goes out at the next cycle's first frame
 * ({@link #deferredReleases()}). A processor never drops a release (see {@link NoteLedger}). The
 * counts are the {@link MidiDropCounters} a host shows in its statistics.
 */
public abstract class MidiProcessorNode extends AbstractNode implements MidiDropCounters {
    /** Capacity of the queue of messages due in later cycles. */
    public static final int QUEUE_CAPACITY = 4096;

    /** Notes emitted and not yet released. */
    protected final NoteLedger ledger = new NoteLedger();
    /** Messages due in later cycles. */
    protected MidiQueue queue = new MidiQueue(1);
    /** Absolute frame (node frame counter) of the current cycle's first frame. */
    protected long cycleStart;
    private boolean wasPlaying;
    private volatile boolean releasePending;
    /** Per output key: queued note-offs still to come whose queued note-on was refused. */
    private final int[] orphanOffs = new int[16 * 128];

    /** @thread main */
    protected MidiProcessorNode(NodeDescriptor descriptor) {
        super(descriptor);
    }

    /** A stereo pass-through MUSIC_EFFECT descriptor with MIDI out. @thread main */
    protected static NodeDescriptor processorDescriptor(String id, String name, List<ParamDescriptor> params) {
        return new NodeDescriptor(id, name, NodeKind.MUSIC_EFFECT, "midirack", "0.1.0",
                new int[] {2}, new int[] {2}, true, true, params);
    }

    /** @thread main */
    @Override
    protected void onActivate(double sampleRate, int maxFrames) {
        queue = new MidiQueue(QUEUE_CAPACITY);
        clearQueue();
        ledger.clear();
        cycleStart = 0;
        wasPlaying = false;
        releasePending = false;
        activateProcessor(sampleRate, maxFrames);
    }

    /** Subclass allocation for an activation. @thread main */
    protected void activateProcessor(double sampleRate, int maxFrames) {
    }

    /** MIDI processors have no tail of their own. @thread any */
    @Override
    public double tailSeconds() {
        return 0;
    }

    /** Forgets queued messages and held notes; the notes still sounding downstream get their note-offs at frame 0 of the next cycle. @thread render (between cycles) */
    @Override
    public void reset() {
        clearQueue();
        clearProcessor();
        releasePending = true;
    }

    /** @thread render */
    @Override
    protected final void beginCycle(ProcessContext ctx) {
        ledger.flushDeferred(ctx.midiOut(), 0);
        if (releasePending) {
            releasePending = false;
            ledger.releaseAll(ctx.midiOut(), 0);
        }
        boolean playing = ctx.transport().available() && ctx.transport().playing();
        if (wasPlaying && !playing) {
            transportStopped(ctx);
        }
        wasPlaying = playing;
        beginProcessorCycle(ctx);
    }

    /** @thread render */
    @Override
    protected final void endCycle(ProcessContext ctx) {
        cycleStart += ctx.frames();
    }

    /** @thread render */
    @Override
    protected final void render(ProcessContext ctx, int from, int to) {
        float[][] in = ctx.inputs(0);
        float[][] out = ctx.outputs(0);
        for (int c = 0; c < out.length; c++) {
            System.arraycopy(in[c], from, out[c], from, to - from);
        }
        emitDue(ctx.midiOut(), from, to);
        renderMidi(ctx, from, to);
    }

    /** Emits queued messages due before frame {@code to} of this cycle (late ones at {@code from}). @thread render */
    protected final void emitDue(MidiEventBuffer out, int from, int to) {
        long end = cycleStart + to;
        while (queue.size() > 0 && queue.peekFrame() < end) {
            long f = queue.peekFrame() - cycleStart;
            int msg = queue.peekMessage();
            queue.poll();
            emit(out, f < from ? from : (int) f, msg);
        }
    }

    /** Empties the queue of messages due later, and forgets what it says about refused notes. */
    private void clearQueue() {
        queue.clear();
        java.util.Arrays.fill(orphanOffs, 0);
    }

    /**
     * Sends one queued message through the ledger (notes and others). When a queued note-on is
     * refused (no room, see {@link NoteLedger}), the next queued note-off of that key ends
     * nothing, so it cannot cut short another note of the key that is still sounding (at worst
     * that key is released at the refused note's end instead of an earlier one's).
     * @thread render
     */
    protected final void emit(MidiEventBuffer out, int offset, int msg) {
        int status = msg >>> 16 & 0xFF;
        int d1 = msg >>> 8 & 0xFF;
        int d2 = msg & 0xFF;
        int cmd = status & 0xF0;
        int k = (status & 15) << 7 | d1;
        if (cmd == 0x90 && d2 > 0) {
            if (!ledger.on(out, offset, status & 15, d1, d2)) {
                orphanOffs[k]++;
            }
        } else if (cmd == 0x80 || cmd == 0x90) {
            if (orphanOffs[k] > 0) {
                orphanOffs[k]--;
            } else {
                ledger.off(out, offset, status & 15, d1);
            }
        } else {
            ledger.pass(out, offset, status, d1, d2);
        }
    }

    /**
     * Sends a message that is not a note through the ledger: releases always, others only while
     * they leave room for the note-offs owed (refused ones are counted).
     * @return false when refused
     * @thread render
     */
    protected final boolean send(ProcessContext ctx, int frame, int status, int data1, int data2) {
        return ledger.pass(ctx.midiOut(), frame, status, data1, data2);
    }

    /** Note-ons not sent because the output had no room left for them and the note-offs owed. @thread any */
    @Override
    public final long refusedNoteOns() {
        return ledger.refusedNoteOns();
    }

    /** Other messages (not releases) not sent, to keep room for the note-offs owed. @thread any */
    @Override
    public final long refusedMessages() {
        return ledger.refusedMessages();
    }

    /** Note-offs that found the output full of releases and went out at the next cycle's first frame. @thread any */
    @Override
    public final long deferredReleases() {
        return ledger.deferredReleases();
    }

    /** @thread render */
    @Override
    protected final void onMidi(ProcessContext ctx, int frame, int status, int data1, int data2) {
        int cmd = status & 0xF0;
        if (status < 0xF0 && cmd == 0xB0 && (data1 == 123 || data1 == 120)) {
            allNotesOff(ctx, frame);
            clearQueue();
            ledger.releaseAll(ctx.midiOut(), frame);
            send(ctx, frame, status, data1, data2);
            return;
        }
        if (status < 0xF0 && cmd == 0x90 && data2 > 0) {
            noteOn(ctx, frame, status & 15, data1, data2);
        } else if (status < 0xF0 && (cmd == 0x80 || cmd == 0x90)) {
            noteOff(ctx, frame, status & 15, data1);
        } else {
            otherMidi(ctx, frame, status, data1, data2);
        }
    }

    /** A note-on (velocity > 0) at its frame. @thread render */
    protected abstract void noteOn(ProcessContext ctx, int frame, int channel, int note, int velocity);

    /** A note-off (or note-on with velocity 0) at its frame. @thread render */
    protected abstract void noteOff(ProcessContext ctx, int frame, int channel, int note);

    /** Any other short message; default: passed through unchanged. @thread render */
    protected void otherMidi(ProcessContext ctx, int frame, int status, int data1, int data2) {
        send(ctx, frame, status, data1, data2);
    }

    /** All notes off arrived: forget held notes (the base then releases everything emitted). @thread render */
    protected abstract void allNotesOff(ProcessContext ctx, int frame);

    /** Forget held notes on reset. @thread render */
    protected abstract void clearProcessor();

    /** The host transport stopped at frame 0 of this cycle. @thread render */
    protected void transportStopped(ProcessContext ctx) {
    }

    /** Called at the start of each cycle after the base's bookkeeping. @thread render */
    protected void beginProcessorCycle(ProcessContext ctx) {
    }

    /** MIDI work for frames [from, to) after queued messages due there were sent. @thread render */
    protected void renderMidi(ProcessContext ctx, int from, int to) {
    }
}
