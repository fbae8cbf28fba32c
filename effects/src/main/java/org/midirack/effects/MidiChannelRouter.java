package org.midirack.effects;

import org.midirack.core.NodeDescriptor;
import org.midirack.core.NodeFactory;
import org.midirack.core.ParamDescriptor;
import org.midirack.core.ProcessContext;
import java.util.List;

/**
 * Channel router and keyboard splitter. Messages on the input channel ({@code inChannel}; 0 =
 * any) are sent on: notes below {@code splitKey} to {@code lowChannel}, notes at or above it to
 * {@code highChannel} (splitKey 0: every note goes to highChannel), or with {@code layer} on to
 * both. Channel messages other than notes go to highChannel (and lowChannel too when layering
 * or splitting). Messages on other channels and system messages pass unchanged. Note-offs go
 * where their note-on went (see {@link MidiMapperNode}). A stereo pass-through MUSIC_EFFECT.
 *
 * <p>Parameters (act on the next message): inChannel (0..16, 0 = any), lowChannel, highChannel
 * (1..16), splitKey (0..127), layer (off/on).
 */
public final class MidiChannelRouter extends MidiMapperNode {
    /** Stable node id. */
    public static final String ID = "midirack.midi-channel-router";
    public static final int P_IN = 0;
    public static final int P_LOW = 1;
    public static final int P_HIGH = 2;
    public static final int P_SPLIT = 3;
    public static final int P_LAYER = 4;

    static final NodeDescriptor DESCRIPTOR = mapperDescriptor(ID, "MidiChannelRouter", List.of(
            ParamDescriptor.integer("inChannel", "Input channel", 0, 16, 0, "channel (0 = any)"),
            ParamDescriptor.integer("lowChannel", "Low zone channel", 1, 16, 1, "channel"),
            ParamDescriptor.integer("highChannel", "High zone channel", 1, 16, 1, "channel"),
            ParamDescriptor.integer("splitKey", "Split key", 0, 127, 0, "key"),
            ParamDescriptor.toggle("layer", "Layer", false)));

    /** The factory registered for ServiceLoader. */
    public static final class Factory implements NodeFactory {
        /** @thread any */
        @Override
        public NodeDescriptor descriptor() {
            return DESCRIPTOR;
        }

        /** @thread main */
        @Override
        public MidiChannelRouter create() {
            return new MidiChannelRouter();
        }
    }

    /** @thread main */
    public MidiChannelRouter() {
        super(DESCRIPTOR);
    }

    private boolean accepts(int channel) {
        int in = (int) parameters().value(P_IN);
        return in == 0 || in - 1 == channel;
    }

    /** @thread render */
    @Override
    protected int map(int channel, int note, int velocity) {
        if (!accepts(channel)) {
            mapped[0] = channel << 7 | note;
            mappedVelocity[0] = velocity;
            return 1;
        }
        int low = (int) parameters().value(P_LOW) - 1;
        int high = (int) parameters().value(P_HIGH) - 1;
        boolean layer = parameters().value(P_LAYER) >= 0.5;
        int n = 0;
        if (layer || note < parameters().value(P_SPLIT)) {
            mapped[n] = low << 7 | note;
            mappedVelocity[n++] = velocity;
        }
        if ((layer || note >= parameters().value(P_SPLIT)) && !(layer && high == low)) {
            mapped[n] = high << 7 | note;
            mappedVelocity[n++] = velocity;
        }
        return n;
    }

    /** @thread render */
    @Override
    protected void otherMidi(ProcessContext ctx, int frame, int status, int data1, int data2) {
        if (status >= 0xF0 || !accepts(status & 15)) {
            send(ctx, frame, status, data1, data2);
            return;
        }
        int cmd = status & 0xF0;
        int low = (int) parameters().value(P_LOW) - 1;
        int high = (int) parameters().value(P_HIGH) - 1;
        send(ctx, frame, cmd | high, data1, data2);
        boolean both = parameters().value(P_LAYER) >= 0.5 || parameters().value(P_SPLIT) > 0;
        if (both && low != high) {
            send(ctx, frame, cmd | low, data1, data2);
        }
    }
}
