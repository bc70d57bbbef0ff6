package dev.batchapi.api;

import dev.batchapi.config.WebOrigin;
import dev.batchapi.errors.ForbiddenException;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses a state-changing request that a browser sent on another site's behalf (cross-site request
 * forgery): a browser that has used the API in BASIC mode sends its cached credentials with a
 * cross-site form POST, and multipart and {@code text/plain} bodies need no CORS preflight. Such a
 * request carries an {@code Origin} that is not the API's own, or {@code Sec-Fetch-Site: cross-site};
 * Kyuubi's clients (and curl, the SDKs) send neither header, so they are never refused. The API's
 * own origin is the scheme API Gateway received the request over ({@code X-Forwarded-Proto}, which it
 * sets) and its domain name; pages of the origins in ALLOWED_ORIGINS may call it too.
 */
final class CrossSiteCheck {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String WHERE_FROM = "batches are created and deleted only by pages of this API's own origin"
            + " or of an origin listed in ALLOWED_ORIGINS";

    private final Set<WebOrigin> allowedOrigins;

    CrossSiteCheck(Set<WebOrigin> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** @throws ForbiddenException when the request changes state and came from another site */
    void check(HttpRequest request) {
        if (request.method() == null || SAFE_METHODS.contains(request.method())) {
            return;
        }
        if (request.header("sec-fetch-site").filter(site -> site.trim().equalsIgnoreCase("cross-site")).isPresent()) {
            throw new ForbiddenException("Refused a cross-site request (Sec-Fetch-Site: cross-site): " + WHERE_FROM);
        }
        Optional<String> origin = request.header("origin");
        if (origin.isPresent()) {
            // "null" (a sandboxed frame, a file: page, a redirect) parses to no origin: foreign.
            Optional<WebOrigin> from = WebOrigin.parse(origin.get());
            if (from.isEmpty() || !(from.equals(ownOrigin(request)) || allowedOrigins.contains(from.get()))) {
                throw new ForbiddenException("Refused a request whose Origin header names another site: " + WHERE_FROM);
            }
        }
    }

    private static Optional<WebOrigin> ownOrigin(HttpRequest request) {
        String scheme = request.header("x-forwarded-proto").map(proto -> proto.split(",", 2)[0].trim()).orElse("https");
        return Optional.ofNullable(request.domainName()).or(() -> request.header("host"))
                .flatMap(authority -> WebOrigin.of(scheme, authority));
    }
}
