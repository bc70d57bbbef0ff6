package dev.batchapi.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.batchapi.errors.ApiException;
import dev.batchapi.json.Json;
import dev.batchapi.telemetry.Metric;
import dev.batchapi.telemetry.Metrics;
import dev.batchapi.telemetry.OpsLog;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * An API Gateway HTTP API (payload 2.0) endpoint: the one place where a request becomes a call and
 * a result or failure becomes a JSON response. A caller's fault is its 4xx with {"message"}; a throttled
 * backend is a 429; anything else is a 500 that names only the request id, never an internal detail.
 * Every 5xx answer is counted, by route.
 */
public abstract class HttpHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private static final Map<String, String> JSON_HEADERS = Map.of("Content-Type", "application/json; charset=utf-8");

    private final Metrics metrics;

    protected HttpHandler(Metrics metrics) {
        this.metrics = metrics;
    }

    /** Answers the request with the body of a 200 response (a JSON value). */
    protected abstract Object handle(HttpRequest request);

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String requestId = context != null ? context.getAwsRequestId() : null;
        OpsLog.beginRequest(requestId);
        try {
            APIGatewayV2HTTPResponse response = answer(event, requestId);
            if (response.getStatusCode() >= 500) {
                metrics.put(Metric.SERVER_ERRORS, 1, route(event));
            }
            return response;
        } finally {
            OpsLog.endRequest();
        }
    }

    private APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event, String requestId) {
        try {
            HttpRequest request = HttpRequest.from(event);
            return respond(200, handle(request), Map.of());
        } catch (ApiException e) {
            OpsLog.info("request.refused", "status", e.status(), "message", e.getMessage());
            return error(e.status(), e.getMessage(), e.headers());
        } catch (AwsServiceException e) {
            if (e.isThrottlingException()) {
                OpsLog.warn("request.throttled", e);
                return error(429, "The service is busy; try again in a few seconds");
            }
            return internalError(e, requestId);
        } catch (RuntimeException e) {
            return internalError(e, requestId);
        }
    }

    /** The route API Gateway matched (one of the template's few); a direct invoke has none: the handler's name. */
    private String route(APIGatewayV2HTTPEvent event) {
        return event != null && event.getRouteKey() != null ? event.getRouteKey() : getClass().getSimpleName();
    }

    private static APIGatewayV2HTTPResponse internalError(RuntimeException e, String requestId) {
        OpsLog.error("request.failed", e);
        return error(500, "Internal error" + (requestId == null ? "" : " (request id " + requestId + ")"));
    }

    static APIGatewayV2HTTPResponse error(int status, String message) {
        return error(status, message, Map.of());
    }

    private static APIGatewayV2HTTPResponse error(int status, String message, Map<String, String> headers) {
        return respond(status, Map.of("message", message), headers);
    }

    /** A JSON response, or a {@link WebFile} as it is; {@code extraHeaders} are added to its Content-Type. */
    private static APIGatewayV2HTTPResponse respond(int status, Object body, Map<String, String> extraHeaders) {
        if (body instanceof WebFile file) {
            Map<String, String> headers = new HashMap<>(file.headers());
            headers.put("Content-Type", file.contentType());
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(status)
                    .withHeaders(headers)
                    .withBody(file.body())
                    .withIsBase64Encoded(false)
                    .build();
        }
        Map<String, String> headers = new HashMap<>(JSON_HEADERS);
        headers.putAll(extraHeaders);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(headers)
                .withBody(Json.write(body))
                .withIsBase64Encoded(false)
                .build();
    }
}
