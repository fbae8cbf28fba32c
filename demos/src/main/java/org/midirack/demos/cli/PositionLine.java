package org.midirack.demos.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The position line {@code play} keeps up to date on a terminal: {@code 0:12.3 / 0:42.3  bar 7.2} (the
 * song position and length, the 4/4 bar and beat as {@code transport} counts them), rewritten in place
 * a few times a second and ended with a newline when play stops. The position is the engine's (the
 * transport the nodes see), never a wall clock.
 */
final class PositionLine {
    /** Between two redraws, at least. */
    static final long INTERVAL_NANOS = 200_000_000L;

    private final PrintStream out;
    private final double sampleRate;
    private final long lengthFrames;
    private long lastDrawn = Long.MIN_VALUE;
    private int width;

    /**
     * @param out the terminal
     * @param sampleRate the engine's rate
     * @param lengthFrames the song's length
     * @thread main
     */
    PositionLine(PrintStream out, double sampleRate, long lengthFrames) {
        this.out = out;
        this.sampleRate = sampleRate;
        this.lengthFrames = lengthFrames;
    }

    /**
     * Redraws the line when the last draw is {@link #INTERVAL_NANOS} old.
     * @param frame the engine's song frame
     * @param beat the engine's beat (quarter notes from the song's start)
     * @thread main
     */
    void update(long frame, double beat) {
        long now = System.nanoTime();
        if (lastDrawn != Long.MIN_VALUE && now - lastDrawn < INTERVAL_NANOS) {
            return;
        }
        lastDrawn = now;
        String line = text(Math.max(0, frame), sampleRate, lengthFrames, beat);
        int pad = Math.max(0, width - line.length());
        width = line.length();
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
    }

    /** Ends the line (a newline) if one was drawn. @thread main */
    void end() {
        if (lastDrawn != Long.MIN_VALUE) {
            out.println();
            out.flush();
            lastDrawn = Long.MIN_VALUE;
        }
    }

    /** {@code 0:12.3 / 0:42.3  bar 7.2}. @thread any */
    static String text(long frame, double sampleRate, long lengthFrames, double beat) {
        double b = Math.max(0, beat);
        long bar = (long) Math.floor(b / 4) + 1;
        long beatInBar = (long) Math.floor(b - 4 * (bar - 1)) + 1;
        return clock(frame / sampleRate) + " / " + clock(lengthFrames / sampleRate) + "  bar " + bar + "." + beatInBar;
    }

    /** m:ss.s (tenths cut, not rounded: 59.96 s is 0:59.9). */
    static String clock(double seconds) {
        long tenths = (long) Math.floor(seconds * 10);
        return String.format(Locale.ROOT, "%d:%02d.%d", tenths / 600, tenths / 10 % 60, tenths % 10);
    }
}
