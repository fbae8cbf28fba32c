package org.midirack.demos.melody;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.sound.midi.Sequence;

/**
 * Parser and interpreter of melody scripts (see docs/MELODY.md for the language). The parser
 * turns the text into steps, each remembering its line and column; the steps then drive a
 * {@link MelodyBuilder}, so the script and the fluent API share one implementation.
 */
final class MelodyScript {

    /**
     * Upper bound on executed steps (repeats multiply; a chord counts each of its notes), so a typo
     * cannot eat the heap and no 4 KB script keeps the parser busy for seconds: fuzzing found one
     * of 788,000 notes (chords counted once, under the old bound of 1,000,000) taking 1.2 s to parse
     * and 0.5 s more to schedule, then one of 121,000 events (0.27 s warm, over 1 s instrumented).
     * 100,000 notes is three hours of sixteenth notes at 140 BPM.
     */
    static final long MAX_STEPS = 100_000;

    private record Pos(int line, int column) {
    }

    /** One action at a script position; cost is the number of steps it executes. */
    private record Step(Pos pos, Consumer<MelodyBuilder> action, long cost) {
        Step(Pos pos, Consumer<MelodyBuilder> action) {
            this(pos, action, 1);
        }
    }

    private final String src;
    private final String file;
    private int index;
    private int line = 1;
    private int column = 1;
    private int textVoice = 1;
    private final Map<Integer, Long> defaultTicks = new HashMap<>();

    private MelodyScript(String src, String file) {
        this.src = src;
        this.file = file;
    }

    static Sequence parse(String src, String file) {
        MelodyScript script = new MelodyScript(src, file);
        List<Step> steps = script.parseBlock(null);
        MelodyBuilder builder = new MelodyBuilder();
        script.run(steps, builder);
        try {
            return builder.build();
        } catch (MelodyException e) {
            Pos p = e.origin() instanceof Pos q ? q : script.here();
            throw script.error(p, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- interpreter

    private void run(List<Step> steps, MelodyBuilder builder) {
        for (Step step : steps) {
            builder.origin(step.pos);
            try {
                step.action.accept(builder);
            } catch (MelodyParseException e) {
                throw e;
            } catch (MelodyException e) {
                throw error(e.origin() instanceof Pos p ? p : step.pos, e.getMessage());
            } catch (IllegalArgumentException | IllegalStateException | ArithmeticException e) {
                throw error(step.pos, e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- parser

    private List<Step> parseBlock(Pos openBrace) {
        List<Step> steps = new ArrayList<>();
        long cost = 0;
        while (true) {
            skipBlank();
            Pos p = here();
            if (!steps.isEmpty() && cost < MAX_STEPS) {
                cost += steps.get(steps.size() - 1).cost;
                if (cost > MAX_STEPS) {
                    throw error(steps.get(steps.size() - 1).pos,
                        "melody too long: more than " + MAX_STEPS + " notes and statements after repeats");
                }
            }
            if (eof()) {
                if (openBrace != null) {
                    throw error(openBrace, "'{' is not closed with '}'");
                }
                return steps;
            }
            char c = peek();
            switch (c) {
                case '}':
                    if (openBrace == null) {
                        throw error(p, "'}' without a matching 'repeat N {'");
                    }
                    next();
                    return steps;
                case '|':
                    next();
                    steps.add(new Step(p, MelodyBuilder::bar));
                    break;
                case '[':
                    steps.add(parseChord());
                    break;
                case '~':
                    next();
                    steps.add(new Step(p, MelodyBuilder::tie));
                    break;
                case ']':
                    throw error(p, "']' without a matching '['");
                case '{':
                    throw error(p, "'{' must follow 'repeat N'");
                case '/':
                    throw error(p, "a duration must follow a note, rest or chord directly, e.g. C4/8");
                case '@':
                    throw error(p, "a velocity must follow a note or chord directly, e.g. C4@100");
                default:
                    if (Character.isLetter(c)) {
                        parseWord(p, steps);
                    } else if (isDigit(c)) {
                        throw error(p, "unexpected number '" + readWord() + "'");
                    } else {
                        throw error(p, "unexpected character '" + c + "'");
                    }
            }
        }
    }

    private void parseWord(Pos p, List<Step> steps) {
        String word = readWord();
        switch (word) {
            case "voice":
                parseVoice(p, steps);
                return;
            case "tempo":
                parseTempo(p, steps);
                return;
            case "time":
                parseTime(p, steps);
                return;
            case "program":
                parseProgram(p, steps);
                return;
            case "repeat":
                parseRepeat(p, steps);
                return;
            case "r":
            case "R":
                parseRest(p, steps);
                return;
            default:
                break;
        }
        if (MelodyBuilder.dynamicVelocity(word) > 0) {
            steps.add(new Step(p, b -> b.dynamic(word)));
            return;
        }
        if (word.length() >= 2 && word.charAt(0) == 'v' && allDigits(word, 1)) {
            int velocity = parseBounded(word.substring(1));
            if (velocity < 1 || velocity > 127) {
                throw error(p, "velocity must be 1-127, not " + word.substring(1));
            }
            steps.add(new Step(p, b -> b.velocity(velocity)));
            return;
        }
        int key = key(p, word);
        Suffix s = parseSuffixes(true, true);
        long ticks = duration(s);
        int[] keys = {key};
        int[] velocities = {s.velocity};
        boolean[] ties = {s.tie};
        steps.add(new Step(p, b -> b.sound(ticks, keys, velocities, ties)));
    }

    private int key(Pos p, String word) {
        try {
            return MelodyPitch.key(word);
        } catch (IllegalArgumentException e) {
            throw error(p, e.getMessage());
        }
    }

    private void parseRest(Pos p, List<Step> steps) {
        Suffix s = parseSuffixes(false, false);
        long ticks = duration(s);
        steps.add(new Step(p, b -> b.rest(ticks)));
    }

    private Step parseChord() {
        Pos open = here();
        next();
        List<Integer> keys = new ArrayList<>();
        List<Integer> velocities = new ArrayList<>();
        List<Boolean> ties = new ArrayList<>();
        while (true) {
            skipBlank();
            if (eof()) {
                throw error(open, "chord '[' is not closed with ']'");
            }
            Pos p = here();
            char c = peek();
            if (c == ']') {
                next();
                break;
            }
            if (!Character.isLetter(c)) {
                throw error(p, "unexpected '" + c + "' in a chord; write notes like [C4 E4 G4]/2");
            }
            String word = readWord();
            int key = key(p, word);
            if (keys.contains(key)) {
                throw error(p, MelodyPitch.name(key) + " appears twice in the chord");
            }
            Suffix s = parseSuffixes(true, true, true);
            keys.add(key);
            velocities.add(s.velocity);
            ties.add(s.tie);
        }
        if (keys.isEmpty()) {
            throw error(open, "empty chord");
        }
        Suffix s = parseSuffixes(true, true);
        long ticks = duration(s);
        int n = keys.size();
        int[] k = new int[n];
        int[] v = new int[n];
        boolean[] t = new boolean[n];
        for (int i = 0; i < n; i++) {
            k[i] = keys.get(i);
            v[i] = velocities.get(i) != 0 ? velocities.get(i) : s.velocity;
            t[i] = ties.get(i) || s.tie;
        }
        return new Step(open, b -> b.sound(ticks, k, v, t), n);
    }

    private void parseVoice(Pos p, List<Step> steps) {
        skipInline();
        Pos channelPos = here();
        String digits = readDigits();
        if (digits.isEmpty()) {
            throw error(channelPos, "voice needs a channel number 1-16, e.g. voice 1 piano:");
        }
        int channel = parseBounded(digits);
        if (channel < 1 || channel > 16) {
            throw error(channelPos, "voice must be a MIDI channel 1-16, not " + digits);
        }
        skipInline();
        Pos instrumentPos = here();
        StringBuilder text = new StringBuilder();
        while (!eof() && peek() != ':') {
            char c = peek();
            if (c == '\n' || c == ';' || (c == '/' && peekAt(1) == '/') || c == '#') {
                break;
            }
            text.append(next());
        }
        if (eof() || peek() != ':') {
            throw error(here(), "voice header needs ':' after the channel and instrument, e.g. voice "
                + channel + " piano:");
        }
        next();
        String instrument = text.toString().trim();
        textVoice = channel;
        if (instrument.isEmpty()) {
            steps.add(new Step(p, b -> b.voice(channel)));
            return;
        }
        checkInstrument(instrumentPos, instrument, channel);
        steps.add(new Step(p, b -> b.voice(channel, instrument)));
    }

    private void checkInstrument(Pos p, String instrument, int channel) {
        int program;
        try {
            program = GeneralMidi.instrument(instrument);
        } catch (IllegalArgumentException e) {
            throw error(p, e.getMessage());
        }
        if (program == GeneralMidi.DRUMS && channel != 10) {
            throw error(p, "drums play on channel 10 (voice 10), not on voice " + channel);
        }
    }

    private void parseTempo(Pos p, List<Step> steps) {
        skipInline();
        Pos numberPos = here();
        String number = readDigits();
        if (!number.isEmpty() && !eof() && peek() == '.' && isDigit(peekAt(1))) {
            next();
            number = number + "." + readDigits();
        }
        if (number.isEmpty()) {
            throw error(numberPos, "tempo needs beats per minute, e.g. tempo 120");
        }
        double bpm = number.length() > 9 ? Double.MAX_VALUE : Double.parseDouble(number);
        if (!(bpm >= 4 && bpm <= 999)) {
            throw error(numberPos, "tempo must be between 4 and 999 bpm, not " + number);
        }
        steps.add(new Step(p, b -> b.tempo(bpm)));
    }

    private void parseTime(Pos p, List<Step> steps) {
        skipInline();
        Pos numPos = here();
        String num = readDigits();
        if (num.isEmpty() || eof() || peek() != '/') {
            throw error(num.isEmpty() ? numPos : here(), "time signature needs the form N/D, e.g. time 3/4");
        }
        next();
        Pos denPos = here();
        String den = readDigits();
        if (den.isEmpty()) {
            throw error(denPos, "time signature needs the form N/D, e.g. time 3/4");
        }
        int n = parseBounded(num);
        int d = parseBounded(den);
        if (n < 1 || n > 64) {
            throw error(numPos, "time signature numerator must be 1-64, not " + num);
        }
        if (d < 1 || d > 32 || Integer.bitCount(d) != 1) {
            throw error(denPos, "time signature denominator must be 1, 2, 4, 8, 16 or 32, not " + den);
        }
        steps.add(new Step(p, b -> b.time(n, d)));
    }

    private void parseProgram(Pos p, List<Step> steps) {
        skipInline();
        Pos instrumentPos = here();
        String instrument;
        if (!eof() && peek() == '"') {
            next();
            StringBuilder sb = new StringBuilder();
            while (!eof() && peek() != '"' && peek() != '\n') {
                sb.append(next());
            }
            if (eof() || peek() != '"') {
                throw error(instrumentPos, "instrument name in quotes is not closed with '\"'");
            }
            next();
            instrument = sb.toString();
        } else {
            instrument = readWord();
        }
        if (instrument.isBlank()) {
            throw error(instrumentPos, "program needs an instrument, e.g. program violin or program 41");
        }
        checkInstrument(instrumentPos, instrument, textVoice == 10 ? 10 : textVoice);
        steps.add(new Step(p, b -> b.program(instrument)));
    }

    private void parseRepeat(Pos p, List<Step> steps) {
        skipInline();
        Pos countPos = here();
        String digits = readDigits();
        if (digits.isEmpty()) {
            throw error(countPos, "repeat needs a count, e.g. repeat 2 { C4 D4 }");
        }
        int count = parseBounded(digits);
        if (count < 1 || count > 10_000) {
            throw error(countPos, "repeat count must be 1-10000, not " + digits);
        }
        skipBlank();
        if (eof() || peek() != '{') {
            throw error(here(), "repeat needs '{' after its count, e.g. repeat 2 { C4 D4 }");
        }
        Pos brace = here();
        next();
        List<Step> body = parseBlock(brace);
        long bodyCost = 0;
        for (Step step : body) {
            bodyCost += step.cost;
        }
        long cost = Math.max(1, bodyCost * count);
        if (cost > MAX_STEPS) {
            throw error(p, "repeat expands to more than " + MAX_STEPS + " notes and statements");
        }
        steps.add(new Step(p, b -> b.repeat(count, inner -> run(body, inner)), cost));
    }

    // ---------------------------------------------------------------- suffixes

    private static final class Suffix {
        long ticks;
        int velocity;
        boolean tie;
    }

    private Suffix parseSuffixes(boolean allowVelocity, boolean allowTie) {
        return parseSuffixes(allowVelocity, allowTie, false);
    }

    private Suffix parseSuffixes(boolean allowVelocity, boolean allowTie, boolean inChord) {
        Suffix s = new Suffix();
        while (!eof()) {
            Pos p = here();
            char c = peek();
            if (c == '/' && peekAt(1) != '/') {
                if (inChord) {
                    throw error(p, "put the chord's duration after ']', e.g. [C4 E4 G4]/2");
                }
                if (s.ticks != 0) {
                    throw error(p, "a second duration");
                }
                s.ticks = parseDuration();
            } else if (c == '@') {
                if (!allowVelocity) {
                    throw error(p, "a rest has no velocity");
                }
                if (s.velocity != 0) {
                    throw error(p, "a second velocity");
                }
                next();
                String word = readWord();
                int v = MelodyBuilder.dynamicVelocity(word);
                if (v < 0) {
                    if (word.isEmpty() || !allDigits(word, 0)) {
                        throw error(p, "'@' needs a velocity 1-127 or a dynamic (pp..ff), e.g. C4@100");
                    }
                    v = parseBounded(word);
                    if (v < 1 || v > 127) {
                        throw error(p, "velocity must be 1-127, not " + word);
                    }
                }
                s.velocity = v;
            } else if (c == '~') {
                if (!allowTie) {
                    throw error(p, "a rest cannot be tied");
                }
                if (s.tie) {
                    throw error(p, "a second '~'");
                }
                next();
                s.tie = true;
            } else {
                break;
            }
        }
        if (!eof() && (Character.isLetterOrDigit(peek()) || peek() == '.' || peek() == '#')) {
            throw error(here(), "unexpected '" + peek() + "'; separate notes with spaces");
        }
        return s;
    }

    /** Reads {@code /N[.][..][t][*K]} and returns ticks. */
    private long parseDuration() {
        Pos p = here();
        int start = index;
        next();
        String digits = readDigits();
        if (digits.isEmpty()) {
            throw error(p, "'/' needs a note value 1, 2, 4, 8, 16 or 32, e.g. C4/8");
        }
        int value = parseBounded(digits);
        if (value != 1 && value != 2 && value != 4 && value != 8 && value != 16 && value != 32) {
            throw error(p, "note value must be 1, 2, 4, 8, 16 or 32, not " + digits);
        }
        int dots = 0;
        while (!eof() && peek() == '.') {
            next();
            dots++;
        }
        boolean triplet = false;
        if (!eof() && peek() == 't') {
            next();
            triplet = true;
        }
        long times = 1;
        if (!eof() && peek() == '*') {
            next();
            String count = readDigits();
            if (count.isEmpty()) {
                throw error(p, "'*' needs a count, e.g. r/1*4");
            }
            times = parseBounded(count);
            if (times < 1 || times > 10_000) {
                throw error(p, "duration multiplier must be 1-10000, not " + count);
            }
        }
        if (dots > 4) {
            throw error(p, "at most 4 dots");
        }
        long num = ((1L << (dots + 1)) - 1) * (triplet ? 2 : 1) * times;
        long den = value * (1L << dots) * (triplet ? 3 : 1);
        long scaled = num * MelodyBuilder.WHOLE;
        if (scaled % den != 0) {
            throw error(p, "duration " + src.substring(start, index) + " is not a whole number of ticks at "
                + Melody.PPQ + " per quarter");
        }
        return scaled / den;
    }

    private long duration(Suffix s) {
        if (s.ticks != 0) {
            defaultTicks.put(textVoice, s.ticks);
            return s.ticks;
        }
        return defaultTicks.getOrDefault(textVoice, (long) Melody.PPQ);
    }

    // ---------------------------------------------------------------- scanner

    private Pos here() {
        return new Pos(line, column);
    }

    private boolean eof() {
        return index >= src.length();
    }

    private char peek() {
        return src.charAt(index);
    }

    private char peekAt(int ahead) {
        int i = index + ahead;
        return i < src.length() ? src.charAt(i) : '\0';
    }

    private char next() {
        char c = src.charAt(index++);
        if (c == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
        return c;
    }

    /** Skips spaces, newlines, semicolons and comments ({@code #} or {@code //} to end of line). */
    private void skipBlank() {
        while (!eof()) {
            char c = peek();
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' || c == '\f') {
                next();
            } else if (c == '#' || (c == '/' && peekAt(1) == '/')) {
                while (!eof() && peek() != '\n') {
                    next();
                }
            } else {
                return;
            }
        }
    }

    private void skipInline() {
        while (!eof() && (peek() == ' ' || peek() == '\t')) {
            next();
        }
    }

    private String readWord() {
        int start = index;
        while (!eof()) {
            char c = peek();
            if (Character.isLetterOrDigit(c) || c == '#' || c == '_' || (c == '-' && index > start)) {
                next();
            } else {
                break;
            }
        }
        return src.substring(start, index);
    }

    private String readDigits() {
        int start = index;
        while (!eof() && isDigit(peek())) {
            next();
        }
        return src.substring(start, index);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean allDigits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return from < s.length();
    }

    /** Parses digits, saturating at a large value instead of overflowing. */
    private static int parseBounded(String digits) {
        return digits.length() > 6 ? 9_999_999 : Integer.parseInt(digits);
    }

    private MelodyParseException error(Pos p, String reason) {
        return new MelodyParseException(file, p.line, p.column, reason);
    }
}
