package org.midirack.instruments.gervill;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Every setting the Gervill engine passes to {@code SoftSynthesizer}; immutable, built with withers.
 *
 * <p>All Gervill properties are passed explicitly so that the user-preferences node
 * {@code /com/sun/media/sound/softsynthesizer} can never change what the engine renders.
 *
 * @param sampleRate       host sample rate in Hz
 * @param blockFrames      Gervill's internal block B in frames (control rate = sampleRate / B);
 *                         32 by default (control rate 1500 Hz at 48 kHz)
 * @param interpolation    Gervill resampler: linear, linear1, linear2, cubic, lanczos, sinc, point
 * @param maxPolyphony     number of Gervill voices
 * @param reverb           Gervill's reverb on/off
 * @param lightReverb      Gervill's light reverb mode
 * @param chorus           Gervill's chorus on/off
 * @param autoGainControl  Gervill's limiter on/off
 * @param largeMode        large mode: Gervill reads samples from the bank file while rendering instead of
 *                         holding them in memory, i.e. file I/O on the render thread; only for banks too big
 *                         for the heap (FluidR3_GM's 148 MB fits in memory)
 * @param soundbank        SF2 or DLS file, or {@code null} for Gervill's default bank
 * @param loadDefaultBank  whether Gervill's default bank is loaded too (always true without a file)
 */
public record GervillSettings(double sampleRate, int blockFrames, String interpolation, int maxPolyphony,
                              boolean reverb, boolean lightReverb, boolean chorus, boolean autoGainControl,
                              boolean largeMode, Path soundbank, boolean loadDefaultBank) {

    /** Default internal block: 32 frames (control rate 1500 Hz at 48 kHz). */
    public static final int DEFAULT_BLOCK_FRAMES = 32;

    /** Interpolation names Gervill accepts. */
    private static final String[] INTERPOLATIONS = {"linear", "linear1", "linear2", "cubic", "lanczos", "sinc", "point"};

    /**
     * Validates every field.
     *
     * @thread any
     */
    public GervillSettings {
        if (!(sampleRate >= 8000 && sampleRate <= 384000)) {
            throw new IllegalArgumentException("Gervill sample rate must be 8000..384000 Hz, got " + sampleRate);
        }
        if (blockFrames < 1 || blockFrames > 8192) {
            throw new IllegalArgumentException("Gervill block must be 1..8192 frames, got " + blockFrames);
        }
        Objects.requireNonNull(interpolation, "interpolation");
        boolean known = false;
        for (String s : INTERPOLATIONS) {
            known |= s.equals(interpolation);
        }
        if (!known) {
            throw new IllegalArgumentException("Gervill interpolation must be one of "
                    + String.join(", ", INTERPOLATIONS) + ", got '" + interpolation + "'");
        }
        if (maxPolyphony < 1 || maxPolyphony > 1024) {
            throw new IllegalArgumentException("Gervill polyphony must be 1..1024, got " + maxPolyphony);
        }
    }

    /**
     * Defaults for a sample rate: B = 32, linear interpolation, 64 voices, light reverb and chorus on,
     * auto gain control (Gervill's limiter) off, large mode off, Gervill's default bank. The limiter is off
     * because it is a hidden clamp: it holds every peak at 0.99 (flat tops at -0.1 dBFS) even where the
     * output is 32-bit float; loud passages now keep their shape, and an integer WAV counts and reports
     * what it clips instead.
     *
     * @thread any
     */
    public static GervillSettings defaults(double sampleRate) {
        return new GervillSettings(sampleRate, DEFAULT_BLOCK_FRAMES, "linear", 64, true, true, true, false,
                false, null, true);
    }

    /** @thread any */
    public GervillSettings withSampleRate(double v) {
        return new GervillSettings(v, blockFrames, interpolation, maxPolyphony, reverb, lightReverb, chorus,
                autoGainControl, largeMode, soundbank, loadDefaultBank);
    }

    /** @thread any */
    public GervillSettings withBlockFrames(int v) {
        return new GervillSettings(sampleRate, v, interpolation, maxPolyphony, reverb, lightReverb, chorus,
                autoGainControl, largeMode, soundbank, loadDefaultBank);
    }

    /** @thread any */
    public GervillSettings withInterpolation(String v) {
        return new GervillSettings(sampleRate, blockFrames, v, maxPolyphony, reverb, lightReverb, chorus,
                autoGainControl, largeMode, soundbank, loadDefaultBank);
    }

    /** @thread any */
    public GervillSettings withMaxPolyphony(int v) {
        return new GervillSettings(sampleRate, blockFrames, interpolation, v, reverb, lightReverb, chorus,
                autoGainControl, largeMode, soundbank, loadDefaultBank);
    }

    /** @thread any */
    public GervillSettings withReverb(boolean v) {
        return new GervillSettings(sampleRate, blockFrames, interpolation, maxPolyphony, v, lightReverb, chorus,
                autoGainControl, largeMode, soundbank, loadDefaultBank);
    }

    /** @thread any */
    public GervillSettings withChorus(boolean v) {
        return new GervillSettings(sampleRate, blockFrames, interpolation, maxPolyphony, reverb, lightReverb, v,
                autoGainControl, largeMode, soundbank, loadDefaultBank);
    }

    /** @thread any */
    public GervillSettings withAutoGainControl(boolean v) {
        return new GervillSettings(sampleRate, blockFrames, interpolation, maxPolyphony, reverb, lightReverb, chorus,
                v, largeMode, soundbank, loadDefaultBank);
    }

    /** @thread any */
    public GervillSettings withLargeMode(boolean v) {
        return new GervillSettings(sampleRate, blockFrames, interpolation, maxPolyphony, reverb, lightReverb, chorus,
                autoGainControl, v, soundbank, loadDefaultBank);
    }

    /**
     * A soundbank file (SF2 or DLS); {@code null} selects Gervill's default bank.
     *
     * @thread any
     */
    public GervillSettings withSoundbank(Path v) {
        return new GervillSettings(sampleRate, blockFrames, interpolation, maxPolyphony, reverb, lightReverb, chorus,
                autoGainControl, largeMode, v, v == null || loadDefaultBank);
    }

    /**
     * Whether Gervill's default bank is loaded under a soundbank file (fills programs the file lacks).
     *
     * @thread any
     */
    public GervillSettings withLoadDefaultBank(boolean v) {
        return new GervillSettings(sampleRate, blockFrames, interpolation, maxPolyphony, reverb, lightReverb, chorus,
                autoGainControl, largeMode, soundbank, v);
    }

    /** Effects off, limiter off: output is a plain sum of voices (what timing tests compare). @thread any */
    public GervillSettings dry() {
        return withReverb(false).withChorus(false).withAutoGainControl(false);
    }
}
