package org.midirack.demos.melody;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.midi.Sequence;

/**
 * Melody scripts and the fluent melody API: the way to write test melodies quickly.
 *
 * <pre>{@code
 * Sequence song = Melody.parse("tempo 120; voice 1 piano: C4/4 E4/8 G4/8 [C4 E4 G4]/2 r/4");
 * Sequence same = Melody.builder().tempo(120).voice(1, "piano")
 *     .note("C4", 1, 4).note("E4", 1, 8).note("G4", 1, 8).chord(1, 2, "C4", "E4", "G4").rest(1, 4)
 *     .build();
 * MelodyEvents events = MelodyEvents.of(song, 48000);
 * }</pre>
 *
 * Results are {@link Sequence}s of {@link #PPQ} ticks per quarter laid out as a Standard MIDI
 * File type 1 (see {@link MelodyBuilder#build()}). The language is described in docs/MELODY.md.
 */
public final class Melody {

    /** Ticks per quarter note of every melody. */
    public static final int PPQ = 480;

    /** File name extension of melody scripts. */
    public static final String EXTENSION = ".mel";

    private static final String UNNAMED = "<script>";

    private Melody() {
    }

    /**
     * A new fluent builder.
     *
     * @thread any
     */
    public static MelodyBuilder builder() {
        return new MelodyBuilder();
    }

    /**
     * Parses a script; errors name the file as {@code <script>}.
     *
     * @throws MelodyParseException at the line and column of the first error
     * @thread any
     */
    public static Sequence parse(String script) {
        return parse(script, UNNAMED);
    }

    /**
     * Parses a script whose errors name {@code fileName}.
     *
     * @throws MelodyParseException at the line and column of the first error
     * @thread any
     */
    public static Sequence parse(String script, String fileName) {
        String text = script.startsWith("\uFEFF") ? script.substring(1) : script;
        return MelodyScript.parse(text, fileName);
    }

    /**
     * Reads and parses a UTF-8 script file; errors name the path as given.
     *
     * @throws IOException if the file cannot be read
     * @throws MelodyParseException at the line and column of the first error
     * @thread any
     */
    public static Sequence load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Whether a path names a melody script (by its {@code .mel} extension).
     *
     * @thread any
     */
    public static boolean isScript(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(java.util.Locale.ROOT).endsWith(EXTENSION);
    }
}
