package org.midirack.demos.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The host's commands run from a script ({@code host --script FILE}, {@code -} for standard
 * input): in order, with no prompt, stopping at the first error with its line number; and the
 * {@code wait} command, which holds the script while the transport plays.
 */
final class HostScript {
    /** Exit status of a script line the host could not carry out (a bad file or value). */
    static final int BAD_INPUT = 1;
    /** Exit status of a script line that is not a command, or a command used wrongly. */
    static final int USAGE = 2;

    /** A line that is not a command or does not fit its command's usage: exit status {@value #USAGE}. */
    static final class UsageError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /** One command line of the host; false: quit. */
    interface Commands {
        boolean run(String[] words);
    }

    private HostScript() {
    }

    /**
     * The script's lines, read whole before the host starts ({@code -}: standard input).
     * @thread main
     */
    static List<String> read(String file) {
        try {
            if (file.equals("-")) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                return in.lines().toList();
            }
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliError(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new CliError(file + ": not a text file (not UTF-8)");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new CliError(file + ": cannot read the script (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Whether standard input is a terminal. Linux: what {@code /proc/self/fd/0} links to (a
     * {@code /dev/pts/N} or {@code /dev/ttyN} is one; a pipe, a file or {@code /dev/null} is not);
     * elsewhere, whether the JVM has a console.
     * @thread main
     */
    static boolean stdinIsTerminal() {
        try {
            String to = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return to.startsWith("/dev/pts/") || to.startsWith("/dev/tty") || to.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /**
     * Standard input's lines as they arrive (UTF-8; a line that is not is replaced, not fatal), for
     * a host fed through a pipe: each line runs before the next is read.
     * @thread main
     */
    static java.util.Iterator<String> stdinLines() {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return new java.util.Iterator<>() {
            private String next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    try {
                        next = in.readLine();
                    } catch (IOException e) {
                        next = null;
                    }
                    done = next == null;
                }
                return next != null;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                String line = next;
                next = null;
                return line;
            }
        };
    }

    /**
     * Runs the lines in order ({@code #} starts a comment); the first failing line stops the
     * script with one line on {@code err} naming the script and the line number.
     * @return 0, {@value #BAD_INPUT} or {@value #USAGE}
     * @thread main
     */
    static int run(String name, java.util.Iterator<String> lines, Commands commands, PrintStream err) {
        String label = name.equals("-") ? "<stdin>" : name;
        for (int i = 0; lines.hasNext(); i++) {
            String line = lines.next();
            int hash = line.indexOf('#');
            String[] w = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (w[0].isEmpty()) {
                continue;
            }
            try {
                if (!commands.run(w)) {
                    return 0;
                }
            } catch (CliError | IllegalArgumentException e) {
                err.println("midirack host: " + label + ":" + (i + 1) + ": " + e.getMessage());
                boolean usage = e instanceof UsageError || String.valueOf(e.getMessage()).startsWith("usage:");
                return usage ? USAGE : BAD_INPUT;
            }
        }
        return 0;
    }

    /**
     * {@code wait} (until the song ends), {@code wait N s} (seconds) or {@code wait N bars}
     * (of 4 beats at the transport's tempo, while it plays).
     * @param songFrames the loaded song's length in frames
     * @return what was waited for
     * @thread main
     */
    static String waitFor(String[] w, Engine engine, long songFrames) {
        if (w.length == 1) {
            if (!engine.playing()) {
                throw new IllegalArgumentException("wait: the transport is stopped ('play' first)");
            }
            if (engine.loop()[1] >= 0) {
                throw new IllegalArgumentException("wait: the loop is on, the song does not end (wait N s, wait N bars)");
            }
            while (engine.playing() && engine.position() < songFrames) {
                LockSupport.parkNanos(5_000_000L);
            }
            return "waited for the end of the song";
        }
        if (w.length != 3) {
            throw new UsageError("usage: wait | wait N s | wait N bars");
        }
        double n;
        try {
            n = Double.parseDouble(w[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("wait: '" + w[1] + "' is not a number");
        }
        if (!(n >= 0 && n <= 86_400)) {
            throw new IllegalArgumentException("wait: " + w[1] + " is outside 0-86400");
        }
        String unit = w[2].toLowerCase(Locale.ROOT);
        if (unit.equals("s") || unit.startsWith("sec")) {
            sleepUntil(System.nanoTime() + Math.round(n * 1e9));
            return "waited " + w[1] + " s";
        }
        if (unit.equals("bar") || unit.equals("bars")) {
            if (!engine.playing()) {
                throw new IllegalArgumentException("wait: the transport is stopped ('play' first)");
            }
            // bars of the transport: sum the beats it moves forward (a loop's jump back counts as 0)
            double left = n * 4;
            double last = engine.beat();
            while (left > 1e-9 && engine.playing()) {
                LockSupport.parkNanos(2_000_000L);
                double now = engine.beat();
                left -= Math.max(0, now - last);
                last = now;
            }
            return "waited " + w[1] + " bars";
        }
        throw new UsageError("usage: wait | wait N s | wait N bars (not '" + w[2] + "')");
    }

    /** Every command word of the host, for did-you-mean. */
    static final List<String> COMMANDS = List.of("help", "tracks", "load", "play", "stop", "rewind", "tempo", "loop",
            "record", "save", "session", "status", "wait", "quit", "nodes", "add", "remove", "rename", "connect",
            "disconnect", "graph", "track", "transport", "params", "set", "map", "learn", "unmap", "mappings");

    /**
     * The error for a word that is no command, with the nearest command when one is close.
     * @thread main
     */
    static UsageError unknownCommand(String word) {
        String best = Suggest.nearest(word, COMMANDS);
        return new UsageError("unknown command '" + word + "'" + (best != null ? " (did you mean '" + best + "'?)" : "")
                + "; type 'help'");
    }

    private static void sleepUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
