package dev.batchapi.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.local.sam.SamTemplate;
import dev.batchapi.support.FunctionProcess;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.OpenApiContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@code sam local invoke -e events/…} would prove, without Docker: every events/ file runs
 * through the real Lambda runtime interface client, in its own JVM, against the deployment jar alone,
 * with the Handler string of template.yaml. So handler signatures and event/response (de)serialization
 * are exercised exactly as Lambda does them. The events run in order, as one user's session.
 */
class RuntimeInterfaceIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String BATCH_ID = "8c4ab3ae-2f0c-4b39-9d0b-3d2a8f4c1e57";

    @Test
    void everySampleEventRunsThroughTheRuntimeClientAsLambdaRunsIt() throws Exception {
        Map<String, String> handlers = handlersByFunction();

        Map<String, Object> created = invokeApi(handlers.get("CreateBatchFunction"), "create-batch.json", 200);
        Map<String, Object> fetched = invokeApi(handlers.get("GetBatchFunction"), "get-batch.json", 200);
        Map<String, Object> log = invokeApi(handlers.get("GetBatchLocalLogFunction"), "get-batch-local-log.json", 200);
        Map<String, Object> listed = invokeApi(handlers.get("ListBatchesFunction"), "list-batches.json", 200);
        // The sample event names a step of some real cluster: point it at the step just submitted.
        Map<String, Object> stepChange = object(invoke(handlers.get("StepStatusChangeFunction"), "step-status-change.json",
                event -> event.replace("j-1YONHTCP3YZKC", aws.clusterId()).replace("s-2AXXXXXXGAPLF", (String) created.get("appId"))));
        Map<String, Object> synced = object(invoke(handlers.get("SyncBatchStatesFunction"), "sync-batch-states.json", event -> event));
        Map<String, Object> killed = invokeApi(handlers.get("DeleteBatchFunction"), "delete-batch.json", 200);
        Map<String, Object> refused = invokeApi(handlers.get("MethodNotAllowedFunction"), "method-not-allowed.json", 405);
        Map<String, Object> document = invokeApi(handlers.get("OpenApiFunction"), "get-openapi.json", 200);
        aws.users(Map.of("alice", "alice-pw"));
        Map<String, Object> authorized = object(invoke(handlers.get("BasicAuthorizerFunction"), "basic-authorizer.json",
                Map.of("AUTH_MODE", "BASIC")));
        Map<String, Object> listedWithBasic = invokeApi(handlers.get("ListBatchesFunction"), "list-batches-basic.json",
                Map.of("AUTH_MODE", "BASIC"), 200);
        Map<String, Object> listedWithJwt = invokeApi(handlers.get("ListBatchesFunction"), "list-batches-jwt.json",
                Map.of("AUTH_MODE", "JWT", "USER_CLAIM", "username"), 200);
        Map<String, Object> page = object(invoke(handlers.get("BatchPageFunction"), "get-batch-page.json", event -> event));
        int eventsBefore = aws.eventBridge().events().size();
        Map<String, Object> published = object(invoke(handlers.get("PublishStateChangesFunction"),
                "publish-state-changes.json", Map.of("EVENT_SOURCE", "acme.batches")));

        assertThat(created).containsEntry("id", BATCH_ID).containsEntry("user", "alice")
                .containsEntry("state", "PENDING").containsEntry("name", "nightly pi estimate");
        assertThat(fetched).containsEntry("id", BATCH_ID).containsEntry("appId", created.get("appId"));
        assertThat((List<?>) log.get("logRowSet")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(listed.get("batches").toString()).contains(BATCH_ID);
        assertThat(stepChange).containsEntry("batchId", BATCH_ID).containsEntry("state", "RUNNING");
        assertThat(synced.keySet()).containsExactly("active", "clusters", "changed", "failed", "leftForNextRun",
                "dispatched");
        assertThat(synced.get("failed").toString()).isEqualTo("0");
        assertThat(killed).containsEntry("success", true);
        assertThat(refused).isEqualTo(Map.of("message", "Method PUT is not allowed on /api/v1/batches"));
        assertThat(document).isEqualTo(object(OpenApiContract.DOCUMENT.text()));
        // API Gateway's simple response: isAuthorized, and the context it hands to the function.
        assertThat(authorized).isEqualTo(Map.of("isAuthorized", true, "context", Map.of("user", "alice")));
        assertThat(listedWithBasic.get("batches").toString()).contains(BATCH_ID);
        assertThat(listedWithJwt.get("batches").toString()).contains(BATCH_ID);
        assertThat(published).isEqualTo(Map.of("batchItemFailures", List.of()));
        assertThat(page.get("statusCode").toString()).isEqualTo("200");
        assertThat(page.get("headers").toString()).contains("Content-Type=text/html; charset=utf-8")
                .contains("Content-Security-Policy=default-src 'none'");
        assertThat((String) page.get("body")).startsWith("<!DOCTYPE html>");
        assertThat(aws.eventBridge().events().subList(eventsBefore, aws.eventBridge().events().size()))
                .singleElement().satisfies(event -> {
                    OpenApiContract.DOCUMENT.checkComponent("BatchStateChangeEvent", event.toString());
                    assertThat(event.get("source").asText()).isEqualTo("acme.batches");
                    assertThat(event.at("/detail/batch/state").asText()).isEqualTo("FINISHED");
                    assertThat(event.at("/detail/previousState").asText()).isEqualTo("RUNNING");
                    assertThat(event.at("/detail/cause").asText()).isEqualTo("step s-2AXXXXXXGAPLF COMPLETED");
                });
    }

    /**
     * Runs an API function on its sample event: an API Gateway answer, which the OpenAPI document must
     * describe for the event's method and path; returns its JSON body.
     */
    private Map<String, Object> invokeApi(String handler, String eventFile, int expectedStatus) throws Exception {
        return invokeApi(handler, eventFile, Map.of(), expectedStatus);
    }

    /** The same, in a deployment whose environment differs by {@code environment}. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> invokeApi(String handler, String eventFile, Map<String, String> environment,
            int expectedStatus) throws Exception {
        String answer = invoke(handler, eventFile, event -> event, environment);
        Map<String, Object> response = object(answer);
        assertThat(response.get("statusCode").toString()).as(answer).isEqualTo(Integer.toString(expectedStatus));
        Map<String, Object> http = (Map<String, Object>) ((Map<String, Object>) object(
                Files.readString(Path.of("..", "events", eventFile))).get("requestContext")).get("http");
        OpenApiContract.DOCUMENT.check((String) http.get("method"), (String) http.get("path"), expectedStatus,
                (Map<String, String>) response.get("headers"), (String) response.get("body"));
        // A 405 says what the path serves (method-not-allowed.json is a PUT of /api/v1/batches).
        assertThat(response.get("headers")).isEqualTo(expectedStatus == 405
                ? Map.of("Content-Type", "application/json; charset=utf-8", "Allow", "GET, POST")
                : Map.of("Content-Type", "application/json; charset=utf-8"));
        return object((String) response.get("body"));
    }

    /** Starts the function's JVM, hands it the (adapted) sample event, returns its answer document. */
    private String invoke(String handler, String eventFile, UnaryOperator<String> adapt) throws Exception {
        return invoke(handler, eventFile, adapt, Map.of());
    }

    private String invoke(String handler, String eventFile, Map<String, String> environment) throws Exception {
        return invoke(handler, eventFile, event -> event, environment);
    }

    private String invoke(String handler, String eventFile, UnaryOperator<String> adapt, Map<String, String> environment)
            throws Exception {
        String event = adapt.apply(Files.readString(Path.of("..", "events", eventFile)));
        Path output = Path.of("target", "ric-" + eventFile.replace(".json", ".log"));
        Map<String, String> env = new HashMap<>(aws.environment(environment));
        env.put("AWS_LAMBDA_FUNCTION_NAME", eventFile);
        FunctionProcess.Run run = FunctionProcess.invokeOnce(handler, List.of(), env, event, output);
        System.out.printf("%s: init %d ms, first invocation %d ms%n", eventFile,
                TimeUnit.NANOSECONDS.toMillis(run.initNanos()), TimeUnit.NANOSECONDS.toMillis(run.invokeNanos()));
        assertThat(run.answer().error()).as(Files.readString(output)).isFalse();
        return run.answer().body();
    }

    private static Map<String, String> handlersByFunction() {
        Map<String, String> handlers = new HashMap<>();
        SamTemplate.load(Path.of("..", "template.yaml")).functions().forEach(function -> handlers.put(function.logicalId(), function.handler()));
        return handlers;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String json) {
        return (Map<String, Object>) Json.parse(json, new JsonLimits(32, Integer.MAX_VALUE));
    }
}
