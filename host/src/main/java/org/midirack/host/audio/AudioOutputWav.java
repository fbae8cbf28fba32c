package org.midirack.host.audio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Offline output: renders as fast as the renderer allows into an audio file: WAV by default (16-bit PCM
 * by default, 24-bit PCM or 32-bit float; see {@link WavEncoding} for the exact conversion), or RF64,
 * AIFF or FLAC ({@link AudioFileType}), each encoded block by block as it is rendered.
 *
 * <p>The audio goes to a temporary file beside the target; only {@link #finish()} (or
 * {@link #close()}) moves the complete file into place, so a failed or abandoned render leaves
 * whatever was at the target untouched. An existing target is replaced only when the output was made
 * with {@code replaceExisting}; otherwise {@link #open} refuses, naming the file.
 *
 * <p>A streaming output ({@link #AudioOutputWav(String, WritableByteChannel, WavEncoding, long)})
 * writes to a channel that cannot seek (standard output, a pipe, a device): the length is declared
 * up front, the header written first with it, and exactly that many frames must follow.
 *
 * <p>It counts what an integer encoding clips ({@link #clippedSamples()}) and the peak before encoding
 * ({@link #peak()}), on the render thread without allocating.
 *
 * <p>Use: {@code open(config)}, then either {@link #render(AudioRenderer, long)} (blocks until done)
 * or {@link #start} / {@link #stop} (renders until stopped), then {@link #finish()}.
 */
public final class AudioOutputWav extends AbstractAudioOutput {

    /**
     * Below this magnitude a sample is silence for {@link #trailingSilentFrames()}: 2^-16 (-96.3 dBFS), under
     * half a 16-bit step, so it is written as 0 in 16-bit PCM.
     */
    public static final float SILENCE = 1f / 65536;

    /** Largest data chunk a RIFF file can describe (the 32-bit RIFF size less the largest header). */
    public static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - 64;

    private final Path target;
    private final WavEncoding encoding;
    private final AudioFileType type;
    private final AudioFileWriter writer;
    private final boolean replaceExisting;
    private final WritableByteChannel stream;
    private final long declaredFrames;
    private final String streamName;
    private volatile Path temp;
    private FileChannel channel;
    private Thread thread;
    private volatile boolean running;
    private volatile long frameLimit = Long.MAX_VALUE;
    private volatile long framesWritten;
    private volatile long dataBytes;
    private volatile Throwable ioFailure;
    private volatile long clippedSamples;
    private volatile float peak;
    private volatile long silentFrames;
    private boolean finished;

    /**
     * A 16-bit PCM WAV output that refuses to replace an existing file.
     *
     * @param target the file to write
     * @thread main
     */
    public AudioOutputWav(Path target) {
        this(target, WavEncoding.PCM_16, false);
    }

    /**
     * A WAV output.
     *
     * @param target the file to write
     * @param encoding sample encoding
     * @param replaceExisting whether a complete render may replace an existing file at {@code target}
     * @thread main
     */
    public AudioOutputWav(Path target, WavEncoding encoding, boolean replaceExisting) {
        this(target, AudioFileType.WAV, encoding, replaceExisting);
    }

    /**
     * A file output of any {@link AudioFileType}.
     *
     * @param target the file to write
     * @param type the file format
     * @param encoding sample encoding ({@link AudioFileType#supports} it)
     * @param replaceExisting whether a complete render may replace an existing file at {@code target}
     * @throws IllegalArgumentException when the type cannot hold the encoding
     * @thread main
     */
    public AudioOutputWav(Path target, AudioFileType type, WavEncoding encoding, boolean replaceExisting) {
        super(type.label().toLowerCase(java.util.Locale.ROOT) + ":" + target);
        if (target == null) {
            throw new IllegalArgumentException("target path is null");
        }
        if (encoding == null) {
            throw new IllegalArgumentException("encoding is null");
        }
        this.target = target.toAbsolutePath();
        this.encoding = encoding;
        this.type = type;
        this.writer = AudioFileWriter.of(type, encoding);
        this.replaceExisting = replaceExisting;
        this.stream = null;
        this.declaredFrames = -1;
        this.streamName = null;
    }

    /**
     * A streaming WAV output of exactly {@code frames} frames into a channel that need not seek
     * (standard output, a pipe, a device). The channel is not closed by this output.
     *
     * @param name what the channel is, for messages (e.g. "standard output", "/dev/null")
     * @param stream where the bytes go
     * @param encoding sample encoding
     * @param frames the exact number of frames that will be rendered
     * @thread main
     */
    public AudioOutputWav(String name, WritableByteChannel stream, WavEncoding encoding, long frames) {
        this(name, stream, AudioFileType.WAV, encoding, frames);
    }

    /**
     * A streaming output of any {@link AudioFileType} of exactly {@code frames} frames (see
     * {@link #AudioOutputWav(String, WritableByteChannel, WavEncoding, long)}); a FLAC stream's STREAMINFO
     * leaves the length and MD5 unset, as a stream cannot seek back to them.
     *
     * @param name what the channel is, for messages
     * @param stream where the bytes go
     * @param type the file format
     * @param encoding sample encoding ({@link AudioFileType#supports} it)
     * @param frames the exact number of frames that will be rendered
     * @thread main
     */
    public AudioOutputWav(String name, WritableByteChannel stream, AudioFileType type, WavEncoding encoding, long frames) {
        super(type.label().toLowerCase(java.util.Locale.ROOT) + ":" + name);
        if (stream == null || encoding == null) {
            throw new IllegalArgumentException("stream or encoding is null");
        }
        if (frames < 0) {
            throw new IllegalArgumentException("frame count " + frames + " is negative");
        }
        this.target = null;
        this.streamName = name;
        this.encoding = encoding;
        this.type = type;
        this.writer = AudioFileWriter.of(type, encoding);
        this.replaceExisting = true;
        this.stream = stream;
        this.declaredFrames = frames;
    }

    /**
     * Bytes of sample data {@code frames} frames take.
     *
     * @param encoding sample encoding
     * @param channels channel count
     * @param frames frame count
     * @return the data chunk's size in bytes
     * @thread any
     */
    public static long dataBytes(WavEncoding encoding, int channels, long frames) {
        return frames * channels * encoding.bytesPerSample();
    }

    /**
     * The file this output completes into.
     *
     * @return the absolute target path, null for a streaming output
     * @thread any
     */
    public Path target() {
        return target;
    }

    /**
     * The temporary file being written, or null before open and after finish/discard.
     *
     * @return the temporary path
     * @thread any
     */
    public Path temporaryFile() {
        return temp;
    }

    /**
     * Frames written to the file so far.
     *
     * @return the count
     * @thread any
     */
    public long framesWritten() {
        return framesWritten;
    }

    /**
     * Samples written so far that the integer encoding had to clip: beyond [-1, 1] (a sample of exactly
     * 1.0 is not clipped; NaN, written as 0, is not counted). Always 0 for 32-bit float, which writes every
     * finite sample unchanged.
     *
     * @return the count, over every channel
     * @thread any
     */
    public long clippedSamples() {
        return clippedSamples;
    }

    /**
     * Frames at the end of what was written so far in which every channel is below {@link #SILENCE}
     * (-96 dBFS): how long ago the sound died away. A render that ends when its release tail has died away
     * renders in steps until this is long enough.
     *
     * @return the count, 0 when the last frame written is not silent
     * @thread any
     */
    public long trailingSilentFrames() {
        return silentFrames;
    }

    /**
     * The largest magnitude of the finite samples rendered so far, before encoding (1.0 = 0 dBFS; above
     * 1.0 an integer encoding clipped).
     *
     * @return the peak, 0 before any sound
     * @thread any
     */
    public float peak() {
        return peak;
    }

    @Override
    boolean isRealTimeImpl() {
        return false;
    }

    @Override
    AudioOutputInfo doOpen(AudioOutputConfig requested) throws AudioOutputException {
        if (stream != null) {
            return openStream(requested);
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new AudioOutputException("cannot write " + type.label() + " file " + target + ": directory " + dir + " does not exist");
        }
        if (Files.isDirectory(target)) {
            throw new AudioOutputException("cannot write " + type.label() + " file " + target + ": it is a directory");
        }
        if (Files.exists(target) && !replaceExisting) {
            throw new AudioOutputException(type.label() + " file " + target + " already exists; nothing was written"
                    + " (allow replacing it to overwrite)");
        }
        if (Math.rint(requested.sampleRate()) != requested.sampleRate()) {
            throw new AudioOutputException("cannot write " + type.label() + " file " + target + ": sample rate "
                    + requested.sampleRate() + " Hz is not a whole number");
        }
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
            channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            writer.begin(channel, requested.channels(), (int) requested.sampleRate(), -1, requested.bufferFrames());
        } catch (IOException e) {
            discardQuietly();
            throw new AudioOutputException("cannot write " + type.label() + " file " + target + ": " + e, e);
        }
        return new AudioOutputInfo(target.toString(), requested.sampleRate(), requested.sampleRate(),
                requested.bufferFrames(), requested.bufferFrames(), requested.channels(), 0);
    }

    private AudioOutputInfo openStream(AudioOutputConfig requested) throws AudioOutputException {
        String name = streamName;
        if (Math.rint(requested.sampleRate()) != requested.sampleRate()) {
            throw new AudioOutputException("cannot write " + type.label() + " to " + name + ": sample rate "
                    + requested.sampleRate() + " Hz is not a whole number");
        }
        long data = dataBytes(encoding, requested.channels(), declaredFrames);
        if (data > type.maxDataBytes()) {
            throw new AudioOutputException("cannot write " + type.label() + " to " + name + ": " + data
                    + " bytes of audio exceed the format's limit of " + type.maxDataBytes() + " bytes");
        }
        try {
            writer.begin(stream, requested.channels(), (int) requested.sampleRate(), declaredFrames,
                    requested.bufferFrames());
        } catch (IOException e) {
            throw new AudioOutputException("cannot write " + type.label() + " to " + name + ": " + e.getMessage(), e);
        }
        return new AudioOutputInfo(name, requested.sampleRate(), requested.sampleRate(),
                requested.bufferFrames(), requested.bufferFrames(), requested.channels(), 0);
    }

    /**
     * Renders exactly {@code frames} frames into the file on a render thread and waits for it
     * (blocks of the buffer size, the last one shorter if needed). May be called again to append.
     *
     * @param renderer what produces the audio
     * @param frames frames to render, at least 0
     * @throws AudioOutputException if writing failed (the target is untouched)
     * @thread main
     */
    public void render(AudioRenderer renderer, long frames) throws AudioOutputException {
        if (frames < 0) {
            throw new IllegalArgumentException("frame count " + frames + " is negative");
        }
        if (stream != null && framesWritten + frames > declaredFrames) {
            throw new IllegalArgumentException("rendering " + frames + " frames would pass the declared "
                    + declaredFrames);
        }
        frameLimit = framesWritten + frames;
        start(renderer);
        Thread t = thread;
        if (t != null) {
            AudioOutputNull.joinQuietly(t);
        }
        stop();
        frameLimit = Long.MAX_VALUE;
        checkFailure();
    }

    @Override
    void doStart() throws AudioOutputException {
        checkFailure();
        running = true;
        thread = new Thread(this::loop, "midirack-audio-wav");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        final int channels = block.length;
        final int maxFrames = block[0].length;
        final int bps = encoding.bytesPerSample();
        final AudioFileWriter w = writer;
        final long limit = type.maxDataBytes();
        final boolean integer = encoding != WavEncoding.FLOAT_32;
        try {
            while (running) {
                long remaining = frameLimit - framesWritten;
                if (remaining <= 0) {
                    break;
                }
                int n = (int) Math.min(maxFrames, remaining);
                long blockBytes = (long) n * channels * bps;
                if (dataBytes + blockBytes > limit) {
                    throw new IOException(type.label() + " data would exceed the format's limit of " + limit
                            + " bytes after " + framesWritten + " frames");
                }
                renderBlock(n);
                float pk = peak;
                long clipped = 0;
                long silent = silentFrames;
                for (int f = 0; f < n; f++) {
                    boolean quiet = true;
                    for (int c = 0; c < channels; c++) {
                        float s = block[c][f];
                        float a = Math.abs(s);
                        if (a > pk && a != Float.POSITIVE_INFINITY) {
                            pk = a;
                        }
                        if (a > 1f && integer) {
                            clipped++;
                        }
                        quiet &= a < SILENCE; // NaN is not quiet
                    }
                    silent = quiet ? silent + 1 : 0;
                }
                w.write(block, n);
                peak = pk;
                clippedSamples += clipped;
                silentFrames = silent;
                dataBytes += blockBytes;
                framesWritten += n;
            }
        } catch (Throwable t) {
            ioFailure = t;
        }
    }

    @Override
    void doStop() {
        running = false;
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            AudioOutputNull.joinQuietly(t);
        }
        thread = null;
    }

    /**
     * Stops rendering, completes the header and moves the file into place.
     *
     * @return the target path
     * @throws AudioOutputException naming the file if it could not be written or moved; the target is
     *     then untouched and the temporary file deleted
     * @thread main
     */
    public synchronized Path finish() throws AudioOutputException {
        if (finished) {
            return target;
        }
        stop();
        if (stream != null) {
            return finishStream();
        }
        if (temp == null) {
            throw new AudioOutputException(type.label() + " file " + target + " was never opened or was discarded");
        }
        try {
            checkFailure();
            writer.end(framesWritten, channel);
            channel.force(true);
            channel.close();
            if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // createTempFile makes it owner-only (0600); a rendered WAV is an ordinary file
                Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            if (replaceExisting) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(temp, target);
            }
            temp = null;
            finished = true;
            return target;
        } catch (FileAlreadyExistsException e) {
            discardQuietly();
            throw new AudioOutputException(type.label() + " file " + target + " appeared while rendering; it was left as it is"
                    + " and the render discarded", e);
        } catch (IOException e) {
            discardQuietly();
            throw new AudioOutputException("cannot complete " + type.label() + " file " + target + ": " + e, e);
        } catch (AudioOutputException e) {
            discardQuietly();
            throw e;
        } finally {
            closeState();
        }
    }

    private Path finishStream() throws AudioOutputException {
        try {
            checkFailure();
            if (framesWritten != declaredFrames) {
                throw new AudioOutputException(type.label() + " to " + streamName + " is incomplete: " + framesWritten + " of "
                        + declaredFrames + " frames were rendered");
            }
            writer.end(framesWritten, null);
            finished = true;
            return target;
        } catch (IOException e) {
            throw new AudioOutputException("cannot complete " + type.label() + " to " + streamName + ": " + e.getMessage(), e);
        } finally {
            closeState();
        }
    }

    /**
     * Stops and deletes the temporary file; the target is left as it was.
     *
     * @thread main
     */
    public synchronized void discard() {
        stop();
        discardQuietly();
        closeState();
    }

    /**
     * Completes the file like {@link #finish()}.
     *
     * @throws UncheckedIOException naming the file if it could not be completed
     * @thread main
     */
    @Override
    public synchronized void close() {
        if (finished || (stream == null && temp == null)) {
            closeState();
            return;
        }
        try {
            finish();
        } catch (AudioOutputException e) {
            throw new UncheckedIOException(new IOException(e.getMessage(), e));
        }
    }

    @Override
    void doClose() {
    }

    private void checkFailure() throws AudioOutputException {
        Throwable t = ioFailure;
        if (t != null) {
            throw new AudioOutputException("writing " + type.label() + " " + (stream != null ? "to " + streamName : "file " + target) + " failed: " + t.getMessage(), t);
        }
    }

    private void discardQuietly() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // the file is deleted next
        }
        try {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException ignored) {
            // nothing more can be done; the target was never touched
        }
        temp = null;
    }

    /**
     * The RIFF/WAVE header for {@code dataBytes} bytes of sample data: 44 bytes for PCM ("fmt " of 16
     * bytes), 58 bytes for float ("fmt " of 18 bytes with cbSize 0, then "fact" with the frame count).
     */
    static ByteBuffer header(WavEncoding enc, int channels, int sampleRate, long dataBytes) {
        return RiffFileWriter.header(false, enc, channels, sampleRate, dataBytes);
    }
}
