package org.midirack.host.seq;

import org.midirack.core.MidiMessages;
import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import javax.sound.midi.Track;

/**
 * A song's events flattened per destination, in play order, with their frames: what a
 * {@link SequencePlayer} plays from.
 *
 * <p>Built once on the main thread from a {@link Sequence}, its {@link TempoMap} and a
 * {@link SequencePlayer.Router}: every event is read once, short messages are packed into
 * {@code int}s ({@link MidiMessages#fromMessage}), SysEx messages copied into byte arrays, meta
 * events dropped (tempo is in the tempo map), frames computed with the tempo map, and the events
 * sorted by (tick, track, order in the track) into primitive arrays per destination. So the render
 * thread never touches a {@code javax.sound.midi} object and never allocates.
 *
 * <p>Read-only after construction; its final fields are safely published to any thread that
 * receives the table (or the player holding it) after the constructor returns. The fields are
 * read directly, not through getters, so the player can copy the array references into its own
 * final fields and keep its render loops on plain array reads.
 */
final class SequenceTable {
    /** Number of destinations, 1..1024. */
    final int destinations;
    /** Number of tracks in the sequence (meta-only tracks included). */
    final int trackCount;
    /** The sequence's length in ticks. */
    final long endTick;
    /** The song frame of {@link #endTick}. */
    final long endFrame;
    /** Events kept over all destinations (short and SysEx; meta events are not counted). */
    final int eventCount;

    /** Per destination: the song frame of each event, ascending (ties in track, then file order). */
    final long[][] frames;
    /** Per destination: the packed short message of each event, or -(sysex index + 1). */
    final int[][] messages;
    /** Per destination: the track each event came from (for muting). */
    final int[][] tracks;
    /** Per destination: the number of events (the length of its three arrays). */
    final int[] counts;
    /** The SysEx messages' bytes (status byte included), indexed from {@link #messages}. */
    final byte[][] sysex;

    /**
     * Reads and routes every event of a sequence.
     * @param destinations number of destinations, 1..1024
     * @throws IllegalArgumentException when the router returns an index out of range (naming the
     *     track and channel), for a message class that is neither short, SysEx nor meta, for a
     *     tempo map built for another timing, or for a null argument
     */
    SequenceTable(Sequence sequence, TempoMap tempoMap, int destinations, SequencePlayer.Router router) {
        if (sequence == null || tempoMap == null || router == null) {
            throw new IllegalArgumentException("sequence, tempo map and router must not be null");
        }
        if (destinations < 1 || destinations > 1024) {
            throw new IllegalArgumentException("destinations must be 1..1024, was " + destinations);
        }
        if (sequence.getDivisionType() != tempoMap.divisionType()
                || sequence.getResolution() != tempoMap.resolution()) {
            throw new IllegalArgumentException("tempo map " + tempoMap + " was not built for this sequence (division "
                    + sequence.getDivisionType() + ", resolution " + sequence.getResolution() + ")");
        }
        this.destinations = destinations;
        Track[] trackArray = sequence.getTracks();
        this.trackCount = trackArray.length;

        List<long[]> raw = new ArrayList<>(); // {tick, track, index, message, destination}
        List<byte[]> sysexList = new ArrayList<>();
        for (int t = 0; t < trackArray.length; t++) {
            Track track = trackArray[t];
            for (int i = 0; i < track.size(); i++) {
                MidiEvent e = track.get(i);
                MidiMessage m = e.getMessage();
                int code;
                int channel;
                if (m instanceof MetaMessage) {
                    continue;
                } else if (m instanceof SysexMessage) {
                    sysexList.add(m.getMessage());
                    code = -sysexList.size();
                    channel = -1;
                } else if (m instanceof ShortMessage) {
                    code = MidiMessages.fromMessage(m);
                    int status = MidiMessages.status(code);
                    channel = status < 0xF0 ? status & 0x0F : -1;
                } else {
                    throw new IllegalArgumentException("track " + t + " event " + i + " at tick " + e.getTick()
                            + " has an unknown message class " + m.getClass().getName());
                }
                int dest = router.destination(t, channel);
                if (dest < 0 || dest >= destinations) {
                    throw new IllegalArgumentException("router sent track " + t + " channel " + channel
                            + " to destination " + dest + ", outside 0.." + (destinations - 1));
                }
                raw.add(new long[] {e.getTick(), t, i, code, dest});
            }
        }
        raw.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
        this.eventCount = raw.size();
        this.sysex = sysexList.toArray(new byte[0][]);
        this.counts = new int[destinations];
        for (long[] r : raw) {
            counts[(int) r[4]]++;
        }
        this.frames = new long[destinations][];
        this.messages = new int[destinations][];
        this.tracks = new int[destinations][];
        for (int d = 0; d < destinations; d++) {
            frames[d] = new long[counts[d]];
            messages[d] = new int[counts[d]];
            tracks[d] = new int[counts[d]];
        }
        int[] fill = new int[destinations];
        for (long[] r : raw) {
            int d = (int) r[4];
            int k = fill[d]++;
            frames[d][k] = tempoMap.tickToFrame(r[0]);
            tracks[d][k] = (int) r[1];
            messages[d][k] = (int) r[3];
        }
        this.endTick = sequence.getTickLength();
        this.endFrame = tempoMap.tickToFrame(endTick);
    }
}
