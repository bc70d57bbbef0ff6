package dev.batchapi.sync;

import dev.batchapi.batch.Deadline;
import dev.batchapi.batch.StateChange;
import dev.batchapi.batch.StateChangeEvents;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.AwsService;
import dev.batchapi.events.EventBridgeStateChanges;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.store.BatchStreamRecords;
import dev.batchapi.telemetry.Metric;
import dev.batchapi.telemetry.Metrics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The batch table's stream, through Lambda's event source mapping: publishes one event per state
 * change of a batch that took effect. The stream holds every write that took effect and nothing else,
 * whichever function wrote it and whether or not that function lived on after the write, so no
 * change is missed and none is made up. A change whose event was not taken is reported as this
 * batch's first failure (ReportBatchItemFailures): Lambda hands it, and every record after it, to the
 * function again, in order, until it is published.
 */
public final class PublishStateChangesHandler extends EventHandler {

    /** The largest payload Lambda gives a function. */
    private static final JsonLimits STREAM_LIMITS = new JsonLimits(32, 6 * 1024 * 1024);

    private final StateChangeEvents events;
    private final Metrics metrics;
    private final Clock clock;

    public PublishStateChangesHandler() {
        this(AppContext.production());
    }

    public PublishStateChangesHandler(AppContext context) {
        super(context, STREAM_LIMITS);
        // Built here, not with the shared graph: no other function loads EventBridge's classes.
        this.events = new EventBridgeStateChanges(context.aws()::eventBridge, context.config().eventBus(),
                context.config().clusters());
        this.metrics = context.metrics();
        this.clock = context.clock();
        context.aws().prepare(AwsService.EVENTBRIDGE);
    }

    @Override
    protected Map<String, Object> handle(Map<String, Object> event, Deadline deadline) {
        List<BatchStreamRecords.Entry> entries = BatchStreamRecords.read(event);
        List<StateChange> changes = new ArrayList<>();
        List<String> changeSequences = new ArrayList<>();
        for (BatchStreamRecords.Entry entry : entries) {
            entry.change().ifPresent(change -> {
                changes.add(change);
                changeSequences.add(entry.sequenceNumber());
            });
        }
        int published = changes.isEmpty() ? 0 : events.publish(changes);
        long now = clock.millis();
        changes.subList(0, published).stream().map(StateChange::changedAt).filter(Objects::nonNull)
                .forEach(writtenAt -> metrics.put(Metric.EVENT_LAG, Math.max(0, now - writtenAt.toEpochMilli())));
        if (published < changes.size()) {
            metrics.put(Metric.EVENT_PUBLISH_FAILURES, changes.size() - published);
        }
        Optional<String> firstFailure = published < changes.size()
                ? Optional.of(changeSequences.get(published))
                : Optional.empty();
        return Map.of("batchItemFailures", firstFailure
                .map(sequence -> List.of(Map.<String, Object>of("itemIdentifier", sequence)))
                .orElse(List.of()));
    }
}
