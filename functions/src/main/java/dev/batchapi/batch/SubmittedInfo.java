package dev.batchapi.batch;

import dev.batchapi.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a batch was submitted with, as its {@code batchInfo} shows it (Kyuubi's clients read
 * batchInfo as a map of strings, so each fact is one string): the spec as stored, i.e. as applied
 * (reserved keys consumed, Kyuubi's conf keys renamed for the engine, uploaded files' locations
 * listed), and every {@code batchapi.*} setting the batch runs under, defaults included, since what
 * a user wants to know is what applies to the batch.
 *
 * <p>Secrets stay hidden: the resource as {@link Redaction#resource} shows it, each conf value by
 * {@link Redaction#confValue}. The args are shown as given, as Spark shows them: it redacts by conf
 * key, never an application's arguments. This class's own keys name no secret, so none of them is
 * ever redacted.
 */
public final class SubmittedInfo {

    public static final String RESOURCE = "batch.resource";
    /** Absent for a PYSPARK batch, which has none. */
    public static final String CLASS_NAME = "batch.className";
    /** The args as a JSON array, as text. */
    public static final String ARGS = "batch.args";
    /** Followed by the conf key, as the engine reads it. */
    public static final String CONF_PREFIX = "batch.conf.";
    /** The keys this class adds besides the conf's. */
    public static final List<String> KEYS = List.of(RESOURCE, CLASS_NAME, ARGS, ApiSetting.CLUSTER.key(),
            ApiSetting.MAX_ATTEMPTS.key(), ApiSetting.EXECUTION_TIMEOUT_SECONDS.key(), ApiSetting.QUEUE_TIMEOUT_SECONDS.key());

    private SubmittedInfo() {
    }

    /**
     * The facts of a batch read whole; none for one read from a listing, which has neither its spec
     * nor its limits (see {@link Batch#spec()}).
     *
     * @param clusters names the batch's cluster by its label
     */
    public static Map<String, String> of(Batch batch, Clusters clusters) {
        BatchSpec spec = batch.spec();
        if (spec == null) {
            return Map.of();
        }
        Map<String, String> info = new LinkedHashMap<>();
        info.put(RESOURCE, Redaction.resource(spec.resource()));
        if (spec.className() != null) {
            info.put(CLASS_NAME, spec.className());
        }
        info.put(ARGS, Json.write(spec.args()));
        // Sorted: the stored conf has no order, and an answer should not change from one read to the next.
        new TreeMap<>(spec.conf()).forEach((key, value) -> info.put(CONF_PREFIX + key, Redaction.confValue(key, value)));
        RunLimits limits = batch.scheduling().limits();
        info.put(ApiSetting.CLUSTER.key(), clusters.labelOf(batch.clusterId()));
        info.put(ApiSetting.MAX_ATTEMPTS.key(), Integer.toString(limits.maxAttempts()));
        info.put(ApiSetting.EXECUTION_TIMEOUT_SECONDS.key(), Long.toString(limits.executionTimeoutSeconds()));
        info.put(ApiSetting.QUEUE_TIMEOUT_SECONDS.key(), Long.toString(limits.queueTimeoutSeconds()));
        return Collections.unmodifiableMap(info);
    }
}
