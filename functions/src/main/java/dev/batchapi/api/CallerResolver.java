package dev.batchapi.api;

import dev.batchapi.auth.Authentication;
import dev.batchapi.auth.BasicCredentials;
import dev.batchapi.batch.Caller;
import dev.batchapi.config.AuthMode;
import dev.batchapi.errors.UnauthorizedException;
import dev.batchapi.text.UnicodeText;
import java.util.Optional;

/**
 * Who is calling, from what the deployment's authentication established: with IAM, JWT and BASIC
 * only from what API Gateway's authorizer put in the request context, never from a header the caller
 * wrote; with authentication off (local development), the Basic user name as given, or {@code anonymous}.
 */
final class CallerResolver {

    static final String ANONYMOUS = "anonymous";

    private final AuthMode mode;
    private final String userClaim;

    /** @param userClaim the JWT claim that names the user */
    CallerResolver(AuthMode mode, String userClaim) {
        this.mode = mode;
        this.userClaim = userClaim;
    }

    Caller resolve(HttpRequest request) {
        AuthorizerContext authorizer = request.authorizer();
        return switch (mode) {
            case IAM -> new Caller(iamPrincipalName(authorizer.iamPrincipalArn()).orElseThrow(() ->
                    new UnauthorizedException("The request carries no verified IAM identity")));
            case JWT -> new Caller(Optional.ofNullable(authorizer.jwtClaims().get(userClaim))
                    .filter(CallerResolver::isUserName)
                    .orElseThrow(() -> new UnauthorizedException("The token carries no " + userClaim + " claim")));
            case BASIC -> {
                Authentication authentication = Authentication.fromContext(authorizer.lambda());
                yield new Caller(authentication.user().filter(CallerResolver::isUserName)
                        .orElseThrow(() -> new UnauthorizedException(authentication.refusal(), Authentication.CHALLENGE)));
            }
            case NONE -> new Caller(basicUser(request.header("authorization").orElse(null)).orElse(ANONYMOUS));
        };
    }

    /**
     * The name of an IAM principal: the user name of {@code …:user/path/alice}, the role name of
     * {@code …:assumed-role/Role/session} (the session name is chosen by whoever assumes the role, so
     * it cannot identify anyone), {@code root} for the account root. A federated user's name is also
     * chosen by the caller (GetFederationToken), so it is kept as {@code federated-user/<name>}: an IAM
     * user name has no slash, so it can never pass for a user or an admin.
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
        String name = switch (path[0]) {
            case "assumed-role" -> path[1];
            case "federated-user" -> "federated-user/" + path[path.length - 1];
            default -> path[path.length - 1];
        };
        return Optional.of(name).filter(text -> !text.isBlank() && !text.endsWith("/"));
    }

    private static Optional<String> basicUser(String authorization) {
        try {
            return BasicCredentials.from(authorization).map(BasicCredentials::user).filter(CallerResolver::isUserName);
        } catch (BasicCredentials.MalformedException e) {
            throw new UnauthorizedException(e.getMessage());
        }
    }

    private static boolean isUserName(String name) {
        return !name.isBlank() && !UnicodeText.hasControlCharacter(name);
    }
}
