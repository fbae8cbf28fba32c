package org.midirack.host;

import org.midirack.core.Transport;
import org.midirack.core.sync.HostSync;
import org.midirack.host.seq.SequencePlayer;
import org.midirack.host.seq.SequenceSink;
import org.midirack.host.seq.TempoMap;

/**
 * Plays a {@link SequencePlayer} into a host's nodes: an {@link EventSource} that maps each of
 * the player's destinations to a node slot. The host's window already runs ahead by the host's
 * latency and the host sends each event early by its node's latency, so the player's own latency
 * lead stays 0 and sequenced notes land on their frame at the output.
 *
 * <p>Timeline: when the host starts playing, or its beat jumps (rewind, locate, a host loop
 * wrap), the player is placed at the song frame of the host's beat through the player's tempo map
 * (beat 0 = song frame 0; negative beats are pre-roll at the host's tempo); otherwise it runs on
 * from where it stopped ({@link SequencePlayer#nextFrame()}, its own loop included). The host
 * splits its window at its loop end, so a wrap lands on its exact frame. When the host stops, every
 * sounding note is released. SysEx from the file goes to the destinations that take SysEx on the render
 * thread ({@link EventSink#sysex}, {@link org.midirack.core.CycleSysexReceiver}) at its frame; what no
 * node takes (or an escaped 0xF7 packet) is counted in {@link #sysexSkipped()}.
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
        if (!wasPlaying) {
            start = songFrameOfBeat(window.beat(), fpb, false);
        } else if (jumped) {
            // a jump (a loop wrap, a locate) lands between frames: take the frame at or before it,
            // so an event on the beat jumped to (the loop start) is played, not skipped
            start = songFrameOfBeat(window.beat(), fpb, true);
        } else {
            start = player.nextFrame();
        }
        wasPlaying = true;
        player.play(start, window.frames(), this);
        expectedBeat = window.beat() + window.frames() / fpb;
    }

    /**
     * The song frame of a beat through the player's tempo map (so a relocation after a tempo
     * change lands where the song has that beat); a negative beat is pre-roll at the given rate.
     */
    private long songFrameOfBeat(double beat, double fpb, boolean atOrBefore) {
        if (beat <= 0) {
            return atOrBefore ? (long) Math.floor(beat * fpb + 1e-6) : Math.round(beat * fpb);
        }
        TempoMap map = player.tempoMap();
        double ticks = beat * map.ticksPerBeat();
        long t = (long) Math.floor(ticks + 1e-9);
        long f0 = map.tickToFrame(t);
        double within = Math.max(0, ticks - t) * (map.tickToFrame(t + 1) - f0);
        return f0 + (atOrBefore ? (long) Math.floor(within + 1e-6) : Math.round(within));
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
        EventSink s = sink;
        if (s == null || destination < 0 || destination >= slots.length
                || !s.sysex(slots[destination], offset, message, message.length)) {
            sysexSkipped = sysexSkipped + 1;
        }
    }

    /** SysEx messages no node took (none takes SysEx, an escaped packet, a full queue). @thread any */
    public long sysexSkipped() {
        return sysexSkipped;
    }

    /** @thread any */
    public SequencePlayer player() {
        return player;
    }
}
