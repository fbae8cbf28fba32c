package org.midirack.demos.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

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
     * pre-roll, so WAV frame f carries song frame f) through its host into a WAV file written to
     * a temporary name and moved into place when complete. A node that fails is muted and the
     * render goes on: the nodes that failed are returned (the file is written all the same). When an
     * integer encoding clipped, one line on {@code err} at the end says how many samples and the peak.
     * @param progress whether to draw a progress bar on {@code err}
     * @return the nodes muted for a fault, empty when none
     * @thread main
     */
    static java.util.List<org.midirack.host.NodeError> renderWav(Engine rack, long frames, Path out, WavEncoding enc, boolean progress, PrintStream err) {
        return renderWav(rack, frames, frames, 0, out, enc, progress, err);
    }

    /**
     * Like {@link #renderWav(Engine, long, Path, WavEncoding, boolean, PrintStream)}, ending when the release
     * tail has died away: the song's {@code songFrames}, then the tail in steps of a tenth of a second until
     * the last {@code silenceFrames} written were silence (every sample below -96 dBFS,
     * {@link AudioOutputWav#SILENCE}) or {@code frames} in all
     * were written (the longest tail the graph's nodes can have).
     * @thread main
     */
    static java.util.List<org.midirack.host.NodeError> renderWav(Engine rack, long songFrames, long frames,
            long silenceFrames, Path out, WavEncoding enc, boolean progress, PrintStream err) {
        Path target = out.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new CliError(out + ": is a directory");
        }
        if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
            throw new CliError(out + ": directory " + target.getParent() + " does not exist");
        }
        rack.skip(rack.startFromTop());
        rack.resetStats();
        AudioOutputWav wav = new AudioOutputWav(target, enc, true);
        java.util.List<org.midirack.host.NodeError> failed;
        Thread bar = null;
        try {
            wav.open(new AudioOutputConfig(rack.sampleRate(), rack.maxFrames(), 2));
            if (progress) {
                bar = new Thread(() -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            drawBar(err, wav.framesWritten(), frames);
                            Thread.sleep(100);
                        }
                    } catch (InterruptedException e) {
                        // done
                    }
                }, "midirack-progress");
                bar.setDaemon(true);
                bar.start();
            }
            if (silenceFrames <= 0) {
                wav.render(rack.host(), frames);
            } else {
                wav.render(rack.host(), Math.min(songFrames, frames));
                long step = Math.max(1, Math.round(rack.sampleRate() / 10));
                while (wav.framesWritten() < frames && wav.trailingSilentFrames() < silenceFrames) {
                    wav.render(rack.host(), Math.min(step, frames - wav.framesWritten()));
                }
            }
            wav.finish();
            failed = rack.pollErrors();
        } catch (AudioOutputException e) {
            wav.discard();
            throw new CliError(e.getMessage(), e);
        } finally {
            if (bar != null) {
                bar.interrupt();
                try {
                    bar.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                drawBar(err, frames, frames);
                err.println();
            }
        }
        if (wav.clippedSamples() > 0) {
            err.println(clipLine(wav.clippedSamples(), wav.peak(), enc));
        }
        return failed;
    }

    /**
     * The one line a render that clipped ends with: {@code clipped 1234 samples, peak +2.3 dBFS (16-bit WAV;
     * --bits 32f keeps them)}; samples are counted over every channel, the peak is before encoding.
     * @thread any
     */
    static String clipLine(long clipped, float peak, WavEncoding enc) {
        return String.format(Locale.ROOT, "clipped %d sample%s, peak %+.1f dBFS (%d-bit WAV; --bits 32f keeps them)",
                clipped, clipped == 1 ? "" : "s", 20 * Math.log10(peak), enc.bits());
    }

    static void drawBar(PrintStream err, long done, long total) {
        int width = 40;
        int filled = total <= 0 ? width : (int) Math.min(width, done * width / total);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                + (total <= 0 ? 100 : done * 100 / total) + "%");
        err.flush();
    }

    /** Whether the process runs on a terminal (progress bars only then). @thread any */
    static boolean onTerminal() {
        return System.console() != null;
    }
}
