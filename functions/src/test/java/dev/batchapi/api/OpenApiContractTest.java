package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.support.OpenApiContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The check every test's answers pass: it refuses what the document does not describe, so it proves something. */
class OpenApiContractTest {

    private static final OpenApiContract CONTRACT = OpenApiContract.DOCUMENT;
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json; charset=utf-8");
    private static final String BATCH = "{\"id\":\"8c4ab3ae-2f0c-4b39-9d0b-3d2a8f4c1e57\",\"user\":\"alice\",\"batchType\":\"SPARK\","
            + "\"name\":null,\"appStartTime\":0,\"appId\":null,\"appUrl\":null,\"appState\":null,\"appDiagnostic\":null,"
            + "\"kyuubiInstance\":null,\"state\":\"PENDING\",\"createTime\":1,\"endTime\":0,"
            + "\"batchInfo\":{\"queue.state\":\"QUEUED\",\"batch.conf.spark.executor.memory\":\"2g\"}}";
    private static final String PATH = "/api/v1/batches/8c4ab3ae-2f0c-4b39-9d0b-3d2a8f4c1e57";

    @Test
    void anAnswerAsTheDocumentDescribesItPasses() {
        assertThatCode(() -> CONTRACT.check("GET", PATH, 200, JSON, BATCH)).doesNotThrowAnyException();
        assertThatCode(() -> CONTRACT.check("GET", "/api/v1/batches/{batchId}", 404, JSON, "{\"message\":\"Invalid batchId: x\"}"))
                .doesNotThrowAnyException();
        assertThatCode(() -> CONTRACT.check("PATCH", "/api/v1/batches", 405, Map.of("content-type", "application/json",
                "allow", "GET, POST"), "{\"message\":\"Method PATCH is not allowed on /api/v1/batches\"}")).doesNotThrowAnyException();
    }

    @Test
    void aStateChangeEventIsCheckedAgainstItsComponentSchema() {
        String event = "{\"version\":\"0\",\"id\":\"e\",\"detail-type\":\"Batch State Change\",\"source\":\"batchapi\","
                + "\"account\":\"000000000000\",\"time\":\"2026-12-01T10:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],"
                + "\"detail\":{\"batch\":" + BATCH + ",\"previousState\":null,\"cause\":\"created\",\"changeId\":\"c-1\"}}";

        assertThatCode(() -> CONTRACT.checkComponent("BatchStateChangeEvent", event)).doesNotThrowAnyException();
        assertThatThrownBy(() -> CONTRACT.checkComponent("BatchStateChangeEvent", event.replace(",\"changeId\":\"c-1\"", "")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("changeId");
        assertThatThrownBy(() -> CONTRACT.checkComponent("BatchStateChangeEvent", event.replace("\"previousState\":null",
                "\"previousState\":\"QUEUED\""))).isInstanceOf(AssertionError.class).hasMessageContaining("previousState");
    }

    @Test
    void aBodyThatBreaksItsSchemaFails() {
        assertThatThrownBy(() -> CONTRACT.check("GET", PATH, 200, JSON, BATCH.replace("\"state\":\"PENDING\",", "")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("GET " + PATH + " answered 200").hasMessageContaining("state");
        assertThatThrownBy(() -> CONTRACT.check("GET", PATH, 200, JSON, BATCH.replace("\"PENDING\"", "\"QUEUED\"")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("/state");
        assertThatThrownBy(() -> CONTRACT.check("GET", PATH, 200, JSON, BATCH.replace("\"2g\"", "2")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("/batchInfo/batch.conf.spark.executor.memory");
        assertThatThrownBy(() -> CONTRACT.check("GET", PATH, 404, JSON, "{\"message\":\"x\",\"detail\":\"java.lang.X\"}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("detail");
        assertThatThrownBy(() -> CONTRACT.check("GET", PATH, 404, JSON, "not json"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the body is not JSON");
    }

    @Test
    void anUndocumentedRouteMethodOrStatusFails() {
        assertThatThrownBy(() -> CONTRACT.check("GET", "/api/v1/nowhere", 404, JSON, "{\"message\":\"Not Found\"}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the document has no such path");
        assertThatThrownBy(() -> CONTRACT.check("GET", "/batches", 200, JSON, "{}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the document has no such path");
        assertThatThrownBy(() -> CONTRACT.check("POST", "/api/v1/openapi.json", 405, JSON, "{\"message\":\"x\"}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the document has no POST on /openapi.json");
        assertThatThrownBy(() -> CONTRACT.check("GET", PATH, 418, JSON, "{\"message\":\"teapot\"}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no 418 response");
        assertThatThrownBy(() -> CONTRACT.check("GET", "/api/v1/openapi.json", 401, JSON, "{\"message\":\"x\"}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no 401 response");
    }

    @Test
    void aMissingOrWrongHeaderAndAnUndocumentedContentTypeFail() {
        String refused = "{\"message\":\"Method PUT is not allowed on /api/v1/batches\"}";
        assertThatThrownBy(() -> CONTRACT.check("PUT", "/api/v1/batches", 405, JSON, refused))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no Allow header");
        assertThatThrownBy(() -> CONTRACT.check("PUT", "/api/v1/batches", 405, Map.of("Content-Type", "application/json",
                "Allow", "GET"), refused)).isInstanceOf(AssertionError.class).hasMessageContaining("Allow: GET");
        assertThatThrownBy(() -> CONTRACT.check("GET", "/api/v1/batches", 401, Map.of("Content-Type", "application/json",
                "WWW-Authenticate", "Bearer"), "{\"message\":\"x\"}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("WWW-Authenticate: Bearer");
        assertThatThrownBy(() -> CONTRACT.check("GET", PATH, 200, Map.of("Content-Type", "text/html"), BATCH))
                .isInstanceOf(AssertionError.class).hasMessageContaining("Content-Type text/html is not one of");
    }
}
