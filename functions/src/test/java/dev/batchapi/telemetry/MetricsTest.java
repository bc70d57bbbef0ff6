package dev.batchapi.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.support.CapturedStdout;
import dev.batchapi.support.EmittedMetric;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MetricsTest {

    @RegisterExtension
    final CapturedStdout stdout = new CapturedStdout();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:15:30.123Z"), ZoneOffset.UTC);
    private final List<String> lines = new ArrayList<>();
    private final Metrics metrics = new Metrics("BatchApi", CLOCK, lines::add, false);

    @Test
    void aValueIsOneLineOfTheEmbeddedMetricFormatWithItsDimensionsAndItsRollup() {
        metrics.put(Metric.BATCHES_ENDED, 1, "ERROR");

        assertThat(lines).containsExactly("{\"_aws\":{\"Timestamp\":1796120130123,\"CloudWatchMetrics\":[{\"Namespace\":"
                + "\"BatchApi\",\"Dimensions\":[[\"State\"],[]],\"Metrics\":[{\"Name\":\"BatchesEnded\",\"Unit\":\"Count\"}]}]},"
                + "\"State\":\"ERROR\",\"BatchesEnded\":1}");
        assertThat(EmittedMetric.read(lines.get(0))).containsExactly(new EmittedMetric(1796120130123L, "BatchApi",
                "BatchesEnded", "Count", 1, Map.of("State", "ERROR"), List.of(List.of("State"), List.of())));
    }

    @Test
    void everyMetricWritesALineTheSpecificationAcceptsInItsUnit() {
        for (Metric metric : Metric.values()) {
            String[] dimensionValues = metric.dimensions().stream().map(name -> name + "-value").toArray(String[]::new);
            metrics.put(metric, 42, dimensionValues);

            EmittedMetric read = EmittedMetric.read(lines.get(lines.size() - 1)).get(0);
            assertThat(read.name()).isEqualTo(metric.metricName());
            assertThat(read.unit()).isEqualTo(metric.unit().cloudWatchName());
            assertThat(read.value()).isEqualTo(42);
            assertThat(read.dimensionSets()).isEqualTo(metric.dimensionSets());
            assertThat(read.dimensions().values()).containsExactly(dimensionValues);
        }
        assertThat(Arrays.stream(Metric.values()).map(Metric::metricName).distinct()).hasSize(Metric.values().length);
    }

    @Test
    void withTheTextLogFormatAValueIsALineAPersonReads() {
        Metrics text = new Metrics("BatchApi", CLOCK, lines::add, true);

        text.put(Metric.OLDEST_QUEUED_AGE, 75, "j-CLUSTER");

        assertThat(lines).containsExactly("2026-12-01T10:15:30.123Z METRIC OldestQueuedBatchAge=75 Seconds ClusterId=j-CLUSTER");
    }

    @Test
    void aWriterThatFailsIsLoggedAndTheCallerGoesOn() {
        Metrics failing = new Metrics("BatchApi", CLOCK, line -> {
            throw new IllegalStateException("stdout is gone");
        }, false);

        failing.put(Metric.BATCHES_CREATED, 1);

        assertThat(stdout.lines()).singleElement().asString()
                .contains("\"level\":\"WARN\"", "\"event\":\"metric.unwritten\"", "\"metric\":\"BatchesCreated\"",
                        "\"error\":\"java.lang.IllegalStateException: stdout is gone\"");
    }

    @Test
    void withheldWorkWritesNothingAndWorkAfterItWritesAgain() {
        metrics.withheld(() -> metrics.put(Metric.BATCHES_CREATED, 1));
        assertThat(lines).isEmpty();

        metrics.put(Metric.BATCHES_CREATED, 1);
        assertThat(lines).hasSize(1);
    }

    @Test
    void valuesForOtherDimensionsThanTheMetricsAreRefusedInTheLogNotThrown() {
        metrics.put(Metric.ACTIVE_STEPS, 3);

        assertThat(lines).isEmpty();
        assertThat(stdout.lines()).singleElement().asString().contains("\"event\":\"metric.unwritten\"",
                "ActiveSteps takes the dimensions [ClusterId], given 0 values");
    }
}
