package org.midirack.host.seq;

import org.midirack.core.MidiMessages;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import javax.sound.midi.Track;

/**
 * Records incoming MIDI, timestamped in host frames, from any number of threads (MIDI device
 * threads, the render thread, UI threads) without locks into buffers allocated up front, and turns
 * the take into a {@link Sequence} on the host's timeline and a Standard MIDI File.
 *
 * <p>Recording: {@link #record(long, int, int, int)} and {@link #recordSysex(long, byte[])} claim a
 * slot with one atomic increment, write it and publish it with a release store; they never block,
 * allocate or throw, and return false (counted) when the buffer is full or the bytes are not a
 * valid message. {@link #receiver(LongSupplier)} adapts a {@code javax.sound.midi} transmitter,
 * stamping each message with the host's frame clock on arrival.
 *
 * <p>Building: {@link #toSequence(TempoMap, long)} maps each event's host frame, minus the frame
 * where song tick 0 lies, to the nearest tick ({@link TempoMap#frameToTickRounded}); events before
 * the origin go to tick 0 (counted in {@link SequenceBuildReport}). The sequence is type-1 shaped:
 * track 0 holds the tempo map's tempo events and the SysEx and system messages, then one track per
 * channel that was used, in channel order. Notes still held at the end get a note-off at the last
 * event's tick, so the file has no stuck notes.
 *
 * <p>Export: {@link #writeSmf(Sequence, Path, boolean)} writes a type-1 file to a temporary file in the
 * target's directory and moves it into place, so a failure leaves any existing file untouched.
 */
public final class MidiRecorder {
    private final int capacity;
    private final long[] frames;
    private final int[] messages; // packed short message, or -(sysex slot + 1)
    private final int[] sysexStart;
    private final int[] sysexLength;
    private final byte[] sysexPool;
    private final AtomicIntegerArray published;
    private final AtomicInteger claimed = new AtomicInteger();
    private final AtomicInteger sysexUsed = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();

    /**
     * @param capacity events the take can hold (1..2^26)
     * @param sysexBytes bytes of SysEx the take can hold (0..2^30)
     * @thread main
     */
    public MidiRecorder(int capacity, int sysexBytes) {
        if (capacity < 1 || capacity > (1 << 26)) {
            throw new IllegalArgumentException("recorder capacity must be 1.." + (1 << 26) + " events, was " + capacity);
        }
        if (sysexBytes < 0 || sysexBytes > (1 << 30)) {
            throw new IllegalArgumentException("recorder SysEx space must be 0.." + (1 << 30) + " bytes, was "
                    + sysexBytes);
        }
        this.capacity = capacity;
        this.frames = new long[capacity];
        this.messages = new int[capacity];
        this.sysexStart = new int[capacity];
        this.sysexLength = new int[capacity];
        this.sysexPool = new byte[sysexBytes];
        this.published = new AtomicIntegerArray(capacity);
    }

    /** @thread any */
    public int capacity() {
        return capacity;
    }

    /**
     * Records a short message at a host frame.
     * @return false when the bytes are no short message (counted invalid) or the take is full
     *     (counted dropped)
     * @thread any (never blocks, allocates or throws)
     */
    public boolean record(long hostFrame, int status, int data1, int data2) {
        if (!MidiMessages.isValid(status, data1, data2)) {
            invalid.incrementAndGet();
            return false;
        }
        int len = MidiMessages.dataLength(status);
        int packed = MidiMessages.pack(status, len >= 1 ? data1 : 0, len >= 2 ? data2 : 0);
        int i = claim();
        if (i < 0) {
            return false;
        }
        frames[i] = hostFrame;
        messages[i] = packed;
        published.lazySet(i, 1);
        return true;
    }

    /**
     * Records a complete SysEx message (0xF0 ... 0xF7) at a host frame; the bytes are copied.
     * @return false when malformed (counted invalid) or no room (counted dropped)
     * @thread any (never blocks, allocates or throws)
     */
    public boolean recordSysex(long hostFrame, byte[] message) {
        if (message == null || message.length < 2 || (message[0] & 0xFF) != 0xF0
                || (message[message.length - 1] & 0xFF) != 0xF7) {
            invalid.incrementAndGet();
            return false;
        }
        int start;
        int used;
        do {
            used = sysexUsed.get();
            if (sysexPool.length - used < message.length) {
                dropped.incrementAndGet();
                return false;
            }
            start = used;
        } while (!sysexUsed.compareAndSet(used, used + message.length));
        int i = claim();
        if (i < 0) {
            return false; // the pool bytes stay used: harmless, the take is full anyway
        }
        System.arraycopy(message, 0, sysexPool, start, message.length);
        frames[i] = hostFrame;
        sysexStart[i] = start;
        sysexLength[i] = message.length;
        messages[i] = -(i + 1);
        published.lazySet(i, 1);
        return true;
    }

    private int claim() {
        int i;
        do {
            i = claimed.get();
            if (i >= capacity) {
                dropped.incrementAndGet();
                return -1;
            }
        } while (!claimed.compareAndSet(i, i + 1));
        return i;
    }

    /** Events recorded (claimed) so far. @thread any */
    public int size() {
        return Math.min(claimed.get(), capacity);
    }

    /** Events refused because the take was full. @thread any */
    public long dropped() {
        return dropped.get();
    }

    /** Events refused because their bytes were not a valid message. @thread any */
    public long invalid() {
        return invalid.get();
    }

    /**
     * Empties the take for a new one.
     * @thread main (no producer may be recording at the same time)
     */
    public void clear() {
        int n = size();
        for (int i = 0; i < n; i++) {
            published.set(i, 0);
        }
        sysexUsed.set(0);
        claimed.set(0);
        dropped.set(0);
        invalid.set(0);
    }

    /**
     * A {@link Receiver} that records what a MIDI transmitter sends, stamped with
     * {@code hostFrameClock} on arrival (the device timestamp is ignored). Meta messages are ignored.
     * @thread main (the receiver's {@code send} then runs on any thread)
     */
    public Receiver receiver(LongSupplier hostFrameClock) {
        if (hostFrameClock == null) {
            throw new IllegalArgumentException("host frame clock is null");
        }
        return new Receiver() {
            @Override
            public void send(MidiMessage message, long timeStamp) {
                long frame = hostFrameClock.getAsLong();
                if (message instanceof ShortMessage) {
                    ShortMessage sm = (ShortMessage) message;
                    record(frame, sm.getStatus(), sm.getData1(), sm.getData2());
                } else if (message instanceof SysexMessage) {
                    recordSysex(frame, message.getMessage());
                }
            }

            @Override
            public void close() {
            }
        };
    }

    /** What {@link #toSequence(TempoMap, long)} did. */
    public static final class SequenceBuildReport {
        /** Events put into the sequence. */
        public final int events;
        /** Events recorded before the origin frame, placed on tick 0. */
        public final int beforeOrigin;
        /** Note-offs added for notes still held at the end. */
        public final int closedNotes;
        /** Events claimed by a producer but not yet published when the sequence was built. */
        public final int unpublished;

        SequenceBuildReport(int events, int beforeOrigin, int closedNotes, int unpublished) {
            this.events = events;
            this.beforeOrigin = beforeOrigin;
            this.closedNotes = closedNotes;
            this.unpublished = unpublished;
        }

        /** @thread any */
        @Override
        public String toString() {
            return events + " events, " + beforeOrigin + " before the origin, " + closedNotes
                    + " notes closed at the end, " + unpublished + " unpublished";
        }
    }

    private SequenceBuildReport lastReport = new SequenceBuildReport(0, 0, 0, 0);

    /** The report of the last {@link #toSequence} call. @thread main */
    public SequenceBuildReport lastReport() {
        return lastReport;
    }

    /**
     * Builds the take as a Sequence with the tempo map's division and tempo events.
     * @param originFrame the host frame of song tick 0
     * @thread main (producers may keep recording; what they publish later is not included)
     */
    public Sequence toSequence(TempoMap tempoMap, long originFrame) {
        if (tempoMap == null) {
            throw new IllegalArgumentException("tempo map is null");
        }
        int n = size();
        int ready = 0;
        while (ready < n && published.get(ready) != 0) {
            ready++;
        }
        Integer[] order = new Integer[ready];
        for (int i = 0; i < ready; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> frames[a] != frames[b] ? Long.compare(frames[a], frames[b])
                : Integer.compare(a, b));
        Sequence seq;
        try {
            seq = new Sequence(tempoMap.divisionType(), tempoMap.resolution());
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException("cannot create a sequence with division " + tempoMap.divisionType()
                    + ": " + e.getMessage(), e);
        }
        Track meta = seq.createTrack();
        if (tempoMap.divisionType() == Sequence.PPQ) {
            for (int k = 0; k < tempoMap.segmentCount(); k++) {
                meta.add(new MidiEvent(tempoMessage(tempoMap.segmentMicrosPerQuarter(k)), tempoMap.segmentTick(k)));
            }
        }
        Track[] channelTracks = new Track[16];
        boolean[] used = new boolean[16];
        for (int i = 0; i < ready; i++) {
            int m = messages[i];
            if (m >= 0 && MidiMessages.status(m) < 0xF0) {
                used[MidiMessages.status(m) & 0x0F] = true;
            }
        }
        for (int ch = 0; ch < 16; ch++) {
            if (used[ch]) {
                channelTracks[ch] = seq.createTrack();
            }
        }
        int[] held = new int[16 * 128];
        int beforeOrigin = 0;
        long lastTick = 0;
        for (Integer idx : order) {
            int i = idx;
            long rel = frames[i] - originFrame;
            long tick;
            if (rel < 0) {
                beforeOrigin++;
                tick = 0;
            } else {
                tick = Math.max(0, tempoMap.frameToTickRounded(rel));
            }
            lastTick = Math.max(lastTick, tick);
            int m = messages[i];
            if (m < 0) {
                byte[] bytes = Arrays.copyOfRange(sysexPool, sysexStart[i], sysexStart[i] + sysexLength[i]);
                try {
                    meta.add(new MidiEvent(new SysexMessage(bytes, bytes.length), tick));
                } catch (InvalidMidiDataException e) {
                    throw new IllegalStateException("recorded SysEx could not be rebuilt: " + e.getMessage(), e);
                }
                continue;
            }
            int status = MidiMessages.status(m);
            ShortMessage sm = MidiMessages.toShortMessage(m);
            if (status >= 0xF0) {
                meta.add(new MidiEvent(sm, tick));
                continue;
            }
            int ch = status & 0x0F;
            int key = ch << 7 | MidiMessages.data1(m);
            if (MidiMessages.isNoteOn(status, MidiMessages.data2(m))) {
                held[key]++;
            } else if (MidiMessages.isNoteOff(status, MidiMessages.data2(m)) && held[key] > 0) {
                held[key]--;
            }
            channelTracks[ch].add(new MidiEvent(sm, tick));
        }
        int closed = 0;
        for (int key = 0; key < held.length; key++) {
            for (int j = 0; j < held[key]; j++) {
                channelTracks[key >> 7].add(new MidiEvent(
                        MidiMessages.toShortMessage(MidiMessages.pack(MidiMessages.NOTE_OFF | (key >> 7), key & 0x7F, 0)),
                        lastTick));
                closed++;
            }
        }
        lastReport = new SequenceBuildReport(ready, beforeOrigin, closed, n - ready);
        return seq;
    }

    private static MetaMessage tempoMessage(int micros) {
        byte[] d = {(byte) (micros >> 16), (byte) (micros >> 8), (byte) micros};
        try {
            return new MetaMessage(0x51, d, 3);
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a sequence as a Standard MIDI File of type 1: first to a temporary file beside the
     * target, then moved into place (atomically where the file system can), so nothing existing
     * is lost when writing fails.
     * @param replaceExisting whether an existing target may be replaced; when false and the target
     *     exists, nothing is written
     * @throws IOException naming the file, when it exists and may not be replaced, when its
     *     directory is missing, or when writing fails
     * @throws IllegalArgumentException when the sequence cannot be written as type 1
     * @thread main (I/O)
     */
    public static void writeSmf(Sequence sequence, Path target, boolean replaceExisting) throws IOException {
        if (sequence == null || target == null) {
            throw new IllegalArgumentException("sequence and target must not be null");
        }
        boolean type1 = false;
        for (int t : MidiSystem.getMidiFileTypes(sequence)) {
            type1 |= t == 1;
        }
        if (!type1) {
            throw new IllegalArgumentException("this sequence cannot be written as a type 1 Standard MIDI File");
        }
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + abs + ": directory " + dir + " does not exist");
        }
        if (!replaceExisting && Files.exists(abs)) {
            throw new FileAlreadyExistsException(abs.toString(), null, "not replacing an existing MIDI file");
        }
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            int written = MidiSystem.write(sequence, 1, tmp.toFile());
            if (written <= 0) {
                throw new IOException("writing " + abs + " produced no bytes");
            }
            if (!replaceExisting && Files.exists(abs)) {
                throw new FileAlreadyExistsException(abs.toString(), null, "appeared while writing; not replaced");
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** A short summary of the take. @thread any */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add(size() + "/" + capacity + " events");
        parts.add(sysexUsed.get() + "/" + sysexPool.length + " SysEx bytes");
        parts.add(dropped() + " dropped");
        parts.add(invalid() + " invalid");
        return "MidiRecorder[" + String.join(", ", parts) + "]";
    }
}
