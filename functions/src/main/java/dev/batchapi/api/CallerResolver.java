package dev.batchapi.api;

import dev.batchapi.auth.Authentication;
import dev.batchapi.auth.BasicCredentials;
import dev.batchapi.batch.Caller;
import dev.batchapi.config.AuthMode;
import dev.batchapi.config.Config;
import dev.batchapi.config.RequiredClaim;
import dev.batchapi.errors.ForbiddenException;
import dev.batchapi.errors.UnauthorizedException;
import dev.batchapi.text.UnicodeText;
import java.util.Arrays;
import java.util.Map;
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
    private final Optional<RequiredClaim> requiredClaim;

    /**
     * @param userClaim the JWT claim that names the user
     * @param requiredClaim a claim value every JWT must carry (JWT mode)
     */
    CallerResolver(AuthMode mode, String userClaim, Optional<RequiredClaim> requiredClaim) {
        this.mode = mode;
        this.userClaim = userClaim;
        this.requiredClaim = requiredClaim;
    }

    /** The resolver of a deployment, as its configuration says. */
    static CallerResolver of(Config config) {
        return new CallerResolver(config.authMode(), config.userClaim(), config.jwtRequiredClaim());
    }

    Caller resolve(HttpRequest request) {
        AuthorizerContext authorizer = request.authorizer();
        return switch (mode) {
            case IAM -> new Caller(iamPrincipalName(authorizer.iamPrincipalArn()).orElseThrow(() ->
                    new UnauthorizedException("The request carries no verified IAM identity")));
            case JWT -> jwtCaller(authorizer.jwtClaims());
            case BASIC -> {
                Authentication authentication = Authentication.fromContext(authorizer.lambda());
                yield new Caller(authentication.user().filter(CallerResolver::isUserName)
                        .orElseThrow(() -> new UnauthorizedException(authentication.refusal(), Authentication.CHALLENGE)));
            }
            case NONE -> new Caller(basicUser(request.header("authorization").orElse(null)).orElse(ANONYMOUS));
        };
    }

    private Caller jwtCaller(Map<String, String> claims) {
        Caller caller = new Caller(Optional.ofNullable(claims.get(userClaim))
                .filter(CallerResolver::isUserName)
                .orElseThrow(() -> new UnauthorizedException("The token carries no " + userClaim + " claim")));
        requiredClaim.filter(required -> !required.isMetBy(claims.get(required.name()))).ifPresent(required -> {
            // Authenticated but not admitted: 403, as for a token without a required scope.
            throw new ForbiddenException("The token's " + required.name() + " claim does not include " + required.value()
                    + ", which this deployment requires");
        });
        return caller;
    }

    /**
     * The name of an IAM principal, which keeps the principal's type wherever a name alone could be
     * another principal's: an IAM user {@code …:user/path/alice} is {@code alice} (a user name has no
     * slash), an assumed role {@code …:assumed-role/Role/session} is {@code role/Role} (the session
     * name is chosen by whoever assumes the role, so it cannot identify anyone, and a role may be
     * named like a user), a federated user {@code federated-user/<name>} (the name is the caller's
     * choice in GetFederationToken), the account root {@code account/<account id>} (IAM lets a user
     * be named {@code root}). Each prefixed form has a slash, so none can pass for a user or an admin
     * listed by user name. Any other principal type names nobody.
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
            return Optional.of(parts[4]).filter(account -> !account.isBlank()).map(account -> "account/" + account);
        }
        String[] path = resource.split("/", -1);
        if (path.length < 2 || Arrays.stream(path).anyMatch(String::isBlank)) {
            return Optional.empty();
        }
        String name = path[path.length - 1];
        return switch (path[0]) {
            case "user" -> Optional.of(name);
            case "assumed-role" -> path.length == 3 ? Optional.of("role/" + path[1]) : Optional.empty();
            case "federated-user" -> Optional.of("federated-user/" + name);
            default -> Optional.empty();
        };
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
