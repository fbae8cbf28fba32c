package org.midirack.host.audio;

import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;

/**
 * Real-time output through Java Sound: a {@link SourceDataLine} (16-bit signed little-endian PCM),
 * fed by the output's own render thread, which blocks in {@code write} and so is paced by the device.
 * Works on every platform; on Linux without a sound card, ALSA's default device can be routed to a
 * JACK server (see the project's {@code .ci/run}).
 *
 * <p>This writes to the line directly rather than through audioservers-javasound: only a direct
 * writer can see the line's fill level, and so count underruns (the line's buffer found empty when a
 * block is written), report the line's actual buffer size as latency, and notice a short write.
 *
 * <p>The line's buffer holds {@code periods} render buffers; the output latency reported is that
 * buffer. A device that goes away usually leaves {@code write} blocked: {@link AudioSession} notices
 * that no block arrives any more and closes the line, which ends the write.
 */
public final class AudioOutputJavaSound extends AbstractAudioOutput {

    private static final int BYTES_PER_SAMPLE = 2;

    private final String mixerName;
    private final int periods;
    private SourceDataLine line;
    private byte[] bytes;
    private int lineBufferBytes;
    private Thread thread;
    private volatile boolean running;

    /**
     * The default device with a line buffer of 4 render buffers.
     *
     * @thread any
     */
    public AudioOutputJavaSound() {
        this(null, 4);
    }

    /**
     * A Java Sound output.
     *
     * @param mixerName a substring of the mixer's name, or null for the default device
     * @param periods the line buffer in render buffers, 2 .. 64
     * @thread any
     */
    public AudioOutputJavaSound(String mixerName, int periods) {
        super("javasound:" + (mixerName == null ? "default" : mixerName));
        if (periods < 2 || periods > 64) {
            throw new IllegalArgumentException("Java Sound line buffer of " + periods + " periods is outside 2 .. 64");
        }
        this.mixerName = mixerName;
        this.periods = periods;
    }

    /**
     * Names of the mixers that offer a {@link SourceDataLine}.
     *
     * @return mixer names, possibly empty (no sound card)
     * @thread any
     */
    public static List<String> playbackMixerNames() {
        List<String> names = new ArrayList<>();
        for (Mixer.Info mi : AudioSystem.getMixerInfo()) {
            Mixer m = AudioSystem.getMixer(mi);
            if (m.isLineSupported(new DataLine.Info(SourceDataLine.class, null))) {
                names.add(mi.getName());
            }
        }
        return names;
    }

    @Override
    boolean isRealTimeImpl() {
        return true;
    }

    @Override
    AudioOutputInfo doOpen(AudioOutputConfig requested) throws AudioOutputException {
        Mixer mixer = null;
        if (mixerName != null) {
            for (Mixer.Info mi : AudioSystem.getMixerInfo()) {
                if (mi.getName().contains(mixerName)) {
                    Mixer m = AudioSystem.getMixer(mi);
                    if (m.isLineSupported(new DataLine.Info(SourceDataLine.class, null))) {
                        mixer = m;
                        break;
                    }
                }
            }
            if (mixer == null) {
                throw new AudioOutputException("Java Sound output: no playback mixer named like '" + mixerName
                        + "'; available: " + playbackMixerNames());
            }
        }
        java.util.Set<Float> rates = new java.util.LinkedHashSet<>(List.of((float) requested.sampleRate(), 48_000f, 44_100f));
        Exception last = null;
        for (float rate : rates) {
            AudioFormat format = new AudioFormat(rate, 16, requested.channels(), true, false);
            int frameSize = format.getFrameSize();
            try {
                DataLine.Info li = new DataLine.Info(SourceDataLine.class, format);
                SourceDataLine l = (SourceDataLine) (mixer == null ? AudioSystem.getLine(li) : mixer.getLine(li));
                l.open(format, periods * requested.bufferFrames() * frameSize);
                line = l;
                lineBufferBytes = l.getBufferSize();
                bytes = new byte[requested.bufferFrames() * frameSize];
                AudioFormat actual = l.getFormat();
                String device = mixer == null ? "Java Sound default" : "Java Sound " + mixer.getMixerInfo().getName();
                return new AudioOutputInfo(device, requested.sampleRate(), actual.getSampleRate(),
                        requested.bufferFrames(), requested.bufferFrames(), requested.channels(),
                        lineBufferBytes / frameSize);
            } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
                last = e;
            }
        }
        throw new AudioOutputException("Java Sound output: cannot open a " + requested.channels()
                + "-channel 16-bit line on " + (mixerName == null ? "the default device" : "'" + mixerName + "'")
                + " at any of " + rates + " Hz; playback mixers: " + playbackMixerNames()
                + ": " + last.getMessage(), last);
    }

    @Override
    void doStart() {
        running = true;
        line.start();
        thread = new Thread(this::loop, "midirack-audio-javasound");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    private void loop() {
        final SourceDataLine l = line;
        final byte[] b = bytes;
        final float[][] blk = block;
        final int frames = blk[0].length;
        final int channels = blk.length;
        final int full = lineBufferBytes;
        long written = 0;
        while (running) {
            renderBlock(frames);
            int i = 0;
            for (int f = 0; f < frames; f++) {
                for (int c = 0; c < channels; c++) {
                    int v = WavEncoding.PCM_16.quantize(blk[c][f]);
                    b[i++] = (byte) v;
                    b[i++] = (byte) (v >> 8);
                }
            }
            if (written >= full && l.available() >= full) {
                counters().countUnderrun();
            }
            int n = l.write(b, 0, b.length);
            if (n < b.length) {
                if (running) {
                    running = false;
                    reportLost("Java Sound line stopped accepting data (wrote " + n + " of " + b.length + " bytes)");
                }
                return;
            }
            written += n;
        }
    }

    @Override
    void doStop() {
        running = false;
        SourceDataLine l = line;
        Thread t = thread;
        thread = null;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        l.stop();
        l.flush();
        try {
            t.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            // the device is gone and write() is stuck in it: closing the line ends the write
            closeLine();
            AudioOutputNull.joinQuietly(t);
        }
    }

    @Override
    void doClose() {
        closeLine();
    }

    private void closeLine() {
        SourceDataLine l = line;
        if (l == null) {
            return;
        }
        Thread closer = new Thread(l::close, "midirack-javasound-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
