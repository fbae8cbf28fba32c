package org.midirack.host.audio;

import java.util.Locale;

/**
 * The audio file formats {@link AudioOutputWav} writes, each with the sample encodings it can hold and
 * the most sample data it can describe.
 *
 * <ul>
 * <li>{@link #WAV}: RIFF/WAVE, 16/24-bit PCM or 32-bit float; its 32-bit sizes hold 4 GiB of audio.</li>
 * <li>{@link #RF64}: EBU Tech 3306's 64-bit WAVE: the same chunks, the sizes in a {@code ds64} chunk.</li>
 * <li>{@link #AIFF}: Apple's AIFF, 16/24-bit big-endian PCM (32-bit float would be AIFF-C, which this
 *     writer does not write: it is refused, so an AIFF is one every reader reads).</li>
 * <li>{@link #FLAC}: lossless compressed, 16/24 bits.</li>
 * </ul>
 */
public enum AudioFileType {
    /** RIFF/WAVE. */
    WAV("WAV", 0xFFFF_FFFFL - 64, true),
    /** RF64 (EBU Tech 3306): WAVE with 64-bit sizes. */
    RF64("RF64", Long.MAX_VALUE / 2, true),
    /** AIFF (big-endian PCM). */
    AIFF("AIFF", 0xFFFF_FFFFL - 64, false),
    /** FLAC (lossless, compressed); 36 bits of frame count. */
    FLAC("FLAC", Long.MAX_VALUE / 2, false);

    private final String label;
    private final long maxDataBytes;
    private final boolean floatAllowed;

    AudioFileType(String label, long maxDataBytes, boolean floatAllowed) {
        this.label = label;
        this.maxDataBytes = maxDataBytes;
        this.floatAllowed = floatAllowed;
    }

    /**
     * The format's name as messages say it: "WAV", "RF64", "AIFF", "FLAC".
     *
     * @return the name
     * @thread any
     */
    public String label() {
        return label;
    }

    /**
     * The most uncompressed sample data (frames x channels x bytes per sample) a file of this type can
     * describe.
     *
     * @return bytes
     * @thread any
     */
    public long maxDataBytes() {
        return maxDataBytes;
    }

    /**
     * Whether this type can hold samples of an encoding (FLAC and AIFF hold 16 and 24 bits only).
     *
     * @param encoding the encoding
     * @return true when it can
     * @thread any
     */
    public boolean supports(WavEncoding encoding) {
        return encoding != WavEncoding.FLOAT_32 || floatAllowed;
    }

    /**
     * The type a file name's extension names: {@code .wav}, {@code .rf64}, {@code .aif}/{@code .aiff},
     * {@code .flac} (any case).
     *
     * @param fileName a file name
     * @return the type, or null for another or no extension
     * @thread any
     */
    public static AudioFileType forFileName(String fileName) {
        String ext = extension(fileName);
        return ext == null ? null : switch (ext.toLowerCase(Locale.ROOT)) {
            case "wav", "wave" -> WAV;
            case "rf64" -> RF64;
            case "aif", "aiff" -> AIFF;
            case "flac" -> FLAC;
            default -> null;
        };
    }

    /**
     * A file name's extension, without the dot.
     *
     * @param fileName a file name
     * @return the extension, or null when the name has none
     * @thread any
     */
    public static String extension(String fileName) {
        int slash = fileName.lastIndexOf('/');
        String base = fileName.substring(slash + 1);
        int dot = base.lastIndexOf('.');
        return dot <= 0 || dot == base.length() - 1 ? null : base.substring(dot + 1);
    }

    /**
     * The type named by a {@code --format} value: wav, rf64, aiff (or aif), flac (any case).
     *
     * @param name the name
     * @return the type, or null when it names none
     * @thread any
     */
    public static AudioFileType forName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "wav" -> WAV;
            case "rf64" -> RF64;
            case "aiff", "aif" -> AIFF;
            case "flac" -> FLAC;
            default -> null;
        };
    }
}
