package dev.batchapi.json;

import static dev.batchapi.support.BenchmarkReport.median;
import static dev.batchapi.support.BenchmarkReport.millis;
import static dev.batchapi.support.BenchmarkReport.spreadMillis;

import dev.batchapi.support.BenchmarkReport;
import dev.batchapi.support.ProbeProcess;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What JSON costs a function's first request: fresh JVMs on the deployment jar, with Lambda's
 * {@code -XX:TieredStopAtLevel=1}, each doing a function's init and first request (see
 * {@link JsonColdStartProbe}): with our JSON on the SDK's relocated jackson-core, with a separate
 * jackson-core, and without JSON. Not a test: {@code mvn -pl functions -am verify -Pbenchmark} runs
 * it and writes benchmarks/json.md.
 */
class JsonColdStartBenchmark {

    private static final int RUNS = 15;
    private static final List<String> MODES = List.of("sdk", "json", "separate");

    @Test
    void measure() throws Exception {
        String classpath = String.join(File.pathSeparator, Path.of("target", "batch-api-functions.jar").toString(),
                Path.of("target", "test-classes").toString(), jarOf(com.fasterxml.jackson.core.JsonFactory.class));
        ProbeProcess.run(classpath, JsonColdStartProbe.class, "json"); // warms the page cache
        long[][] json = new long[MODES.size()][RUNS];
        long[][] firstCall = new long[MODES.size()][RUNS];
        for (int i = 0; i < RUNS; i++) {
            for (int mode = 0; mode < MODES.size(); mode++) {
                long[] nanos = ProbeProcess.run(classpath, JsonColdStartProbe.class, MODES.get(mode));
                json[mode][i] = nanos[0];
                firstCall[mode][i] = nanos[1];
            }
        }
        List<String> lines = new ArrayList<>(List.of(
                "# JSON on a function's first request",
                "",
                BenchmarkReport.writtenBy(JsonColdStartBenchmark.class),
                "",
                "Each run is a fresh JVM (`java -XX:TieredStopAtLevel=1 -cp batch-api-functions.jar:… JsonColdStartProbe "
                        + "MODE`) that does a function's init (its AWS clients), then a create's JSON (parse the body, "
                        + "write the Batch), then its first DynamoDB call, to a stub on 127.0.0.1; each part timed in the "
                        + "process. " + RUNS + " runs of each mode, interleaved. `json`: `dev.batchapi.json.Json` on the "
                        + "SDK's relocated jackson-core (`software.amazon.awssdk:third-party-jackson-core`, which the "
                        + "SDK's JSON protocols load anyway); `separate`: the same work on an unrelocated jackson-core of "
                        + "its own (" + jacksonVersion() + "); `sdk`: no JSON.",
                "",
                "| Mode | JSON work, median (min–max) | first DynamoDB call, median (min–max) |",
                "|---|---|---|"));
        for (int mode = 0; mode < MODES.size(); mode++) {
            lines.add("| " + MODES.get(mode) + " | " + spreadMillis(json[mode]) + " | " + spreadMillis(firstCall[mode]) + " |");
        }
        lines.addAll(List.of("",
                "What our JSON adds to a function's first request: **" + millis(median(json[1])) + " ms**; a separate "
                        + "jackson-core would add " + millis(median(json[2])) + " ms (its classes are loaded and "
                        + "interpreted a second time). The first DynamoDB call is the same with or without JSON before "
                        + "it, within the spread."));
        BenchmarkReport.write("json.md", lines);
    }

    private static String jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String jacksonVersion() {
        return com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString();
    }
}
