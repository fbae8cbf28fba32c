package org.midirack.host.graph;

import org.midirack.host.Host;

/**
 * One compiled audio connection: source port to destination port, with a gain, a fade ramp
 * (render-thread state kept across graph recompiles, so a connection that stays keeps its level and
 * a new one fades in from 0) and a delay line for latency compensation.
 */
public final class AudioConnection {
    public final Host.Link link;
    public final int channels;
    public final float gain;
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
    public void mix(float[][] src, int srcOff, float[][] dst, int dstOff, int frames, float target, int fadeFrames) {
        int d = delay;
        int w = writePos;
        float start = ramp;
        float end = target;
        float step = fadeFrames <= 0 ? 2f : 1f / fadeFrames;
        for (int c = 0; c < dst.length; c++) {
            float[] s = src[c % src.length];
            float[] o = dst[c];
            float[] r = ring == null || c >= ring.length ? null : ring[c];
            if (r != null) {
                // keep the history (a latency change later needs it): copy in at most two pieces
                int first = Math.min(frames, mask + 1 - w);
                System.arraycopy(s, srcOff, r, w, first);
                if (first < frames) {
                    System.arraycopy(s, srcOff + first, r, 0, frames - first);
                }
            }
            float g = start;
            if (g == target) {
                float k = g * gain;
                if (d == 0 || r == null) {
                    if (k == 1f) {
                        for (int i = 0; i < frames; i++) {
                            o[dstOff + i] += s[srcOff + i];
                        }
                    } else if (k != 0f) {
                        for (int i = 0; i < frames; i++) {
                            o[dstOff + i] += s[srcOff + i] * k;
                        }
                    }
                } else if (k != 0f) {
                    for (int i = 0; i < frames; i++) {
                        o[dstOff + i] += r[(w + i - d) & mask] * k;
                    }
                }
            } else {
                for (int i = 0; i < frames; i++) {
                    float v = d == 0 || r == null ? s[srcOff + i] : r[(w + i - d) & mask];
                    if (g != target) {
                        g = g < target ? Math.min(target, g + step) : Math.max(target, g - step);
                    }
                    o[dstOff + i] += v * g * gain;
                }
                end = g;
            }
        }
        ramp = dst.length == 0 ? target : end;
        if (ring != null) {
            writePos = (w + frames) & mask;
        }
    }
}
