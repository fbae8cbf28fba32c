package org.midirack.demos.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midirack.demos.melody.Melody;
import org.midirack.host.audio.AudioFileType;
import org.midirack.host.audio.WavEncoding;
import org.midirack.instruments.InstrumentSine;

/**
 * The automatic switch from WAV to RF64, decided before rendering from the length: with the switch point
 * lowered (a real 4 GiB render is too slow for the suite), a short render to {@code .wav} is an RF64 file
 * and says so in one line; a length at the limit stays WAV; AIFF and FLAC never switch.
 */
class OutputFormatTest {

    @TempDir
    Path dir;

    private final long savedLimit = OutputFormat.wavLimit;

    @AfterEach
    void restore() {
        OutputFormat.wavLimit = savedLimit;
    }

    private static String head(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        return new String(b, 0, 4, StandardCharsets.US_ASCII);
    }

    private String render(String name, AudioFileType type, long frames) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Engine e = new Engine(48000, 128, new InstrumentSine(), null, List.of(), List.of(), 0)) {
            e.load(Melody.parse("tempo 120; C4/4"), -1);
            Jobs.render(e, frames, frames, 0, OutputPath.of(dir.resolve(name), false), type, WavEncoding.PCM_16, 1.0,
                    false, new PrintStream(err, true, StandardCharsets.UTF_8));
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aWavPastTheLimitIsWrittenAsRf64AndSaysSoInOneLine() throws Exception {
        long frames = 4800;
        OutputFormat.wavLimit = frames * 4 - 1; // one byte less than 0.1 s of 16-bit stereo
        String err = render("x.wav", AudioFileType.WAV, frames);
        assertEquals("RF64", head(dir.resolve("x.wav")));
        assertEquals(List.of(dir.resolve("x.wav") + ": 19200 bytes of audio pass the 4 GiB a WAV file can hold:"
                + " writing RF64 (64-bit WAV, EBU Tech 3306) instead"), err.lines().toList());
    }

    @Test
    void aWavAtTheLimitStaysWav() throws Exception {
        long frames = 4800;
        OutputFormat.wavLimit = frames * 4;
        String err = render("y.wav", AudioFileType.WAV, frames);
        assertEquals("RIFF", head(dir.resolve("y.wav")));
        assertEquals("", err);
    }

    @Test
    void flacAndAiffNeverSwitch() throws Exception {
        OutputFormat.wavLimit = 0;
        assertEquals(AudioFileType.FLAC, OutputFormat.forLength(AudioFileType.FLAC, 1L << 40, "x", System.err));
        assertEquals(AudioFileType.AIFF, OutputFormat.forLength(AudioFileType.AIFF, 100, "x", System.err));
        String err = render("z.aiff", AudioFileType.AIFF, 4800);
        assertEquals("FORM", head(dir.resolve("z.aiff")));
        assertTrue(err.isEmpty(), err);
    }
}
