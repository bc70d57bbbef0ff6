package dev.batchapi.json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a function does with JSON on its first request, alone in a fresh JVM: {@code json} parses a
 * create body and writes a Batch answer; {@code baseline} only turns the same bytes into text. Run by
 * {@link JsonColdStartBenchmark}, which times whole JVMs: the difference is what JSON adds to a cold start.
 */
public final class JsonColdStartProbe {

    static final String BODY = "{\"batchType\":\"SPARK\",\"resource\":\"s3://bucket/jobs/spark-pi.jar\","
            + "\"className\":\"org.example.SparkPi\",\"name\":\"pi\",\"conf\":{\"spark.executor.memory\":\"2g\","
            + "\"spark.executor.cores\":4,\"kyuubi.batch.id\":\"8c4ab3ae-2f0c-4b39-9d0b-3d2a8f4c1e57\"},"
            + "\"args\":[\"100\",\"--verbose\"],\"extraResourcesMap\":{}}";

    private JsonColdStartProbe() {
    }

    public static void main(String[] args) {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String text = new String(body, StandardCharsets.UTF_8);
        if (args[0].equals("baseline")) {
            System.out.println(text.length());
            return;
        }
        Object request = Json.parse(text, JsonLimits.REQUEST);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", "8c4ab3ae-2f0c-4b39-9d0b-3d2a8f4c1e57");
        answer.put("user", "alice");
        answer.put("batchType", "SPARK");
        answer.put("name", "pi");
        answer.put("appStartTime", 0L);
        answer.put("appId", null);
        answer.put("state", "PENDING");
        answer.put("batchInfo", Map.of());
        answer.put("request", request);
        System.out.println(Json.write(answer).length());
    }
}
