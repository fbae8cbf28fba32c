package org.midirack.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's rule that every public method says in one javadoc tag line which thread calls
 * it ({@code @thread ...}), checked over the main sources of every module. An {@code @Override}
 * inherits the javadoc of the method it implements, and with it the tag.
 */
class ThreadTagConventionTest {
    private static final Pattern PUBLIC_METHOD = Pattern.compile(
            "^\\s*public\\s+(?:(?:static|final|synchronized|abstract|default|native)\\s+)*"
                    + "(?:<[^>]+>\\s+)?[\\w.$<>\\[\\],? ]+\\s+(\\w+)\\s*\\(");
    private static final Pattern INTERFACE_METHOD = Pattern.compile(
            "^\\s{4}(?:default\\s+|static\\s+)?(?:<[^>]+>\\s+)?[\\w.$<>\\[\\],? ]+\\s+(\\w+)\\s*\\([^;{]*\\)\\s*(?:throws [\\w., ]+)?[;{]");

    @Test
    void everyPublicMethodNamesItsThread() throws IOException {
        Path root = Paths.get("").toAbsolutePath().getParent();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root, 12)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")
                    && p.toString().contains("/src/main/java/")
                    && !p.toString().contains("/benchmarks/")
                    && !p.toString().contains("/target/"))::iterator) {
                check(f, missing);
            }
        }
        assertTrue(missing.isEmpty(), missing.size() + " public methods without a @thread tag line:\n"
                + String.join("\n", missing));
    }

    private static void check(Path file, List<String> missing) throws IOException {
        List<String> lines = Files.readAllLines(file);
        boolean isInterface = lines.stream().anyMatch(l -> l.matches("^public\\s+(?:sealed\\s+)?interface\\s.*")
                || l.matches("^public\\s+@interface\\s.*"));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = PUBLIC_METHOD.matcher(line);
            boolean candidate = m.find() && !line.contains(" class ") && !line.contains(" record ")
                    && !line.contains(" interface ") && !line.contains(" enum ") && !line.contains(" new ");
            if (!candidate && isInterface) {
                Matcher im = INTERFACE_METHOD.matcher(line);
                candidate = im.find() && !line.contains("return ") && !line.contains(" new ")
                        && !line.trim().startsWith("return") && !line.contains("=");
            }
            if (!candidate) {
                continue;
            }
            if (overrides(lines, i)) {
                continue; // javadoc, and its @thread line, is inherited from the declaration
            }
            if (!javadocAboveHasThreadTag(lines, i)) {
                missing.add(file.getFileName() + ":" + (i + 1) + ": " + line.trim());
            }
        }
    }

    private static boolean overrides(List<String> lines, int i) {
        for (int j = i - 1; j >= 0 && j >= i - 4; j--) {
            String l = lines.get(j).trim();
            if (l.equals("@Override")) {
                return true;
            }
            if (!l.startsWith("@")) {
                return false;
            }
        }
        return false;
    }

    private static boolean javadocAboveHasThreadTag(List<String> lines, int i) {
        int j = i - 1;
        while (j >= 0 && (lines.get(j).trim().startsWith("@") && !lines.get(j).trim().startsWith("@thread")
                || lines.get(j).trim().isEmpty())) {
            j--; // annotations between javadoc and method
        }
        if (j < 0 || !lines.get(j).trim().endsWith("*/")) {
            return false;
        }
        for (int k = j; k >= 0; k--) {
            String l = lines.get(k);
            if (l.contains("@thread")) {
                return true;
            }
            if (l.trim().startsWith("/**")) {
                return false;
            }
        }
        return false;
    }
}
