package dev.batchapi.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.json.JsonNumber;
import java.util.List;
import java.util.Map;

/** A function's answer, with its JSON body read back for assertions. */
public record ApiResponse(int status, Map<String, String> headers, String body) {

    /**
     * The function's answer to the request, which must be one the OpenAPI document describes for the
     * request's method and path ({@link OpenApiContract}): every test that reads an answer so checks it.
     */
    public static ApiResponse of(APIGatewayV2HTTPEvent request, APIGatewayV2HTTPResponse response) {
        ApiResponse answer = new ApiResponse(response.getStatusCode(), response.getHeaders(), response.getBody());
        OpenApiContract.DOCUMENT.check(request.getRequestContext().getHttp().getMethod(),
                request.getRequestContext().getHttp().getPath(), answer.status(), answer.headers(), answer.body());
        return answer;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> json() {
        return (Map<String, Object>) Json.parse(body, new JsonLimits(32, Integer.MAX_VALUE));
    }

    public String string(String field) {
        return (String) json().get(field);
    }

    public long number(String field) {
        return ((JsonNumber) json().get(field)).decimalValue().longValueExact();
    }

    public String message() {
        return string("message");
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list(String field) {
        return (List<Map<String, Object>>) json().get(field);
    }
}
