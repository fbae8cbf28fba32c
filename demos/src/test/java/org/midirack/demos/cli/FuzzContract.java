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
     * one line of printable text (a control character: a line break, a terminal escape), is
     * empty, or names a Java exception or error class it caught (outside single quotes, which
     * quote the user's text, and unless {@code input} itself holds the name: echoed user text).
     * @thread fuzzer
     */
    static void requireCleanMessage(RuntimeException e, byte[] input) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            throw new AssertionError("an error with no message", e);
        }
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            if (c < 0x20 || c >= 0x7F && c <= 0x9F || c == '\u2028' || c == '\u2029') { // not PrintableText's: independent
                throw new AssertionError(String.format("a message with control character U+%04X at %d (not one"
                        + " clean line): %s", (int) c, i, m), e);
            }
        }
        String unquoted = m.replaceAll("'[^']*'", "''"); // the user's own text, quoted, may say anything
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            boolean raw = c instanceof Error || c instanceof RuntimeException && !(c instanceof CliError)
                    && !(c instanceof SessionDocumentException) && !c.getClass().getName().startsWith("org.midirack.");
            String name = c.getClass().getSimpleName();
            // a name the input itself holds is the user's text echoed (the fuzzer learns such words)
            if (raw && unquoted.contains(name) && !userText(input).contains(name)) {
                throw new AssertionError("a stray " + c.getClass().getName() + " caught and named in the message: " + m, e);
            }
        }
    }

    /**
     * The input's text as the user wrote it and as a properties reader decodes it (a session is one):
     * a value may spell a word across a line continuation ({@code Illegal\<newline>Argument...}) or
     * with {@code \}{@code uXXXX} escapes, and the message then quotes the decoded word back.
     */
    private static String userText(byte[] input) {
        String raw = new String(input, java.nio.charset.StandardCharsets.ISO_8859_1);
        java.util.Properties decoded = new java.util.Properties();
        try {
            decoded.load(new java.io.StringReader(raw));
        } catch (java.io.IOException | IllegalArgumentException notProperties) {
            return raw;
        }
        StringBuilder all = new StringBuilder(raw);
        decoded.forEach((k, v) -> all.append('\n').append(k).append('=').append(v));
        return all.toString();
    }

    /**
     * Runs a target once over its seeds before fuzzing starts (from the target's static initializer),
     * so the first inputs do not pay for class loading and instrumentation (a node type's first
     * instance loads Gervill's soundbank): those seconds would count against libFuzzer's 1 s
     * per-input timeout. Failures are ignored here; the fuzzing run reports them.
     * @thread fuzzer
     */
    static void warmUp(Class<?> target, String method, java.util.function.Consumer<byte[]> run) {
        java.nio.file.Path dir = java.nio.file.Path.of("demos/src/test/resources/org/midirack/demos/cli",
                target.getSimpleName() + "Inputs", method);
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                try {
                    run.accept(java.nio.file.Files.readAllBytes(f));
                } catch (RuntimeException | AssertionError | java.io.IOException ignored) {
                    // reported by the fuzzing run itself
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("fuzz.sh runs from the repository root; no seeds at " + dir, e);
        }
    }
}
