package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.config.Config;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.emr.model.AddJobFlowStepsRequest;

/**
 * Secrets in a batch's conf and resource reach the step, and nothing else: no answer of any
 * endpoint, no line of the batch's log, no line of the operator log (stdout and stderr, captured).
 */
class RedactionIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String SECRET = "SECRET-VALUE";
    private static final String PASSWORD = "PASSWORD-VALUE";
    private static final String SIGNATURE = "SIGNATURE-VALUE";
    private static final String USERINFO = "USERINFO-VALUE";

    /** A presigned https resource is what carries userinfo and a signature: the internet rule is relaxed for it. */
    private final TestApi api = new TestApi(aws.context(Map.of(Config.RELAXED_POLICY_RULES, "internet")));
    private final List<String> answers = new ArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream stdout;
    private PrintStream stderr;

    @BeforeEach
    void captureTheOperatorLog() {
        stdout = System.out;
        stderr = System.err;
        System.setOut(new PrintStream(new TeeStream(stdout, printed), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new TeeStream(stderr, printed), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreTheStreams() {
        System.setOut(stdout);
        System.setErr(stderr);
    }

    @Test
    void secretConfValuesAndResourceCredentialsReachTheStepOnly() {
        String id = UUID.randomUUID().toString();
        String request = request(id, "https://alice:" + USERINFO + "@repo.example/jobs/a.jar?X-Amz-Signature=" + SIGNATURE);

        ApiResponse created = call(() -> api.create("alice", request));
        String batch = created.string("id");
        call(() -> api.create("alice", request));
        call(() -> api.get("alice", batch));
        call(() -> api.list("alice", "batchUser", "alice"));
        List<?> log = (List<?>) call(() -> api.localLog("alice", batch, 0, 100)).json().get("logRowSet");
        call(() -> api.kill("alice", batch));
        call(() -> api.localLog("alice", batch, 0, 100));
        ApiResponse refused = call(() -> api.create("alice", request(UUID.randomUUID().toString(), "s3://b/a.jar")
                .replace("\"className\":\"a.B\"", "\"className\":\"1.B\"")));
        aws.faults().crashBefore(call -> call instanceof AddJobFlowStepsRequest);
        ApiResponse crashed = call(() -> api.create("alice", request(UUID.randomUUID().toString(), "s3://b/a.jar")));

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).isEqualTo("className must be a fully qualified Java class name");
        assertThat(crashed.status()).isEqualTo(500);
        assertThat(log.get(0).toString()).endsWith(" Batch received from alice: SPARK https://repo.example/jobs/a.jar?<redacted>,"
                + " class a.B");
        assertThat(String.join("\n", answers) + printed.toString(StandardCharsets.UTF_8))
                .contains("batch.created", "request.failed")
                .doesNotContain(SECRET, PASSWORD, SIGNATURE, USERINFO);
        List<String> args = aws.emr().steps(aws.clusterId()).stream()
                .filter(step -> step.name().startsWith(batch)).findFirst().orElseThrow()
                .config().hadoopJarStep().args();
        assertThat(args).contains("spark.hadoop.fs.s3a.secret.key=" + SECRET, "spark.some.password=" + PASSWORD,
                "https://alice:" + USERINFO + "@repo.example/jobs/a.jar?X-Amz-Signature=" + SIGNATURE);
    }

    private static String request(String id, String resource) {
        return "{\"batchType\":\"SPARK\",\"resource\":\"" + resource + "\",\"className\":\"a.B\",\"name\":\"r\","
                + "\"conf\":{\"kyuubi.batch.id\":\"" + id + "\",\"spark.hadoop.fs.s3a.secret.key\":\"" + SECRET + "\","
                + "\"spark.some.password\":\"" + PASSWORD + "\"},\"args\":[\"1\"]}";
    }

    private ApiResponse call(Supplier<ApiResponse> call) {
        ApiResponse response = call.get();
        answers.add(response.headers() + " " + response.body());
        return response;
    }

    /** Writes to the stream it replaces and to the capture. */
    private static final class TeeStream extends java.io.OutputStream {

        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
