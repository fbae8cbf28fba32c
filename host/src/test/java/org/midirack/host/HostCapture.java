package org.midirack.host;

import java.util.concurrent.CountDownLatch;
import org.midirack.host.audio.AudioOutputInfo;
import org.midirack.host.audio.AudioRenderer;

/** Between an output and a host: keeps the first {@code frames} frames the output asked the host for. */
final class HostCapture implements AudioRenderer {
    final Host host;
    final float[][] kept;
    final CountDownLatch full = new CountDownLatch(1);
    private int pos;

    HostCapture(Host host, int frames) {
        this.host = host;
        this.kept = new float[2][frames];
    }

    @Override
    public void open(AudioOutputInfo info) {
        host.open(info);
    }

    @Override
    public void render(float[][] out, int frames) {
        host.render(out, frames);
        int n = Math.min(frames, kept[0].length - pos);
        for (int c = 0; c < 2; c++) {
            System.arraycopy(out[c], 0, kept[c], pos, n);
        }
        pos += n;
        if (pos == kept[0].length) {
            full.countDown();
        }
    }
}
