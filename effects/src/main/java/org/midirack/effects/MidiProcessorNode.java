package org.midirack.effects;

import org.midirack.core.AbstractNode;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeKind;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.ProcessContext;
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
 */
public abstract class MidiProcessorNode extends AbstractNode {
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
        queue.clear();
        clearProcessor();
        releasePending = true;
    }

    /** @thread render */
    @Override
    protected final void beginCycle(ProcessContext ctx) {
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

    /** Sends one packed message through the ledger (notes) or straight out (others). @thread render */
    protected final void emit(MidiEventBuffer out, int offset, int msg) {
        int status = msg >>> 16 & 0xFF;
        int d1 = msg >>> 8 & 0xFF;
        int d2 = msg & 0xFF;
        int cmd = status & 0xF0;
        if (cmd == 0x90 && d2 > 0) {
            ledger.on(out, offset, status & 15, d1, d2);
        } else if (cmd == 0x80 || cmd == 0x90) {
            ledger.off(out, offset, status & 15, d1);
        } else {
            out.add(offset, status, d1, d2);
        }
    }

    /** @thread render */
    @Override
    protected final void onMidi(ProcessContext ctx, int frame, int status, int data1, int data2) {
        int cmd = status & 0xF0;
        if (status < 0xF0 && cmd == 0xB0 && (data1 == 123 || data1 == 120)) {
            allNotesOff(ctx, frame);
            queue.clear();
            ledger.releaseAll(ctx.midiOut(), frame);
            ctx.midiOut().add(frame, status, data1, data2);
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
        ctx.midiOut().add(frame, status, data1, data2);
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
