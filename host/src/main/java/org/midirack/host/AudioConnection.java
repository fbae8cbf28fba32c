package org.midirack.host;

/**
 * One compiled audio connection: source port to destination port, with a gain, a fade ramp
 * (render-thread state kept across graph recompiles, so a connection that stays keeps its level and
 * a new one fades in from 0) and a delay line for latency compensation.
 */
final class AudioConnection {
    final Host.Link link;
    final int channels;
    final float gain;
    private final float[][] ring;
    private final int mask;
    private int writePos;
    private final int maxFramesOf;

    // render thread
    float ramp;
    int delay;

    AudioConnection(Host.Link link, int channels, int maxFrames, int maxDelay) {
        this.link = link;
        this.channels = channels;
        this.gain = link.gain();
        int cap = Integer.highestOneBit(Math.max(1, maxDelay + maxFrames) * 2 - 1);
        if (cap < maxDelay + maxFrames) {
            cap <<= 1;
        }
        ring = maxDelay > 0 ? new float[channels][cap] : null;
        mask = cap - 1;
        maxFramesOf = maxFrames;
    }

    /** The largest delay this connection can take. @thread any */
    int maxDelay() {
        return ring == null ? 0 : mask + 1 - maxFramesOf;
    }

    /**
     * Adds the source (delayed, faded toward {@code target}, scaled by the gain) into the
     * destination. Destination channel c reads source channel c modulo the source's channel count.
     * @thread render
     */
    void mix(float[][] src, int srcOff, float[][] dst, int dstOff, int frames, float target, int fadeFrames) {
        int d = delay;
        int w = writePos;
        float start = ramp;
        float end = start;
        float step = fadeFrames <= 0 ? 2f : 1f / fadeFrames;
        for (int c = 0; c < dst.length; c++) {
            float[] s = src[c % src.length];
            float[] o = dst[c];
            float[] r = ring == null || c >= ring.length ? null : ring[c];
            float g = start;
            for (int i = 0; i < frames; i++) {
                float v = s[srcOff + i];
                if (r != null) {
                    r[(w + i) & mask] = v;
                    if (d != 0) {
                        v = r[(w + i - d) & mask];
                    }
                }
                if (g != target) {
                    g = g < target ? Math.min(target, g + step) : Math.max(target, g - step);
                }
                o[dstOff + i] += v * g * gain;
            }
            end = g;
        }
        if (dst.length == 0) {
            end = target;
        }
        ramp = end;
        if (ring != null) {
            // channels of the ring beyond dst.length stay unwritten; keep positions in step
            writePos = (w + frames) & mask;
        }
    }
}
