package dev.batchapi.deploy;

import static dev.batchapi.deploy.ProjectTemplate.TEMPLATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.config.Config;
import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.telemetry.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alarms watch what the functions write: every metric they name is one of
 * {@link Metric}, in the namespace the functions are given, under one of its dimension sets.
 */
class MetricsTemplateTest {

    private static final List<String> ALARMS = List.of("ServerErrorsAlarm", "SyncFailuresAlarm", "ErrorRateAlarm",
            "OldestQueuedBatchAlarm", "EventLagAlarm");
    private static final Pattern SEARCH = Pattern.compile("SEARCH\\('\\{\"([^\"]+)\",([A-Za-z,]+)} MetricName=\"(\\w+)\"'");
    private static final String NAMESPACE = "Team/Batches";
    private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:batch-alarms";

    /** A metric as the template names it: its namespace, name and the names of its dimensions. */
    private record Watched(Object namespace, String name, Set<String> dimensions) {
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFunctionsGetTheNamespaceTheDashboardAndTheAlarmsUse() {
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                TEMPLATE.root().get("Globals")).get("Function")).get("Environment")).get("Variables");

        assertThat(globals).containsEntry(Config.METRICS_NAMESPACE, Map.of("Ref", "MetricsNamespace"));
        assertThat(ProjectTemplate.parameter("MetricsNamespace")).containsEntry("Default", Config.DEFAULT_METRICS_NAMESPACE);
    }

    @Test
    void eachAlarmWatchesAMetricTheFunctionsWriteInTheirNamespace() {
        List<Watched> watched = new ArrayList<>();
        ALARMS.forEach(alarm -> watched.addAll(watchedBy(alarm)));

        assertThat(watched).isNotEmpty().allSatisfy(MetricsTemplateTest::isWritten)
                .allSatisfy(metric -> assertThat(metric.namespace()).isEqualTo(Map.of("Ref", "MetricsNamespace")));
        assertThat(watched).extracting(Watched::name).containsExactlyInAnyOrder(Metric.SERVER_ERRORS.metricName(),
                Metric.SYNC_FAILURES.metricName(), Metric.BATCHES_ENDED.metricName(), Metric.BATCHES_ENDED.metricName(),
                Metric.OLDEST_QUEUED_AGE.metricName(), Metric.EVENT_LAG.metricName(),
                Metric.EVENT_PUBLISH_FAILURES.metricName());
        assertThat(ProjectTemplate.resourcesOfType("AWS::CloudWatch::Alarm").keySet()).containsExactlyInAnyOrderElementsOf(ALARMS);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theErrorRateIsTheShareOfEndedBatchesThatEndedErrorOnceEnoughEnded() {
        List<Map<String, Object>> queries = (List<Map<String, Object>>) TEMPLATE.properties("ErrorRateAlarm").get("Metrics");

        assertThat(watchedBy("ErrorRateAlarm")).containsExactly(
                new Watched(Map.of("Ref", "MetricsNamespace"), "BatchesEnded", Set.of(Metric.STATE)),
                new Watched(Map.of("Ref", "MetricsNamespace"), "BatchesEnded", Set.of()));
        assertThat(queries.get(2).get("Expression")).isEqualTo(Map.of("Fn::Sub",
                "IF(FILL(ended, 0) >= ${ErrorRateAlarmMinimumEnded}, 100 * FILL(errors, 0) / ended, 0)"));
        assertThat(TEMPLATE.properties("ErrorRateAlarm")).containsEntry("Threshold", Map.of("Ref", "ErrorRateAlarmPercent"));
        assertThat(ProjectTemplate.parameter("ErrorRateAlarmPercent")).containsEntry("Default", 50);
    }

    @Test
    @SuppressWarnings("unchecked")
    void lateEventsRaiseTheirAlarmByTheLagOfThoseThatComeOrByTheBusRefusingThem() {
        List<Map<String, Object>> queries = (List<Map<String, Object>>) TEMPLATE.properties("EventLagAlarm").get("Metrics");

        assertThat(watchedBy("EventLagAlarm")).containsExactly(
                new Watched(Map.of("Ref", "MetricsNamespace"), "EventLag", Set.of()),
                new Watched(Map.of("Ref", "MetricsNamespace"), "EventPublishFailures", Set.of()));
        assertThat(queries.get(0).get("Expression")).isEqualTo("MAX([FILL(lag, 0) / 1000, IF(FILL(refused, 0) > 0, 1000000, 0)])");
        assertThat(TEMPLATE.properties("EventLagAlarm")).containsEntry("Threshold", Map.of("Ref", "EventLagAlarmSeconds"));
        assertThat(ProjectTemplate.parameter("EventLagAlarmSeconds")).containsEntry("Default", 900);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlarmNotifiesTheTopicOnAlarmAndOkOnlyWhenOneIsGiven() {
        for (String alarm : ALARMS) {
            Map<String, Object> alone = (Map<String, Object>) TEMPLATE.asDeployed(TEMPLATE.properties(alarm), Map.of());
            Map<String, Object> notifying = (Map<String, Object>) TEMPLATE.asDeployed(TEMPLATE.properties(alarm),
                    Map.of("AlarmTopicArn", TOPIC));

            assertThat(alone).as(alarm).doesNotContainKeys("AlarmActions", "OKActions");
            assertThat(notifying).as(alarm).containsEntry("AlarmActions", List.of(Map.of("Ref", "AlarmTopicArn")))
                    .containsEntry("OKActions", List.of(Map.of("Ref", "AlarmTopicArn")));
        }
        assertThat(ProjectTemplate.parameter("AlarmTopicArn")).containsEntry("Default", "");
        assertThat(Pattern.matches((String) ProjectTemplate.parameter("AlarmTopicArn").get("AllowedPattern"), TOPIC)).isTrue();
    }

    @Test
    void theDashboardShowsEveryMetricTheFunctionsWriteAndOnlyThoseAndEveryAlarm() {
        Map<String, Object> dashboard = dashboard();
        List<Watched> shown = shownOn(dashboard);

        assertThat(shown).allSatisfy(MetricsTemplateTest::isWritten)
                .allSatisfy(metric -> assertThat(metric.namespace()).isEqualTo(NAMESPACE));
        assertThat(shown.stream().map(Watched::name).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Metric.values()).map(Metric::metricName).toList());
        assertThat(Json.write(dashboard)).contains(ALARMS.stream().map(alarm -> "arn:" + alarm).toArray(String[]::new));
    }

    @Test
    void theDashboardShowsTheClusterMetricsOfEveryClusterByItsId() {
        List<Watched> shown = shownOn(dashboard());

        for (Metric metric : List.of(Metric.ACTIVE_STEPS, Metric.QUEUED_BATCHES, Metric.OLDEST_QUEUED_AGE)) {
            assertThat(shown).contains(new Watched(NAMESPACE, metric.metricName(), Set.of(Metric.CLUSTER_ID)));
        }
    }

    /** The metric is one the functions write, under one of the dimension sets they write it with. */
    private static void isWritten(Watched watched) {
        Metric metric = Arrays.stream(Metric.values()).filter(written -> written.metricName().equals(watched.name()))
                .findFirst().orElseThrow(() -> new AssertionError(watched.name() + " is written by no function"));
        assertThat(metric.dimensionSets().stream().map(Set::copyOf).toList()).as(watched.name())
                .contains(watched.dimensions());
    }

    @SuppressWarnings("unchecked")
    private static List<Watched> watchedBy(String alarm) {
        Map<String, Object> properties = TEMPLATE.properties(alarm);
        List<Map<String, Object>> metrics = new ArrayList<>();
        if (properties.containsKey("MetricName")) {
            metrics.add(properties);
        }
        for (Map<String, Object> query : (List<Map<String, Object>>) properties.getOrDefault("Metrics", List.of())) {
            if (query.containsKey("MetricStat")) {
                metrics.add((Map<String, Object>) ((Map<String, Object>) query.get("MetricStat")).get("Metric"));
            }
        }
        return metrics.stream().map(metric -> new Watched(metric.get("Namespace"), (String) metric.get("MetricName"),
                ((List<Map<String, Object>>) metric.getOrDefault("Dimensions", List.of())).stream()
                        .map(dimension -> (String) dimension.get("Name")).collect(Collectors.toSet()))).toList();
    }

    /** The dashboard's body as deployed in eu-west-1 with namespace {@value #NAMESPACE}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> dashboard() {
        Map<String, String> values = new HashMap<>(Map.of("MetricsNamespace", NAMESPACE, "AWS::Region", "eu-west-1"));
        ALARMS.forEach(alarm -> values.put(alarm + ".Arn", "arn:" + alarm));
        Object body = TEMPLATE.resolved(TEMPLATE.properties("BatchApiDashboard").get("DashboardBody"), values);
        return (Map<String, Object>) Json.parse((String) body, JsonLimits.REQUEST);
    }

    /** Each metric a graph of the dashboard shows: named outright, or found by a SEARCH of a schema. */
    @SuppressWarnings("unchecked")
    private static List<Watched> shownOn(Map<String, Object> dashboard) {
        List<Watched> shown = new ArrayList<>();
        for (Map<String, Object> widget : (List<Map<String, Object>>) dashboard.get("widgets")) {
            Map<String, Object> properties = (Map<String, Object>) widget.get("properties");
            for (List<Object> row : (List<List<Object>>) properties.getOrDefault("metrics", List.of())) {
                if (row.get(0) instanceof Map<?, ?> expression) {
                    Matcher search = SEARCH.matcher((String) expression.get("expression"));
                    assertThat(search.find()).as("a SEARCH of a schema: %s", expression).isTrue();
                    shown.add(new Watched(search.group(1), search.group(3), new HashSet<>(List.of(search.group(2).split(",")))));
                } else {
                    // [namespace, name, dimension, value, …, {options}]
                    Set<String> dimensions = new HashSet<>();
                    for (int i = 2; i + 1 < row.size(); i += 2) {
                        dimensions.add((String) row.get(i));
                    }
                    shown.add(new Watched(row.get(0), (String) row.get(1), dimensions));
                }
            }
        }
        return shown;
    }
}
