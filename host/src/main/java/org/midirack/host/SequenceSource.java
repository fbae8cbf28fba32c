package org.midirack.host;

import org.midirack.core.Transport;
import org.midirack.core.sync.HostSync;
import org.midirack.host.seq.SequencePlayer;
import org.midirack.host.seq.SequenceSink;

/**
 * Plays a {@link SequencePlayer} into a host's nodes: an {@link EventSource} that maps each of
 * the player's destinations to a node slot. The host's window already runs ahead by the host's
 * latency and the host sends each event early by its node's latency, so the player's own latency
 * lead stays 0 and sequenced notes land on their frame at the output.
 *
 * <p>Timeline: when the host starts playing, or its beat jumps (rewind, locate, a host loop
 * wrap), the player is placed at the song frame of the host's beat at the host's tempo (beat 0 =
 * song frame 0; negative beats are pre-roll); otherwise it runs on from where it stopped
 * ({@link SequencePlayer#nextFrame()}, its own loop included). When the host stops, every
 * sounding note is released. SysEx from the file is not delivered (counted).
 */
public final class SequenceSource implements EventSource, SequenceSink {
    private final SequencePlayer player;
    private final int[] slots;
    private EventSink sink;
    private boolean wasPlaying;
    private double expectedBeat = Double.NaN;
    private volatile long sysexSkipped;

    /**
     * @param player the loaded sequence
     * @param slotByDestination the node slot for each of the player's destinations
     * @throws IllegalArgumentException when the slot count differs from the player's destinations
     * @thread main
     */
    public SequenceSource(SequencePlayer player, int... slotByDestination) {
        if (player == null) {
            throw new IllegalArgumentException("player is null");
        }
        if (slotByDestination.length != player.destinationCount()) {
            throw new IllegalArgumentException("the player has " + player.destinationCount() + " destinations but "
                    + slotByDestination.length + " slots were given");
        }
        this.player = player;
        this.slots = slotByDestination.clone();
    }

    /** @thread render */
    @Override
    public void cycle(Transport window, EventSink sink) {
        this.sink = sink;
        if (!window.playing()) {
            if (wasPlaying) {
                player.stop(0, this);
                wasPlaying = false;
            }
            expectedBeat = Double.NaN;
            return;
        }
        double fpb = HostSync.framesPerBeat(window.tempo(), window.sampleRate());
        long start;
        boolean jumped = !(Math.abs(window.beat() - expectedBeat) * fpb < 1.0);
        if (!wasPlaying || jumped) {
            start = Math.round(window.beat() * fpb);
        } else {
            start = player.nextFrame();
        }
        wasPlaying = true;
        player.play(start, window.frames(), this);
        expectedBeat = window.beat() + window.frames() / fpb;
    }

    /** @thread render */
    @Override
    public void shortMessage(int destination, int offset, int status, int data1, int data2) {
        EventSink s = sink;
        if (s != null && destination >= 0 && destination < slots.length) {
            s.event(slots[destination], offset, status, data1, data2);
        }
    }

    /** @thread render */
    @Override
    public void sysex(int destination, int offset, byte[] message) {
        sysexSkipped = sysexSkipped + 1;
    }

    /** SysEx messages not delivered. @thread any */
    public long sysexSkipped() {
        return sysexSkipped;
    }

    /** @thread any */
    public SequencePlayer player() {
        return player;
    }
}
