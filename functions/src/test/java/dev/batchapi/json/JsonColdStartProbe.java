package dev.batchapi.json;

import com.sun.net.httpserver.HttpServer;
import dev.batchapi.config.AwsClients;
import dev.batchapi.config.AwsService;
import dev.batchapi.config.Config;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A function's first request, alone in a fresh JVM: the function's init (its AWS clients, built as
 * the functions build them), then the JSON of a create (parse the body, write the Batch), then its
 * first DynamoDB call (to a stub on 127.0.0.1). Mode {@code sdk} skips the JSON; mode {@code separate}
 * does the same JSON work with an unrelocated jackson-core, a copy of its own beside the SDK's. Prints
 * the nanoseconds of the JSON work and of the DynamoDB call. Run by {@link JsonColdStartBenchmark}.
 */
public final class JsonColdStartProbe {

    static final String BODY = "{\"batchType\":\"SPARK\",\"resource\":\"s3://bucket/jobs/spark-pi.jar\","
            + "\"className\":\"org.example.SparkPi\",\"name\":\"pi\",\"conf\":{\"spark.executor.memory\":\"2g\","
            + "\"spark.executor.cores\":4,\"kyuubi.batch.id\":\"8c4ab3ae-2f0c-4b39-9d0b-3d2a8f4c1e57\"},"
            + "\"args\":[\"100\",\"--verbose\"],\"extraResourcesMap\":{}}";
    private static final byte[] GET_ITEM_ANSWER = "{\"Item\":{\"pk\":{\"S\":\"x\"}}}".getBytes(StandardCharsets.UTF_8);

    private JsonColdStartProbe() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer dynamoDb = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        dynamoDb.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, GET_ITEM_ANSWER.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(GET_ITEM_ANSWER);
            }
        });
        dynamoDb.start();
        try {
            AwsClients aws = new AwsClients(Config.fromEnvironment(Map.of(
                    Config.REGION, "us-east-1", Config.TABLE, "batches", Config.CLUSTER_ID, "j-PROBE",
                    Config.DYNAMODB_ENDPOINT, "http://127.0.0.1:" + dynamoDb.getAddress().getPort())),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("probe", "probe")), List.of());
            // Built in the init, as every function's store builds it.
            aws.prepare(AwsService.DYNAMODB);
            long started = System.nanoTime();
            switch (args[0]) {
                case "json" -> ours();
                case "separate" -> separateJackson();
                default -> {
                    // sdk: the function's first AWS call alone
                }
            }
            long jsonDone = System.nanoTime();
            aws.dynamoDb().getItem(request -> request.tableName("batches").key(Map.of("pk", AttributeValue.fromS("x"))));
            long sdkDone = System.nanoTime();
            System.out.println((jsonDone - started) + " " + (sdkDone - jsonDone));
        } finally {
            dynamoDb.stop(0);
        }
    }

    private static void ours() {
        Object request = Json.parse(BODY, JsonLimits.REQUEST);
        Json.write(answer(request));
    }

    /** The same reading and writing, token by token, on a jackson-core of its own. */
    private static void separateJackson() {
        com.fasterxml.jackson.core.JsonFactory factory = com.fasterxml.jackson.core.JsonFactory.builder()
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        StringWriter out = new StringWriter();
        try (var parser = factory.createParser(BODY); var generator = factory.createGenerator(out)) {
            while (parser.nextToken() != null) {
                generator.copyCurrentEvent(parser);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> answer(Object request) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", "8c4ab3ae-2f0c-4b39-9d0b-3d2a8f4c1e57");
        answer.put("user", "alice");
        answer.put("batchType", "SPARK");
        answer.put("appStartTime", 0L);
        answer.put("appId", null);
        answer.put("batchInfo", Map.of());
        answer.put("request", request);
        return answer;
    }
}
