package dev.batchapi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.config.HttpClientProbe;
import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.support.BenchmarkReport;
import dev.batchapi.support.FunctionProcess;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.ProbeProcess;
import dev.batchapi.support.TestApi;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cold start, as Lambda has one: a fresh JVM running the runtime interface client on the deployment
 * jar with the template's JAVA_TOOL_OPTIONS, from its start to its first answer, for the GET, list and
 * create functions and for {@link BareHandler} (a constant answer), interleaved in one run against the
 * local stand-ins. Not a test: {@code mvn -pl functions -am verify -Pbenchmark} runs it and writes
 * benchmarks/coldstart.md.
 */
class ColdStartBenchmark {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final int RUNS = 7;
    /** As template.yaml's Globals set them (and Lambda's own default is the same tier). */
    private static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    private static final String BATCH_ID = "8c4ab3ae-2f0c-4b39-9d0b-3d2a8f4c1e57";

    /** @param succeeded whether the function's answer says it did its work */
    private record Function(String name, String handler, String eventFile, Predicate<Map<?, ?>> succeeded) {

        /** An API function: it answers 200. */
        Function(String name, String handler, String eventFile) {
            this(name, handler, eventFile, answer -> "200".equals(String.valueOf(answer.get("statusCode"))));
        }
    }

    private static final List<Function> FUNCTIONS = List.of(
            new Function("bare handler", BareHandler.class.getName() + "::handleRequest", "get-batch.json"),
            new Function("GET /batches/{id}", "dev.batchapi.api.GetBatchHandler::handleRequest", "get-batch.json"),
            new Function("GET /batches (list)", "dev.batchapi.api.ListBatchesHandler::handleRequest", "list-batches.json"),
            new Function("POST /batches (create)", "dev.batchapi.api.CreateBatchHandler::handleRequest", "create-batch.json"),
            // The event path: a stream record in, its event put on the bus.
            new Function("table stream → event (publish)", "dev.batchapi.sync.PublishStateChangesHandler::handleRequest",
                    "publish-state-changes.json", answer -> List.of().equals(answer.get("batchItemFailures"))));

    @Test
    void measure() throws Exception {
        // The batch the GET event names, created as any client would.
        new TestApi(aws.context()).create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"s3://b/a.jar\",\"className\":"
                + "\"a.B\",\"conf\":{\"kyuubi.batch.id\":\"" + BATCH_ID + "\"}}");
        Map<String, String> env = new HashMap<>(aws.environment(Map.of()));
        env.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        String testClasses = Path.of("target", "test-classes").toAbsolutePath().toString();
        Map<Function, List<FunctionProcess.Run>> runs = new LinkedHashMap<>();
        FUNCTIONS.forEach(function -> runs.put(function, new ArrayList<>()));
        run(FUNCTIONS.get(0), env, testClasses); // warms the page cache
        String probeClasspath = FunctionProcess.DEPLOYMENT_JAR.toAbsolutePath() + File.pathSeparator + testClasses;
        long[] sdkAlone = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            for (Function function : FUNCTIONS) {
                runs.get(function).add(run(function, env, testClasses));
            }
            long[] sdk = ProbeProcess.run(probeClasspath, HttpClientProbe.class, "url-connection-one-write");
            sdkAlone[i] = sdk[0] + sdk[1];
        }
        long[] bare = totals(runs.get(FUNCTIONS.get(0)));
        List<String> lines = new ArrayList<>(List.of(
                "# Cold start",
                "",
                BenchmarkReport.writtenBy(ColdStartBenchmark.class),
                "",
                "Each run is a fresh JVM (`JAVA_TOOL_OPTIONS=" + JAVA_TOOL_OPTIONS + "`, as the template sets) running the"
                        + " Lambda runtime interface client on `batch-api-functions.jar` and the function's handler, given its"
                        + " sample event from `events/` by a Runtime API on 127.0.0.1, against the local stand-ins of"
                        + " DynamoDB, EMR, S3, Secrets Manager and EventBridge. " + RUNS + " runs of each, interleaved. *Init*: JVM start"
                        + " to the runtime client's first poll; *first invoke*: that poll to the answer; *total*: JVM start"
                        + " to the first answer. Medians, min–max in brackets.",
                "",
                "| Function | total | ratio to the bare handler | init | first invoke | peak RSS |",
                "|---|---|---|---|---|---|"));
        for (Function function : FUNCTIONS) {
            List<FunctionProcess.Run> measured = runs.get(function);
            lines.add("| " + function.name() + " | " + spread(totals(measured), ColdStartBenchmark::millis, " s")
                    + " | " + String.format(Locale.ROOT, "%.2f×", (double) median(totals(measured)) / median(bare))
                    + " | " + spread(measured.stream().mapToLong(FunctionProcess.Run::initNanos).toArray(),
                            ColdStartBenchmark::millis, " s")
                    + " | " + spread(measured.stream().mapToLong(FunctionProcess.Run::invokeNanos).toArray(),
                            nanos -> nanos / 1_000_000, " ms")
                    + " | " + spread(measured.stream().mapToLong(FunctionProcess.Run::peakRssKb).toArray(),
                            kb -> kb / 1024, " MB") + " |");
        }
        long getTotal = median(totals(runs.get(FUNCTIONS.get(1))));
        lines.addAll(List.of(
                "",
                "## Why GET stops at " + String.format(Locale.ROOT, "%.1f×", (double) getTotal / median(bare))
                        + " the bare handler, not the 1.5× of issue 14",
                "",
                "The SDK alone, in the same run (`HttpClientProbe` in a fresh JVM, the same options: the deployed HTTP"
                        + " client and a DynamoDB client built, then one GetItem, no function): "
                        + spread(sdkAlone, ColdStartBenchmark::millis, " s") + ". The bare handler's total plus that is "
                        + String.format(Locale.ROOT, "%.2f s", (median(bare) + median(sdkAlone)) / 1e9) + ", against GET's "
                        + String.format(Locale.ROOT, "%.2f s", getTotal / 1e9) + ": the function's own code adds next to"
                        + " nothing, and 1.5× (" + String.format(Locale.ROOT, "%.2f s", median(bare) * 1.5 / 1e9)
                        + ") would leave the SDK less than half of what it takes before its first answer.",
                "",
                "Tried, and kept: each function builds only the clients it calls (GET and list were 0.96 s and 0.95 s"
                        + " when every function built all four); the URL-connection HTTP client, the quickest to build"
                        + " (benchmarks/httpclient.md); JSON through the SDK's own jackson-core (benchmarks/json.md); a"
                        + " jar without what no function loads. Not done: replacing the SDK with hand-written signing and"
                        + " JSON calls (a well-kept library over our own parser), and class-data-sharing archives, which"
                        + " Lambda's runtime does not keep between cold starts. On Lambda the functions run with SnapStart:"
                        + " a restore skips this init altogether, and priming warms the first request (benchmarks/snapstart.md)."));
        BenchmarkReport.write("coldstart.md", lines);
    }

    private static FunctionProcess.Run run(Function function, Map<String, String> env, String testClasses) throws Exception {
        String event = Files.readString(Path.of("..", "events", function.eventFile()))
                // Each create a batch of its own, not a duplicate of the last.
                .replace(BATCH_ID, function.eventFile().startsWith("create") ? UUID.randomUUID().toString() : BATCH_ID);
        FunctionProcess.Run run = FunctionProcess.invokeOnce(function.handler(), List.of(testClasses), env, event,
                Path.of("target", "coldstart-" + function.eventFile().replace(".json", ".log")));
        assertThat(run.answer().error()).as(function.name() + ": " + run.answer().body()).isFalse();
        assertThat((Map<?, ?>) Json.parse(run.answer().body(), new JsonLimits(32, Integer.MAX_VALUE)))
                .as(function.name() + ": " + run.answer().body()).matches(function.succeeded());
        return run;
    }

    private static long[] totals(List<FunctionProcess.Run> runs) {
        return runs.stream().mapToLong(FunctionProcess.Run::totalNanos).toArray();
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /** Median (min–max), each value converted, then the unit; seconds are shown from milliseconds. */
    private static String spread(long[] values, LongUnaryOperator convert, String unit) {
        long[] sorted = Arrays.stream(values).map(convert).sorted().toArray();
        if (unit.equals(" s")) {
            return String.format(Locale.ROOT, "%.2f s (%.2f–%.2f)", sorted[sorted.length / 2] / 1000.0, sorted[0] / 1000.0,
                    sorted[sorted.length - 1] / 1000.0);
        }
        return sorted[sorted.length / 2] + unit + " (" + sorted[0] + "–" + sorted[sorted.length - 1] + ")";
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
