package dev.batchapi.support;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * template.yaml, read as CloudFormation reads it: the short intrinsic forms ({@code !Ref}, {@code !Sub},
 * {@code !GetAtt}) become their long forms ({@code Ref}, {@code Fn::Sub}, {@code Fn::GetAtt}).
 */
public final class SamTemplate {

    public static final Path PATH = Path.of("..", "template.yaml");

    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static SamTemplate load() {
        try (Reader reader = Files.newBufferedReader(PATH)) {
            return new SamTemplate(new Yaml(new IntrinsicsConstructor()).load(reader));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + PATH.toAbsolutePath(), e);
        }
    }

    /** A function of the template, with what the tests check. */
    public record Function(String logicalId, String handler, List<Route> routes, List<Map<String, Object>> statements) {
    }

    public record Route(String method, String path) {
    }

    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> resources() {
        return (Map<String, Map<String, Object>>) root.get("Resources");
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> properties(String logicalId) {
        return (Map<String, Object>) resources().get(logicalId).get("Properties");
    }

    @SuppressWarnings("unchecked")
    public List<Function> functions() {
        List<Function> functions = new ArrayList<>();
        resources().forEach((id, resource) -> {
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
            List<Route> routes = new ArrayList<>();
            Map<String, Map<String, Object>> events =
                    (Map<String, Map<String, Object>>) properties.getOrDefault("Events", Map.of());
            events.values().stream()
                    .filter(event -> "HttpApi".equals(event.get("Type")))
                    .map(event -> (Map<String, Object>) event.get("Properties"))
                    .forEach(route -> routes.add(new Route((String) route.get("Method"), (String) route.get("Path"))));
            List<Map<String, Object>> statements = new ArrayList<>();
            for (Object policy : (List<Object>) properties.getOrDefault("Policies", List.of())) {
                statements.addAll((List<Map<String, Object>>) ((Map<String, Object>) policy).get("Statement"));
            }
            functions.add(new Function(id, (String) properties.get("Handler"), routes, statements));
        });
        return functions;
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

    private static final class IntrinsicsConstructor extends SafeConstructor {

        IntrinsicsConstructor() {
            super(new LoaderOptions());
            for (String function : List.of("Ref", "Sub", "GetAtt", "Join", "Select", "If", "Equals", "Not", "Split")) {
                String longForm = function.equals("Ref") ? "Ref" : "Fn::" + function;
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
