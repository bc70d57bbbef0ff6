package dev.batchapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The style rule "let the domain own its ports": the domain ({@code dev.batchapi.batch} and its
 * sub-packages) holds the rules and the interfaces they use, adapters and entry points depend on it,
 * and no arrow between two packages runs back. Read from the import statements of the main tree: a
 * class of the same package needs none, so every arrow between packages is an import.
 */
class PackageDependenciesTest {

    private static final Path MAIN_SOURCES = Path.of("src", "main", "java");
    private static final String DOMAIN = "dev.batchapi.batch";
    private static final Set<String> OUTSIDE_THE_DOMAIN = Set.of(
            "dev.batchapi.store", "dev.batchapi.engine", "dev.batchapi.engine.emr", "dev.batchapi.logs",
            "dev.batchapi.uploads", "dev.batchapi.api", "dev.batchapi.config", "dev.batchapi.sync");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT =
            Pattern.compile("^import\\s+(?:static\\s+)?(dev\\.batchapi\\.[\\w.]+?)(?:\\.\\*)?\\s*;", Pattern.MULTILINE);

    /** One import from a class of one package of a type (or member) of another. */
    record Arrow(String from, String to, String file) {

        @Override
        public String toString() {
            return from + " -> " + to + " (" + file + ")";
        }
    }

    @Test
    void noTwoPackagesReachEachOther() {
        List<Arrow> arrows = mainArrows();

        assertThat(arrows).as("the imports of %s", MAIN_SOURCES.toAbsolutePath())
                .contains(new Arrow("dev.batchapi.api", DOMAIN, "dev/batchapi/api/CreateBatchHandler.java"));
        assertThat(cycles(arrows)).as("packages that reach each other, with the imports among them").isEmpty();
    }

    @Test
    void theDomainImportsNoAdapterNorEntryPoint() {
        List<Arrow> outOfTheDomain = mainArrows().stream()
                .filter(arrow -> arrow.from().equals(DOMAIN) || arrow.from().startsWith(DOMAIN + "."))
                .filter(arrow -> OUTSIDE_THE_DOMAIN.contains(arrow.to()))
                .toList();

        assertThat(outOfTheDomain).isEmpty();
    }

    @Test
    void aCycleIsFoundThroughEveryPackageOnIt() {
        List<Arrow> arrows = Stream.of(
                        source("dev/batchapi/a/A.java", "dev.batchapi.a", "dev.batchapi.b.B"),
                        source("dev/batchapi/b/B.java", "dev.batchapi.b", "dev.batchapi.c.C.NESTED"),
                        source("dev/batchapi/c/C.java", "dev.batchapi.c", "dev.batchapi.a.*"),
                        source("dev/batchapi/d/D.java", "dev.batchapi.d", "dev.batchapi.a.A"))
                .flatMap(file -> arrows(file.getKey(), file.getValue()).stream())
                .toList();

        assertThat(cycles(arrows)).containsExactly(Map.entry(
                new TreeSet<>(Set.of("dev.batchapi.a", "dev.batchapi.b", "dev.batchapi.c")),
                List.of(arrows.get(0), arrows.get(1), arrows.get(2))));
    }

    private static List<Arrow> mainArrows() {
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .sorted()
                    .flatMap(file -> arrows(MAIN_SOURCES.relativize(file).toString().replace('\\', '/'), read(file)).stream())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The arrows of one source file to the other dev.batchapi packages it imports from. */
    static List<Arrow> arrows(String file, String text) {
        Matcher declared = PACKAGE.matcher(text);
        if (!declared.find()) {
            throw new IllegalArgumentException(file + " declares no package");
        }
        String from = declared.group(1);
        Matcher imported = IMPORT.matcher(text);
        Set<String> to = new TreeSet<>();
        while (imported.find()) {
            to.add(packageOf(imported.group(1)));
        }
        to.remove(from);
        return to.stream().map(target -> new Arrow(from, target, file)).toList();
    }

    /** The package of an imported name: its segments before the first type (types are capitalised). */
    private static String packageOf(String name) {
        return Stream.of(name.split("\\."))
                .takeWhile(segment -> !Character.isUpperCase(segment.charAt(0)))
                .collect(Collectors.joining("."));
    }

    /**
     * The groups of packages that reach one another (strongly connected, more than one package), each
     * with the arrows among its packages: those are the imports to undo.
     */
    static Map<Set<String>, List<Arrow>> cycles(List<Arrow> arrows) {
        Map<String, Set<String>> targets = new TreeMap<>();
        arrows.forEach(arrow -> targets.computeIfAbsent(arrow.from(), from -> new TreeSet<>()).add(arrow.to()));
        Map<Set<String>, List<Arrow>> cycles = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (String pkg : targets.keySet()) {
            Set<String> group = reachable(targets, pkg).stream()
                    .filter(other -> reachable(targets, other).contains(pkg))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (group.size() > 1) {
                cycles.put(group, arrows.stream()
                        .filter(arrow -> group.contains(arrow.from()) && group.contains(arrow.to()))
                        .toList());
            }
        }
        return cycles;
    }

    /** Every package reachable from {@code start} by one or more arrows, and itself. */
    private static Set<String> reachable(Map<String, Set<String>> targets, String start) {
        Set<String> seen = new TreeSet<>(Set.of(start));
        Deque<String> next = new ArrayDeque<>(seen);
        while (!next.isEmpty()) {
            for (String target : targets.getOrDefault(next.pop(), Set.of())) {
                if (seen.add(target)) {
                    next.push(target);
                }
            }
        }
        return seen;
    }

    private static Map.Entry<String, String> source(String file, String pkg, String imported) {
        return Map.entry(file, "package " + pkg + ";\n\nimport " + imported + ";\nimport java.util.List;\n\nclass X {}\n");
    }
}
