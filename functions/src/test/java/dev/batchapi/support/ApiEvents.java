package dev.batchapi.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds API Gateway HTTP API (payload 2.0) events as API Gateway sends them to a function. */
public final class ApiEvents {

    private final String method;
    private final String path;
    private final Map<String, String> pathParameters = new HashMap<>();
    private final Map<String, String> query = new HashMap<>();
    private final Map<String, String> headers = new HashMap<>();
    private String body;
    private boolean base64;
    private String userArn;
    private Map<String, String> jwtClaims;
    private Map<String, Object> authorizerContext;
    private String domainName;

    private ApiEvents(String method, String path) {
        this.method = method;
        this.path = path;
    }

    public static ApiEvents request(String method, String path) {
        return new ApiEvents(method, path);
    }

    public ApiEvents pathParameter(String name, String value) {
        pathParameters.put(name, value);
        return this;
    }

    public ApiEvents query(String name, String value) {
        query.put(name, value);
        return this;
    }

    /** Sets a header; null removes it. */
    public ApiEvents header(String name, String value) {
        if (value == null) {
            headers.remove(name.toLowerCase());
        } else {
            headers.put(name.toLowerCase(), value);
        }
        return this;
    }

    public ApiEvents json(String json) {
        this.body = json;
        this.base64 = false;
        return header("content-type", "application/json");
    }

    /** Bytes as they came, base64-encoded as API Gateway passes a body that is binary or not UTF-8 text. */
    public ApiEvents body(String contentType, byte[] bytes) {
        this.body = Base64.getEncoder().encodeToString(bytes);
        this.base64 = true;
        return header("content-type", contentType);
    }

    /** Sent to this domain name over HTTPS, as a browser reaches API Gateway: sets the Host header too. */
    public ApiEvents sentTo(String domainName) {
        this.domainName = domainName;
        return header("host", domainName).header("x-forwarded-proto", "https");
    }

    /** As an IAM user that API Gateway's AWS_IAM authorization let through. */
    public ApiEvents asIamUser(String name) {
        return asIamPrincipal("arn:aws:iam::123456789012:user/" + name);
    }

    /** As any IAM principal (a role session, the account root) that AWS_IAM authorization let through. */
    public ApiEvents asIamPrincipal(String arn) {
        this.userArn = arn;
        return this;
    }

    /** As the bearer of a token API Gateway's JWT authorizer verified, with these claims. */
    public ApiEvents withJwtClaims(Map<String, String> claims) {
        this.jwtClaims = Map.copyOf(claims);
        return this;
    }

    /** With the context a Lambda (request) authorizer returned for this request. */
    public ApiEvents withAuthorizerContext(Map<String, ?> context) {
        this.authorizerContext = Map.copyOf(context);
        return this;
    }

    /** With HTTP Basic credentials, as Kyuubi's clients send them. */
    public ApiEvents withBasicAuth(String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return header("authorization", "BASIC " + credentials);
    }

    public APIGatewayV2HTTPEvent build() {
        var iam = userArn == null ? null : APIGatewayV2HTTPEvent.RequestContext.IAM.builder()
                .withUserArn(userArn)
                .withAccountId("123456789012")
                .build();
        var context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRequestId("test-request")
                .withDomainName(domainName)
                .withStage("$default")
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build())
                .withAuthorizer(iam == null && jwtClaims == null && authorizerContext == null ? null
                        : APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withIam(iam)
                                .withJwt(jwtClaims == null ? null
                                        : APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                                .withClaims(jwtClaims).withScopes(List.of()).build())
                                .withLambda(authorizerContext)
                                .build())
                .build();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRawPath(path)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(context)
                .build();
    }
}
