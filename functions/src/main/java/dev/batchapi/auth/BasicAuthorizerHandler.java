package dev.batchapi.auth;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.SnapStartPriming;
import dev.batchapi.json.Json;
import dev.batchapi.json.JsonException;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.telemetry.OpsLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The BASIC mode's Lambda request authorizer (payload 2.0, simple responses). It lets every request
 * on to its function and says in the context who the caller is, or why it is nobody: an HTTP API
 * authorizer's refusal is a bare 403 (or, without credentials, a 401 with no challenge and no JSON),
 * while a function can answer Kyuubi's way, 401 with {@code WWW-Authenticate} and a JSON message. The
 * functions in BASIC mode accept only a user this authorizer verified.
 *
 * <p>The event is read with our own JSON reader: the runtime's binding of the authorizer event class
 * needs joda-time, which the deployment jar leaves out.
 */
public final class BasicAuthorizerHandler implements RequestStreamHandler {

    private static final JsonLimits EVENT_LIMITS = new JsonLimits(16, 64 * 1024);
    private static final String UNREADABLE = "The request could not be read";

    private final BasicAuthenticator authenticator;
    /**
     * Its clients only: a synthetic sign-in would cost the PBKDF2 check and, refused, write a failure
     * count. Held here: the checkpoint context holds it weakly.
     */
    private final SnapStartPriming priming;

    public BasicAuthorizerHandler() {
        this(AppContext.production());
    }

    public BasicAuthorizerHandler(AppContext context) {
        // Wired here rather than in AppContext: config depends on no package of an entry point.
        String secret = context.config().usersSecret().orElseThrow(() -> new IllegalStateException(
                "the BASIC authorizer needs the users secret: set USERS_SECRET"));
        this.authenticator = new BasicAuthenticator(new SecretsManagerUsers(context.aws().secretsManager(), secret, context.clock()),
                new SignInBackoff(context.aws().dynamoDb(), context.config().tableName(), context.clock()));
        this.priming = SnapStartPriming.register(context, List.of());
    }

    SnapStartPriming priming() {
        return priming;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        OpsLog.beginRequest(context == null ? null : context.getAwsRequestId());
        try {
            Authentication authentication;
            try {
                Object event = Json.parse(new String(input.readAllBytes(), StandardCharsets.UTF_8), EVENT_LIMITS);
                authentication = authenticator.authenticate(authorization(event));
            } catch (JsonException e) {
                OpsLog.warn("auth.event.malformed", e);
                authentication = Authentication.refused(UNREADABLE);
            }
            output.write(Json.write(Map.of("isAuthorized", true, "context", authentication.asContext()))
                    .getBytes(StandardCharsets.UTF_8));
        } finally {
            OpsLog.endRequest();
        }
    }

    /** The Authorization header of the event (API Gateway sends header names in lower case). */
    private static String authorization(Object event) {
        if (event instanceof Map<?, ?> request && request.get("headers") instanceof Map<?, ?> headers) {
            for (Map.Entry<?, ?> header : headers.entrySet()) {
                if ("authorization".equalsIgnoreCase(String.valueOf(header.getKey())) && header.getValue() instanceof String value) {
                    return value;
                }
            }
        }
        return null;
    }
}
