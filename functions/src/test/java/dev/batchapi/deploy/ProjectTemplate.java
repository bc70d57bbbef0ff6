package dev.batchapi.deploy;

import dev.batchapi.local.sam.SamTemplate;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The repository's template.yaml, read once, with the look-ups the template tests share. */
final class ProjectTemplate {

    static final SamTemplate TEMPLATE = SamTemplate.load(Path.of("..", "template.yaml"));

    private ProjectTemplate() {
    }

    /** The properties of every resource of the type, by logical id. */
    static Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new HashMap<>();
        TEMPLATE.resources().forEach((id, resource) -> {
            if (type.equals(resource.get("Type"))) {
                found.put(id, TEMPLATE.properties(id));
            }
        });
        return found;
    }

    /** The properties of every route API Gateway authorizes (all but the public one, AuthorizationType NONE). */
    static Map<String, Map<String, Object>> authorizedRoutes() {
        Map<String, Map<String, Object>> routes = resourcesOfType("AWS::ApiGatewayV2::Route");
        routes.values().removeIf(route -> "NONE".equals(route.get("AuthorizationType")));
        return routes;
    }

    /** The function of that logical id. */
    static SamTemplate.Function function(String logicalId) {
        return TEMPLATE.functions().stream().filter(function -> function.logicalId().equals(logicalId))
                .findFirst().orElseThrow();
    }

    /** The log group the function's logs go to (its LoggingConfig). */
    @SuppressWarnings("unchecked")
    static String logGroupOf(SamTemplate.Function function) {
        Map<String, Object> logging = (Map<String, Object>) TEMPLATE.properties(function.logicalId()).get("LoggingConfig");
        return (String) ((Map<String, Object>) logging.get("LogGroup")).get("Ref");
    }

    /** The ARN of the function's role, as the template writes it. */
    static Object roleArnOf(SamTemplate.Function function) {
        return Map.of("Fn::GetAtt", SamTemplate.role(TEMPLATE.properties(function.logicalId())).orElseThrow() + ".Arn");
    }

    /** The function's environment variables of its own (those of Globals are not counted). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> ownEnvironment(SamTemplate.Function function) {
        Map<String, Object> environment = (Map<String, Object>) TEMPLATE.properties(function.logicalId())
                .getOrDefault("Environment", Map.of());
        return (Map<String, Object>) environment.getOrDefault("Variables", Map.of());
    }

    /** The statements of a policy document, as deployed with the parameters. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statementsAsDeployed(Object policyDocument, Map<String, String> parameters) {
        return (List<Map<String, Object>>) ((Map<String, Object>) TEMPLATE.asDeployed(policyDocument, parameters))
                .get("Statement");
    }

    /** A parameter's declaration. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parameter(String name) {
        return (Map<String, Object>) ((Map<String, Object>) TEMPLATE.root().get("Parameters")).get(name);
    }
}
