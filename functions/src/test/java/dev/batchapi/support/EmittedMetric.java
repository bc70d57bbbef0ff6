package dev.batchapi.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.json.JsonNumber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One value as CloudWatch would extract it from a line of the embedded metric format. Reading a
 * line checks it against the format's specification (the root, the metadata, each directive, each
 * definition and their targets), so a malformed line fails the test that reads it.
 *
 * @param dimensions the dimension values the line carries
 * @param dimensionSets the sets of dimension names CloudWatch publishes the value under
 */
public record EmittedMetric(long timestamp, String namespace, String name, String unit, double value,
        Map<String, String> dimensions, List<List<String>> dimensionSets) {

    /** The units the specification lists. */
    private static final Set<String> UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes",
            "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent",
            "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second",
            "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second", "Terabits/Second", "Count/Second",
            "None");

    /** Every value in the embedded metric format among these lines (the others are the operator log's). */
    public static List<EmittedMetric> in(List<String> lines) {
        List<EmittedMetric> metrics = new ArrayList<>();
        lines.stream().filter(line -> line.startsWith("{\"_aws\"")).forEach(line -> metrics.addAll(read(line)));
        return metrics;
    }

    /** The values of one line, checked against the specification. */
    @SuppressWarnings("unchecked")
    public static List<EmittedMetric> read(String line) {
        Map<String, Object> root = (Map<String, Object>) Json.parse(line, JsonLimits.REQUEST);
        Map<String, Object> metadata = (Map<String, Object>) root.get("_aws");
        assertThat(metadata).as("_aws in %s", line).containsOnlyKeys("Timestamp", "CloudWatchMetrics");
        long timestamp = ((JsonNumber) metadata.get("Timestamp")).decimalValue().longValueExact();
        List<Map<String, Object>> directives = (List<Map<String, Object>>) metadata.get("CloudWatchMetrics");
        assertThat(directives).as("directives in %s", line).isNotEmpty();
        List<EmittedMetric> metrics = new ArrayList<>();
        for (Map<String, Object> directive : directives) {
            assertThat(directive).as("a directive of %s", line).containsOnlyKeys("Namespace", "Dimensions", "Metrics");
            String namespace = (String) directive.get("Namespace");
            assertThat(namespace).hasSizeBetween(1, 1024);
            List<List<String>> dimensionSets = (List<List<String>>) directive.get("Dimensions");
            assertThat(dimensionSets).as("dimension sets of %s", line).isNotEmpty();
            Map<String, String> dimensions = new LinkedHashMap<>();
            for (List<String> set : dimensionSets) {
                assertThat(set).hasSizeLessThanOrEqualTo(30);
                for (String dimension : set) {
                    assertThat(root.get(dimension)).as("dimension %s of %s", dimension, line).isInstanceOf(String.class);
                    assertThat((String) root.get(dimension)).hasSizeBetween(1, 1024);
                    dimensions.put(dimension, (String) root.get(dimension));
                }
            }
            List<Map<String, Object>> definitions = (List<Map<String, Object>>) directive.get("Metrics");
            assertThat(definitions).as("definitions of %s", line).isNotEmpty().hasSizeLessThanOrEqualTo(100);
            for (Map<String, Object> definition : definitions) {
                assertThat(definition).as("a definition of %s", line).containsOnlyKeys("Name", "Unit");
                String name = (String) definition.get("Name");
                String unit = (String) definition.get("Unit");
                assertThat(UNITS).as("unit of %s", name).contains(unit);
                assertThat(root.get(name)).as("value of %s in %s", name, line).isInstanceOf(JsonNumber.class);
                metrics.add(new EmittedMetric(timestamp, namespace, name, unit, ((JsonNumber) root.get(name)).decimalValue().doubleValue(),
                        dimensions, dimensionSets));
            }
        }
        return metrics;
    }
}
