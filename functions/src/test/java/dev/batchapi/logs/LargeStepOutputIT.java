package dev.batchapi.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.batchapi.api.GetBatchLocalLogHandler;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.support.ApiEvents;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/** A step's 100 MB stderr, read through localLog page by page by a JVM with a 64 MB heap. */
class LargeStepOutputIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final int LINES = 100_000;
    private static final int LINE_LENGTH = 1_050;
    private static final int PAGE = 10_000;
    private static final int ESCAPED_LINES = 300;
    /** Lambda's limit of a synchronous invocation's response: 6 MB. */
    private static final int LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;

    @Test
    void aHundredMegabyteStderrIsReadPageByPageInBoundedMemory() throws Exception {
        EndedStep ended = endedStep(ClusterSpec.named("large").withStepConcurrencyLevel(2));
        String cluster = ended.cluster();
        String step = ended.step();
        String batch = ended.batch();
        Map<String, String> environment = aws.environment(Map.of(Config.CLUSTER_ID, cluster));
        byte[] stderr = largeGzippedStderr();
        aws.s3().putObject(request -> request.bucket(LocalAws.LOG_BUCKET)
                .key("logs/" + cluster + "/steps/" + step + "/stderr.gz"), RequestBody.fromBytes(stderr));

        ProcessBuilder reader = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), PagedLogReading.class.getName(),
                batch, Integer.toString(PAGE), Integer.toString(LINES));
        reader.environment().putAll(environment);
        reader.redirectErrorStream(true);
        Process process = reader.start();
        String output;
        try {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("read " + LINES + " output lines in ");
        System.out.println("large stderr: " + (long) LINES * (LINE_LENGTH + 1) / (1024 * 1024) + " MB uncompressed, "
                + stderr.length / 1024 + " KB gzipped; " + output.lines().filter(line -> line.startsWith("read ")).findFirst().orElse(""));
    }

    @Test
    void pagesOfLinesFullOfQuotesAndControlCharactersStayBelowLambdasResponseLimitAndEveryLineComesOnce()
            throws Exception {
        EndedStep ended = endedStep(ClusterSpec.named("escaped"));
        String cluster = ended.cluster();
        String step = ended.step();
        String batch = ended.batch();
        List<String> written = new ArrayList<>();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        for (int line = 1; line <= ESCAPED_LINES; line++) {
            // 16 K characters, the most a line keeps, each escaped to 4 or 7 bytes twice over.
            String text = "line " + line + " " + "\"\u0001\\\u001f".repeat(4 * 1024);
            written.add(text.substring(0, 16 * 1024));
            stdout.writeBytes((text.substring(0, 16 * 1024) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        aws.s3().putObject(request -> request.bucket(LocalAws.LOG_BUCKET)
                .key("logs/" + cluster + "/steps/" + step + "/stdout"), RequestBody.fromBytes(stdout.toByteArray()));
        GetBatchLocalLogHandler handler = new GetBatchLocalLogHandler(ended.context());

        List<String> continued = new ArrayList<>();
        List<Integer> continuedSizes = readAll(handler, batch, null, continued);
        List<String> explicit = new ArrayList<>();
        List<Integer> explicitSizes = readAll(handler, batch, 0L, explicit);

        assertThat(output(continued)).isEqualTo(written);
        assertThat(explicit).isEqualTo(continued);
        assertThat(continuedSizes).hasSizeGreaterThan(2).allSatisfy(size -> assertThat(size).isLessThan(LAMBDA_RESPONSE_LIMIT * 3 / 4));
        assertThat(explicitSizes).allSatisfy(size -> assertThat(size).isLessThan(LAMBDA_RESPONSE_LIMIT * 3 / 4));
        System.out.println("escape-heavy log: " + ESCAPED_LINES + " lines of 16 K characters in pages of at most "
                + continuedSizes.stream().mapToInt(Integer::intValue).max().orElseThrow() + " response bytes");
    }

    /** A batch on its own cluster (logging to the log bucket) whose step has ended, and the context it was made in. */
    private record EndedStep(AppContext context, String cluster, String step, String batch) {
    }

    private static EndedStep endedStep(ClusterSpec spec) {
        String cluster = aws.emr().createCluster(spec.withLogUri("s3://" + LocalAws.LOG_BUCKET + "/logs/"));
        AppContext context = aws.context(Map.of(Config.CLUSTER_ID, cluster));
        String batch = new TestApi(context)
                .create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"s3://b/a.jar\",\"className\":\"a.B\"}")
                .string("id");
        String step = aws.emr().steps(cluster).get(0).id();
        aws.steps().completeStep(cluster, step);
        context.sync().onStepEvent(cluster, step, batch);
        return new EndedStep(context, cluster, step, batch);
    }

    /**
     * Reads the whole log through the function, 10,000 lines asked each time: continuing (from=-1) when
     * {@code from} is null, else from the given line on by from + rowCount. Returns each response's size
     * as the Lambda runtime serializes it.
     */
    private static List<Integer> readAll(GetBatchLocalLogHandler handler, String batch, Long from, List<String> lines)
            throws Exception {
        PojoSerializer<APIGatewayV2HTTPResponse> serializer = LambdaEventSerializers.serializerFor(
                APIGatewayV2HTTPResponse.class, LargeStepOutputIT.class.getClassLoader());
        List<Integer> sizes = new ArrayList<>();
        Long next = from;
        for (int page = 0; page < 1_000; page++) {
            ApiEvents event = ApiEvents.request("GET", "/api/v1/batches/" + batch + "/localLog")
                    .pathParameter("batchId", batch).asIamUser(from == null ? "continuing" : "explicit")
                    .query("size", "10000");
            if (next != null) {
                event.query("from", next.toString());
            }
            APIGatewayV2HTTPEvent request = event.build();
            APIGatewayV2HTTPResponse response = handler.handleRequest(request, null);
            ByteArrayOutputStream serialized = new ByteArrayOutputStream();
            serializer.toJson(response, serialized);
            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
            ApiResponse body = ApiResponse.of(request, response);
            @SuppressWarnings("unchecked")
            List<String> rows = (List<String>) body.json().get("logRowSet");
            assertThat(body.number("rowCount")).isEqualTo(rows.size());
            if (rows.isEmpty()) {
                return sizes;
            }
            sizes.add(serialized.size());
            lines.addAll(rows);
            next = next == null ? null : next + rows.size();
        }
        throw new AssertionError("the log did not end within 1,000 pages");
    }

    /** The step's output lines, without the API's lines and the file's header. */
    private static List<String> output(List<String> log) {
        return log.stream().filter(line -> line.startsWith("line ")).toList();
    }

    /** 100,000 lines of 1,050 characters, about 100 MB once uncompressed. */
    private static byte[] largeGzippedStderr() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String filler = "x".repeat(LINE_LENGTH);
        try (OutputStream gzip = new GZIPOutputStream(bytes, 64 * 1024)) {
            for (int line = 1; line <= LINES; line++) {
                String text = "line " + line + " ";
                gzip.write((text + filler.substring(text.length()) + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        return bytes.toByteArray();
    }
}
