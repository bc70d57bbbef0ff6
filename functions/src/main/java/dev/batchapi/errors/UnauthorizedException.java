package dev.batchapi.errors;

import java.util.Map;
import java.util.Optional;

/**
 * No or bad credentials: 401, with the {@code WWW-Authenticate} challenge that tells a client how to
 * authenticate when there is one to send (HTTP Basic).
 */
public final class UnauthorizedException extends ApiException {

    private static final long serialVersionUID = 1L;

    private final String challenge;

    public UnauthorizedException(String message) {
        this(message, null);
    }

    public UnauthorizedException(String message, String challenge) {
        super(401, message);
        this.challenge = challenge;
    }

    @Override
    public Map<String, String> headers() {
        return Optional.ofNullable(challenge).map(value -> Map.of("WWW-Authenticate", value)).orElse(Map.of());
    }
}
