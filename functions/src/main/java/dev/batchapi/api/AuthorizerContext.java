package dev.batchapi.api;

import java.util.Map;

/**
 * What API Gateway's authorizer established about the caller, from the event's
 * {@code requestContext.authorizer}: never from anything the caller wrote itself.
 *
 * @param iamPrincipalArn the signing principal's ARN, when AWS_IAM authorization let the request through
 * @param jwtClaims the token's claims, when the JWT authorizer let it through
 * @param lambda the context a Lambda (request) authorizer returned
 */
public record AuthorizerContext(String iamPrincipalArn, Map<String, String> jwtClaims, Map<String, Object> lambda) {

    public static final AuthorizerContext NONE = new AuthorizerContext(null, Map.of(), Map.of());

    public AuthorizerContext {
        jwtClaims = jwtClaims == null ? Map.of() : Map.copyOf(jwtClaims);
        lambda = lambda == null ? Map.of() : Map.copyOf(lambda);
    }
}
