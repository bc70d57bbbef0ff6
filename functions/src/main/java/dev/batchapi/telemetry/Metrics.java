package dev.batchapi.telemetry;

import dev.batchapi.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes metrics as CloudWatch's embedded metric format: one JSON line per value on stdout, which
 * CloudWatch Logs turns into the metric, so the request path never calls CloudWatch. With the
 * operator log's text format (the local stack) a value is a {@code metric} line of that log instead.
 * A metric never fails the work it measures: a failure to write one is logged and dropped.
 * Work that is no one's (SnapStart's synthetic requests) runs {@link #withheld}.
 */
public final class Metrics {

    private final String namespace;
    private final Clock clock;
    private final Consumer<String> out;
    private final boolean text;
    private final ThreadLocal<Boolean> withheld = ThreadLocal.withInitial(() -> false);

    /**
     * @param out where each line goes
     * @param text lines in the operator log's text format rather than the embedded metric format
     */
    public Metrics(String namespace, Clock clock, Consumer<String> out, boolean text) {
        this.namespace = namespace;
        this.clock = clock;
        this.out = out;
        this.text = text;
    }

    /** On stdout, in the format the operator log uses ({@code LOG_FORMAT}). */
    public static Metrics toStdout(String namespace, Clock clock) {
        // System.out as it is at each line, as the operator log does: so a test can read it.
        return new Metrics(namespace, clock, line -> System.out.println(line), OpsLog.TEXT);
    }

    /**
     * Writes one value.
     *
     * @param dimensionValues the values of {@link Metric#dimensions()}, in that order
     */
    public void put(Metric metric, long value, String... dimensionValues) {
        try {
            if (dimensionValues.length != metric.dimensions().size()) {
                throw new IllegalArgumentException(metric.metricName() + " takes the dimensions " + metric.dimensions()
                        + ", given " + dimensionValues.length + " values");
            }
            String line = text ? textLine(metric, value, dimensionValues) : emfLine(metric, value, dimensionValues);
            if (!withheld.get()) {
                out.accept(line);
            }
        } catch (RuntimeException e) {
            OpsLog.warn("metric.unwritten", e, "metric", metric.metricName(), "value", value);
        }
    }

    /**
     * Runs the work with this thread's values made but not written: the writer is warmed as a
     * request warms it, and CloudWatch counts nothing that did not happen.
     */
    public void withheld(Runnable work) {
        withheld.set(true);
        try {
            work.run();
        } finally {
            withheld.set(false);
        }
    }

    private String emfLine(Metric metric, long value, String... dimensionValues) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("Name", metric.metricName());
        definition.put("Unit", metric.unit().cloudWatchName());
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", namespace);
        directive.put("Dimensions", metric.dimensionSets());
        directive.put("Metrics", List.of(definition));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("Timestamp", clock.millis());
        metadata.put("CloudWatchMetrics", List.of(directive));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", metadata);
        for (int i = 0; i < dimensionValues.length; i++) {
            line.put(metric.dimensions().get(i), dimensionValues[i]);
        }
        line.put(metric.metricName(), value);
        return Json.write(line);
    }

    private String textLine(Metric metric, long value, String... dimensionValues) {
        StringBuilder line = new StringBuilder(Instant.ofEpochMilli(clock.millis()).toString())
                .append(" METRIC ").append(metric.metricName()).append('=').append(value)
                .append(' ').append(metric.unit().cloudWatchName());
        for (int i = 0; i < dimensionValues.length; i++) {
            line.append(' ').append(metric.dimensions().get(i)).append('=').append(dimensionValues[i]);
        }
        return line.toString();
    }
}
