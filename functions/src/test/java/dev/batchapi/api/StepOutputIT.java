package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * localLog through the real function, with step output where EMR uploads it: the cluster's LogUri in
 * S3 (a real S3 API, in process), {@code <LogUri>/<cluster>/steps/<step>/stdout.gz} and stderr.gz.
 */
class StepOutputIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    // Steps run at once on this cluster, so each test's step can be ended when the test says.
    private final String cluster = aws.emr().createCluster(ClusterSpec.named("output").withStepConcurrencyLevel(10)
            .withLogUri("s3://" + LocalAws.LOG_BUCKET + "/logs/"));
    private final AppContext context = aws.context(Map.of(Config.CLUSTER_ID, cluster));
    private final TestApi api = new TestApi(context);
    private String batch;
    private String step;

    @BeforeEach
    void submit() {
        batch = api.create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"s3://b/a.jar\",\"className\":\"a.B\"}")
                .string("id");
        step = api.get("alice", batch).string("appId");
    }

    @Test
    void aStepWithNoOutputYetShowsTheApiLinesOnly() {
        assertThat(log(0, 100)).hasSize(2).allMatch(line -> line.matches("\\d{4}-.* (Batch received|Submitted).*"));
    }

    @Test
    void aFinishedStepShowsItsStdoutThenItsStderrAfterTheApiLines() {
        upload("stdout.gz", gzip("Pi is roughly 3.1416\n"));
        upload("stderr.gz", gzip("INFO SparkContext: Running Spark\nINFO SparkContext: Successfully stopped\n"));
        finishStep();

        List<String> lines = log(0, 100);

        assertThat(lines.subList(lines.size() - 5, lines.size())).containsExactly(
                "==> stdout of step " + step + " <==", "Pi is roughly 3.1416",
                "==> stderr of step " + step + " <==", "INFO SparkContext: Running Spark",
                "INFO SparkContext: Successfully stopped");
        assertThat(lines.get(lines.size() - 6)).contains("State PENDING -> FINISHED");
    }

    @Test
    void aRunningStepsPartialOutputKeepsItsOffsetsWhenEmrUploadsMore() {
        upload("stderr.gz", gzip("first\nsecond\n"));
        List<String> early = log(0, 100);

        // EMR's next push replaces the object with a longer one; the step also ends meanwhile.
        upload("stderr.gz", gzip("first\nsecond\nthird\n"));
        finishStep();
        List<String> later = log(0, 100);

        assertThat(early.subList(early.size() - 3, early.size()))
                .containsExactly("==> stderr of step " + step + " <==", "first", "second");
        assertThat(later.subList(0, early.size())).isEqualTo(early);
        List<String> tail = later.subList(early.size(), later.size());
        assertThat(tail.get(0)).contains("State PENDING -> FINISHED");
        assertThat(tail.subList(1, tail.size())).containsExactly("==> stderr of step " + step + ", from line 3 <==", "third");
    }

    @Test
    void plainFilesAreReadWhereThereIsNoGzip() {
        upload("stdout", "plain output\n".getBytes(StandardCharsets.UTF_8));

        assertThat(log(0, 100)).endsWith("==> stdout of step " + step + " <==", "plain output");
    }

    @Test
    void pagesOfAnySizeAddUpToTheWholeLog() {
        StringBuilder stderr = new StringBuilder();
        for (int i = 1; i <= 57; i++) {
            stderr.append("log line ").append(i).append('\n');
        }
        upload("stderr.gz", gzip(stderr.toString()));
        finishStep();

        List<String> paged = new ArrayList<>();
        for (List<String> page = cursorPage(5); !page.isEmpty(); page = cursorPage(5)) {
            paged.addAll(page);
        }

        assertThat(paged).isEqualTo(log(0, 10_000)).hasSize(3 + 1 + 57);
        assertThat(paged.get(3)).isEqualTo("==> stderr of step " + step + " <==");
        assertThat(paged.get(60)).isEqualTo("log line 57");
    }

    /** The step completes and its status change event reaches the sync: the batch's last API line. */
    private void finishStep() {
        aws.steps().completeStep(cluster, step);
        context.sync().onStepEvent(cluster, step, batch);
    }

    /** Kyuubi's "continue" reads: from=-1 goes on after the caller's previous page. */
    private List<String> cursorPage(int size) {
        return lines(api.localLog("alice", batch, -1, size));
    }

    private List<String> log(int from, int size) {
        return lines(api.localLog("alice", batch, from, size));
    }

    @SuppressWarnings("unchecked")
    private static List<String> lines(ApiResponse response) {
        assertThat(response.status()).isEqualTo(200);
        return (List<String>) response.json().get("logRowSet");
    }

    private void upload(String file, byte[] content) {
        aws.s3().putObject(request -> request.bucket(LocalAws.LOG_BUCKET)
                .key("logs/" + cluster + "/steps/" + step + "/" + file), RequestBody.fromBytes(content));
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
