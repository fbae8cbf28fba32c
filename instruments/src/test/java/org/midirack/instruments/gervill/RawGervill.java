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
     * interpolation and, when {@code wet}, reverb and chorus as GervillSettings' defaults have them;
     * automatic gain control (Gervill's limiter) off, as in those defaults.
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
        p.put("auto gain control", false); // off in GervillSettings.defaults: a hidden clamp at 0.99
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
     * The frames from a note's start to its first non-zero sample, measured: a fresh raw Gervill gets
     * {@code program} then the note-on with timestamp -1 before its first block, so the note starts at
     * Gervill frame 0 and, the stream running one block behind, sounds from stream frame B plus this figure.
     * {@code wet} as in the constructor (Gervill's effects add a block of their own).
     *
     * @thread main
     */
    public static int onsetDelay(double rate, int block, boolean wet, int channel, int program, int key, int velocity) {
        try (RawGervill g = new RawGervill(rate, block, 64, wet)) {
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

    /**
     * Raw Gervill's own allocation for a scene, in bytes per call of {@code cycle} frames: the worst of
     * {@code windows} windows of {@code windowCalls} calls after {@code warmupCalls} calls and one window more
     * (unrecorded, {@code AllocationMeter.measureWindows}), rounded up.
     * The scene is played as a node plays it: {@code events} ({frame, status, data1, data2}, sorted by
     * frame) sent at the start of the call whose frames hold them, timestamped for Gervill frame
     * frame + {@code latency}, inside the measured windows; wet settings (reverb, chorus; gain control off) at
     * polyphony 64 as {@code GervillSettings.defaults}; the stream's leading block read before the first call.
     *
     * @thread main
     */
    public static long worstBytesPerCall(double rate, int block, int latency, java.util.List<long[]> events,
                                         int cycle, int warmupCalls, int windowCalls, int windows) {
        try (RawGervill g = new RawGervill(rate, block, 64, true)) {
            byte[] buf = new byte[Math.max(cycle, block) * BYTES_PER_FRAME];
            g.read(buf, block);
            long[] start = {0};
            int[] next = {0};
            java.util.function.IntConsumer run = n -> {
                for (int c = 0; c < n; c++) {
                    long end = start[0] + cycle;
                    while (next[0] < events.size() && events.get(next[0])[0] < end) {
                        long[] e = events.get(next[0]++);
                        g.sendAt(e[0] + latency, (int) e[1], (int) e[2], (int) e[3]);
                    }
                    g.read(buf, cycle);
                    start[0] = end;
                }
            };
            run.accept(warmupCalls);
            long worst = 0;
            for (long bytes : org.midirack.core.testkit.AllocationMeter.measureWindows(() -> run.accept(windowCalls), windows)) {
                worst = Math.max(worst, bytes);
            }
            return (worst + windowCalls - 1) / windowCalls;
        }
    }

    /**
     * {@link #worstBytesPerCall} measured in a JVM of its own limited to C1 ({@code -XX:TieredStopAtLevel=1}):
     * without C2's escape analysis every allocation Gervill's code makes is real, so the figure bounds what
     * Gervill allocates in any calling context of a C2 JVM (escape analysis only removes allocations; which
     * ones depends on how C2 inlined Gervill into its caller, so a figure measured beside the node under C2
     * can come out below the node's own Gervill share).
     *
     * @thread main
     */
    public static long worstBytesPerCallWithoutEscapeAnalysis(double rate, int block, int latency,
                                                                java.util.List<long[]> events, int cycle,
                                                                int warmupCalls, int windowCalls, int windows) {
        try {
            java.nio.file.Path scene = java.nio.file.Files.createTempFile("midirack-gervill-scene", ".txt");
            try {
                StringBuilder text = new StringBuilder();
                for (long[] e : events) {
                    text.append(e[0]).append(' ').append(e[1]).append(' ').append(e[2]).append(' ').append(e[3]).append('\n');
                }
                java.nio.file.Files.writeString(scene, text);
                String javaBin = java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toString();
                ProcessBuilder pb = new ProcessBuilder(javaBin, "-XX:TieredStopAtLevel=1", "-Xss4m",
                        "--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED",
                        "-cp", System.getProperty("java.class.path"), RawGervill.class.getName(),
                        Double.toString(rate), Integer.toString(block), Integer.toString(latency), scene.toString(),
                        Integer.toString(cycle), Integer.toString(warmupCalls), Integer.toString(windowCalls),
                        Integer.toString(windows));
                pb.environment().remove("JDK_JAVA_OPTIONS");
                pb.environment().remove("JAVA_TOOL_OPTIONS");
                pb.redirectErrorStream(true);
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
                if (p.waitFor() != 0 || !out.matches("\\d+")) {
                    throw new AssertionError("the raw Gervill measuring JVM failed: " + out);
                }
                return Long.parseLong(out);
            } finally {
                java.nio.file.Files.deleteIfExists(scene);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Prints {@link #worstBytesPerCall} for a scene file (one "frame status data1 data2" per line); run by
     * {@link #worstBytesPerCallWithoutEscapeAnalysis}. Arguments: rate block latency sceneFile cycle
     * warmupCalls windowCalls windows.
     *
     * @thread main
     */
    public static void main(String[] args) throws java.io.IOException {
        java.util.List<long[]> events = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Paths.get(args[3]))) {
            String[] f = line.trim().split(" ");
            events.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])});
        }
        System.out.println(worstBytesPerCall(Double.parseDouble(args[0]), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]), events, Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                Integer.parseInt(args[6]), Integer.parseInt(args[7])));
    }

    /** @thread main */
    @Override
    public void close() {
        receiver.close();
        synth.close();
    }
}
