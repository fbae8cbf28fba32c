package org.midirack.host.audio;

/**
 * What a caller asks an {@link AudioOutput} for. The output reports what it actually gave in
 * {@link AudioOutputInfo}; a device may differ (JACK dictates its own rate and buffer size).
 *
 * @param sampleRate requested frames per second, 1,000 .. 768,000
 * @param bufferFrames requested frames per render call, 1 .. 65,536
 * @param channels output channels, 1 .. 64
 */
public record AudioOutputConfig(double sampleRate, int bufferFrames, int channels) {

    /** 48 kHz, 128 frames, stereo: the project's reference configuration. */
    public static final AudioOutputConfig DEFAULT = new AudioOutputConfig(48_000, 128, 2);

    /**
     * Checks the values and names the one that is wrong.
     *
     * @thread any
     */
    public AudioOutputConfig {
        if (!(sampleRate >= 1_000 && sampleRate <= 768_000)) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz is outside 1000 .. 768000 Hz");
        }
        if (bufferFrames < 1 || bufferFrames > 65_536) {
            throw new IllegalArgumentException("buffer size " + bufferFrames + " frames is outside 1 .. 65536");
        }
        if (channels < 1 || channels > 64) {
            throw new IllegalArgumentException("channel count " + channels + " is outside 1 .. 64");
        }
    }

    /**
     * The duration of one buffer in nanoseconds.
     *
     * @return {@code bufferFrames / sampleRate} in ns
     * @thread any
     */
    public long bufferNanos() {
        return Math.round(bufferFrames * 1e9 / sampleRate);
    }
}
