package dev.batchapi.telemetry;

import java.util.List;

/**
 * Every metric the functions write, with its CloudWatch unit and the dimensions each value carries:
 * the one list of names that the writer, the template's alarms and dashboard and the tests share.
 * A metric with a {@code rollup} is also published without its dimensions, so that one alarm sees
 * every cluster, state or route at once (an alarm cannot add up the metrics a search finds).
 */
public enum Metric {

    /** A create stored a new batch (never an idempotent duplicate). */
    BATCHES_CREATED("BatchesCreated", Unit.COUNT, List.of(), false),
    /** A batch reached a final state, by that state. */
    BATCHES_ENDED("BatchesEnded", Unit.COUNT, List.of(Metric.STATE), true),
    /** From a batch's creation to its step being recorded, by who submitted it (queue waits and retries included). */
    SUBMIT_LATENCY("SubmitLatency", Unit.MILLISECONDS, List.of(Metric.ORIGIN), true),
    /** From the time EMR says a step changed to the batch's update that followed, by the path that saw it. */
    SYNC_LAG("SyncLag", Unit.MILLISECONDS, List.of(Metric.PATH), true),
    /** A cluster's active steps as the scheduler counts them, at each scheduled sync run. */
    ACTIVE_STEPS("ActiveSteps", Unit.COUNT, List.of(Metric.CLUSTER_ID), false),
    /** A cluster's queued batches, at each scheduled sync run. */
    QUEUED_BATCHES("QueuedBatches", Unit.COUNT, List.of(Metric.CLUSTER_ID), false),
    /** How long a cluster's oldest queued batch has waited (0: none waits), at each scheduled sync run. */
    OLDEST_QUEUED_AGE("OldestQueuedBatchAge", Unit.SECONDS, List.of(Metric.CLUSTER_ID), true),
    /** A scheduled sync run, whatever its outcome. */
    SYNC_RUNS("SyncRuns", Unit.COUNT, List.of(), false),
    /** 1 for a scheduled run that threw or could not look at a cluster or a batch, 0 for one that could. */
    SYNC_FAILURES("SyncFailures", Unit.COUNT, List.of(), false),
    /** An answer with a 5xx status, by route. */
    SERVER_ERRORS("ServerErrors", Unit.COUNT, List.of(Metric.ROUTE), true),
    /** From a state change's write (its stream record) to its event taken by EventBridge. */
    EVENT_LAG("EventLag", Unit.MILLISECONDS, List.of(), false),
    /** State changes whose event EventBridge did not take in one invocation (they come again, in order). */
    EVENT_PUBLISH_FAILURES("EventPublishFailures", Unit.COUNT, List.of(), false);

    public static final String STATE = "State";
    public static final String ORIGIN = "Origin";
    public static final String PATH = "Path";
    public static final String CLUSTER_ID = "ClusterId";
    public static final String ROUTE = "Route";

    /** The CloudWatch units these metrics use, as the embedded metric format spells them. */
    public enum Unit {
        COUNT("Count"),
        MILLISECONDS("Milliseconds"),
        SECONDS("Seconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }

        public String cloudWatchName() {
            return cloudWatchName;
        }
    }

    private final String metricName;
    private final Unit unit;
    private final List<String> dimensions;
    private final boolean rollup;

    Metric(String metricName, Unit unit, List<String> dimensions, boolean rollup) {
        this.metricName = metricName;
        this.unit = unit;
        this.dimensions = dimensions;
        this.rollup = rollup;
    }

    /** The name in CloudWatch. */
    public String metricName() {
        return metricName;
    }

    public Unit unit() {
        return unit;
    }

    /** The dimensions every value carries, in the order the writer takes their values. */
    public List<String> dimensions() {
        return dimensions;
    }

    /** Published without dimensions too. */
    public boolean rollup() {
        return rollup;
    }

    /** The dimension sets CloudWatch publishes each value under. */
    public List<List<String>> dimensionSets() {
        return rollup ? List.of(dimensions, List.of()) : List.of(dimensions);
    }
}
