package org.midirack.demos.cli;

import org.midirack.core.Node;
import java.util.List;

import javax.sound.midi.Sequence;

/** The command line's engine for the helpers in {@code org.midirack.demos}. */
public final class RackAccess {
    private RackAccess() {
    }

    /**
     * Renders a sequence offline through an instrument (and audio effects), latency-compensated:
     * the song's length plus {@code tailSeconds}, channels × frames.
     * @thread main
     */
    public static float[][] renderOffline(Sequence sequence, Node instrument, double sampleRate, int buffer,
                                          double tailSeconds, int program, List<Node> audioFx) {
        try (Rack r = new Rack(sampleRate, buffer, instrument, null, List.of(), audioFx, 0)) {
            long length = r.load(sequence, program);
            long total = length + Math.round(tailSeconds * sampleRate);
            if (total > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("melody too long to render into one array: " + total + " frames");
            }
            r.skip(r.latencyFrames());
            float[][] out = new float[2][(int) total];
            float[][] block = new float[2][buffer];
            int done = 0;
            while (done < total) {
                int n = (int) Math.min(buffer, total - done);
                r.render(block, n);
                System.arraycopy(block[0], 0, out[0], done, n);
                System.arraycopy(block[1], 0, out[1], done, n);
                done += n;
            }
            return out;
        }
    }
}
