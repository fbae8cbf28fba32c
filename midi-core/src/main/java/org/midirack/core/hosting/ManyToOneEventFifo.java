package org.midirack.core.hosting;

import org.midirack.core.EventList;
import org.midirack.core.MidiEventBuffer;
import org.midirack.core.MidiMessages;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The real-time event FIFO between many producers (host render thread, MIDI device threads,
 * UI and script threads) and one consumer (a node's render thread). Lock-free, bounded,
 * pre-allocated, with a power-of-two capacity; producers never block and never allocate.
 *
 * <p>An event carries an offset in frames relative to the start of the consumer's next cycle.
 * At the start of each cycle the consumer calls {@link #drain(int)} and gets this cycle's events
 * sorted by offset, equal offsets in arrival order. Offsets below 0 (late) are delivered at
 * frame 0 and counted; offsets at or past the cycle length are carried into later cycles with
 * the offset reduced by each cycle's length, and counted once.
 *
 * <h2>The release rule</h2>
 * A <em>release</em> ({@link MidiMessages#isRelease}) is a note-off (including a note-on with
 * velocity 0), a sustain-pedal release (CC 64 with a value below 64), All Sound Off (CC 120), Reset
 * All Controllers (CC 121), All Notes Off (CC 123) or a mode message that turns all notes off too
 * (CC 124..127). The rule, which no producer can break:
 * <ul>
 * <li>A release is never lost: {@code offer} of a valid release always returns true and the
 *     release is delivered, whatever other producers do (including producers that ignore
 *     refusals and send note-offs for refused note-ons), and {@link #clear()} keeps it too.</li>
 * <li>Unmatched note-ons never shrink the room for later notes: a note-on takes one slot of the
 *     ring, like any ordinary event, and gives it back when it is delivered; nothing is reserved
 *     per note.</li>
 * <li>Every refusal is counted under a name that says why: {@link #refusedFull()} (no room for an
 *     ordinary event) or {@link #refusedInvalid()} (not a short MIDI message, or a parameter index
 *     out of 0..65535).</li>
 * </ul>
 *
 * <h2>How: a ring with headroom and a side channel</h2>
 * Everything goes through the ring, in order, while it has room. Ordinary events (everything but a
 * release) may fill it up to {@code capacity - capacity / 8}; the last eighth is headroom only
 * releases take, so under moderate pressure releases keep their exact place in the order. A release
 * that finds the ring completely full goes into the side channel ({@code ReleaseSideChannel}): a
 * fixed table with one slot per (channel, key) for note-offs and one per channel for each release
 * controller, which therefore can never be full. A slot coalesces what is offered into it and keeps only the earliest
 * and the latest offset: the earliest release acts on its frame, the last one never acts before a
 * note-on it has to end; releases in between are merged away and counted
 * ({@link #releasesMerged()}). A release acts the same however often it comes, so merging keeps
 * the rule; the slot delivers the bytes of the release last offered into it (so a merged
 * note-off's velocity, or a pedal release's value below 64, is that one's).
 *
 * <p>Where this departs from a plain FIFO (the price of never losing a release with bounded
 * memory, and only for releases that found the ring full):
 * <ul>
 * <li>Order at equal offsets: a side-channel release comes after every ring event delivered in the
 *     same cycle at the same offset, even one offered after it. So it never precedes a note-on
 *     offered before it; a note-on offered after it at the same offset is ended at once (a lost
 *     note under overload, never a stuck one). Among themselves, side-channel releases at an equal
 *     offset come in slot order: note-offs by channel and key, then per channel the pedal release,
 *     All Sound Off, Reset All Controllers, All Notes Off and CC 124..127.</li>
 * <li>Coalescing: per slot only the earliest and the latest pending release are delivered.</li>
 * <li>A side-channel release is held back while a ring event offered before it is still unpublished
 *     (its producer was preempted between claiming the slot and publishing it): the consumer reads
 *     the ring's claim index after taking side-channel releases and delivers them only once the ring
 *     has been pulled up to it. Such a stall delays every later ring event anyway.</li>
 * </ul>
 *
 * <h2>Memory ordering</h2>
 * Ring: a producer takes a credit with a CAS on {@code credits}, claims a position with getAndAdd on
 * {@code tail}, writes the slot, then publishes it with a release store of the slot's sequence; the
 * consumer reads the sequence with acquire, copies the slot and frees it with a release store, and
 * returns credits (getAndAdd) only when the events are handed out, so the ring plus the consumer's
 * carry store never hold more than {@code capacity} events. Side channel: a producer writes the
 * slot's message with a release store, merges its offset into the slot's range with a CAS and marks
 * the slot with getAndBitwiseOr on the dirty word; the consumer takes a dirty word with getAndSet,
 * each marked slot's range with getAndSet (so it sees the message written before it), then reads
 * {@code tail} with acquire: every ring claim made before a taken release (in its producer's program
 * order) is below that value.
 *
 * <p>Memory is bounded and fixed at construction: the ring, a carry store of {@code capacity}
 * events, and the side channel's 2,176 slots (2,048 note-offs, 128 controllers); one drain returns
 * at most {@link #maxDrained()} events.
 */
public final class ManyToOneEventFifo extends FifoCounters {
    private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);

    private final int capacity;
    private final int mask;
    private final long headroom;
    private final long[] sequence;
    private final long[] slotData;
    private final int[] slotOffset;
    private final ReleaseSideChannel side = new ReleaseSideChannel();

    // consumer-only state
    private long head;
    private long heldUntil; // side-channel releases wait until head reaches this claim index
    private int pendingCount;
    private final int[] pendingOffset;
    private final long[] pendingData;
    private final boolean[] pendingCarried;
    private final MidiEventBuffer out;
    private final long[] scratchKeys;
    private final long[] scratchData;

    /**
     * @param capacity events the ring holds, ring and carried together; a power of two, 2..2^24
     * @thread main (allocation)
     */
    public ManyToOneEventFifo(int capacity) {
        super(checked(capacity), capacity / 8);
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.headroom = capacity / 8;
        this.sequence = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            sequence[i] = i;
        }
        this.slotData = new long[capacity];
        this.slotOffset = new int[capacity];
        this.pendingOffset = new int[capacity];
        this.pendingData = new long[capacity];
        this.pendingCarried = new boolean[capacity];
        final int most = capacity + 2 * ReleaseSideChannel.SLOTS;
        this.out = new MidiEventBuffer(most);
        this.scratchKeys = new long[most];
        this.scratchData = new long[most];
        VarHandle.releaseFence();
    }

    private static int checked(int capacity) {
        if (capacity < 2 || capacity > (1 << 24) || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 2.." + (1 << 24)
                    + ", was " + capacity);
        }
        return capacity;
    }

    /** @thread any */
    public int capacity() {
        return capacity;
    }

    /**
     * The most events one {@link #drain(int)} can return: the capacity plus two per side-channel
     * slot. A list the drained events are copied into needs this room to take them all.
     * @thread any
     */
    public int maxDrained() {
        return out.capacity();
    }

    /**
     * Offers a short MIDI message at a frame offset relative to the consumer's next cycle.
     * @return true when taken; always true for a valid release (see the class doc); false when the
     *     bytes are not a short message (counted in {@link #refusedInvalid()}) or the ring has no
     *     room for an ordinary event (counted in {@link #refusedFull()}); never blocks, throws or
     *     allocates
     * @thread any (producer)
     */
    public boolean offer(int offset, int status, int data1, int data2) {
        if (!MidiMessages.isValid(status, data1, data2)) {
            countRefusedInvalid();
            return false;
        }
        final int len = MidiMessages.dataLength(status);
        final int d1 = len >= 1 ? data1 : 0;
        final int d2 = len >= 2 ? data2 : 0;
        final long value = EventList.midiData(status, d1, d2);
        final int slot = status < 0xF0 ? ReleaseSideChannel.slotOf(status, d1, d2) : -1;
        if (slot < 0) {
            return offerOrdinary(offset, value);
        }
        if (takeCredit(0)) {
            claimAndPublish(offset, value);
        } else {
            countSideRelease(side.publish(slot, offset, (int) value));
        }
        return true;
    }

    /**
     * Offers a parameter change (see {@link Parameters}) at a frame offset; an ordinary event.
     * @return false when the index is out of 0..65535 ({@link #refusedInvalid()}) or the ring has no
     *     room ({@link #refusedFull()})
     * @thread any (producer)
     */
    public boolean offerParam(int offset, int paramIndex, float value) {
        if (paramIndex < 0 || paramIndex > 0xFFFF) {
            countRefusedInvalid();
            return false;
        }
        return offerOrdinary(offset, EventList.paramData(paramIndex, value));
    }

    private boolean offerOrdinary(int offset, long value) {
        if (!takeCredit(headroom)) {
            countRefusedFull();
            return false;
        }
        claimAndPublish(offset, value);
        return true;
    }

    private void claimAndPublish(int offset, long value) {
        final long p = getAndIncrementTail();
        final int i = (int) (p & mask);
        slotData[i] = value;
        slotOffset[i] = offset;
        SEQ.setRelease(sequence, i, p + 1);
    }

    /**
     * Drains the events for a cycle of {@code frames} frames: everything published so far plus
     * what was carried, sorted by offset (stable; side-channel releases after ring events at the
     * same offset), offsets clamped into [0, frames). Events at or past {@code frames} stay for
     * later cycles. The returned list is owned by the FIFO and valid until the next drain. Never
     * allocates, locks or throws; {@code frames < 1} is treated as 1.
     * @thread render (the single consumer)
     */
    public EventList drain(int frames) {
        if (frames < 1) {
            frames = 1;
        }
        pullAll();
        out.clear();
        int kept = 0;
        int fromRing = 0;
        int late = 0;
        int carried = 0;
        for (int i = 0; i < pendingCount; i++) {
            final int off = pendingOffset[i];
            if (off < frames) {
                if (off < 0) {
                    late++;
                }
                out.append(Math.max(0, off), pendingData[i]);
                fromRing++;
            } else {
                pendingOffset[kept] = off - frames;
                pendingData[kept] = pendingData[i];
                if (!pendingCarried[i]) {
                    carried++;
                }
                pendingCarried[kept] = true;
                kept++;
            }
        }
        pendingCount = kept;
        final int fromSide = side.deliver(frames, out);
        out.sortStable(scratchKeys, scratchData);
        countDrained(fromRing + fromSide, late + side.takeLate(), carried + side.takeCarried(), side.takeMerged());
        if (fromRing > 0) {
            returnCredit(fromRing);
        }
        return out;
    }

    /**
     * Discards every ordinary event queued or carried (for a reset). Releases are never discarded:
     * every release not yet delivered (queued, carried or in the side channel) is delivered at
     * frame 0 of the next drain, after that drain's ring events at frame 0 (a release held behind a
     * stalled producer, see the class doc, at frame 0 of the drain that frees it). A release to a
     * node that was just reset does nothing; a reset is no place to keep a note sounding.
     * @return how many ordinary events were discarded
     * @thread render (the single consumer)
     */
    public int clear() {
        pullAll();
        side.moveToFrameZero();
        int discarded = 0;
        for (int i = 0; i < pendingCount; i++) {
            final long d = pendingData[i];
            final int slot = (int) (d >>> 56) == EventList.TYPE_MIDI
                    ? ReleaseSideChannel.slotOf((int) (d >>> 16) & 0xFF, (int) (d >>> 8) & 0xFF, (int) d & 0xFF)
                    : -1;
            if (slot >= 0 && ((int) (d >>> 16) & 0xFF) < 0xF0) {
                side.keepFromRing(slot, d);
            } else {
                discarded++;
            }
        }
        final int n = pendingCount;
        pendingCount = 0;
        countDiscarded(discarded);
        countDrained(0, 0, 0, side.takeMerged());
        if (n > 0) {
            returnCredit(n);
        }
        out.clear();
        return discarded;
    }

    /**
     * Events waiting for a later cycle right now (consumer's view): carried ring events plus the
     * side channel's held and carried releases.
     * @thread render
     */
    public int carriedNow() {
        return pendingCount + side.pending();
    }

    /** Takes the side channel, then pulls the ring; releases the held releases once it may. */
    private void pullAll() {
        if (side.take()) {
            heldUntil = tailAcquire(); // read after the takes: see the class doc
        }
        pullRing();
        if (head >= heldUntil && side.anyHeld()) {
            side.releaseHeld();
        }
    }

    private void pullRing() {
        long h = head;
        while (pendingCount < capacity) {
            final int i = (int) (h & mask);
            final long s = (long) SEQ.getAcquire(sequence, i);
            if (s != h + 1) {
                break; // empty, or claimed but not yet published: next cycle
            }
            pendingOffset[pendingCount] = slotOffset[i];
            pendingData[pendingCount] = slotData[i];
            pendingCarried[pendingCount] = false;
            pendingCount++;
            SEQ.setRelease(sequence, i, h + capacity);
            h++;
        }
        head = h;
    }
}
