package dev.batchapi.json;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the JSON reader and writer add to a function's cold start: fresh JVMs on the deployment jar,
 * with Lambda's {@code -XX:TieredStopAtLevel=1}, alternately doing a create's JSON work and doing none
 * (see {@link JsonColdStartProbe}). Not a test: {@code mvn -pl functions -am verify -Pbenchmark} runs
 * it and writes benchmarks/json.md.
 */
class JsonColdStartBenchmark {

    private static final int RUNS = 15;
    private static final Path DEPLOYMENT_JAR = Path.of("target", "batch-api-functions.jar");

    @Test
    void measure() throws Exception {
        String classpath = DEPLOYMENT_JAR + File.pathSeparator + Path.of("target", "test-classes");
        run(classpath, "json"); // warms the page cache for both
        long[] baseline = new long[RUNS];
        long[] json = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            baseline[i] = run(classpath, "baseline");
            json[i] = run(classpath, "json");
        }
        Arrays.sort(baseline);
        Arrays.sort(json);
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<String> lines = new ArrayList<>(List.of(
                "# JSON on a cold start",
                "",
                "Written by `mvn -pl functions -am verify -Pbenchmark` (`JsonColdStartBenchmark`), " + LocalDate.now()
                        + ", on " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                        + System.getProperty("java.version") + ", load average " + String.format(Locale.ROOT, "%.2f", load)
                        + " when it ended.",
                "",
                "Each run is a fresh JVM (`java -XX:TieredStopAtLevel=1 -cp batch-api-functions.jar:test-classes "
                        + "JsonColdStartProbe MODE`), timed from process start to exit; " + RUNS
                        + " runs of each mode, alternating. `json` parses a create body and writes a Batch answer with "
                        + "`dev.batchapi.json.Json`; `baseline` only decodes the same bytes.",
                "",
                "| Mode | median | min | max |",
                "|---|---|---|---|",
                row("baseline", baseline),
                row("json", json),
                "",
                "What JSON adds to a cold start (difference of medians): **" + millis(median(json) - median(baseline))
                        + " ms**."));
        Path out = Path.of(System.getProperty("benchmark.dir", "../benchmarks"), "json.md");
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
        System.out.println(String.join("\n", lines));
    }

    private static long run(String classpath, String mode) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classpath, JsonColdStartProbe.class.getName(), mode)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the probe failed in mode " + mode);
        }
        return System.nanoTime() - started;
    }

    private static long median(long[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static String row(String mode, long[] sorted) {
        return "| " + mode + " | " + millis(median(sorted)) + " ms | " + millis(sorted[0]) + " ms | "
                + millis(sorted[sorted.length - 1]) + " ms |";
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
