package dev.batchapi.sync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.batchapi.batch.Deadline;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.SnapStartPriming;
import dev.batchapi.json.Json;
import dev.batchapi.json.JsonException;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.telemetry.OpsLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A function invoked by EventBridge (a schedule or an event rule): reads the event as JSON with our
 * own reader (no reflection, no joda-time), answers with a JSON summary. A malformed event is logged
 * and answered, not thrown: EventBridge's retries could not make it well-formed.
 */
public abstract class EventHandler implements RequestStreamHandler {

    /** Left of the function's timeout when a run stops taking on work, to finish and answer. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(5);
    /** When run outside Lambda (no context), the time a run may take. */
    static final Duration DEFAULT_BUDGET = Duration.ofSeconds(55);
    /** EventBridge's largest event. */
    static final JsonLimits EVENT_LIMITS = new JsonLimits(16, 256 * 1024);

    private final Clock clock;
    private final JsonLimits limits;
    /** Its clients only: every invocation of these functions writes. Held here: the checkpoint context holds it weakly. */
    private final SnapStartPriming priming;

    /** @param limits the largest event the function is given */
    EventHandler(AppContext context, JsonLimits limits) {
        this.clock = context.clock();
        this.limits = limits;
        this.priming = SnapStartPriming.register(context, List.of());
    }

    SnapStartPriming priming() {
        return priming;
    }

    /** Handles the event; returns the JSON summary to answer with. */
    protected abstract Map<String, Object> handle(Map<String, Object> event, Deadline deadline);

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        OpsLog.beginRequest(context == null ? null : context.getAwsRequestId());
        try {
            Duration budget = context == null
                    ? DEFAULT_BUDGET
                    : Duration.ofMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN);
            Map<String, Object> answer;
            try {
                answer = handle(event(new String(input.readAllBytes(), StandardCharsets.UTF_8)), Deadline.after(clock, budget));
            } catch (JsonException | ClassCastException e) {
                OpsLog.warn("event.malformed", e);
                answer = Map.of("ignored", "malformed event");
            }
            output.write(Json.write(answer).getBytes(StandardCharsets.UTF_8));
        } finally {
            OpsLog.endRequest();
        }
    }

    /** A string member of a JSON object, or null. */
    static String text(Map<?, ?> object, String name) {
        Object value = object == null ? null : object.get(name);
        return value instanceof String string ? string : null;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> event(String text) {
        return (Map<String, Object>) Json.parse(text, limits);
    }
}
