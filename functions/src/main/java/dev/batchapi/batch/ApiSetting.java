package dev.batchapi.batch;

import dev.batchapi.errors.BadRequestException;
import dev.batchapi.text.Echo;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The API's own conf keys, {@code batchapi.*}: settings of how this API handles the batch, consumed
 * here and never passed to the engine. A key of the prefix that is not one of these is refused, so
 * that a misspelt setting is not silently ignored. A new setting is one more constant.
 */
public enum ApiSetting {
    /** The label of the cluster the batch runs on ({@link Clusters}); absent: the default cluster. */
    CLUSTER("batchapi.cluster", null),
    /** How many steps a batch whose steps fail on their own may have, the first included. */
    MAX_ATTEMPTS("batchapi.maxAttempts", new Range(1, RunLimits.MAX_ATTEMPTS)),
    /** How long a step may run before the batch is stopped and ends ERROR; 0: no limit. */
    EXECUTION_TIMEOUT_SECONDS("batchapi.executionTimeoutSeconds", new Range(0, RunLimits.MAX_SECONDS)),
    /** How long a batch may wait in the queue before it ends ERROR; 0: no limit. */
    QUEUE_TIMEOUT_SECONDS("batchapi.queueTimeoutSeconds", new Range(0, RunLimits.MAX_SECONDS));

    public static final String PREFIX = "batchapi.";

    private final String key;
    private final Range range;

    ApiSetting(String key, Range range) {
        this.key = key;
        this.range = range;
    }

    public String key() {
        return key;
    }

    /** Whether the key is the API's own (known or not), never the engine's. */
    public static boolean isApiKey(String key) {
        return key.startsWith(PREFIX);
    }

    /** @throws BadRequestException naming the key and the known settings, if it is none of them */
    public static ApiSetting of(String key) {
        return Arrays.stream(values()).filter(setting -> setting.key.equals(key)).findFirst()
                .orElseThrow(() -> new BadRequestException("conf " + Echo.of(key) + " is not a setting of this API: the "
                        + PREFIX + "* settings are " + Arrays.stream(values()).map(ApiSetting::key)
                        .collect(Collectors.joining(", "))));
    }

    /**
     * Checks a value of this setting by its own rule (the cluster's label is checked against the
     * deployment's clusters, by {@link Clusters}).
     *
     * @throws BadRequestException naming the key and the rule
     */
    public void check(String value) {
        if (range != null) {
            number(value);
        }
    }

    /** The value of a numeric setting. @throws BadRequestException naming the key and the rule */
    long number(String value) {
        String trimmed = value.trim();
        if (trimmed.matches("[0-9]{1,12}")) {
            long number = Long.parseLong(trimmed);
            if (number >= range.min() && number <= range.max()) {
                return number;
            }
        }
        throw new BadRequestException("conf " + key + "=" + Echo.of(value) + " is not valid: it must be a whole number"
                + " from " + range.min() + " to " + range.max()
                + (range.min() == 0 ? " (0: no limit)" : ""));
    }

    private record Range(long min, long max) {
    }
}
