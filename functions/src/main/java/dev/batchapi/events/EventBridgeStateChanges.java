package dev.batchapi.events;

import dev.batchapi.batch.Clusters;
import dev.batchapi.batch.StateChange;
import dev.batchapi.batch.StateChangeEvents;
import dev.batchapi.batch.SubmittedInfo;
import dev.batchapi.json.Json;
import dev.batchapi.telemetry.OpsLog;
import dev.batchapi.wire.KyuubiBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * State changes as EventBridge events on the deployment's bus: detail-type {@value #DETAIL_TYPE},
 * detail the batch as GET shows it (what it was submitted with in its batchInfo), its previous state, the cause and the change's id. PutEvents takes
 * at most {@value #MAX_ENTRIES} entries and {@value #MAX_REQUEST_BYTES} bytes a call: the changes go
 * in as few calls as that allows, in order, and the first one refused ends the run.
 */
public final class EventBridgeStateChanges implements StateChangeEvents {

    public static final String DETAIL_TYPE = "Batch State Change";
    static final int MAX_ENTRIES = 10;
    static final int MAX_REQUEST_BYTES = 256 * 1024;

    private final Supplier<EventBridgeClient> client;
    private final EventBus bus;
    private final Clusters clusters;

    /** @param clusters to name a batch's cluster by its label, as GET does */
    public EventBridgeStateChanges(Supplier<EventBridgeClient> client, EventBus bus, Clusters clusters) {
        this.client = client;
        this.bus = bus;
        this.clusters = clusters;
    }

    @Override
    public int publish(List<StateChange> changes) {
        List<Sized> entries = changes.stream().map(this::entry).toList();
        int published = 0;
        while (published < entries.size()) {
            int end = published;
            long bytes = 0;
            while (end < entries.size() && end - published < MAX_ENTRIES
                    && (end == published || bytes + entries.get(end).bytes() <= MAX_REQUEST_BYTES)) {
                bytes += entries.get(end).bytes();
                end++;
            }
            int taken = put(entries.subList(published, end).stream().map(Sized::entry).toList(),
                    changes.subList(published, end));
            published += taken;
            if (published < end) {
                break;
            }
        }
        return published;
    }

    /** How many entries from the first on EventBridge took. */
    private int put(List<PutEventsRequestEntry> entries, List<StateChange> changes) {
        PutEventsResponse response;
        try {
            response = client.get().putEvents(request -> request.entries(entries));
        } catch (SdkException e) {
            OpsLog.warn("batch.event.failed", e, "batchId", changes.get(0).batch().id(), "events", entries.size());
            return 0;
        }
        List<PutEventsResultEntry> results = response.entries();
        for (int i = 0; i < changes.size(); i++) {
            StateChange change = changes.get(i);
            PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
            if (result == null || result.errorCode() != null) {
                OpsLog.warn("batch.event.refused", null, "batchId", change.batch().id(),
                        "state", change.batch().state(), "errorCode", result == null ? null : result.errorCode(),
                        "errorMessage", result == null ? "no result entry" : result.errorMessage());
                return i;
            }
            OpsLog.info("batch.event.published", "batchId", change.batch().id(), "user", change.batch().user(),
                    "stepId", change.batch().stepId(), "from", change.previousState(), "state", change.batch().state(),
                    "eventId", result.eventId());
        }
        return changes.size();
    }

    /**
     * The change's entry. It stays far below EventBridge's 256 KB: the create refuses a batch whose
     * step command (resource, conf, args, name) would pass EMR's 10,240 characters.
     */
    private Sized entry(StateChange change) {
        Map<String, Object> detail = new LinkedHashMap<>();
        // As GET shows it, but for the queue's facts, which are the moment's, not the change's.
        detail.put("batch", KyuubiBatch.of(change.batch(), SubmittedInfo.of(change.batch(), clusters)));
        detail.put("previousState", change.previousState() == null ? null : change.previousState().name());
        detail.put("cause", change.cause());
        detail.put("changeId", change.changeId());
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .eventBusName(bus.name())
                .source(bus.source())
                .detailType(DETAIL_TYPE)
                .detail(Json.write(detail))
                // The change's time, not the put's: a redelivery a day later still says when it happened.
                .time(change.changedAt())
                .build();
        return new Sized(entry, size(entry));
    }

    /** An entry and what EventBridge counts of it against a call's limit. */
    private record Sized(PutEventsRequestEntry entry, long bytes) {
    }

    /** What EventBridge counts of an entry against a call's limit. */
    private static long size(PutEventsRequestEntry entry) {
        // The time, counted as 14 bytes whether given or not, then the strings in UTF-8.
        return 14 + utf8(entry.source()) + utf8(entry.detailType()) + utf8(entry.detail());
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
