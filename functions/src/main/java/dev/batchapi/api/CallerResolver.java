package dev.batchapi.api;

import dev.batchapi.batch.Caller;
import dev.batchapi.config.AuthMode;
import dev.batchapi.errors.UnauthorizedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Who is calling, from what the deployment's authentication established: with IAM, the principal
 * API Gateway verified (never a header the caller wrote); with authentication off, the Basic user name
 * as given (Kyuubi clients send {@code BASIC <base64>}), or {@code anonymous}.
 */
final class CallerResolver {

    static final String ANONYMOUS = "anonymous";

    private final AuthMode mode;

    CallerResolver(AuthMode mode) {
        this.mode = mode;
    }

    Caller resolve(HttpRequest request) {
        return switch (mode) {
            case IAM -> new Caller(iamPrincipalName(request.iamPrincipalArn()).orElseThrow(() ->
                    new UnauthorizedException("The request carries no verified IAM identity")));
            case NONE -> new Caller(basicUser(request.header("authorization").orElse(null)).orElse(ANONYMOUS));
        };
    }

    /**
     * The name of an IAM principal: the user name of {@code …:user/path/alice}, the role name of
     * {@code …:assumed-role/Role/session} (the session name is chosen by whoever assumes the role, so
     * it cannot identify anyone), the name of a federated user, {@code root} for the account root.
     */
    static Optional<String> iamPrincipalName(String arn) {
        if (arn == null || arn.isBlank()) {
            return Optional.empty();
        }
        String[] parts = arn.split(":", 6);
        if (parts.length < 6 || !"arn".equals(parts[0])) {
            return Optional.empty();
        }
        String resource = parts[5];
        if ("root".equals(resource)) {
            return Optional.of("root");
        }
        String[] path = resource.split("/");
        if (path.length < 2) {
            return Optional.empty();
        }
        return Optional.of("assumed-role".equals(path[0]) ? path[1] : path[path.length - 1])
                .filter(name -> !name.isBlank());
    }

    private static Optional<String> basicUser(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2 || !"basic".equals(parts[0].toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String user = colon < 0 ? decoded : decoded.substring(0, colon);
            return Optional.of(user.trim()).filter(name -> !name.isEmpty() && name.chars().noneMatch(Character::isISOControl));
        } catch (IllegalArgumentException e) {
            throw new UnauthorizedException("The Authorization header is not valid Basic credentials");
        }
    }
}
