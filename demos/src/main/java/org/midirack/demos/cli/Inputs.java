package org.midirack.demos.cli;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;

import org.midirack.demos.melody.Melody;
import org.midirack.demos.melody.MelodyParseException;

/** Reads what the commands play: Standard MIDI Files and melody scripts, with one-line errors. */
public final class Inputs {
    private Inputs() {
    }

    /**
     * Whether a path is read as a Standard MIDI File ({@code .mid}, {@code .midi}, {@code .smf});
     * anything else is a melody script.
     * @thread any
     */
    public static boolean isMidiFile(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".mid") || n.endsWith(".midi") || n.endsWith(".smf") || n.endsWith(".kar");
    }

    /**
     * Loads a Standard MIDI File or a melody script.
     * @throws CliError naming the file and what is wrong (script errors as FILE:LINE:COLUMN: reason)
     * @thread main
     */
    public static Sequence load(Path file) {
        requireReadable(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliError(file + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        } catch (OutOfMemoryError e) {
            throw new CliError(file + ": too large to read into memory", e);
        }
        return read(file.toString(), bytes, isMidiFile(file));
    }

    /**
     * Reads the bytes of an input as {@link #load} does after reading the file: its kind told by
     * its content (a {@code .mid} name only makes text count as a MIDI file).
     * @param what names the input in errors, e.g. the file
     * @param midiByName whether the input's name says Standard MIDI File
     * @throws CliError "{@code what}: what is wrong" (script errors as FILE:LINE:COLUMN: reason)
     * @thread any
     */
    static Sequence read(String what, byte[] bytes, boolean midiByName) {
        String kind = kindOf(java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 64)));
        if (kind.equals("midi") || midiByName && kind.equals("text")) {
            return parseMidi(what, bytes);
        }
        if (!kind.equals("text")) {
            throw new CliError(what + ": " + kind);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CliError(what + ": not a MIDI file or melody script (binary data, not UTF-8 text)", e);
        }
        try {
            return Melody.parse(text, what);
        } catch (MelodyParseException e) {
            throw new CliError(e.getMessage(), e);
        }
    }

    /**
     * What a file's first bytes say it is: {@code midi}, {@code text} (a melody script, or
     * anything else: the parser says what is wrong), or a one-line reason it cannot be played.
     */
    static String kindOf(byte[] h) {
        if (starts(h, 0, "MThd")) {
            return "midi";
        }
        if (starts(h, 0, "RIFF") && starts(h, 8, "WAVE")) {
            return "is a WAV audio file, not MIDI: midirack plays Standard MIDI Files and melody scripts";
        }
        if (starts(h, 0, "RIFF") && starts(h, 8, "sfbk")) {
            return "is a SoundFont (SF2), not a song: give it as --soundbank FILE";
        }
        if (starts(h, 0, "RIFF") && starts(h, 8, "RMID")) {
            return "is an RMID file (MIDI in RIFF): extract its Standard MIDI File (the data chunk) first";
        }
        if (starts(h, 0, "FORM") && (starts(h, 8, "AIFF") || starts(h, 8, "AIFC"))) {
            return "is an AIFF audio file, not MIDI: midirack plays Standard MIDI Files and melody scripts";
        }
        if (starts(h, 0, "fLaC") || starts(h, 0, "OggS") || starts(h, 0, "ID3")) {
            return "is a compressed audio file, not MIDI: midirack plays Standard MIDI Files and melody scripts";
        }
        String text = new String(h, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.startsWith("# midirack session") || text.startsWith("format=midirack-session")) {
            return "is a midirack session, not a song: give it as --session FILE";
        }
        return "text";
    }

    private static boolean starts(byte[] h, int at, String tag) {
        if (h.length < at + tag.length()) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            if (h[at + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** @thread main */
    static void requireReadable(Path file) {
        if (!Files.exists(file)) {
            throw new CliError(file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new CliError(file + ": is a directory, not a MIDI file or melody script");
        }
        if (!Files.isReadable(file)) {
            throw new CliError(file + ": cannot be read (permission denied)");
        }
    }

    /**
     * Reads the bytes of a Standard MIDI File, checked whole first (Java Sound alone accepts some
     * truncated files).
     * @param what names the bytes in errors, e.g. the file
     * @throws CliError "{@code what}: what is wrong"
     * @thread any
     */
    static Sequence parseMidi(String what, byte[] bytes) {
        if (bytes.length < 14 && starts(bytes, 0, "MThd")) {
            throw new CliError(what + ": truncated MIDI file: " + bytes.length + " bytes, shorter than the 14-byte header");
        }
        if (bytes.length < 14 || bytes[0] != 'M' || bytes[1] != 'T' || bytes[2] != 'h' || bytes[3] != 'd') {
            String kind = kindOf(java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 64)));
            throw new CliError(what + ": " + (kind.equals("text") ? "not a Standard MIDI File (no MThd header)" : kind));
        }
        checkChunks(what, bytes);
        Sequence s;
        try {
            s = MidiSystem.getSequence(new java.io.ByteArrayInputStream(bytes));
        } catch (EOFException e) {
            throw new CliError(what + ": corrupt MIDI file: it ends in the middle of a track (truncated?)", e);
        } catch (InvalidMidiDataException e) {
            throw new CliError(what + ": corrupt MIDI file: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new CliError(what + ": corrupt MIDI file (" + e.getClass().getSimpleName() + ")", e);
        }
        MidiFileChecks.requirePlayable(what, s);
        return s;
    }

    /**
     * Java Sound reads a truncated last track without complaint; check that every chunk the
     * header announces is there, whole, before handing the bytes over.
     */
    private static void checkChunks(String file, byte[] b) {
        long headerLen = u32(b, 4);
        if (headerLen < 6 || 8 + headerLen > b.length) {
            throw new CliError(file + ": corrupt MIDI file: bad header length " + headerLen);
        }
        int tracks = (b[10] & 0xFF) << 8 | (b[11] & 0xFF);
        long pos = 8 + headerLen;
        int found = 0;
        while (found < tracks) {
            if (pos + 8 > b.length) {
                throw new CliError(file + ": corrupt MIDI file: truncated, the header announces " + tracks
                        + " tracks but the file holds " + found);
            }
            long len = u32(b, (int) pos + 4);
            boolean isTrack = b[(int) pos] == 'M' && b[(int) pos + 1] == 'T' && b[(int) pos + 2] == 'r'
                    && b[(int) pos + 3] == 'k';
            if (pos + 8 + len > b.length) {
                throw new CliError(file + ": corrupt MIDI file: truncated, chunk at byte " + pos + " announces "
                        + len + " bytes but only " + (b.length - pos - 8) + " follow");
            }
            if (isTrack) {
                found++;
            }
            pos += 8 + len;
        }
    }

    private static long u32(byte[] b, int i) {
        return (b[i] & 0xFFL) << 24 | (b[i + 1] & 0xFFL) << 16 | (b[i + 2] & 0xFFL) << 8 | (b[i + 3] & 0xFFL);
    }
}
