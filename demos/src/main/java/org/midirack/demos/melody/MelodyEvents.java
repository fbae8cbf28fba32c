package org.midirack.demos.melody;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

import org.midirack.host.seq.TempoMap;

/**
 * The channel events of a sequence in playing order, each with its tick and the frame at which
 * it falls at a sample rate (through the sequence's tempo map): what a test asserts on, and the
 * event half of an offline render. Meta and system-exclusive events are left out.
 *
 * <p>Order: by tick; events on the same tick keep track order, then their order within the
 * track (note-offs before note-ons in melodies).
 */
public final class MelodyEvents implements Iterable<MelodyEvents.Event> {

    /**
     * One short MIDI message at a tick and frame.
     *
     * @param tick   position in ticks
     * @param frame  position in frames at the sample rate of the list
     * @param status status byte, channel included (0x90 | channel-1 for a note-on)
     * @param data1  first data byte
     * @param data2  second data byte (0 for one-data-byte messages)
     */
    public record Event(long tick, long frame, int status, int data1, int data2) {

        /**
         * The MIDI channel 1-16.
         *
         * @thread any
         */
        public int channel() {
            return (status & 0x0F) + 1;
        }

        /**
         * The command nibble, e.g. 0x90 for note-on.
         *
         * @thread any
         */
        public int command() {
            return status & 0xF0;
        }

        /**
         * A note-on with a velocity above 0.
         *
         * @thread any
         */
        public boolean isNoteOn() {
            return command() == ShortMessage.NOTE_ON && data2 > 0;
        }

        /**
         * A note-off, or a note-on with velocity 0.
         *
         * @thread any
         */
        public boolean isNoteOff() {
            return command() == ShortMessage.NOTE_OFF || (command() == ShortMessage.NOTE_ON && data2 == 0);
        }

        /**
         * Compact form "tick@frame:STATUS data1 data2".
         *
         * @thread any
         */
        @Override
        public String toString() {
            return String.format("%d@%d:%02X %d %d", tick, frame, status, data1, data2);
        }
    }

    private final List<Event> events;
    private final double sampleRate;
    private final long lengthTicks;
    private final long lengthFrames;
    private final TempoMap tempoMap;

    private MelodyEvents(List<Event> events, double sampleRate, long lengthTicks, TempoMap tempoMap) {
        this.events = Collections.unmodifiableList(events);
        this.sampleRate = sampleRate;
        this.lengthTicks = lengthTicks;
        this.tempoMap = tempoMap;
        this.lengthFrames = tempoMap.tickToFrame(lengthTicks);
    }

    /**
     * The channel events of a sequence with frames at a sample rate (rounded to a whole number
     * of hertz), through the host's {@link TempoMap}: the frames the engine plays them on.
     *
     * @throws IllegalArgumentException for a sample rate below 1 Hz or not a number
     * @thread any
     */
    public static MelodyEvents of(Sequence sequence, double sampleRate) {
        if (!(sampleRate >= 1)) {
            throw new IllegalArgumentException("sample rate must be at least 1 Hz, was " + sampleRate);
        }
        TempoMap map = new TempoMap(sequence, Math.round(sampleRate));
        List<MidiEvent> all = new ArrayList<>();
        for (Track track : sequence.getTracks()) {
            for (int i = 0; i < track.size(); i++) {
                if (track.get(i).getMessage() instanceof ShortMessage) {
                    all.add(track.get(i));
                }
            }
        }
        // stable sort: equal ticks keep track order, then order within the track
        all.sort((a, b) -> Long.compare(a.getTick(), b.getTick()));
        List<Event> list = new ArrayList<>(all.size());
        for (MidiEvent e : all) {
            ShortMessage m = (ShortMessage) e.getMessage();
            list.add(new Event(e.getTick(), map.tickToFrame(e.getTick()), m.getStatus(),
                m.getData1(), m.getLength() > 2 ? m.getData2() : 0));
        }
        return new MelodyEvents(list, sampleRate, sequence.getTickLength(), map);
    }

    /**
     * All events, unmodifiable.
     *
     * @thread any
     */
    public List<Event> list() {
        return events;
    }

    /**
     * Number of events.
     *
     * @thread any
     */
    public int size() {
        return events.size();
    }

    /**
     * The event at an index.
     *
     * @thread any
     */
    public Event get(int index) {
        return events.get(index);
    }

    /**
     * The events matching a condition.
     *
     * @thread any
     */
    public List<Event> where(Predicate<Event> condition) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (condition.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * The note-ons (velocity above 0), in order.
     *
     * @thread any
     */
    public List<Event> noteOns() {
        return where(Event::isNoteOn);
    }

    /**
     * The events of one MIDI channel 1-16.
     *
     * @thread any
     */
    public List<Event> onChannel(int channel) {
        return where(e -> e.channel() == channel);
    }

    /**
     * The sample rate the frames are counted at.
     *
     * @thread any
     */
    public double sampleRate() {
        return sampleRate;
    }

    /**
     * Length of the sequence in ticks (its last track end, trailing rests included).
     *
     * @thread any
     */
    public long lengthTicks() {
        return lengthTicks;
    }

    /**
     * Length of the sequence in frames at the sample rate.
     *
     * @thread any
     */
    public long lengthFrames() {
        return lengthFrames;
    }

    /**
     * The tempo map the frames come from.
     *
     * @thread any
     */
    public TempoMap tempoMap() {
        return tempoMap;
    }

    /**
     * Iterates the events in order.
     *
     * @thread any
     */
    @Override
    public Iterator<Event> iterator() {
        return events.iterator();
    }

    /**
     * The events, each as "tick@frame:STATUS data1 data2".
     *
     * @thread any
     */
    @Override
    public String toString() {
        return events.toString();
    }
}
