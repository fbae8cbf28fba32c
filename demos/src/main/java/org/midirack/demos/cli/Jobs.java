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
     * render goes on: the nodes that failed are returned (the file is written all the same).
     * @param progress whether to draw a progress bar on {@code err}
     * @return the nodes muted for a fault, empty when none
     * @thread main
     */
    static java.util.List<org.midirack.host.NodeError> renderWav(Engine rack, long frames, Path out, WavEncoding enc, boolean progress, PrintStream err) {
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
            wav.render(rack.host(), frames);
            wav.finish();
            return rack.pollErrors();
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
