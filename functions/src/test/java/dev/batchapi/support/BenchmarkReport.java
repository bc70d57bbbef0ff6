package dev.batchapi.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A benchmark's page in benchmarks/: where its figures come from, and the file itself. */
public final class BenchmarkReport {

    /** What runs every benchmark: the functions' and the local stack's (README, "Tests"). */
    public static final String COMMAND = "mvn -pl local/server -am verify -Pbenchmark";

    private BenchmarkReport() {
    }

    /** The sentence that says which command wrote the figures, when, and on what machine, as it was then. */
    public static String writtenBy(Class<?> benchmark) {
        return "Written by `" + COMMAND + "` (`" + benchmark.getSimpleName() + "`), "
                + LocalDate.now() + ", on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + ", load average " + String.format(Locale.ROOT, "%.2f",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()) + " when it ended.";
    }

    /** Writes the page to the benchmarks folder (the build's benchmark.dir) and shows it. */
    public static void write(String fileName, List<String> lines) throws IOException {
        Path out = Path.of(System.getProperty("benchmark.dir", "../benchmarks"), fileName);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, lines);
        System.out.println(String.join(System.lineSeparator(), lines));
    }

    /** Nanosecond figures as milliseconds: {@code median ms (min–max)}. */
    public static String spreadMillis(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return millis(median(sorted)) + " ms (" + millis(sorted[0]) + "–" + millis(sorted[sorted.length - 1]) + ")";
    }

    public static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Nanoseconds as milliseconds, one decimal. */
    public static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
