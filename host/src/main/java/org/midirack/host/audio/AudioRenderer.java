package org.midirack.host.audio;

/**
 * What every {@link AudioOutput} calls to get audio: the host engine implements it.
 *
 * <p>Lifecycle: {@link #open(AudioOutputInfo)} once before the first {@link #render} with a given
 * format, and again (with no render call running) whenever the actual sample rate or buffer size
 * changes, e.g. when an {@link AudioSession} falls back from a lost device to the null output or
 * resumes on a device that came back with a different rate. Then {@link #render} from exactly one
 * render thread at a time.
 */
public interface AudioRenderer {

    /**
     * Announces the format that the following {@link #render} calls use. All allocation happens
     * here: {@code render} is called with at most {@link AudioOutputInfo#bufferFrames()} frames and
     * {@link AudioOutputInfo#channels()} channels. The default does nothing.
     *
     * @param info what the output actually gave (sample rate, buffer size, channels, latency)
     * @thread main or audio session supervisor (no render call running)
     */
    default void open(AudioOutputInfo info) {
    }

    /**
     * Fills {@code out[channel][0 .. frames)} with the next block of audio. The output clears the
     * block before the call, so a renderer that writes nothing produces silence. Must not allocate,
     * lock, block, log or throw.
     *
     * @param out one array per channel, each at least {@code frames} long
     * @param frames number of frames to fill, 1 ..{@link AudioOutputInfo#bufferFrames()}
     * @thread render
     */
    void render(float[][] out, int frames);
}
