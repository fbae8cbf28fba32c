package org.midirack.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    /** The modules whose main sources the rule covers (benchmarks are not API). */
    private static final List<String> MODULES = List.of("midi-core", "instruments", "effects", "host", "demos");
    /** At least this many source files per module and public methods in all: far below today's counts, far above none. */
    private static final int MIN_FILES_PER_MODULE = 5;
    private static final int MIN_METHODS = 500;

    @Test
    void everyPublicMethodNamesItsThread() throws IOException {
        Path root = Paths.get("").toAbsolutePath().getParent();
        assertTrue(Files.isRegularFile(root.resolve("pom.xml")), "the project root, " + root + ", has a pom.xml");
        List<String> missing = new ArrayList<>();
        Map<String, Integer> filesPerModule = new TreeMap<>();
        int[] methods = {0};
        try (Stream<Path> files = Files.walk(root, 12)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")
                    && p.toString().contains("/src/main/java/")
                    && !p.toString().contains("/benchmarks/")
                    && !p.toString().contains("/target/"))::iterator) {
                filesPerModule.merge(root.relativize(f).getName(0).toString(), 1, Integer::sum);
                methods[0] += check(f, missing);
            }
        }
        System.out.println("@thread rule: " + methods[0] + " public methods checked in " + filesPerModule + " source files");
        for (String module : MODULES) {
            int n = filesPerModule.getOrDefault(module, 0);
            assertTrue(n >= MIN_FILES_PER_MODULE, "scanned " + n + " main source files of module " + module
                    + " (expected at least " + MIN_FILES_PER_MODULE + "): the scan missed it; scanned " + filesPerModule);
        }
        assertTrue(methods[0] >= MIN_METHODS, "checked " + methods[0] + " public methods, expected at least " + MIN_METHODS
                + ": the method pattern no longer matches the sources");
        assertTrue(missing.isEmpty(), missing.size() + " public methods without a @thread tag line:\n"
                + String.join("\n", missing));
    }

    /** Checks one file; returns how many public methods it holds (overrides included). */
    private static int check(Path file, List<String> missing) throws IOException {
        int methods = 0;
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
            methods++;
            if (overrides(lines, i)) {
                continue; // javadoc, and its @thread line, is inherited from the declaration
            }
            if (!javadocAboveHasThreadTag(lines, i)) {
                missing.add(file.getFileName() + ":" + (i + 1) + ": " + line.trim());
            }
        }
        return methods;
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
