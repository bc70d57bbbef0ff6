package dev.batchapi.auth;

import java.util.Map;
import java.util.Optional;

/**
 * What the BASIC authorizer concluded about a request: the user it verified, or why it verified none.
 * Travels to the handlers as the authorizer's context (API Gateway passes it on in the event's
 * {@code requestContext.authorizer.lambda}), under names only the authorizer sets.
 */
public record Authentication(Optional<String> user, String refusal) {

    /** What a client is told to send: RFC 7617's challenge. */
    public static final String CHALLENGE = "Basic realm=\"batch-api\", charset=\"UTF-8\"";
    static final String USER = "user";
    static final String REFUSAL = "refusal";
    private static final String UNKNOWN_REFUSAL = "Authentication required";

    public static Authentication verified(String user) {
        return new Authentication(Optional.of(user), null);
    }

    public static Authentication refused(String reason) {
        return new Authentication(Optional.empty(), reason);
    }

    public Map<String, String> asContext() {
        return user.map(name -> Map.of(USER, name)).orElseGet(() -> Map.of(REFUSAL, refusal));
    }

    /** Read back from an authorizer context; no context at all is a refusal. */
    public static Authentication fromContext(Map<String, Object> context) {
        Object user = context.get(USER);
        if (user instanceof String name && !name.isBlank()) {
            return verified(name);
        }
        Object refusal = context.get(REFUSAL);
        return refused(refusal instanceof String reason ? reason : UNKNOWN_REFUSAL);
    }
}
