package dev.batchapi.api;

import dev.batchapi.config.Config;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.support.BenchmarkReport;
import dev.batchapi.support.FunctionProcess;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.ProbeProcess;
import dev.batchapi.support.TestApi;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What SnapStart priming buys the first invoke after a restore: the GET, list and create functions,
 * each in fresh JVMs with Lambda's tier ({@link SnapStartProbe}), primed and not, interleaved, against
 * the stand-ins. This machine has no CRaC JVM, so no snapshot is taken or restored: the probe calls
 * {@code beforeCheckpoint} itself after init, where SnapStart would, and then invokes; what a real
 * restore adds (pages faulted in, fresh connections) is the same with and without priming. Not a
 * test: {@code mvn -pl functions -am verify -Pbenchmark} runs it and writes benchmarks/snapstart.md.
 */
class SnapStartBenchmark {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final int RUNS = 7;
    private static final List<String> FUNCTIONS = List.of("get", "list", "create");
    private static final List<String> MODES = List.of("primed", "unprimed");
    private static final String BATCH_ID = "8c4ab3ae-2f0c-4b39-9d0b-3d2a8f4c1e57";

    @Test
    void measure() throws Exception {
        new TestApi(aws.context()).create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"s3://b/a.jar\",\"className\":"
                + "\"a.B\",\"conf\":{\"kyuubi.batch.id\":\"" + BATCH_ID + "\"}}");
        String classpath = String.join(File.pathSeparator, FunctionProcess.DEPLOYMENT_JAR.toAbsolutePath().toString(),
                Path.of("target", "test-classes").toAbsolutePath().toString());
        probe(classpath, "get", "primed"); // warms the page cache
        // [function][mode][figure: priming, first, warm, warm after the gap][run]
        long[][][][] results = new long[FUNCTIONS.size()][MODES.size()][4][RUNS];
        for (int run = 0; run < RUNS; run++) {
            for (int function = 0; function < FUNCTIONS.size(); function++) {
                for (int mode = 0; mode < MODES.size(); mode++) {
                    long[] nanos = probe(classpath, FUNCTIONS.get(function), MODES.get(mode));
                    for (int figure = 0; figure < 4; figure++) {
                        results[function][mode][figure][run] = nanos[figure];
                    }
                }
            }
        }
        List<String> lines = new ArrayList<>(List.of(
                "# SnapStart: the first invoke after priming",
                "",
                BenchmarkReport.writtenBy(SnapStartBenchmark.class),
                "",
                "Each run is a fresh JVM (`-XX:TieredStopAtLevel=1`, tiered compilation on: Lambda's and the template's"
                        + " options) on `batch-api-functions.jar` that builds the function's handler as its init does,"
                        + " against the local stand-ins of DynamoDB, EMR and S3 on 127.0.0.1; *primed* then runs the"
                        + " handler's `SnapStartPriming.beforeCheckpoint` (*priming*). There is no CRaC JVM here, so no"
                        + " snapshot is taken or restored: the probe calls `beforeCheckpoint` itself, where SnapStart"
                        + " would, waits " + SnapStartProbe.RESTORE_GAP.toSeconds() + " s for its kept-alive connection to"
                        + " the stand-in to expire (a restore finds every connection dead), then times the *first invoke*,"
                        + " then " + SnapStartProbe.WARM_UP + " more and "
                        + SnapStartProbe.TIMED + " timed ones (*warm*, their median; create: " + SnapStartProbe.CREATE_WARM_UP
                        + " and " + SnapStartProbe.CREATE_TIMED + ", each adds an EMR step). GET reads one batch; list"
                        + " asks for the newest 10; create submits a SPARK batch (DynamoDB writes and an EMR step, on the"
                        + " stand-ins). " + RUNS + " runs of each, interleaved; medians of the runs, min–max in brackets;"
                        + " *ratio*: first invoke over warm, per run, its median. *Warm after the gap*: primed runs then"
                        + " wait the same " + SnapStartProbe.RESTORE_GAP.toSeconds() + " s once more and time one invoke:"
                        + " what the idle spell alone costs a warm function (a new connection, cold caches).",
                "",
                "| Function | priming | first invoke | warm | first / warm | warm after the gap | first / warm after the gap |",
                "|---|---|---|---|---|---|---|"));
        for (int function = 0; function < FUNCTIONS.size(); function++) {
            for (int mode = 0; mode < MODES.size(); mode++) {
                long[][] figures = results[function][mode];
                long[] ratios = new long[RUNS];
                long[] gapRatios = new long[RUNS];
                for (int run = 0; run < RUNS; run++) {
                    ratios[run] = figures[1][run] * 100 / figures[2][run];
                    gapRatios[run] = mode == 0 ? figures[1][run] * 100 / figures[3][run] : 0;
                }
                boolean primed = mode == 0;
                lines.add("| " + FUNCTIONS.get(function) + ", " + MODES.get(mode) + " | "
                        + (primed ? spread(figures[0], 1e6, " ms") : "–") + " | " + spread(figures[1], 1e6, " ms") + " | "
                        + spread(figures[2], 1e6, " ms") + " | " + spread(ratios, 100, "×") + " | "
                        + (primed ? spread(figures[3], 1e6, " ms") + " | " + spread(gapRatios, 100, "×") : "– | –") + " |");
            }
        }
        BenchmarkReport.write("snapstart.md", lines);
    }

    private static long[] probe(String classpath, String function, String mode) throws Exception {
        Map<String, String> env = aws.environment(Map.of());
        // Each create run on a cluster of its own, which its steps do not fill.
        String clusterId = function.equals("create")
                ? aws.emr().createCluster(ClusterSpec.named("snapstart-" + System.nanoTime()))
                : aws.clusterId();
        return ProbeProcess.run(classpath, SnapStartProbe.class, String.join(",", function, mode,
                env.get(Config.DYNAMODB_ENDPOINT), env.get(Config.EMR_ENDPOINT), env.get(Config.S3_ENDPOINT), clusterId, BATCH_ID));
    }

    private static String spread(long[] values, double per, String unit) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.2f%s (%.2f–%.2f)", sorted[sorted.length / 2] / per, unit, sorted[0] / per,
                sorted[sorted.length - 1] / per);
    }
}
