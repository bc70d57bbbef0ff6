package dev.batchapi.telemetry;

import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * A function's first metric, alone in a fresh JVM: first the JSON of a request (as every function
 * reads its event before it measures anything), then one value with one dimension, written by our
 * writer ({@code ours}), by Powertools for AWS Lambda's metrics ({@code powertools}), or not at all
 * ({@code none}). Prints the nanoseconds of the metric alone, then of the JVM's start to the metric
 * written. Run by {@link MetricsColdStartBenchmark}, with the environment Lambda gives a function.
 */
public final class MetricsColdStartProbe {

    private static final String REQUEST = "{\"batchType\":\"SPARK\",\"resource\":\"s3://bucket/jobs/spark-pi.jar\","
            + "\"className\":\"org.example.SparkPi\",\"conf\":{\"spark.executor.memory\":\"2g\"},\"args\":[\"100\"]}";

    private MetricsColdStartProbe() {
    }

    public static void main(String[] args) {
        Json.write(Json.parse(REQUEST, JsonLimits.REQUEST));
        long started = System.nanoTime();
        switch (args[0]) {
            case "ours" -> Metrics.toStdout("BatchApi", Clock.systemUTC()).put(Metric.BATCHES_ENDED, 1, "FINISHED");
            case "powertools" -> {
                software.amazon.lambda.powertools.metrics.Metrics metrics =
                        MetricsBuilder.builder().withNamespace("BatchApi").build();
                metrics.addDimension(Metric.STATE, "FINISHED");
                metrics.addMetric(Metric.BATCHES_ENDED.metricName(), 1, MetricUnit.COUNT);
                metrics.flush();
            }
            default -> {
                // none: the JVM and the request's JSON alone
            }
        }
        long written = System.nanoTime();
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println((written - started) + " " + sinceJvmStart * 1_000_000);
    }
}
