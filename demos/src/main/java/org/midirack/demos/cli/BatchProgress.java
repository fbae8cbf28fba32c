package org.midirack.demos.cli;

import java.io.PrintStream;
import java.util.function.IntFunction;

/**
 * One progress line per file on a terminal, redrawn in place every 200 ms on standard error (ANSI: cursor up,
 * clear line), drawn a last time when stopped. Used only when standard error is a terminal; piped output gets
 * none of it.
 */
final class BatchProgress {

    private final int lines;
    private final IntFunction<String> lineOf;
    private final PrintStream err = System.err;
    private final Thread thread;
    private volatile boolean running = true;
    private boolean drawn;

    private BatchProgress(int lines, IntFunction<String> lineOf) {
        this.lines = lines;
        this.lineOf = lineOf;
        this.thread = new Thread(this::loop, "midirack-batch-progress");
        this.thread.setDaemon(true);
    }

    /**
     * Starts redrawing {@code lines} lines, line i given by {@code lineOf.apply(i)}.
     * @thread main
     */
    static BatchProgress start(int lines, IntFunction<String> lineOf) {
        BatchProgress p = new BatchProgress(lines, lineOf);
        p.thread.start();
        return p;
    }

    private void loop() {
        while (running) {
            draw();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void draw() {
        StringBuilder sb = new StringBuilder();
        if (drawn) {
            sb.append("\u001b[").append(lines).append('F'); // to the start of the first line
        }
        for (int i = 0; i < lines; i++) {
            sb.append("\u001b[2K").append(lineOf.apply(i)).append('\n');
        }
        err.print(sb);
        err.flush();
        drawn = true;
    }

    /**
     * Stops redrawing and draws the final state.
     * @thread main
     */
    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
    }
}
