package dev.batchapi.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    @Test
    void aHundredMegabyteStderrIsReadPageByPageInBoundedMemory() throws Exception {
        String cluster = aws.emr().createCluster(ClusterSpec.named("large").withStepConcurrencyLevel(2)
                .withLogUri("s3://" + LocalAws.LOG_BUCKET + "/logs/"));
        Map<String, String> environment = aws.environment(Map.of(Config.CLUSTER_ID, cluster));
        AppContext context = aws.context(Map.of(Config.CLUSTER_ID, cluster));
        String batch = new TestApi(context)
                .create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"s3://b/a.jar\",\"className\":\"a.B\"}")
                .string("id");
        String step = aws.emr().steps(cluster).get(0).id();
        aws.steps().completeStep(cluster, step);
        context.sync().onStepEvent(cluster, step, batch);
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
