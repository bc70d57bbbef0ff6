package dev.batchapi.telemetry;

import static dev.batchapi.support.BenchmarkReport.median;
import static dev.batchapi.support.BenchmarkReport.millis;
import static dev.batchapi.support.BenchmarkReport.spreadMillis;

import dev.batchapi.support.BenchmarkReport;
import dev.batchapi.support.FunctionProcess;
import dev.batchapi.support.ProbeProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a function's first metric costs, our writer against Powertools for AWS Lambda's metrics:
 * fresh JVMs on the deployment jar with Lambda's {@code -XX:TieredStopAtLevel=1}, each doing a
 * request's JSON and then writing one metric (see {@link MetricsColdStartProbe}), interleaved, and
 * the jars Powertools would add to the deployment. Not a test: {@code mvn -pl functions -am verify
 * -Pbenchmark} runs it and writes benchmarks/metrics.md.
 */
class MetricsColdStartBenchmark {

    private static final int RUNS = 15;
    private static final List<String> MODES = List.of("none", "ours", "powertools");
    /** What Lambda sets, and what Powertools' EMF library reads to choose Lambda's stdout over an agent. */
    private static final Map<String, String> LAMBDA_ENVIRONMENT = Map.of(
            "AWS_LAMBDA_FUNCTION_NAME", "probe", "AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/probe");
    /** A class of each jar Powertools' metrics bring that the deployment jar lacks. */
    private static final List<String> POWERTOOLS_JARS_BY_CLASS = List.of(
            "software.amazon.lambda.powertools.metrics.MetricsBuilder",
            "software.amazon.lambda.powertools.common.internal.LambdaHandlerProcessor",
            "software.amazon.cloudwatchlogs.emf.logger.MetricsLogger",
            "org.javatuples.Pair",
            "org.apache.commons.lang3.StringUtils",
            "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.annotation.JsonProperty",
            "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule");

    @Test
    void measure() throws Exception {
        List<Path> powertoolsJars = new ArrayList<>();
        for (String className : POWERTOOLS_JARS_BY_CLASS) {
            powertoolsJars.add(Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        List<String> entries = new ArrayList<>(List.of(FunctionProcess.DEPLOYMENT_JAR.toAbsolutePath().toString(),
                Path.of("target", "test-classes").toAbsolutePath().toString()));
        powertoolsJars.forEach(jar -> entries.add(jar.toString()));
        String classpath = String.join(File.pathSeparator, entries);
        ProbeProcess.run(classpath, MetricsColdStartProbe.class, "powertools", LAMBDA_ENVIRONMENT); // warms the page cache
        long[][] metric = new long[MODES.size()][RUNS];
        long[][] sinceStart = new long[MODES.size()][RUNS];
        for (int i = 0; i < RUNS; i++) {
            for (int mode = 0; mode < MODES.size(); mode++) {
                long[] nanos = ProbeProcess.run(classpath, MetricsColdStartProbe.class, MODES.get(mode), LAMBDA_ENVIRONMENT);
                metric[mode][i] = nanos[0];
                sinceStart[mode][i] = nanos[1];
            }
        }
        Map<String, Long> jarSizes = new LinkedHashMap<>();
        for (Path jar : powertoolsJars) {
            jarSizes.put(jar.getFileName().toString(), Files.size(jar));
        }
        long powertoolsBytes = jarSizes.values().stream().mapToLong(Long::longValue).sum();
        long oursBytes = classBytes(Metrics.class) + classBytes(Metric.class) + classBytes(Metric.Unit.class);
        long oursMedian = median(metric[1]);
        long powertoolsMedian = median(metric[2]);
        List<String> lines = new ArrayList<>(List.of(
                "# Metrics on a function's cold start",
                "",
                BenchmarkReport.writtenBy(MetricsColdStartBenchmark.class),
                "",
                "Each run is a fresh JVM (`java -XX:TieredStopAtLevel=1 -cp batch-api-functions.jar:…:<Powertools' jars> "
                        + "MetricsColdStartProbe MODE`, with `AWS_LAMBDA_FUNCTION_NAME` set as on Lambda) that reads and "
                        + "writes a request's JSON as a function does first, then writes one metric with one dimension "
                        + "(`BatchesEnded`, `State=FINISHED`) to stdout: `ours` with `dev.batchapi.telemetry.Metrics` "
                        + "(the embedded metric format, written with `dev.batchapi.json.Json`), `powertools` with "
                        + "`software.amazon.lambda:powertools-metrics:2.9.0` (`MetricsBuilder`, `addDimension`, "
                        + "`addMetric`, `flush`: what its `@FlushMetrics` aspect calls), `none` without a metric. "
                        + RUNS + " runs of each mode, interleaved; the metric is timed in the process, and the JVM's start "
                        + "to the metric written is `RuntimeMXBean.getStartTime()` to the clock after it (milliseconds).",
                "",
                "| Mode | first metric, median (min–max) | JVM start to the metric written, median (min–max) |",
                "|---|---|---|"));
        for (int mode = 0; mode < MODES.size(); mode++) {
            lines.add("| " + MODES.get(mode) + " | " + spreadMillis(metric[mode]) + " | " + spreadMillis(sinceStart[mode]) + " |");
        }
        lines.addAll(List.of("",
                "What the jar would carry besides what it has (Powertools' metrics and what they pull in that the "
                        + "deployment jar lacks; the SDK's jackson-core is relocated, so jackson-core comes again):",
                "",
                "| Jar | Bytes |",
                "|---|---|"));
        jarSizes.forEach((jar, bytes) -> lines.add("| " + jar + " | " + String.format(Locale.ROOT, "%,d", bytes) + " |"));
        lines.addAll(List.of(
                "| **Powertools in all** | **" + String.format(Locale.ROOT, "%,d", powertoolsBytes) + "** |",
                "| our writer (`Metrics`, `Metric`, `Metric.Unit`, uncompressed classes) | "
                        + String.format(Locale.ROOT, "%,d", oursBytes) + " |",
                "",
                "**Chosen: " + (oursMedian <= powertoolsMedian ? "our writer" : "Powertools") + ".** A function's first "
                        + "metric costs " + millis(oursMedian) + " ms with our writer and " + millis(powertoolsMedian)
                        + " ms with Powertools (JVM start to the metric: " + millis(median(sinceStart[1])) + " against "
                        + millis(median(sinceStart[2])) + " ms); Powertools would add "
                        + String.format(Locale.ROOT, "%.1f", powertoolsBytes / 1e6) + " MB of jars. Powertools loads "
                        + "jackson-databind and the EMF library's own writer to print the same kind of line; ours reuses "
                        + "the JSON writer every function has already loaded. These are cold starts without SnapStart "
                        + "(the local stack, a function invoked outside its alias); with it, priming would load either "
                        + "writer before the snapshot, and Powertools' jars would still grow the package."));
        BenchmarkReport.write("metrics.md", lines);
    }

    private static long classBytes(Class<?> type) throws Exception {
        try (var in = type.getResourceAsStream(type.getName().substring(type.getPackageName().length() + 1) + ".class")) {
            return in.readAllBytes().length;
        }
    }
}
