package dev.batchapi.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.batchapi.auth.Authentication;
import dev.batchapi.config.Config;
import dev.batchapi.config.SnapStartPriming;
import dev.batchapi.store.PrimingAnswers;
import java.util.HashMap;
import java.util.Map;

/**
 * The synthetic request an endpoint answers while SnapStart primes it: one that only reads, and
 * whose answer says it went the whole way (a 401 would mean it stopped at caller resolution). It
 * carries what the deployment's authorizer would have established about a caller (IAM principal,
 * JWT claims, BASIC's verified user): it is made here, never by a caller.
 *
 * @param expectedStatus what the handler answers when the request was served as meant
 * @param onStub whether its DynamoDB and EMR calls go to priming's stub, which serves one batch of {@link #USER}
 */
record PrimingRequest(String method, String path, Map<String, String> pathParameters, Map<String, String> query,
        String contentType, String body, int expectedStatus, boolean onStub) {

    static final String USER = SnapStartPriming.USER;
    /** No UUID, so refused as not found before the store is asked: nothing of any batch is read or changed. */
    static final String NOT_A_BATCH_ID = "snapstart-priming";
    /**
     * A UUID that no generated id is (ids are random version 4 UUIDs), looked up in the store; were a
     * client to choose it as its kyuubi.batch.id, a GET would read that batch, and still change nothing.
     */
    static final String NIL_BATCH_ID = "00000000-0000-0000-0000-000000000000";
    private static final String BATCHES = "/api/v1/batches";
    private static final String IAM_PRINCIPAL = "arn:aws:iam::000000000000:user/" + USER;

    /** Of {@link #NIL_BATCH_ID}: the store's GetItem, answered not found. */
    static PrimingRequest get() {
        return new PrimingRequest("GET", BATCHES + "/" + NIL_BATCH_ID, Map.of("batchId", NIL_BATCH_ID), Map.of(), null, null,
                404, false);
    }

    /** Of the batch the stub serves: the whole answer, the item read and the batch as JSON. */
    static PrimingRequest getOnStub() {
        return new PrimingRequest("GET", BATCHES + "/" + PrimingAnswers.BATCH_ID, Map.of("batchId", PrimingAnswers.BATCH_ID),
                Map.of(), null, null, 200, true);
    }

    /** A page of the batch the stub serves, as the list answers it. */
    static PrimingRequest listOnStub() {
        return new PrimingRequest("GET", BATCHES, Map.of(), Map.of("size", "10", "desc", "true"), null, null, 200, true);
    }

    /** A batch submitted on the stub: validated, admitted, stored and stepped, kept nowhere. */
    static PrimingRequest createOnStub() {
        return new PrimingRequest("POST", BATCHES, Map.of(), Map.of(), "application/json",
                "{\"batchType\":\"SPARK\",\"resource\":\"s3://snapstart-priming/app.jar\",\"className\":\"priming.Main\","
                        + "\"name\":\"snapstart-priming\",\"conf\":{\"spark.executor.memory\":\"1g\"},\"args\":[\"1\"]}",
                200, true);
    }

    /** Of {@link #NOT_A_BATCH_ID} only: a read of a batch's log moves the reader's cursor, a write. */
    static PrimingRequest localLog() {
        return new PrimingRequest("GET", BATCHES + "/" + NOT_A_BATCH_ID + "/localLog", Map.of("batchId", NOT_A_BATCH_ID),
                Map.of("from", "0", "size", "10"), null, null, 404, false);
    }

    /** Of {@link #NOT_A_BATCH_ID} only: a kill of a batch that exists claims it, a write. */
    static PrimingRequest delete() {
        return new PrimingRequest("DELETE", BATCHES + "/" + NOT_A_BATCH_ID, Map.of("batchId", NOT_A_BATCH_ID), Map.of(), null,
                null, 404, false);
    }

    /** Created after 2286: a real Query of the index that matches nothing. */
    static PrimingRequest listOfNothing() {
        return new PrimingRequest("GET", BATCHES, Map.of(), Map.of("createTime", "9999999999999", "size", "10",
                "desc", "true"), null, null, 200, false);
    }

    /**
     * A whole batch request, refused by the last check of its validation (the kyuubi.batch.id is no
     * UUID): parsed and checked as a real one, refused before anything is looked up or stored.
     */
    static PrimingRequest refusedCreate() {
        return new PrimingRequest("POST", BATCHES, Map.of(), Map.of(), "application/json",
                "{\"batchType\":\"SPARK\",\"resource\":\"s3://snapstart-priming/app.jar\",\"className\":\"priming.Main\","
                        + "\"name\":\"snapstart-priming\",\"conf\":{\"spark.executor.memory\":\"1g\","
                        + "\"kyuubi.batch.id\":\"" + NOT_A_BATCH_ID + "\"},\"args\":[\"1\"]}",
                400, false);
    }

    APIGatewayV2HTTPEvent event(Config config) {
        Map<String, String> headers = new HashMap<>();
        headers.put("host", "snapstart-priming.invalid");
        headers.put("x-forwarded-proto", "https");
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(path)
                .withPathParameters(pathParameters)
                .withQueryStringParameters(query)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(USER)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build())
                        .withAuthorizer(authorizer(config))
                        .build())
                .build();
    }

    private static APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer(Config config) {
        var authorizer = APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder();
        switch (config.authMode()) {
            case IAM -> authorizer.withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder().withUserArn(IAM_PRINCIPAL).build());
            case JWT -> {
                Map<String, String> claims = new HashMap<>();
                claims.put(config.userClaim(), USER);
                config.jwtRequiredClaim().ifPresent(required -> claims.put(required.name(), required.value()));
                authorizer.withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build());
            }
            case BASIC -> authorizer.withLambda(Map.copyOf(Authentication.verified(USER).asContext()));
            case NONE -> {
                // Authentication off: the caller is anonymous.
            }
        }
        return authorizer.build();
    }

    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : " " + query) + (onStub ? " (stub)" : "");
    }
}
