package dev.batchapi.events;

/**
 * Where the batches' state-change events are put: an EventBridge bus (its name or ARN), under a source
 * of the deployment's choosing, which its rules match on.
 */
public record EventBus(String name, String source) {

    public static final String DEFAULT_BUS = "default";
    public static final String DEFAULT_SOURCE = "batchapi";
}
