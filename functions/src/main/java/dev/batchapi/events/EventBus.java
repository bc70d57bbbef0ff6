package dev.batchapi.events;

/**
 * Where the batches' state-change events are put: an EventBridge bus (its name), under a source of
 * the deployment's choosing, which its rules match on.
 */
public record EventBus(String name, String source) {

    public static final String DEFAULT_BUS = "default";
    public static final String DEFAULT_SOURCE = "batchapi";

    /** @throws IllegalArgumentException for a source of AWS's own ({@code aws.*}), which EventBridge refuses every entry of */
    public EventBus {
        if (source.startsWith("aws.")) {
            throw new IllegalArgumentException("EVENT_SOURCE must not start with aws. (EventBridge keeps those for AWS"
                    + " services and refuses our events under them), not " + source);
        }
    }
}
