package org.midirack.demos.melody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sound.midi.Sequence;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random melodies: the script and the fluent API agree, and script -> Sequence -> Standard MIDI
 * File bytes (MidiSystem.write type 1) -> MidiSystem.getSequence gives back the same events.
 */
class MelodyRoundTripPropertyTest {

    /** One generated construct, written both as script text and as builder calls. */
    interface Op {
        String script();

        void apply(MelodyBuilder b);
    }

    record Dur(int value, int dots, boolean triplet, int times) {
        String script() {
            return "/" + value + ".".repeat(dots) + (triplet ? "t" : "") + (times > 1 ? "*" + times : "");
        }

        int num() {
            return ((1 << (dots + 1)) - 1) * (triplet ? 2 : 1) * times;
        }

        int den() {
            return value * (1 << dots) * (triplet ? 3 : 1);
        }
    }

    private static final String[] NAMES = {"C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};

    static String spell(int key) {
        return NAMES[key % 12] + (key / 12 - 1);
    }

    record Note(int key, Dur d, String velocity, boolean byKey) implements Op {
        public String script() {
            return spell(key) + d.script() + (velocity.isEmpty() ? "" : "@" + velocity);
        }

        public void apply(MelodyBuilder b) {
            if (byKey && velocity.isEmpty()) {
                b.note(key, d.num(), d.den());
            } else if (velocity.isEmpty()) {
                b.note(spell(key), d.num(), d.den());
            } else if (velocity.chars().allMatch(Character::isDigit)) {
                b.note(spell(key), d.num(), d.den(), Integer.parseInt(velocity));
            } else {
                b.note(spell(key) + "@" + velocity, d.num(), d.den());
            }
        }
    }

    record Chord(List<Integer> keys, Dur d) implements Op {
        public String script() {
            return keys.stream().map(MelodyRoundTripPropertyTest::spell).collect(Collectors.joining(" ", "[", "]"))
                + d.script();
        }

        public void apply(MelodyBuilder b) {
            b.chord(d.num(), d.den(), keys.stream().map(MelodyRoundTripPropertyTest::spell).toArray(String[]::new));
        }
    }

    record Tied(int key, Dur first, Dur second) implements Op {
        public String script() {
            return spell(key) + first.script() + "~ " + spell(key) + second.script();
        }

        public void apply(MelodyBuilder b) {
            b.note(spell(key), first.num(), first.den()).tie().note(spell(key), second.num(), second.den());
        }
    }

    record Rest(Dur d) implements Op {
        public String script() {
            return "r" + d.script();
        }

        public void apply(MelodyBuilder b) {
            b.rest(d.num(), d.den());
        }
    }

    record Dynamic(String mark) implements Op {
        public String script() {
            return mark;
        }

        public void apply(MelodyBuilder b) {
            b.dynamic(mark);
        }
    }

    record Velocity(int velocity) implements Op {
        public String script() {
            return "v" + velocity;
        }

        public void apply(MelodyBuilder b) {
            b.velocity(velocity);
        }
    }

    record Tempo(int bpm) implements Op {
        public String script() {
            return "tempo " + bpm;
        }

        public void apply(MelodyBuilder b) {
            b.tempo(bpm);
        }
    }

    record Voice(int channel, int gmNumber, boolean byName) implements Op {
        public String script() {
            if (gmNumber == 0) {
                return "\nvoice " + channel + ":\n";
            }
            return "\nvoice " + channel + " " + (byName ? GeneralMidi.programName(gmNumber - 1) : gmNumber) + ":\n";
        }

        public void apply(MelodyBuilder b) {
            if (gmNumber == 0) {
                b.voice(channel);
            } else if (byName) {
                b.voice(channel, GeneralMidi.programName(gmNumber - 1));
            } else {
                b.voice(channel, gmNumber);
            }
        }
    }

    record Program(int gmNumber) implements Op {
        public String script() {
            return "program " + gmNumber;
        }

        public void apply(MelodyBuilder b) {
            b.program(gmNumber);
        }
    }

    record Repeat(int times, List<Op> body) implements Op {
        public String script() {
            return "repeat " + times + " { " + body.stream().map(Op::script).collect(Collectors.joining(" ")) + " }";
        }

        public void apply(MelodyBuilder b) {
            b.repeat(times, inner -> body.forEach(op -> op.apply(inner)));
        }
    }

    static String script(List<Op> ops) {
        return ops.stream().map(Op::script).collect(Collectors.joining(" "));
    }

    static Sequence fluent(List<Op> ops) {
        MelodyBuilder b = Melody.builder();
        ops.forEach(op -> op.apply(b));
        return b.build();
    }

    // ---------------------------------------------------------------- generators

    Arbitrary<Dur> durations() {
        return Combinators.combine(Arbitraries.of(1, 2, 4, 8, 16, 32), Arbitraries.integers().between(0, 2),
            Arbitraries.of(false, false, true), Arbitraries.of(1, 1, 1, 2, 3)).as(Dur::new);
    }

    Arbitrary<String> velocities() {
        return Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just("")),
            Tuple.of(3, Arbitraries.integers().between(1, 127).map(String::valueOf)),
            Tuple.of(1, Arbitraries.of("ppp", "pp", "p", "mp", "mf", "f", "ff", "fff")));
    }

    Arbitrary<Op> sounds() {
        Arbitrary<Integer> keys = Arbitraries.integers().between(0, 127);
        return Arbitraries.frequencyOf(
            Tuple.of(10, Combinators.combine(keys, durations(), velocities(), Arbitraries.of(false, true))
                .as(Note::new)),
            Tuple.of(3, Combinators.combine(keys.set().ofMinSize(1).ofMaxSize(4).map(ArrayList::new), durations())
                .as(Chord::new)),
            Tuple.of(2, Combinators.combine(keys, durations(), durations()).as(Tied::new)),
            Tuple.of(3, durations().map(Rest::new)),
            Tuple.of(1, Arbitraries.of("ppp", "pp", "p", "mp", "mf", "f", "ff", "fff").map(Dynamic::new)),
            Tuple.of(1, Arbitraries.integers().between(1, 127).map(Velocity::new)));
    }

    Arbitrary<Op> ops() {
        return Arbitraries.frequencyOf(
            Tuple.of(20, sounds()),
            Tuple.of(2, Arbitraries.integers().between(4, 999).map(Tempo::new)),
            Tuple.of(2, Combinators.combine(Arbitraries.integers().between(1, 16), Arbitraries.integers().between(0, 128),
                Arbitraries.of(false, true)).as(Voice::new)),
            Tuple.of(1, Arbitraries.integers().between(1, 128).map(Program::new)),
            Tuple.of(2, Combinators.combine(Arbitraries.integers().between(1, 3), sounds().list().ofMinSize(1).ofMaxSize(5))
                .as(Repeat::new)));
    }

    @Provide
    Arbitrary<List<Op>> melodies() {
        return ops().list().ofMaxSize(40);
    }

    // ---------------------------------------------------------------- properties

    @Property(tries = 300)
    void scriptAndFluentApiBuildTheSameSequence(@ForAll("melodies") List<Op> ops) {
        assertEquals(MelodyDump.all(Melody.parse(script(ops))), MelodyDump.all(fluent(ops)), script(ops));
    }

    @Property(tries = 300)
    void standardMidiFileRoundTripKeepsEveryEvent(@ForAll("melodies") List<Op> ops) throws Exception {
        Sequence original = Melody.parse(script(ops));
        Sequence read = MelodyDump.roundTrip(original);
        assertEquals(MelodyDump.all(original), MelodyDump.all(read), script(ops));
        assertEquals(MelodyEvents.of(original, 44100).list(), MelodyEvents.of(read, 44100).list());
        assertEquals(original.getTickLength(), read.getTickLength());
        assertEquals(original.getMicrosecondLength(), read.getMicrosecondLength());
    }

    @Property(tries = 300)
    void everyNoteOnIsEndedByOneNoteOffLaterOnItsChannel(@ForAll("melodies") List<Op> ops) {
        MelodyEvents events = MelodyEvents.of(Melody.parse(script(ops)), 48000);
        Map<Integer, Deque<Long>> sounding = new HashMap<>();
        long lastTick = 0;
        long lastFrame = 0;
        for (MelodyEvents.Event e : events) {
            assertTrue(e.tick() >= lastTick && e.frame() >= lastFrame, "events in order");
            lastTick = e.tick();
            lastFrame = e.frame();
            int voiceKey = e.channel() * 128 + e.data1();
            if (e.isNoteOn()) {
                Deque<Long> starts = sounding.computeIfAbsent(voiceKey, k -> new ArrayDeque<>());
                assertTrue(starts.isEmpty(), "no note sounds twice on one channel: " + e);
                starts.push(e.tick());
            } else if (e.isNoteOff()) {
                Deque<Long> starts = sounding.get(voiceKey);
                assertTrue(starts != null && !starts.isEmpty(), "note-off without note-on: " + e);
                assertTrue(starts.pop() < e.tick(), "a note lasts at least one tick: " + e);
            }
        }
        sounding.values().forEach(starts -> assertTrue(starts.isEmpty(), "hanging note"));
        assertTrue(events.lengthTicks() >= lastTick);
    }
}
