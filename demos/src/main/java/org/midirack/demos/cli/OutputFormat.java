package org.midirack.demos.cli;

import java.io.PrintStream;
import java.util.Locale;

import org.midirack.host.audio.AudioFileType;
import org.midirack.host.audio.WavEncoding;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Which file format {@code render --out} writes: {@code --format wav|rf64|aiff|flac}, else the output's
 * extension ({@code .wav}, {@code .rf64}, {@code .aif}/{@code .aiff}, {@code .flac}); standard output, a
 * name without an extension, and a device or pipe named otherwise get WAV; a regular file with any other
 * extension is a usage error naming it. {@code --bits} must be one the format holds (AIFF and FLAC: 16 or 24). A WAV whose audio would
 * pass the 4 GiB a RIFF file can describe becomes an RF64 file, said in one line before rendering.
 * <p>An instance is the options themselves, a picocli mixin of every command that writes an audio file
 * ({@code render}, {@code demo}): declared once, so both take the same values with the same errors.
 */
final class OutputFormat {

    /** The most audio a WAV gets before the render switches to RF64 (package-private: a test lowers it). */
    static long wavLimit = AudioFileType.WAV.maxDataBytes();

    @Option(names = "--bits", paramLabel = "16|24|32f", defaultValue = "16", description = "Sample format (AIFF, FLAC: 16 or 24). Default: ${DEFAULT-VALUE}.")
    String bits;

    @Option(names = "--format", paramLabel = "wav|rf64|aiff|flac", description = "File format (default: by the --out extension"
            + " .wav .rf64 .aif .aiff .flac; WAV for '-', names without one, devices and pipes named otherwise; a WAV past 4 GiB becomes RF64).")
    String format;

    /**
     * The sample encoding {@code --bits} names.
     * @throws ParameterException (exit 2) for any other value
     * @thread main
     */
    WavEncoding encoding(CommandSpec spec) {
        WavEncoding enc = Jobs.encoding(bits);
        if (enc == null) {
            throw new ParameterException(spec.commandLine(), "--bits must be 16, 24 or 32f, not '" + bits + "'");
        }
        return enc;
    }

    /**
     * The file format for an output as {@code --format}, {@code --bits} and its name give it ({@link #choose}).
     * @throws ParameterException (exit 2) for an unknown format or extension, or bits the format cannot hold
     * @thread main
     */
    AudioFileType type(CommandSpec spec, OutputPath out) {
        return choose(spec, format, out, encoding(spec), bits);
    }

    /** Whether {@code --bits} or {@code --format} was given on the command line. @thread main */
    boolean given(CommandSpec spec) {
        return format != null || spec.commandLine().getParseResult().hasMatchedOption("--bits");
    }

    /**
     * The format for an output as the options give it.
     * @param format the {@code --format} value, or null
     * @throws ParameterException (exit 2) for an unknown format or extension, or bits the format cannot hold
     * @thread main
     */
    static AudioFileType choose(CommandSpec spec, String format, OutputPath out, WavEncoding enc, String bits) {
        AudioFileType type;
        if (format != null) {
            type = AudioFileType.forName(format);
            if (type == null) {
                throw new ParameterException(spec.commandLine(), "--format must be wav, rf64, aiff or flac, not '"
                        + format + "'");
            }
        } else if (out.isStdout()) {
            type = AudioFileType.WAV;
        } else {
            String name = out.given();
            String ext = AudioFileType.extension(name);
            type = AudioFileType.forFileName(name);
            if (type == null && ext != null && out.kind() == OutputPath.Kind.REGULAR) {
                throw new ParameterException(spec.commandLine(), "--out " + name + ": unknown extension '." + ext
                        + "' (.wav, .rf64, .aif, .aiff, .flac), or give --format wav|rf64|aiff|flac");
            }
            if (type == null) {
                type = AudioFileType.WAV;
            }
        }
        if (!type.supports(enc)) {
            throw new ParameterException(spec.commandLine(), "--bits " + bits + ": " + type.label()
                    + " holds 16 or 24 bits (32-bit float: --format wav or rf64)");
        }
        return type;
    }

    /**
     * The format a render of {@code dataBytes} bytes of audio is written in: a WAV past {@link #wavLimit}
     * becomes RF64, said in one line on {@code err}; every other choice stays.
     * @thread main
     */
    static AudioFileType forLength(AudioFileType type, long dataBytes, String given, PrintStream err) {
        if (type == AudioFileType.WAV && dataBytes > wavLimit) {
            err.printf(Locale.ROOT, "%s: %d bytes of audio pass the 4 GiB a WAV file can hold: writing RF64"
                    + " (64-bit WAV, EBU Tech 3306) instead%n", given, dataBytes);
            return AudioFileType.RF64;
        }
        return type;
    }
}
