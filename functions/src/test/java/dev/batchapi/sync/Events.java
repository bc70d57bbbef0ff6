package dev.batchapi.sync;

import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.local.emr.step.Step;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** EventBridge's events, as the sync functions receive them, and a call of a function with one. */
final class Events {

    static final String SCHEDULED = "{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"detail\":{}}";

    private Events() {
    }

    /** EMR's "Step Status Change" event of a step of a cluster. */
    static String stepChange(String clusterId, Step step, String state) {
        return Json.write(Map.of(
                "detail-type", "EMR Step Status Change",
                "source", "aws.emr",
                "detail", Map.of("clusterId", clusterId, "stepId", step.id(), "name", step.name(), "state", state)));
    }

    /** Invokes the function as Lambda does (no context) and reads its JSON answer. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> handle(EventHandler handler, String event) {
        try {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), answer, null);
            return (Map<String, Object>) Json.parse(answer.toString(StandardCharsets.UTF_8), new JsonLimits(8, 10_000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
