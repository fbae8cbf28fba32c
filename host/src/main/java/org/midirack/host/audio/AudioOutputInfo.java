package org.midirack.host.audio;

/**
 * What an {@link AudioOutput} actually gave, next to what was asked for.
 *
 * @param device human-readable name of the device or file
 * @param requestedSampleRate the sample rate asked for
 * @param sampleRate the sample rate the output runs at
 * @param requestedBufferFrames the buffer size asked for
 * @param bufferFrames the most frames one render call is asked for
 * @param channels output channels
 * @param outputLatencyFrames frames between the end of a render call and the moment its first frame is
 *     heard (device buffering plus downstream latency); 0 for offline outputs
 */
public record AudioOutputInfo(String device, double requestedSampleRate, double sampleRate,
        int requestedBufferFrames, int bufferFrames, int channels, int outputLatencyFrames) {

    /**
     * The output latency in seconds.
     *
     * @return {@code outputLatencyFrames / sampleRate}
     * @thread any
     */
    public double outputLatencySeconds() {
        return outputLatencyFrames / sampleRate;
    }

    /**
     * Whether the renderer must be re-opened when moving from {@code other} to this: the sample rate,
     * buffer size or channel count differs.
     *
     * @param other the format in use so far, or null
     * @return true if nodes must be re-activated
     * @thread any
     */
    public boolean formatDiffersFrom(AudioOutputInfo other) {
        return other == null || other.sampleRate != sampleRate || other.bufferFrames != bufferFrames
                || other.channels != channels;
    }

    /**
     * A one-line summary for logs and reports.
     *
     * @thread any
     */
    @Override
    public String toString() {
        return device + ": " + fmt(sampleRate) + " Hz (asked " + fmt(requestedSampleRate) + "), "
                + bufferFrames + " frames (asked " + requestedBufferFrames + "), " + channels + " ch, latency "
                + outputLatencyFrames + " frames (" + String.format(java.util.Locale.ROOT, "%.2f", outputLatencySeconds() * 1000) + " ms)";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
