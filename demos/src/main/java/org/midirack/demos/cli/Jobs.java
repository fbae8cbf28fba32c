package org.midirack.demos.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.midirack.host.audio.AudioFileType;
import org.midirack.host.audio.AudioOutputConfig;
import org.midirack.host.audio.AudioOutputException;
import org.midirack.host.audio.AudioOutputWav;
import org.midirack.host.audio.WavEncoding;

/** Offline renders into WAV files, shared by {@code render} and {@code demo}. */
final class Jobs {
    private Jobs() {
    }

    /** Parses --bits. @thread any */
    static WavEncoding encoding(String bits) {
        switch (bits.toLowerCase(Locale.ROOT)) {
            case "16": return WavEncoding.PCM_16;
            case "24": return WavEncoding.PCM_24;
            case "32f": case "32": return WavEncoding.FLOAT_32;
            default: return null;
        }
    }

    /**
     * Renders {@code frames} frames of the engine's song from its start (after its latency
     * pre-roll, so WAV frame f carries song frame f) through its host into a WAV file: a regular file
     * is written to a temporary name beside it and moved into place when complete; a device, a pipe
     * or standard output is written through with the length declared in the header. A length WAV
     * cannot hold is refused before anything is rendered. On SIGINT/SIGTERM the temporary file is
     * removed and the progress line ended (a shutdown hook; the JVM exits 130/143). A node that fails
     * is muted and the render goes on: the nodes that failed are returned (the file is written all
     * the same). When an integer encoding clipped, one line on {@code err} at the end says how many
     * samples and the peak.
     * @param progress whether to draw a progress bar on {@code err}
     * @return the nodes muted for a fault, empty when none
     * @thread main
     */
    static java.util.List<org.midirack.host.NodeError> renderWav(Engine rack, long frames, OutputPath out, WavEncoding enc, boolean progress, PrintStream err) {
        return renderWav(rack, frames, frames, 0, out, enc, progress, err);
    }

    /**
     * Like {@link #renderWav(Engine, long, OutputPath, WavEncoding, boolean, PrintStream)}, ending when the
     * release tail has died away: the song's {@code songFrames}, then the tail in steps of a tenth of a
     * second until the last {@code silenceFrames} written were silence (every sample below -96 dBFS,
     * {@link AudioOutputWav#SILENCE}) or {@code frames} in all were written (the longest tail the graph's
     * nodes can have). A stream (standard output, a pipe, a device) declares its length in the header
     * before the first frame, so it always gets all {@code frames}.
     * @thread main
     */
    static java.util.List<org.midirack.host.NodeError> renderWav(Engine rack, long songFrames, long frames,
            long silenceFrames, OutputPath out, WavEncoding enc, boolean progress, PrintStream err) {
        return render(rack, songFrames, frames, silenceFrames, out, AudioFileType.WAV, enc, 1.0, progress, err);
    }

    /**
     * Like {@link #renderWav(Engine, long, long, long, OutputPath, WavEncoding, boolean, PrintStream)}, into a
     * file of any type; a WAV too long for RIFF's 4 GiB becomes RF64 (one line on {@code err} says so), an
     * AIFF too long is refused before rendering. {@code gain} (a factor) is applied on the master, before the
     * file's encoding counts what it clips.
     * @thread main
     */
    static java.util.List<org.midirack.host.NodeError> render(Engine rack, long songFrames, long frames,
            long silenceFrames, OutputPath out, AudioFileType requested, WavEncoding enc, double gain, boolean progress,
            PrintStream err) {
        org.midirack.host.audio.AudioRenderer source = gain == 1.0 ? rack.host()
                : new org.midirack.host.audio.MasterGain(rack.host(), gain);
        if (out.kind() != OutputPath.Kind.REGULAR) {
            silenceFrames = 0;
        }
        long data = AudioOutputWav.dataBytes(enc, 2, frames);
        AudioFileType type = OutputFormat.forLength(requested, data, out.given(), err);
        if (data > type.maxDataBytes()) {
            long limitSeconds = (long) (type.maxDataBytes() / (2L * enc.bytesPerSample()) / rack.sampleRate());
            throw new CliError(String.format(Locale.ROOT, "%s: %s of audio (%d bytes as %s) is longer than a%s %s file"
                    + " can hold (%s, %d bytes of audio at %d Hz); nothing was rendered", out.given(),
                    clock((long) (frames / rack.sampleRate())), data, enc, type == AudioFileType.AIFF ? "n" : "",
                    type.label(), clock(limitSeconds), type.maxDataBytes(), Math.round(rack.sampleRate())));
        }
        AudioOutputWav wav = out.kind() == OutputPath.Kind.REGULAR
                ? new AudioOutputWav(out.resolved(), type, enc, true)
                : new AudioOutputWav(out.isStdout() ? "standard output" : out.given(), out.openStream(), type, enc, frames);
        java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
        Thread[] bar = new Thread[1];
        boolean served = RequestScope.current() != null;
        Thread hook = new Thread(() -> {
            if (ended.getAndSet(true)) {
                return;
            }
            if (served) {
                wav.stop(); // the render server's client went away: the render ends here, its file is discarded
            }
            Path tmp = wav.temporaryFile();
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (java.io.IOException e) {
                // exiting: nothing more can be done
            }
            if (bar[0] != null) {
                try {
                    bar[0].join(500);
                } catch (InterruptedException e) {
                    // exiting
                }
                err.println();
                err.flush();
            }
        }, "midirack-render-interrupted");
        RequestScope.addExitHook(hook);
        java.util.List<org.midirack.host.NodeError> failed;
        try {
            rack.skip(rack.startFromTop());
            rack.resetStats();
            wav.open(new AudioOutputConfig(rack.sampleRate(), rack.maxFrames(), 2));
            if (progress) {
                bar[0] = new Thread(() -> {
                    try {
                        while (!ended.get()) {
                            drawBar(err, wav.framesWritten(), frames);
                            Thread.sleep(100);
                        }
                    } catch (InterruptedException e) {
                        // done
                    }
                }, "midirack-progress");
                bar[0].setDaemon(true);
                bar[0].start();
            }
            if (silenceFrames <= 0) {
                wav.render(source, frames);
            } else {
                wav.render(source, Math.min(songFrames, frames));
                long step = Math.max(1, Math.round(rack.sampleRate() / 10));
                while (wav.framesWritten() < frames && wav.trailingSilentFrames() < silenceFrames
                        && !RequestScope.cancelled()) {
                    wav.render(source, Math.min(step, frames - wav.framesWritten()));
                }
            }
            if (RequestScope.cancelled()) {
                wav.discard();
                throw new CliError(out.given() + ": not written, the client went away");
            }
            wav.finish();
            failed = rack.pollErrors();
        } catch (AudioOutputException e) {
            wav.discard();
            throw new CliError(e.getMessage(), e);
        } finally {
            boolean mine = !ended.getAndSet(true);
            if (mine) {
                RequestScope.removeExitHook(hook);
            }
            if (mine && bar[0] != null) {
                bar[0].interrupt();
                try {
                    bar[0].join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                drawBar(err, frames, frames);
                err.println();
            }
        }
        if (wav.clippedSamples() > 0) {
            err.println(clipLine(wav.clippedSamples(), wav.peak(), enc, type));
        }
        return failed;
    }

    /**
     * The one line a render that clipped ends with: {@code clipped 1234 samples, peak +2.3 dBFS (16-bit WAV;
     * --bits 32f keeps them)}; samples are counted over every channel, the peak is before encoding.
     * @thread any
     */
    static String clipLine(long clipped, float peak, WavEncoding enc, AudioFileType type) {
        return String.format(Locale.ROOT, "clipped %d sample%s, peak %+.1f dBFS (%d-bit %s; --bits 32f%s keeps them)",
                clipped, clipped == 1 ? "" : "s", 20 * Math.log10(peak), enc.bits(), type.label(),
                type.supports(WavEncoding.FLOAT_32) ? "" : " in a WAV");
    }

    /** h:mm:ss of a whole number of seconds. */
    private static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    static void drawBar(PrintStream err, long done, long total) {
        int width = 40;
        int filled = total <= 0 ? width : (int) Math.min(width, done * width / total);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                + (total <= 0 ? 100 : done * 100 / total) + "%");
        err.flush();
    }

    /**
     * Whether the process runs on a terminal (progress bars only then); in the render server, whether its
     * client does.
     * @thread any
     */
    static boolean onTerminal() {
        return RequestScope.onTerminal();
    }
}
