package dev.batchapi.local.sam;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A SAM template, read as CloudFormation reads it: the short intrinsic forms ({@code !Ref},
 * {@code !Sub}, {@code !GetAtt}, …) become their long forms ({@code Ref}, {@code Fn::Sub},
 * {@code Fn::GetAtt}, …). Gives the functions with what triggers them (HTTP API routes declared as
 * {@code AWS::ApiGatewayV2::Route}s whose integration invokes the function's alias, schedules,
 * EventBridge rules) and what they may do.
 */
public final class SamTemplate {

    /** Lambda's default timeout, in seconds. */
    private static final int DEFAULT_TIMEOUT = 3;
    private static final Map<String, Object> NO_VALUE = Map.of("Ref", "AWS::NoValue");

    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static SamTemplate parse(Reader yaml) {
        return new SamTemplate(new Yaml(new IntrinsicsConstructor()).load(yaml));
    }

    public static SamTemplate load(Path path) {
        try (Reader reader = Files.newBufferedReader(path)) {
            return parse(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path.toAbsolutePath(), e);
        }
    }

    /**
     * A function: its handler, its timeout (its own, else the Globals', else Lambda's 3 s), its HTTP API
     * routes, schedules, EventBridge rule patterns and the tables whose DynamoDB stream it reads (their logical ids), its IAM statements (its SAM {@code Policies}, or
     * the {@code AWS::IAM::RolePolicy}s of the role it names; a statement that depends on a condition
     * counted as if the condition held), the condition it exists under, if any.
     */
    public record Function(String logicalId, String handler, int timeoutSeconds, List<Route> routes,
            List<String> schedules, List<Map<String, Object>> eventPatterns, List<String> tableStreams,
            List<Map<String, Object>> statements, Optional<String> condition) {
    }

    /**
     * An HTTP API route.
     *
     * @param authorized whether API Gateway authorizes it (an {@code AuthorizationType} other than
     *                   {@code NONE}); a public route reaches its function without the authorizer
     */
    public record Route(String method, String path, boolean authorized) {

        /** An authorized route, as every route of the API but its public ones is. */
        public Route(String method, String path) {
            this(method, path, true);
        }
    }

    /** The whole template, as CloudFormation reads it. */
    public Map<String, Object> root() {
        return root;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> resources() {
        return (Map<String, Map<String, Object>>) root.get("Resources");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> properties(String logicalId) {
        return (Map<String, Object>) resources().get(logicalId).get("Properties");
    }

    /** A parameter's default, if it has one. */
    @SuppressWarnings("unchecked")
    public Optional<Object> parameterDefault(String name) {
        Map<String, Object> parameters = (Map<String, Object>) root.getOrDefault("Parameters", Map.of());
        return Optional.ofNullable((Map<String, Object>) parameters.get(name)).map(parameter -> parameter.get("Default"));
    }

    @SuppressWarnings("unchecked")
    public List<Function> functions() {
        List<Function> functions = new ArrayList<>();
        resources().forEach((id, resource) -> {
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
            List<Route> routes = new ArrayList<>(routesTo(id));
            List<String> schedules = new ArrayList<>();
            List<Map<String, Object>> patterns = new ArrayList<>();
            List<String> tableStreams = new ArrayList<>();
            Map<String, Map<String, Object>> events =
                    (Map<String, Map<String, Object>>) properties.getOrDefault("Events", Map.of());
            for (Map<String, Object> event : events.values()) {
                Map<String, Object> eventProperties = (Map<String, Object>) event.get("Properties");
                switch (String.valueOf(event.get("Type"))) {
                    case "Schedule" -> schedules.add(String.valueOf(resolve(eventProperties.get("Schedule"))));
                    case "EventBridgeRule" -> patterns.add((Map<String, Object>) eventProperties.get("Pattern"));
                    case "DynamoDB" -> tableStreams.add(streamOf(eventProperties.get("Stream")));
                    default -> {
                        // other triggers are not used by this template
                    }
                }
            }
            List<Map<String, Object>> statements = new ArrayList<>();
            List<Object> policies = new ArrayList<>((List<Object>) properties.getOrDefault("Policies", List.of()));
            role(properties).ifPresent(role -> policies.addAll(rolePolicies(role)));
            for (Object policy : policies) {
                for (Object statement : (List<Object>) ((Map<String, Object>) policy).get("Statement")) {
                    statements.add((Map<String, Object>) whenConditionHolds(statement));
                }
            }
            Object timeout = properties.getOrDefault("Timeout", globalFunctionProperty("Timeout").orElse(DEFAULT_TIMEOUT));
            functions.add(new Function(id, (String) properties.get("Handler"), ((Number) timeout).intValue(),
                    routes, schedules, patterns, tableStreams, statements,
                    Optional.ofNullable((String) resource.get("Condition"))));
        });
        return functions;
    }

    /** The table of a {@code Stream: !GetAtt Table.StreamArn}. */
    private static String streamOf(Object stream) {
        Object attribute = stream instanceof Map<?, ?> reference ? reference.get("Fn::GetAtt") : null;
        // !GetAtt Table.StreamArn reads as one string; Fn::GetAtt: [Table, StreamArn] as a list.
        List<?> parts = attribute instanceof String dotted ? List.of(dotted.split("\\.", 2))
                : attribute instanceof List<?> list ? list : List.of();
        if (parts.size() == 2 && "StreamArn".equals(parts.get(1))) {
            return String.valueOf(parts.get(0));
        }
        throw new IllegalArgumentException("a DynamoDB event's Stream must be !GetAtt <table>.StreamArn, not " + stream);
    }

    /** The role a function names ({@code Role: !GetAtt R.Arn}), if it names one of the template's. */
    public static Optional<String> role(Map<String, Object> functionProperties) {
        if (functionProperties.get("Role") instanceof Map<?, ?> role) {
            Object attribute = role.get("Fn::GetAtt");
            if (attribute instanceof List<?> list) {
                return Optional.of((String) list.get(0));
            }
            if (attribute instanceof String name) {
                return Optional.of(name.split("\\.", 2)[0]);
            }
        }
        return Optional.empty();
    }

    /** The policy documents of every {@code AWS::IAM::RolePolicy} given to the role. */
    @SuppressWarnings("unchecked")
    private List<Object> rolePolicies(String role) {
        return resources().values().stream()
                .filter(resource -> "AWS::IAM::RolePolicy".equals(resource.get("Type")))
                .map(resource -> (Map<String, Object>) resource.get("Properties"))
                .filter(properties -> Map.of("Ref", role).equals(properties.get("RoleName")))
                .map(properties -> properties.get("PolicyDocument"))
                .toList();
    }

    /** The function a REQUEST (Lambda) authorizer of the HTTP API invokes, if there is one. */
    @SuppressWarnings("unchecked")
    public Optional<String> requestAuthorizerFunction() {
        return resources().values().stream()
                .filter(resource -> "AWS::ApiGatewayV2::Authorizer".equals(resource.get("Type")))
                .map(resource -> (Map<String, Object>) resource.get("Properties"))
                .filter(properties -> "REQUEST".equals(properties.get("AuthorizerType")))
                .map(properties -> aliasedFunction(properties.get("AuthorizerUri")))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * Whether a condition of the template holds for the given parameter values (the defaults for
     * the others; a list parameter's value is its comma-separated form). Reads {@code Fn::Equals} of
     * literals, parameters and {@code Fn::Join}s of a list parameter, {@code Fn::Not}, {@code Fn::And},
     * {@code Fn::Or} and {@code Condition}: the forms this template's conditions take.
     */
    @SuppressWarnings("unchecked")
    public boolean conditionHolds(String name, Map<String, String> parameters) {
        Map<String, Object> conditions = (Map<String, Object>) root.getOrDefault("Conditions", Map.of());
        if (!conditions.containsKey(name)) {
            throw new IllegalArgumentException("no condition " + name);
        }
        return evaluate(conditions.get(name), parameters);
    }

    @SuppressWarnings("unchecked")
    private boolean evaluate(Object condition, Map<String, String> parameters) {
        Map<String, Object> function = (Map<String, Object>) condition;
        if (function.containsKey("Condition")) {
            return conditionHolds((String) function.get("Condition"), parameters);
        }
        if (function.containsKey("Fn::Not")) {
            return !evaluate(((List<Object>) function.get("Fn::Not")).get(0), parameters);
        }
        if (function.containsKey("Fn::And")) {
            return ((List<Object>) function.get("Fn::And")).stream().allMatch(term -> evaluate(term, parameters));
        }
        if (function.containsKey("Fn::Or")) {
            return ((List<Object>) function.get("Fn::Or")).stream().anyMatch(term -> evaluate(term, parameters));
        }
        if (function.containsKey("Fn::Equals")) {
            List<Object> sides = ((List<Object>) function.get("Fn::Equals")).stream()
                    .map(side -> valueOf(side, parameters))
                    .toList();
            return Objects.equals(sides.get(0), sides.get(1));
        }
        throw new IllegalArgumentException("unsupported condition " + condition);
    }

    /** A side of an {@code Fn::Equals}: a literal, a parameter, or a list parameter joined. */
    @SuppressWarnings("unchecked")
    private Object valueOf(Object side, Map<String, String> parameters) {
        if (side instanceof Map<?, ?> ref && ref.get("Ref") instanceof String name) {
            return parameterValue(name, parameters);
        }
        if (side instanceof Map<?, ?> join && join.get("Fn::Join") instanceof List<?> arguments
                && arguments.get(1) instanceof Map<?, ?> ref && ref.get("Ref") instanceof String name) {
            String value = parameterValue(name, parameters);
            return value == null ? null : String.join((String) arguments.get(0), value.split(",", -1));
        }
        return side;
    }

    private String parameterValue(String name, Map<String, String> parameters) {
        return parameters.getOrDefault(name, parameterDefault(name).map(String::valueOf).orElse(null));
    }

    /**
     * A value as CloudFormation deploys it for the given parameter values (the defaults for the
     * others): every {@code Fn::If} decided, and what it decides to be {@code AWS::NoValue} left out
     * of its map or list. Anything else stays as written.
     */
    @SuppressWarnings("unchecked")
    public Object asDeployed(Object value, Map<String, String> parameters) {
        if (value instanceof Map<?, ?> map && map.get("Fn::If") instanceof List<?> branches) {
            return asDeployed(conditionHolds((String) branches.get(0), parameters) ? branches.get(1) : branches.get(2),
                    parameters);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> deployed = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, entry) -> {
                Object kept = asDeployed(entry, parameters);
                if (!NO_VALUE.equals(kept)) {
                    deployed.put(key, kept);
                }
            });
            return deployed;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(entry -> asDeployed(entry, parameters)).filter(entry -> !NO_VALUE.equals(entry))
                    .toList();
        }
        return value;
    }

    /**
     * A value as CloudFormation resolves it for the given values of parameters and pseudo parameters
     * ({@code AWS::Region}, …; the defaults for the other parameters): {@link #asDeployed} first, then
     * every {@code Ref} to one of them, {@code Fn::Sub}, {@code Fn::Join} and {@code Fn::Split} worked
     * out (a list parameter is its comma-separated value split). Anything else ({@code Fn::GetAtt}, a
     * {@code Ref} to a resource) stays as written.
     */
    public Object resolved(Object value, Map<String, String> parameters) {
        return resolveStrings(asDeployed(value, parameters), parameters);
    }

    @SuppressWarnings("unchecked")
    private Object resolveStrings(Object value, Map<String, String> parameters) {
        if (value instanceof List<?> list) {
            return list.stream().map(entry -> resolveStrings(entry, parameters)).toList();
        }
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        if (map.size() == 1 && map.get("Ref") instanceof String name) {
            String known = parameterValue(name, parameters);
            if (known == null) {
                return value;
            }
            return isListParameter(name) ? List.of(known.split(",", -1)) : known;
        }
        if (map.size() == 1 && map.get("Fn::Sub") != null) {
            Object sub = map.get("Fn::Sub");
            String template = sub instanceof List<?> form ? (String) form.get(0) : (String) sub;
            Map<String, Object> variables = sub instanceof List<?> form ? (Map<String, Object>) form.get(1) : Map.of();
            Matcher matcher = Pattern.compile("\\$\\{([^}!]+)}").matcher(template);
            StringBuilder result = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1);
                Object replacement = variables.containsKey(name)
                        ? resolveStrings(variables.get(name), parameters)
                        : resolveStrings(Map.of("Ref", name), parameters);
                if (!(replacement instanceof String text)) {
                    return value;
                }
                matcher.appendReplacement(result, Matcher.quoteReplacement(text));
            }
            matcher.appendTail(result);
            return result.toString();
        }
        if (map.size() == 1 && map.get("Fn::Join") instanceof List<?> join) {
            Object parts = resolveStrings(join.get(1), parameters);
            if (parts instanceof List<?> strings && strings.stream().allMatch(String.class::isInstance)) {
                return String.join((String) join.get(0), (List<String>) strings);
            }
            return value;
        }
        if (map.size() == 1 && map.get("Fn::Split") instanceof List<?> split) {
            Object source = resolveStrings(split.get(1), parameters);
            return source instanceof String text
                    ? List.of(text.split(Pattern.quote((String) split.get(0)), -1))
                    : value;
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        ((Map<String, Object>) map).forEach((key, entry) -> resolved.put(key, resolveStrings(entry, parameters)));
        return resolved;
    }

    @SuppressWarnings("unchecked")
    private boolean isListParameter(String name) {
        Map<String, Object> declared = (Map<String, Object>) ((Map<String, Object>) root.getOrDefault("Parameters",
                Map.of())).get(name);
        return declared != null && String.valueOf(declared.get("Type")).startsWith("CommaDelimitedList");
    }

    /** Every route whose integration invokes the function ({@code IntegrationUri: !Ref Fn.Alias}). */
    @SuppressWarnings("unchecked")
    private List<Route> routesTo(String functionId) {
        List<Route> routes = new ArrayList<>();
        resources().values().stream()
                .filter(resource -> "AWS::ApiGatewayV2::Route".equals(resource.get("Type")))
                .map(resource -> (Map<String, Object>) resource.get("Properties"))
                .forEach(route -> {
                    String target = (String) ((Map<String, Object>) route.get("Target")).get("Fn::Sub");
                    String integration = target.replaceFirst("^integrations/\\$\\{(\\w+)}$", "$1");
                    if (aliasedFunction(properties(integration).get("IntegrationUri")).filter(functionId::equals).isPresent()) {
                        String[] key = ((String) route.get("RouteKey")).split(" ", 2);
                        routes.add(new Route(key[0], key[1], !"NONE".equals(route.getOrDefault("AuthorizationType", "NONE"))));
                    }
                });
        return routes;
    }

    /** The function whose alias a value refers to: {@code !Ref Fn.Alias}, also inside a {@code Fn::Join}. */
    @SuppressWarnings("unchecked")
    private static Optional<String> aliasedFunction(Object value) {
        if (value instanceof Map<?, ?> map && map.get("Ref") instanceof String ref && ref.endsWith(".Alias")) {
            return Optional.of(ref.substring(0, ref.length() - ".Alias".length()));
        }
        if (value instanceof Map<?, ?> map && map.get("Fn::Join") instanceof List<?> join) {
            return ((List<Object>) join.get(1)).stream().map(SamTemplate::aliasedFunction)
                    .flatMap(Optional::stream).findFirst();
        }
        return Optional.empty();
    }

    /** An {@code Fn::If} as it is when its condition holds; anything else as written. */
    @SuppressWarnings("unchecked")
    private static Object whenConditionHolds(Object value) {
        if (value instanceof Map<?, ?> map && map.get("Fn::If") instanceof List<?> branches) {
            return ((List<Object>) branches).get(1);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private Optional<Object> globalFunctionProperty(String name) {
        Map<String, Object> globals = (Map<String, Object>) root.getOrDefault("Globals", Map.of());
        return Optional.ofNullable((Map<String, Object>) globals.get("Function")).map(function -> function.get(name));
    }

    /** The actions a statement allows, as a list whatever the YAML form. */
    @SuppressWarnings("unchecked")
    public static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List<?> list ? (List<String>) list : List.of((String) action);
    }

    @SuppressWarnings("unchecked")
    public static List<Object> resources(Map<String, Object> statement) {
        Object resource = statement.get("Resource");
        return resource instanceof List<?> list ? (List<Object>) list : List.of(resource);
    }

    /** A {@code Ref} to a parameter becomes its default; anything else stays as written. */
    @SuppressWarnings("unchecked")
    private Object resolve(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("Ref")) {
            String name = (String) ((Map<String, Object>) map).get("Ref");
            return parameterDefault(name).orElse(value);
        }
        return value;
    }

    private static final class IntrinsicsConstructor extends SafeConstructor {

        IntrinsicsConstructor() {
            super(new LoaderOptions());
            for (String function : List.of("Ref", "Sub", "GetAtt", "Join", "Select", "If", "Equals", "Not", "Split",
                    "And", "Or", "FindInMap", "ImportValue", "Base64", "Cidr", "GetAZs", "Condition")) {
                String longForm = function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
                yamlConstructors.put(new Tag("!" + function), new Intrinsic(longForm));
            }
        }

        private final class Intrinsic extends AbstractConstruct {

            private final String longForm;

            Intrinsic(String longForm) {
                this.longForm = longForm;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> intrinsic = new LinkedHashMap<>();
                intrinsic.put(longForm, value);
                return intrinsic;
            }
        }
    }
}
