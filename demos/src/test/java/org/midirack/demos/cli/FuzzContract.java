package org.midirack.demos.cli;

import javax.sound.midi.Sequence;

import org.midirack.host.seq.SequencePlayer;
import org.midirack.host.seq.TempoMap;

/**
 * What the fuzz targets hold every input to: it loads, or it fails with the project's own error
 * ({@link CliError}, {@link SessionDocumentException}) carrying a one-line message with no Java
 * exception name in it (the readers' last-resort catch of a stray {@code RuntimeException} or
 * {@code Error} words its message with the exception's class name: reaching it is a finding too). Anything
 * else (a {@code RuntimeException}, an {@code Error}, a run longer than libFuzzer's
 * {@code -timeout}) propagates and is Jazzer's finding. A loaded song is also made ready to play
 * the way {@code render} and {@code play} do it ({@link Engine#load}: tempo map, player, length),
 * as that is where a file's numbers first meet arithmetic.
 */
final class FuzzContract {
    private FuzzContract() {
    }

    /** The sample rate songs are prepared at, the command line's default. */
    static final long SAMPLE_RATE = 48000;

    /**
     * Prepares a loaded song as {@link Engine#load} does, without a host.
     * @thread fuzzer
     */
    static long prepare(Sequence song) {
        TempoMap map = new TempoMap(song, SAMPLE_RATE);
        SequencePlayer player = new SequencePlayer(song, map);
        map.tempoBpmAtFrame(0);
        return player.endFrame();
    }

    /**
     * Checks a clean failure's message; throws {@link AssertionError} (a finding) when it is not
     * one line, is empty, or names a Java exception or error class.
     * @thread fuzzer
     */
    static void requireCleanMessage(RuntimeException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            throw new AssertionError("an error with no message", e);
        }
        if (m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0) {
            throw new AssertionError("a message of more than one line: " + m, e);
        }
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            boolean raw = c instanceof Error || c instanceof RuntimeException && !(c instanceof CliError)
                    && !(c instanceof SessionDocumentException) && !c.getClass().getName().startsWith("org.midirack.");
            if (raw && m.contains(c.getClass().getSimpleName())) {
                throw new AssertionError("a stray " + c.getClass().getName() + " caught and named in the message: " + m, e);
            }
        }
    }
}
