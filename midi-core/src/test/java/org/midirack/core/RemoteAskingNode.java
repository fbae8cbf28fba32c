package org.midirack.core;

import java.util.List;

/**
 * A small instrument-kind node that asks its host for transport changes when it is played: key 1
 * asks to toggle play, key 2 to toggle record, key 3 to rewind. It keeps the transport it was
 * given in each cycle (pre-allocated, for up to {@link #MAX_CYCLES} cycles) and whether each
 * request was accepted. Not shipped.
 */
final class RemoteAskingNode extends AbstractNode {
    static final int MAX_CYCLES = 1024;
    static final NodeDescriptor DESCRIPTOR = new NodeDescriptor("midirack.test.remote-asking", "Remote asking",
            NodeKind.INSTRUMENT, "midirack", "1", new int[0], new int[] {2}, true, false, List.of());

    final boolean[] playing = new boolean[MAX_CYCLES];
    final boolean[] recording = new boolean[MAX_CYCLES];
    final boolean[] changed = new boolean[MAX_CYCLES];
    final double[] beat = new double[MAX_CYCLES];
    final long[] position = new long[MAX_CYCLES];
    int cycles;
    int accepted;
    int refused;

    RemoteAskingNode() {
        super(DESCRIPTOR);
    }

    @Override
    protected void onActivate(double sampleRate, int maxFrames) {
        cycles = 0;
    }

    @Override
    public void reset() {
    }

    @Override
    protected void beginCycle(ProcessContext ctx) {
        Transport t = ctx.transport();
        if (cycles < MAX_CYCLES) {
            playing[cycles] = t.playing();
            recording[cycles] = t.recording();
            changed[cycles] = t.changed();
            beat[cycles] = t.beat();
            position[cycles] = t.samplePosition();
        }
        cycles++;
    }

    @Override
    protected void onMidi(ProcessContext ctx, int frame, int status, int data1, int data2) {
        if ((status & 0xF0) != 0x90 || data2 == 0) {
            return;
        }
        RemoteRequest r = switch (data1) {
            case 1 -> RemoteRequest.TOGGLE_PLAY;
            case 2 -> RemoteRequest.TOGGLE_RECORD;
            case 3 -> RemoteRequest.REWIND;
            default -> null;
        };
        if (r != null) {
            if (ctx.remote().request(r)) {
                accepted++;
            } else {
                refused++;
            }
        }
    }

    @Override
    protected void render(ProcessContext ctx, int from, int to) {
    }
}
