package org.midirack.instruments.gervill;

import java.util.HashMap;
import java.util.Map;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;

/**
 * Gervill with nothing of midirack in between: a {@code SoftSynthesizer} pulled through
 * {@code com.sun.media.sound.AudioSynthesizer.openStream} with every property written out here, and
 * messages sent straight to its receiver. The baseline the tests measure the framework against (its
 * allocation, its onsets); it shares no code with {@link GervillEngine}.
 *
 * <p>Frames are Gervill's own: frame 0 is the first frame of the stream, which starts with one internal
 * block of zeros (so a note-on for Gervill frame g sounds from stream frame g + B).
 */
public final class RawGervill implements AutoCloseable {

    /** Stereo 32-bit float little-endian. */
    public static final int BYTES_PER_FRAME = 8;

    private final double rate;
    private final int block;
    private final com.sun.media.sound.SoftSynthesizer synth;
    private final AudioInputStream stream;
    private final Receiver receiver;
    private final ShortMessage message = new ShortMessage();
    private long framesRead;
    private long lastTimestamp = -1;

    /**
     * Opens Gervill at {@code rate} Hz with an internal block of {@code block} frames (a power of two, so
     * that {@code rate / block} is an exact float control rate), the default soundbank, linear
     * interpolation and, when {@code wet}, reverb, chorus and automatic gain control as GervillSettings'
     * defaults have them.
     *
     * @thread main
     */
    public RawGervill(double rate, int block, int polyphony, boolean wet) {
        if (Integer.bitCount(block) != 1) {
            throw new IllegalArgumentException("block must be a power of two, got " + block);
        }
        this.rate = rate;
        this.block = block;
        float r = (float) rate;
        float controlRate = r / block;
        if ((int) (r / controlRate) != block) {
            throw new IllegalArgumentException("control rate " + controlRate + " does not give " + block + " frames");
        }
        Map<String, Object> p = new HashMap<>();
        p.put("interpolation", "linear");
        p.put("control rate", controlRate);
        p.put("format", format(rate));
        p.put("latency", (long) Math.ceil(1e6 * block / rate));
        p.put("device id", 0);
        p.put("max polyphony", polyphony);
        p.put("reverb", wet);
        p.put("chorus", wet);
        p.put("auto gain control", wet);
        p.put("large mode", false);
        p.put("midi channels", 16);
        p.put("jitter correction", false);
        p.put("light reverb", wet);
        p.put("load default soundbank", true);
        synth = new com.sun.media.sound.SoftSynthesizer();
        try {
            stream = synth.openStream(format(rate), p);
            receiver = synth.getReceiver();
        } catch (MidiUnavailableException e) {
            synth.close();
            throw new IllegalStateException("raw Gervill did not open: " + e.getMessage(), e);
        }
    }

    static AudioFormat format(double rate) {
        float r = (float) rate;
        return new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, r, 32, 2, BYTES_PER_FRAME, r, false);
    }

    /** @thread any */
    public int blockFrames() {
        return block;
    }

    /** Stream frames read so far. @thread main */
    public long framesRead() {
        return framesRead;
    }

    /**
     * Sends a message with Gervill timestamp -1: Gervill applies it at the start of the next block it
     * renders (frame 0 of that block).
     *
     * @thread main
     */
    public void sendNow(int status, int data1, int data2) {
        set(status, data1, data2);
        receiver.send(message, -1);
    }

    /**
     * Sends a message timestamped for Gervill frame {@code frame}: the first whole microsecond at or after
     * the frame's time, and always later than the previous timestamp, so no two messages share a key of
     * Gervill's queue.
     *
     * @thread main
     */
    public void sendAt(long frame, int status, int data1, int data2) {
        long t = (long) Math.ceil(frame * 1e6 / rate);
        if (t <= lastTimestamp) {
            t = lastTimestamp + 1;
        }
        lastTimestamp = t;
        set(status, data1, data2);
        receiver.send(message, t);
    }

    private void set(int status, int data1, int data2) {
        try {
            message.setMessage(status, data1, data2);
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Reads the next {@code frames} frames of raw bytes (stereo float little-endian) into {@code target}.
     *
     * @thread main
     */
    public void read(byte[] target, int frames) {
        int len = frames * BYTES_PER_FRAME;
        int done = 0;
        while (done < len) {
            int n;
            try {
                n = stream.read(target, done, len - done);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            if (n <= 0) {
                throw new IllegalStateException("Gervill's stream ended");
            }
            done += n;
        }
        framesRead += frames;
    }

    /**
     * Reads {@code frames} frames as two float channels.
     *
     * @thread main
     */
    public float[][] readFloats(int frames) {
        byte[] b = new byte[frames * BYTES_PER_FRAME];
        read(b, frames);
        java.nio.FloatBuffer f = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[][] out = new float[2][frames];
        for (int i = 0; i < frames; i++) {
            out[0][i] = f.get(2 * i);
            out[1][i] = f.get(2 * i + 1);
        }
        return out;
    }

    /**
     * The frames from a note's start to its first non-zero sample, measured: a fresh raw Gervill (dry) gets
     * {@code program} then the note-on with timestamp -1 before its first block, so the note starts at
     * Gervill frame 0 and, the stream running one block behind, sounds from stream frame B plus this figure.
     *
     * @thread main
     */
    public static int onsetDelay(double rate, int block, int channel, int program, int key, int velocity) {
        try (RawGervill g = new RawGervill(rate, block, 64, false)) {
            g.sendNow(0xC0 | channel, program, 0);
            g.sendNow(0x90 | channel, key, velocity);
            float[][] a = g.readFloats(block + 20_000);
            for (int i = 0; i < a[0].length; i++) {
                if (a[0][i] != 0f || a[1][i] != 0f) {
                    if (i < block) {
                        throw new AssertionError("raw Gervill sounded at stream frame " + i
                                + ", inside its leading block of " + block);
                    }
                    return i - block;
                }
            }
            throw new AssertionError("raw Gervill stayed silent for a note " + key);
        }
    }

    /** @thread main */
    @Override
    public void close() {
        receiver.close();
        synth.close();
    }
}
