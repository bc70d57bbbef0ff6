package dev.batchapi.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The JSON services' requests leave the SDK without a Content-Length, so that the URL-connection
 * client writes body and headers at once, and still reach the server with the right one; S3 keeps
 * streaming its uploads.
 */
class OneWriteRequestsTest {

    /** What reached the server: its Content-Length, Transfer-Encoding and the body's size. */
    private record Received(String contentLength, String transferEncoding, int bodyBytes) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Boolean> sentWithLength = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private AwsClients aws;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst("Content-Length"),
                    exchange.getRequestHeaders().getFirst("Transfer-Encoding"), body.length));
            byte[] answer = "{}".getBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        ExecutionInterceptor whatIsSent = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sentWithLength.add(context.httpRequest().firstMatchingHeader("Content-Length").isPresent());
            }
        };
        aws = new AwsClients(Config.fromEnvironment(Map.of(
                Config.REGION, "us-east-1", Config.TABLE, "batches", Config.CLUSTER_ID, "j-ONEWRITE",
                Config.DYNAMODB_ENDPOINT, endpoint, Config.EMR_ENDPOINT, endpoint, Config.S3_ENDPOINT, endpoint,
                Config.SECRETS_MANAGER_ENDPOINT, endpoint)),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), List.of(whatIsSent));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aJsonServiceRequestIsHandedOverWithoutLengthAndArrivesWithItsOwn() {
        aws.dynamoDb().getItem(request -> request.tableName("batches").key(Map.of("pk", AttributeValue.fromS("x"))));
        aws.emr().describeCluster(request -> request.clusterId("j-ONEWRITE"));
        aws.secretsManager().getSecretValue(request -> request.secretId("users"));

        assertThat(sentWithLength).containsExactly(false, false, false);
        assertThat(received).hasSize(3).allSatisfy(request -> {
            assertThat(request.transferEncoding()).isNull();
            assertThat(request.contentLength()).isEqualTo(String.valueOf(request.bodyBytes()));
            assertThat(request.bodyBytes()).isPositive();
        });
    }

    @Test
    void anS3UploadKeepsItsLengthAndStreams() {
        aws.s3().putObject(request -> request.bucket("artifacts").key("a.jar"), RequestBody.fromString("jar bytes"));

        assertThat(sentWithLength).containsExactly(true);
        assertThat(received).singleElement().satisfies(request ->
                assertThat(request.contentLength()).isEqualTo(String.valueOf(request.bodyBytes())));
    }
}
