package org.midirack.host.seq;

import org.midirack.core.MidiMessages;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import javax.sound.midi.Sequence;

/**
 * Plays a {@link Sequence} (Standard MIDI File type 0 or 1: every track, every channel) into a
 * {@link SequenceSink} with sample-accurate offsets, one call of
 * {@link #play(long, int, SequenceSink)} per render cycle.
 *
 * <h2>Loading</h2>
 * The constructor (main thread) reads every event once into a {@code SequenceTable}: short
 * messages packed into {@code int}s, SysEx messages copied into byte arrays, meta events dropped
 * (tempo is in the {@link TempoMap}), frames computed with the tempo map, and everything sorted by
 * (tick, track, order in the track) into primitive arrays per destination. The player keeps only
 * the playing state (heads, cursors, loop, mutes, latency, sounding notes) and reads the table; the
 * render thread never touches a {@code javax.sound.midi} object and never allocates.
 *
 * <h2>Timeline</h2>
 * The player's position is a <em>song frame</em>: frame 0 is tick 0 of the sequence, negative
 * frames are pre-roll. {@code play(start, frames, sink)} emits every event whose song frame lies in
 * [start, start + frames) at offset {@code frame - start}. With a loop region on
 * ({@link #setLoopTicks}, {@link #setLoopBeats}, {@link #setLoopFrames}) the song position jumps from
 * the loop end back to the loop start on the exact frame, inside the cycle if it falls there:
 * events at the loop end itself are not played, events at the loop start are, and the notes that
 * sound at the wrap are released on the wrap frame. {@link #nextFrame()} is the song frame where
 * the next cycle starts (wraps included); a {@code start} different from it is a relocation: every
 * sounding note is released at offset 0 of the cycle, then playing continues from {@code start}.
 * The loop region is the player's: a host whose transport loops should give the player the same
 * region rather than relocate it each time round.
 *
 * <h2>Destinations and latency lead</h2>
 * A {@link Router} maps (track, channel) to a destination index at load time. A destination with
 * latency L ({@link #setLatency}) gets its events L frames early: an event at song frame f comes at
 * the cycle offset where the song position is f - L, so that it leaves the destination's output on
 * frame f. Events that would have been due before the moment a lead starts to apply (after a
 * relocation, at the start, when a latency grows) are delivered at offset 0 of that cycle and
 * counted in {@link #lateEvents()}; when a latency shrinks, the destination pauses until the song
 * catches up, so nothing is played twice. Start at song frame {@code -maxLatency} (pre-roll) to
 * have nothing late.
 *
 * <h2>No stuck notes</h2>
 * The player tracks, per destination, channel and key, the notes it has started and not ended,
 * and the sustain pedal (CC 64). On a relocation, a {@link #stop}, a loop wrap or a loop-region
 * change that moves a destination, each sounding note gets a note-off (0x80, velocity 0) and a held
 * pedal a CC 64 value 0. Muting a track ({@link #setTrackMuted}) drops its later note-ons and other
 * messages but still passes the note-offs of notes already sounding.
 *
 * <p>Threads: the constructor and the getters of load-time facts on any thread; the settings
 * ({@code setLatency}, {@code setTrackMuted}, loop) on any thread without locks, applied at the next
 * cycle start; {@code play}, {@code relocate}, {@code stop} and the sounding-note queries on the render
 * thread only.
 */
public final class SequencePlayer {
    /** Maps an event's track and channel (-1 for SysEx and system messages) to a destination. */
    @FunctionalInterface
    public interface Router {
        /**
         * @return a destination index in [0, destinations)
         * @thread main (called while loading)
         */
        int destination(int track, int channel);
    }

    /** Everything to destination 0. */
    public static final Router SINGLE_DESTINATION = (track, channel) -> 0;

    private static final int KEYS = 16 * 128;

    private static final class Loop {
        final long start;
        final long end;

        Loop(long start, long end) {
            this.start = start;
            this.end = end;
        }
    }

    private final TempoMap tempoMap;
    private final int destinations;
    private final int trackCount;
    private final long endTick;
    private final long endFrame;
    private final int eventCount;

    // load-time, read-only afterwards: per destination, sorted by frame
    private final long[][] frames;
    private final int[][] messages; // packed short message, or -(sysex index + 1)
    private final int[][] tracks;
    private final int[] counts;
    private final byte[][] sysex;

    // settings from any thread
    private final AtomicIntegerArray muted;
    private final AtomicIntegerArray latencyRequest;
    private volatile Loop loopRequest;

    // render-thread state
    private Loop activeLoop;
    private long mainHead;
    private final long[] heads;
    private final int[] cursors;
    private final int[] lead;
    private final int[] hold;
    private final int[] sounding;
    private final int[] soundingTotal;
    private final boolean[] sustain;
    private int emitted;
    private volatile long lateEvents;

    /**
     * Loads a sequence for one destination (index 0).
     * @thread main
     */
    public SequencePlayer(Sequence sequence, TempoMap tempoMap) {
        this(sequence, tempoMap, 1, SINGLE_DESTINATION);
    }

    /**
     * Loads a sequence, routing each event by track and channel.
     * @param destinations number of destinations, 1..1024
     * @throws IllegalArgumentException when the router returns an index out of range (naming the
     *     track and channel), or for a null argument
     * @thread main
     */
    public SequencePlayer(Sequence sequence, TempoMap tempoMap, int destinations, Router router) {
        SequenceTable table = new SequenceTable(sequence, tempoMap, destinations, router);
        this.tempoMap = tempoMap;
        this.destinations = table.destinations;
        this.trackCount = table.trackCount;
        this.endTick = table.endTick;
        this.endFrame = table.endFrame;
        this.eventCount = table.eventCount;
        // the table's arrays, copied into final fields so the render loops read them as before
        this.frames = table.frames;
        this.messages = table.messages;
        this.tracks = table.tracks;
        this.counts = table.counts;
        this.sysex = table.sysex;

        this.muted = new AtomicIntegerArray(Math.max(1, trackCount));
        this.latencyRequest = new AtomicIntegerArray(destinations);
        this.heads = new long[destinations];
        this.cursors = new int[destinations];
        this.lead = new int[destinations];
        this.hold = new int[destinations];
        this.sounding = new int[destinations * KEYS];
        this.soundingTotal = new int[destinations];
        this.sustain = new boolean[destinations * 16];
    }

    // ------------------------------------------------------------------ load-time facts

    /** @thread any */
    public TempoMap tempoMap() {
        return tempoMap;
    }

    /** @thread any */
    public int destinationCount() {
        return destinations;
    }

    /** @thread any */
    public int trackCount() {
        return trackCount;
    }

    /** Events the player sends (short and SysEx; meta events are not counted). @thread any */
    public int eventCount() {
        return eventCount;
    }

    /** Events routed to one destination. @thread any */
    public int eventCount(int destination) {
        return counts[destination];
    }

    /** The sequence's length in ticks. @thread any */
    public long endTick() {
        return endTick;
    }

    /** The song frame of {@link #endTick()}. @thread any */
    public long endFrame() {
        return endFrame;
    }

    // ------------------------------------------------------------------ settings, any thread

    /**
     * Mutes or unmutes a track from the next cycle on.
     * @throws IllegalArgumentException for a track outside 0..trackCount-1
     * @thread any
     */
    public void setTrackMuted(int track, boolean mute) {
        if (track < 0 || track >= trackCount) {
            throw new IllegalArgumentException("track " + track + " outside 0.." + (trackCount - 1));
        }
        muted.set(track, mute ? 1 : 0);
    }

    /** @thread any */
    public boolean isTrackMuted(int track) {
        return muted.get(track) != 0;
    }

    /**
     * Sends a destination's events {@code frames} early from the next cycle on (its latency).
     * @throws IllegalArgumentException for a bad destination or a negative latency
     * @thread any
     */
    public void setLatency(int destination, int latencyFrames) {
        if (destination < 0 || destination >= destinations) {
            throw new IllegalArgumentException("destination " + destination + " outside 0.." + (destinations - 1));
        }
        if (latencyFrames < 0) {
            throw new IllegalArgumentException("latency of destination " + destination
                    + " must be >= 0 frames, was " + latencyFrames);
        }
        latencyRequest.set(destination, latencyFrames);
    }

    /** The latency last set for a destination. @thread any */
    public int latency(int destination) {
        return latencyRequest.get(destination);
    }

    /**
     * Sets the loop region in song frames, [start, end), from the next cycle on.
     * @throws IllegalArgumentException unless end > start
     * @thread any
     */
    public void setLoopFrames(long startFrame, long endFrame) {
        if (endFrame <= startFrame) {
            throw new IllegalArgumentException("loop end frame " + endFrame + " must be after its start frame "
                    + startFrame);
        }
        loopRequest = new Loop(startFrame, endFrame);
    }

    /**
     * Sets the loop region in ticks (converted with the tempo map).
     * @throws IllegalArgumentException unless the end lies at least one frame after the start
     * @thread any
     */
    public void setLoopTicks(long startTick, long endTick) {
        long s = tempoMap.tickToFrame(startTick);
        long e = tempoMap.tickToFrame(endTick);
        if (e <= s) {
            throw new IllegalArgumentException("loop ticks " + startTick + ".." + endTick + " give frames " + s
                    + ".." + e + ": the end must be at least one frame after the start");
        }
        loopRequest = new Loop(s, e);
    }

    /**
     * Sets the loop region in beats (quarter notes from tick 0, see {@link TempoMap#tickOfBeat}).
     * @thread any
     */
    public void setLoopBeats(double startBeat, double endBeat) {
        setLoopTicks(tempoMap.tickOfBeat(startBeat), tempoMap.tickOfBeat(endBeat));
    }

    /** Turns the loop region off from the next cycle on. @thread any */
    public void clearLoop() {
        loopRequest = null;
    }

    /** @thread any */
    public boolean loopActive() {
        return loopRequest != null;
    }

    /** Loop start in song frames (meaningless when the loop is off). @thread any */
    public long loopStartFrame() {
        Loop l = loopRequest;
        return l == null ? 0 : l.start;
    }

    /** Loop end in song frames, exclusive (meaningless when the loop is off). @thread any */
    public long loopEndFrame() {
        Loop l = loopRequest;
        return l == null ? 0 : l.end;
    }

    /**
     * Events delivered late so far: due before a lead could apply (start, relocation, latency
     * growth) and so delivered at offset 0.
     * @thread any
     */
    public long lateEvents() {
        return lateEvents;
    }

    // ------------------------------------------------------------------ render thread

    /**
     * Plays one cycle: emits every event whose song frame lies in [cycleStartFrame,
     * cycleStartFrame + frames) (shifted by each destination's latency, loop applied) at offset
     * {@code frame - cycleStartFrame}. When {@code cycleStartFrame != nextFrame()} this is a
     * relocation (sounding notes released at offset 0 first).
     * @return the number of messages sent to the sink in this cycle (releases included)
     * @thread render
     */
    public int play(long cycleStartFrame, int frames, SequenceSink sink) {
        emitted = 0;
        if (frames <= 0) {
            return 0;
        }
        if (cycleStartFrame != mainHead) {
            relocateInternal(cycleStartFrame, sink);
        }
        Loop loop = loopRequest;
        if (loop != activeLoop) {
            activeLoop = loop;
            mainHead = normalize(mainHead, loop);
            for (int d = 0; d < destinations; d++) {
                long target = advance(mainHead, lead[d] + hold[d], loop);
                if (normalize(heads[d], loop) != target) {
                    release(d, 0, sink);
                    heads[d] = target;
                    cursors[d] = lowerBound(d, target);
                }
            }
        }
        for (int d = 0; d < destinations; d++) {
            int req = latencyRequest.get(d);
            if (req != lead[d]) {
                int delta = req - lead[d];
                lead[d] = req;
                if (delta > 0) {
                    int h = Math.min(hold[d], delta);
                    hold[d] -= h;
                    delta -= h;
                    if (delta > 0) {
                        emitDestination(d, delta, 0, true, sink);
                    }
                } else {
                    hold[d] -= delta;
                }
            }
            int h = Math.min(hold[d], frames);
            hold[d] -= h;
            if (frames > h) {
                emitDestination(d, frames - h, h, false, sink);
            }
        }
        mainHead = advance(mainHead, frames, loop);
        return emitted;
    }

    /**
     * The song frame where the next cycle starts if nothing relocates (loop wraps applied).
     * @thread render
     */
    public long nextFrame() {
        return mainHead;
    }

    /**
     * Relocates to a song frame before the next cycle: every sounding note is released at offset 0
     * of the next cycle; the next {@code play(frame, ...)} continues from there.
     * @thread render
     */
    public void relocate(long frame, SequenceSink sink) {
        emitted = 0;
        relocateInternal(frame, sink);
    }

    /**
     * Releases every sounding note (and held sustain pedal) at an offset of the current cycle, for
     * a stop; the position stays, so {@code play(nextFrame(), ...)} resumes.
     * @return the number of messages sent
     * @thread render
     */
    public int stop(int offset, SequenceSink sink) {
        emitted = 0;
        for (int d = 0; d < destinations; d++) {
            release(d, offset, sink);
        }
        return emitted;
    }

    /** Notes sounding on all destinations (started, not yet ended). @thread render */
    public int soundingNotes() {
        int n = 0;
        for (int d = 0; d < destinations; d++) {
            n += soundingTotal[d];
        }
        return n;
    }

    /** Notes sounding on one destination. @thread render */
    public int soundingNotes(int destination) {
        return soundingTotal[destination];
    }

    /** Whether a note is sounding on a destination. @thread render */
    public boolean isSounding(int destination, int channel, int key) {
        return sounding[destination * KEYS + (channel << 7 | key)] > 0;
    }

    private void relocateInternal(long frame, SequenceSink sink) {
        Loop loop = activeLoop;
        long pos = normalize(frame, loop);
        for (int d = 0; d < destinations; d++) {
            release(d, 0, sink);
            heads[d] = pos;
            cursors[d] = lowerBound(d, pos);
            hold[d] = 0;
            lead[d] = 0; // the lead is applied again, catching up at offset 0
        }
        mainHead = pos;
    }

    private static long normalize(long pos, Loop loop) {
        return loop != null && pos == loop.end ? loop.start : pos;
    }

    /** The song position n frames after pos, through the loop. */
    private static long advance(long pos, long n, Loop loop) {
        if (loop == null) {
            return pos + n;
        }
        pos = normalize(pos, loop);
        while (pos < loop.end && pos + n >= loop.end) {
            n -= loop.end - pos;
            pos = loop.start;
        }
        return pos + n;
    }

    private int lowerBound(int d, long frame) {
        long[] f = frames[d];
        int lo = 0;
        int hi = counts[d];
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (f[mid] < frame) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Moves destination d's head n frames on, sending its events; offsets start at {@code off};
     * with {@code collapse} every event goes at {@code off} (late catch-up).
     */
    private void emitDestination(int d, int n, int off, boolean collapse, SequenceSink sink) {
        Loop loop = activeLoop;
        long head = heads[d];
        int cur = cursors[d];
        long[] fr = frames[d];
        int count = counts[d];
        while (n > 0) {
            if (loop != null && head == loop.end) {
                release(d, off, sink);
                head = loop.start;
                cur = lowerBound(d, head);
            }
            long segEnd = head + n;
            if (loop != null && head < loop.end && segEnd > loop.end) {
                segEnd = loop.end;
            }
            while (cur < count && fr[cur] < segEnd) {
                long f = fr[cur];
                int o = collapse || f < head ? off : off + (int) (f - head);
                if (collapse) {
                    lateEvents++;
                }
                deliver(d, cur, o, sink);
                cur++;
            }
            int len = (int) (segEnd - head);
            if (!collapse) {
                off += len;
            }
            n -= len;
            head = segEnd;
        }
        heads[d] = head;
        cursors[d] = cur;
    }

    private void deliver(int d, int i, int off, SequenceSink sink) {
        int m = messages[d][i];
        boolean isMuted = muted.get(tracks[d][i]) != 0;
        if (m < 0) {
            if (!isMuted) {
                sink.sysex(d, off, sysex[-m - 1]);
                emitted++;
            }
            return;
        }
        int status = (m >>> 16) & 0xFF;
        int d1 = (m >>> 8) & 0xFF;
        int d2 = m & 0xFF;
        if (status < 0xF0) {
            int cmd = status & 0xF0;
            int ch = status & 0x0F;
            if (cmd == MidiMessages.NOTE_ON && d2 > 0) {
                if (isMuted) {
                    return;
                }
                sounding[d * KEYS + (ch << 7 | d1)]++;
                soundingTotal[d]++;
            } else if (cmd == MidiMessages.NOTE_OFF || cmd == MidiMessages.NOTE_ON) {
                int k = d * KEYS + (ch << 7 | d1);
                if (sounding[k] > 0) {
                    sounding[k]--;
                    soundingTotal[d]--;
                } else if (isMuted) {
                    return;
                }
            } else if (isMuted) {
                return;
            } else if (cmd == MidiMessages.CONTROL_CHANGE) {
                if (d1 == 64) {
                    sustain[d * 16 + ch] = d2 >= 64;
                } else if (d1 == MidiMessages.CC_ALL_NOTES_OFF || d1 == MidiMessages.CC_ALL_SOUND_OFF) {
                    int base = d * KEYS + (ch << 7);
                    for (int k = 0; k < 128; k++) {
                        soundingTotal[d] -= sounding[base + k];
                        sounding[base + k] = 0;
                    }
                }
            }
        } else if (isMuted) {
            return;
        }
        sink.shortMessage(d, off, status, d1, d2);
        emitted++;
    }

    private void release(int d, int off, SequenceSink sink) {
        if (soundingTotal[d] > 0) {
            int base = d * KEYS;
            for (int k = 0; k < KEYS; k++) {
                int c = sounding[base + k];
                if (c > 0) {
                    sounding[base + k] = 0;
                    for (int j = 0; j < c; j++) {
                        sink.shortMessage(d, off, MidiMessages.NOTE_OFF | (k >>> 7), k & 0x7F, 0);
                        emitted++;
                    }
                }
            }
            soundingTotal[d] = 0;
        }
        for (int ch = 0; ch < 16; ch++) {
            if (sustain[d * 16 + ch]) {
                sustain[d * 16 + ch] = false;
                sink.shortMessage(d, off, MidiMessages.CONTROL_CHANGE | ch, 64, 0);
                emitted++;
            }
        }
    }

    /** @thread any */
    @Override
    public String toString() {
        return "SequencePlayer[" + eventCount + " events, " + trackCount + " tracks, " + destinations
                + " destination(s), " + Arrays.toString(counts) + ", end frame " + endFrame + "]";
    }
}
