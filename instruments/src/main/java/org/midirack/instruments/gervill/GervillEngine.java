package org.midirack.instruments.gervill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.midi.SysexMessage;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;

/**
 * Sample-accurate pull rendering through the JDK's Gervill ({@code com.sun.media.sound.SoftSynthesizer}).
 *
 * <h2>Timing model (measured and read from the JDK source)</h2>
 * Gervill renders in internal blocks of B frames. Each block first processes the MIDI messages whose
 * microsecond timestamp falls into it; a note-on gets a delay of {@code round(Δt · rate)} frames inside the
 * block, but its envelope opens one block later, so a note-on timestamped at Gervill frame g sounds at stream
 * frame g + B ("the stream starts with one block of zeros"). This engine absorbs that block: it drops the
 * first B frames of the stream once, at open, so that an event scheduled for Gervill frame g sounds at output
 * frame g exactly.
 *
 * <p>The price is unavoidable: a block's messages must be in Gervill before the block is rendered, and the
 * block holding the audio of output frame n is rendered while the previous cycle is produced. An event known
 * only at the start of the cycle that must sound at that cycle's first frame is therefore always one block
 * too late. The engine schedules event frame n at Gervill frame n + latency and reports that latency:
 * {@link #requiredLatency(int, boolean) B} when every cycle starts on a multiple of B (cycle lengths that
 * are multiples of B), and 2B − 1 for arbitrary cycle lengths. With that latency every note-on lands exactly
 * on frame n + latency for every cycle length. Other messages (note-off, bend, CC, program) act only where
 * a Gervill block starts: the engine puts them into the block holding frame n + latency, so they act from
 * that block's first frame, (n + latency) / B * B, up to B − 1 frames before n + latency and, with a
 * latency of at least B, always after n. A voice renders its blocks shifted by the frame its note-on started
 * on inside a block, so what a message changes in that voice (a release, a bend) shows that many frames after
 * the block start (and a bend two frames more). An event that cannot be placed (latency chosen too small) is played at the
 * earliest frame still possible and counted by {@link #lateEvents()}.
 *
 * <p>Gervill keys its message queue by microsecond, so one frame offers about 1e6 / rate distinct keys
 * (20 at 48 kHz): up to that many messages ahead of a note-on in the same block keep it exact; more push it
 * later by one frame per ~20 messages (at 48 kHz). Messages other than note-ons take keys from the start of
 * their block, so they only crowd note-ons early in a block.
 *
 * <p>Allocation: this class allocates nothing after {@link #open}. Gervill itself allocates while
 * rendering (about 216 bytes per sounding voice per block, see docs/BENCHMARKS.md) and for each message
 * sent with a timestamp (its receiver clones the bytes into a TreeMap entry); the engine cannot avoid those.
 * Gervill's receiver also takes an uncontended monitor ({@code control_mutex}) per message and per block.
 */
public final class GervillEngine implements GervillSink, AutoCloseable {

    /** The JVM flag Gervill's pull API needs. */
    public static final String ADD_EXPORTS_FLAG = "--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED";

    private static final int BYTES_PER_FRAME = 8; // stereo 32-bit float
    private static final int MAX_SYSEX = 1024;

    private final GervillSettings settings;
    private final int block;
    private final int maxFrames;
    private final int latency;
    private final float controlRate;
    private final double gervillRate; // Gervill's own (float) sample rate, widened exactly as it does
    private final long msecBufferLen;
    private final int[] usOffset;
    private final Object synth; // com.sun.media.sound.AudioSynthesizer, held as Object so linking stays lazy
    private final AudioInputStream stream;
    private final Receiver receiver;
    private final ShortMessage shortMessage = new ShortMessage();
    private final SysexMessage sysexMessage;
    private final byte[] bytes;
    private final String bankDescription;
    // the shared parsed file, null: Gervill's default (held so the cache keeps it while this engine lives, and
    // for reopened()); programs: the programs loaded from it (null: all), for reopened()
    private final Soundbank bank;
    private final java.util.BitSet programs;
    private final SongUse use;              // what the song uses, for reopened()
    private final int skippedConnections;   // connections left out because they add zero throughout the song

    private long outputFrames;   // frames handed out by render()
    private long lastKey = -1;   // last timestamp given to Gervill (µs), keeps order
    private long lateEvents;
    private long droppedEvents;
    private boolean closed;

    private GervillEngine(GervillSettings settings, int maxFrames, int latency, Object synth,
                          AudioInputStream stream, Receiver receiver, float controlRate, String bankDescription,
                          Soundbank bank, java.util.BitSet programs, SongUse use, int skippedConnections) {
        this.programs = programs == null ? null : (java.util.BitSet) programs.clone();
        this.use = use;
        this.skippedConnections = skippedConnections;
        this.settings = settings;
        this.block = settings.blockFrames();
        this.maxFrames = maxFrames;
        this.latency = latency;
        this.synth = synth;
        this.stream = stream;
        this.receiver = receiver;
        this.controlRate = controlRate;
        this.bankDescription = bankDescription;
        this.bank = bank;
        this.gervillRate = (float) settings.sampleRate();
        this.msecBufferLen = (long) (1000000.0 / controlRate);
        this.usOffset = delayTable(gervillRate, block, msecBufferLen);
        this.bytes = new byte[Math.max(maxFrames, block) * BYTES_PER_FRAME];
        byte[] sx = new byte[MAX_SYSEX];
        sx[0] = (byte) 0xF0;
        sx[MAX_SYSEX - 1] = (byte) 0xF7;
        try {
            this.sysexMessage = new SysexMessage(sx, MAX_SYSEX);
        } catch (InvalidMidiDataException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The latency an engine needs so every note-on lands exactly.
     *
     * @param blockFrames      Gervill's internal block B
     * @param cyclesAligned    true when every render cycle starts on a multiple of B (all cycle lengths are
     *                         multiples of B)
     * @return B when aligned, 2B − 1 otherwise
     * @thread any
     */
    public static int requiredLatency(int blockFrames, boolean cyclesAligned) {
        return cyclesAligned ? blockFrames : 2 * blockFrames - 1;
    }

    /**
     * Whether the running JVM exports {@code com.sun.media.sound} to this code.
     *
     * @thread any
     */
    public static boolean gervillAccessible() {
        Module desktop = ModuleLayer.boot().findModule("java.desktop").orElse(null);
        return desktop != null && desktop.isExported("com.sun.media.sound", GervillEngine.class.getModule());
    }

    /**
     * Throws a clear error naming the JVM flag when Gervill's pull API is not exported to this code.
     *
     * @thread any
     */
    public static void requireGervillAccess() {
        if (!gervillAccessible()) {
            throw new IllegalStateException("Gervill's pull API (com.sun.media.sound) is not accessible: run the JVM with "
                    + ADD_EXPORTS_FLAG + " (or JDK_JAVA_OPTIONS, or the manifest entry "
                    + "'Add-Exports: java.desktop/com.sun.media.sound' of an executable jar)");
        }
    }

    /**
     * Opens Gervill in pull mode with every property passed explicitly, loads the soundbank and absorbs the
     * stream's leading block.
     *
     * @param settings  the Gervill settings
     * @param maxFrames largest number of frames one {@link #render} call asks for
     * @param latency   frames between an event's frame and where it sounds; see {@link #requiredLatency}
     * @throws IllegalStateException    when the JVM lacks {@link #ADD_EXPORTS_FLAG} or Gervill cannot open
     * @throws IllegalArgumentException when the soundbank is missing, unreadable or corrupt (names file and reason)
     * @thread main
     */
    public static GervillEngine open(GervillSettings settings, int maxFrames, int latency) {
        return open(settings, maxFrames, latency, null);
    }

    /**
     * Like {@link #open(GervillSettings, int, int)}, loading from the soundbank file only the instruments of the
     * given programs (every bank number, melodic and percussion): faster and smaller for a large bank, and
     * bit-identical to a full load as long as every program the engine is asked to play is among them (a
     * program outside them falls back to Gervill's default bank, or is silent). The parsed bank is shared by
     * every engine of the process ({@link SharedSoundbanks}).
     *
     * @param programs bit p set: load program p's instruments; null loads every instrument of the bank
     * @thread main
     */
    public static GervillEngine open(GervillSettings settings, int maxFrames, int latency, java.util.BitSet programs) {
        return open(settings, maxFrames, latency, programs, SongUse.unknown());
    }

    /**
     * Like {@link #open(GervillSettings, int, int, java.util.BitSet)} for a song known ahead: besides loading only
     * its programs, the instruments leave out the voice modulations that add zero throughout the song because it
     * never moves one of their inputs ({@link SongUse}), such as the vibrato that channel pressure would
     * bring in a song without channel pressure, and only the presets its notes can start are loaded. The output is
     * bit-identical as long as the engine is sent only the song's messages; a message the song was judged not to
     * send (channel pressure here) plays without those modulations, and a note it does not hold finds no preset.
     * Applies only with {@code programs} (a partial load); with null, nothing is left out.
     *
     * @param use   what the song uses ({@link SongUse#of}), or {@link SongUse#unknown()}
     * @thread main
     */
    public static GervillEngine open(GervillSettings settings, int maxFrames, int latency, java.util.BitSet programs,
                                     SongUse use) {
        java.util.Objects.requireNonNull(use, "song use (SongUse.unknown() when not known)");
        if (maxFrames < 1) {
            throw new IllegalArgumentException("maxFrames must be at least 1, got " + maxFrames);
        }
        if (latency < 0) {
            throw new IllegalArgumentException("latency must be at least 0 frames, got " + latency);
        }
        requireGervillAccess();
        Soundbank bank = settings.soundbank() == null ? null : SharedSoundbanks.get(settings.soundbank());
        return GervillAccess.open(settings, maxFrames, latency, bank, programs, use);
    }

    /**
     * A freshly opened Gervill with this one's settings, cycle size and latency and its soundbank as already
     * read (the file is not read again): nothing this one played is in the new one (voices, reverb and chorus
     * lines, programs, controllers, tunings), so it renders what this one rendered after {@link #open}. This
     * one stays open.
     *
     * @throws IllegalStateException when Gervill cannot open
     * @thread main
     */
    public GervillEngine reopened() {
        return GervillAccess.open(settings, maxFrames, latency, bank, programs, use);
    }

    /** Reads and parses a soundbank file, failing with the file and the reason. */
    static Soundbank readSoundbank(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("Soundbank " + file + " cannot be loaded: the file does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Soundbank " + file + " cannot be loaded: it is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("Soundbank " + file + " cannot be loaded: the file is not readable");
        }
        try {
            Soundbank bank = MidiSystem.getSoundbank(file.toFile());
            if (bank == null || bank.getInstruments().length == 0) {
                throw new IllegalArgumentException("Soundbank " + file + " cannot be loaded: it holds no instruments");
            }
            return bank;
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException("Soundbank " + file + " cannot be loaded: not a valid SF2 or DLS file ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Soundbank " + file + " cannot be loaded: read error (" + e + ")", e);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null
                    && e.getMessage().startsWith("Soundbank ")) {
                throw e;
            }
            throw new IllegalArgumentException("Soundbank " + file + " cannot be loaded: corrupt file (" + e + ")", e);
        }
    }

    /**
     * The float control rate that makes Gervill's block {@code (int)(rate / controlRate)} exactly B.
     *
     * @thread any
     */
    public static float controlRateFor(double sampleRate, int blockFrames) {
        float rate = (float) sampleRate;
        float cr = rate / blockFrames;
        for (int i = 0; i < 64 && (int) (rate / cr) != blockFrames; i++) {
            cr = (int) (rate / cr) < blockFrames ? Math.nextDown(cr) : Math.nextUp(cr);
        }
        if ((int) (rate / cr) != blockFrames) {
            throw new IllegalArgumentException("No Gervill control rate gives a block of " + blockFrames
                    + " frames at " + sampleRate + " Hz");
        }
        return cr;
    }

    /** Builds the property map; every Gervill property is present. */
    static Map<String, Object> properties(GervillSettings s, float controlRate) {
        Map<String, Object> info = new HashMap<>();
        info.put("interpolation", s.interpolation());
        info.put("control rate", controlRate);
        info.put("format", format(s.sampleRate()));
        info.put("latency", (long) Math.ceil(1e6 * s.blockFrames() / s.sampleRate()));
        info.put("device id", 0);
        info.put("max polyphony", s.maxPolyphony());
        info.put("reverb", s.reverb());
        info.put("chorus", s.chorus());
        info.put("auto gain control", s.autoGainControl());
        info.put("large mode", s.largeMode());
        info.put("midi channels", 16);
        info.put("jitter correction", false);
        info.put("light reverb", s.lightReverb());
        info.put("load default soundbank", s.soundbank() == null || s.loadDefaultBank());
        return info;
    }

    /** Stereo little-endian 32-bit float at the host's rate. */
    static AudioFormat format(double sampleRate) {
        float r = (float) sampleRate;
        return new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, r, 32, 2, BYTES_PER_FRAME, r, false);
    }

    /** Smallest µs offset inside a block for which Gervill computes each delay 0..B-1. */
    static int[] delayTable(double gervillRate, int block, long msecBufferLen) {
        int[] table = new int[block];
        java.util.Arrays.fill(table, -1);
        for (long u = 0; u < msecBufferLen; u++) {
            int delay = (int) (u * (gervillRate / 1000000.0) + 0.5);
            if (delay < block && table[delay] < 0) {
                table[delay] = (int) u;
            }
        }
        for (int d = 0; d < block; d++) {
            if (table[d] < 0) {
                throw new IllegalArgumentException("Gervill cannot address frame " + d + " of a " + block
                        + "-frame block at " + gervillRate + " Hz (microsecond timestamps are too coarse)");
            }
        }
        return table;
    }

    /** Gervill's block start time in µs, computed exactly as SoftMainMixer does. */
    private long msecPos(long samplePos) {
        return (long) (samplePos * (1000000.0 / gervillRate));
    }

    /** The Gervill timestamp (µs) for Gervill frame g: Gervill gives it a delay of exactly g mod B frames. */
    long timestampFor(long gervillFrame) {
        long k = gervillFrame / block;
        int d = (int) (gervillFrame - k * block);
        return msecPos(k * block) + usOffset[d];
    }

    /**
     * Schedules a short MIDI message at an offset from the start of the next {@link #render} call.
     * Calls must come in non-decreasing offset order per render cycle (sorted events); a message with an
     * offset before what can still be placed is played as early as possible and counted as late.
     *
     * @param offset frame offset from the first frame the next render call produces (may exceed one cycle)
     * @return false when the message was malformed (status not 0x80..0xFF, or closed) and was dropped
     * @thread render
     */
    @Override
    public boolean send(int offset, int status, int data1, int data2) {
        if (closed || status < 0x80 || status > 0xFF || status == 0xF0 || status == 0xF7) {
            droppedEvents++;
            return false;
        }
        return sendKeyed(keyFor(offset, (status & 0xF0) == 0x90 && (data2 & 0x7F) != 0), status, data1, data2);
    }

    /**
     * Gives Gervill a short message with a key computed by {@link #keyFor} (of this engine or of the engine
     * that keeps the key sequence of a {@link GervillSplit}).
     */
    boolean sendKeyed(long key, int status, int data1, int data2) {
        if (closed || status < 0x80 || status > 0xFF || status == 0xF0 || status == 0xF7) {
            droppedEvents++;
            return false;
        }
        try {
            shortMessage.setMessage(status, data1 & 0x7F, data2 & 0x7F);
        } catch (InvalidMidiDataException e) {
            droppedEvents++;
            return false;
        }
        receiver.send(shortMessage, key);
        return true;
    }

    /**
     * Schedules a system-exclusive message (F0 ... F7), e.g. GM reset or MIDI Tuning Standard.
     *
     * @param data   the complete message, starting with 0xF0
     * @param length number of bytes of {@code data} to send, at most 1024
     * @return false when malformed and dropped
     * @thread render
     */
    @Override
    public boolean sendSysex(int offset, byte[] data, int length) {
        if (!sysexWellFormed(data, length)) {
            droppedEvents++;
            return false;
        }
        return sendSysexKeyed(keyFor(offset, false), data, length);
    }

    /** Whether a SysEx message can be sent at all (F0 first, 2..1024 bytes); false also when closed. */
    boolean sysexWellFormed(byte[] data, int length) {
        return !closed && length >= 2 && length <= MAX_SYSEX && length <= data.length && (data[0] & 0xFF) == 0xF0;
    }

    /** Gives Gervill a SysEx message with a key computed by {@link #keyFor}. */
    boolean sendSysexKeyed(long key, byte[] data, int length) {
        if (!sysexWellFormed(data, length)) {
            droppedEvents++;
            return false;
        }
        try {
            sysexMessage.setMessage(data, length);
        } catch (InvalidMidiDataException e) {
            droppedEvents++;
            return false;
        }
        receiver.send(sysexMessage, key);
        return true;
    }

    /**
     * The Gervill timestamp for an event. Only a note-on's delay inside its block matters to Gervill (every
     * other message acts at the block start), so other messages take the first free key of their block and
     * leave the per-frame windows (about 1e6 / rate keys each) to note-ons; keys stay strictly increasing so
     * Gervill keeps the messages' order.
     */
    long keyFor(int offset, boolean noteOn) {
        long g = outputFrames + (long) offset + latency;
        long streamRead = outputFrames + block;              // frames consumed, the absorbed block included
        long earliest = (streamRead + block - 1) / block * block; // first block Gervill has not processed yet
        if (g < earliest) {
            g = earliest;
            lateEvents++;
        }
        long key = noteOn ? timestampFor(g) : msecPos(g / block * block);
        if (key <= lastKey) {
            key = lastKey + 1;
        }
        lastKey = key;
        return key;
    }

    /**
     * Renders the next {@code frames} frames into two channel arrays.
     *
     * @thread render
     */
    @Override
    public void render(float[] left, float[] right, int offset, int frames) {
        if (frames > maxFrames || frames < 0) {
            throw new IllegalArgumentException("render of " + frames + " frames, engine opened for " + maxFrames);
        }
        byte[] b = bytes;
        readFully(b, frames * BYTES_PER_FRAME);
        for (int i = 0, j = 0; i < frames; i++, j += BYTES_PER_FRAME) {
            left[offset + i] = Float.intBitsToFloat((b[j] & 0xFF) | (b[j + 1] & 0xFF) << 8
                    | (b[j + 2] & 0xFF) << 16 | (b[j + 3] & 0xFF) << 24);
            right[offset + i] = Float.intBitsToFloat((b[j + 4] & 0xFF) | (b[j + 5] & 0xFF) << 8
                    | (b[j + 6] & 0xFF) << 16 | (b[j + 7] & 0xFF) << 24);
        }
        outputFrames += frames;
    }

    /**
     * Renders Gervill's raw bytes (stereo float LE) without conversion; the benchmark's baseline path.
     *
     * @thread render
     */
    public void renderBytes(byte[] target, int frames) {
        readFully(target, frames * BYTES_PER_FRAME);
        outputFrames += frames;
    }

    private void readFully(byte[] b, int len) {
        int done = 0;
        while (done < len) {
            int n;
            try {
                n = stream.read(b, done, len - done);
            } catch (IOException e) {
                n = -1;
            }
            if (n <= 0) {
                // Gervill's stream never ends while open; after close, output silence.
                java.util.Arrays.fill(b, done, len, (byte) 0);
                return;
            }
            done += n;
        }
    }

    /** @thread any */
    public int blockFrames() {
        return block;
    }

    /** @thread any */
    public int latencyFrames() {
        return latency;
    }

    /** @thread any */
    public float controlRate() {
        return controlRate;
    }

    /**
     * Voice connections the loaded instruments leave out because they add zero throughout the song
     * ({@link #open(GervillSettings, int, int, java.util.BitSet, SongUse)}); 0 for a full load.
     *
     * @thread any
     */
    public int skippedConnections() {
        return skippedConnections;
    }

    /** Frames rendered since open. @thread render */
    public long framePosition() {
        return outputFrames;
    }

    /** Events played later than scheduled because their Gervill block was already rendered. @thread any */
    public long lateEvents() {
        return lateEvents;
    }

    /** Malformed events dropped. @thread any */
    public long droppedEvents() {
        return droppedEvents;
    }

    /** @thread any */
    public GervillSettings settings() {
        return settings;
    }

    /** Which soundbank is loaded (file path or Gervill's default). @thread any */
    public String bankDescription() {
        return bankDescription;
    }

    /** The soundbank file's parsed bank, shared with every engine of the process; null for Gervill's default. @thread any */
    public Soundbank soundbank() {
        return bank;
    }

    /** The Gervill synthesizer ({@code com.sun.media.sound.AudioSynthesizer}). @thread main */
    public Object synthesizer() {
        return synth;
    }

    /**
     * Closes Gervill; later renders produce silence.
     *
     * @thread main
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            receiver.close();
            GervillAccess.close(synth);
        }
    }

    /** Everything that links against com.sun.media.sound lives here, reached only after the access check. */
    static final class GervillAccess {
        private GervillAccess() {
        }

        static GervillEngine open(GervillSettings s, int maxFrames, int latency, Soundbank bank,
                                  java.util.BitSet programs, SongUse use) {
            float cr = controlRateFor(s.sampleRate(), s.blockFrames());
            com.sun.media.sound.SoftSynthesizer synth = new com.sun.media.sound.SoftSynthesizer();
            AudioInputStream ais;
            try {
                ais = synth.openStream(format(s.sampleRate()), properties(s, cr));
            } catch (MidiUnavailableException | RuntimeException e) {
                throw new IllegalStateException("Gervill could not open: " + e.getMessage(), e);
            }
            String description = "Gervill default soundbank";
            int skipped = 0;
            try {
                if (bank != null) {
                    skipped = SharedSoundbanks.load(synth, bank, programs, use);
                    if (skipped < 0) {
                        throw new IllegalArgumentException("Soundbank " + s.soundbank()
                                + " cannot be loaded: Gervill rejected its instruments");
                    }
                    description = s.soundbank().toString();
                }
                Receiver receiver = synth.getReceiver();
                GervillEngine engine = new GervillEngine(s, maxFrames, latency, synth, ais, receiver, cr, description,
                        bank, programs, use, skipped);
                // absorb the stream's leading block: Gervill frame g sounds at output frame g from here on
                engine.readFully(new byte[s.blockFrames() * BYTES_PER_FRAME], s.blockFrames() * BYTES_PER_FRAME);
                return engine;
            } catch (MidiUnavailableException e) {
                synth.close();
                throw new IllegalStateException("Gervill receiver unavailable: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                synth.close();
                throw e;
            }
        }

        static void close(Object synth) {
            ((com.sun.media.sound.SoftSynthesizer) synth).close();
        }
    }
}
