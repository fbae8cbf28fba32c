package org.midirack.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Writing a node" example compiles against the node authors' API alone: midi-core's
 * classes with the host side ({@code org.midirack.core.hosting}) taken away. And a node that
 * reaches for the host side does not compile against that API (so the check can fail).
 */
class ReadmeNodeExampleTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void writingANodeExampleCompilesAgainstTheNodeAuthorsApiAlone(@TempDir Path tmp) throws IOException {
        String example = readmeNodeExample();
        Path api = nodeAuthorsApi(tmp.resolve("api"));
        String errors = compile(tmp.resolve("src"), tmp.resolve("out"), api, "GainEffect", example);
        assertEquals("", errors, "the README's node example must compile against org.midirack.core, .sync and .dsp");
    }

    @Test
    void aNodeCannotStartItsOwnCycleOrWriteTheTransport(@TempDir Path tmp) throws IOException {
        Path api = nodeAuthorsApi(tmp.resolve("api"));
        String sneaky = "import org.midirack.core.ProcessContext;\n"
                + "final class Sneaky {\n"
                + "    static void run(ProcessContext ctx) {\n"
                + "        ctx.begin(1, null, null, null);\n"
                + "    }\n"
                + "}\n";
        String errors = compile(tmp.resolve("src"), tmp.resolve("out"), api, "Sneaky", sneaky);
        assertTrue(errors.contains("begin"), "a node's call to ProcessContext.begin must not compile:\n" + errors);
        String transport = "import org.midirack.core.Transport;\n"
                + "final class Tempo {\n"
                + "    static void run(Transport t) {\n"
                + "        t.setState(true, false, true);\n"
                + "    }\n"
                + "}\n";
        errors = compile(tmp.resolve("src2"), tmp.resolve("out2"), api, "Tempo", transport);
        assertTrue(errors.contains("setState"), "a node's write to the transport must not compile:\n" + errors);
    }

    private static String readmeNodeExample() throws IOException {
        Path readme = Paths.get("").toAbsolutePath().getParent().resolve("README.md");
        String text = Files.readString(readme);
        int section = text.indexOf("### Writing a node");
        assertTrue(section >= 0, "README.md has no 'Writing a node' section");
        Matcher m = JAVA_BLOCK.matcher(text);
        assertTrue(m.find(section), "the 'Writing a node' section has no java block");
        String block = m.group(1);
        assertTrue(block.contains("class GainEffect"), "the first java block of the section is not the node");
        assertFalse(block.contains("hosting"), "the node example must not use the host side");
        return block;
    }

    /** midi-core's compiled classes without org.midirack.core.hosting. */
    private static Path nodeAuthorsApi(Path dir) throws IOException {
        Path classes = Paths.get("target", "classes").toAbsolutePath();
        assertTrue(Files.isDirectory(classes.resolve("org/midirack/core/hosting")),
                "midi-core's classes (with a hosting package to take away) are not at " + classes);
        int copied = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String rel = classes.relativize(f).toString().replace('\\', '/');
                if (!rel.endsWith(".class") || rel.equals("module-info.class")
                        || rel.startsWith("org/midirack/core/hosting/")) {
                    continue;
                }
                Path to = dir.resolve(rel);
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
                copied++;
            }
        }
        assertTrue(copied > 10, "only " + copied + " classes in the node authors' API");
        return dir;
    }

    private static String compile(Path src, Path out, Path classpath, String name, String code) throws IOException {
        Files.createDirectories(src);
        Files.createDirectories(out);
        Path file = src.resolve(name + ".java");
        Files.writeString(file, code);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, "-d", out.toString(), "-cp", classpath.toString(),
                "-proc:none", "-Xlint:none", file.toString());
        return status == 0 ? "" : errors.toString(StandardCharsets.UTF_8);
    }
}
