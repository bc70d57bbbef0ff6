package dev.batchapi.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchapi.local.awsjson.AwsErrors;
import dev.batchapi.local.awsjson.AwsJsonService;
import dev.batchapi.local.awsjson.LocalAccount;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * EventBridge's PutEvents, in memory: each entry checked as EventBridge checks it, then turned into
 * the event a rule's target receives (version, id, detail-type, source, account, time, region,
 * resources, detail), kept among the last {@code kept} and handed to the listener. A bus is any name
 * or ARN (rules are not emulated: a listener stands for them). {@link #refuseNextEntries} makes entries
 * fail one by one, as EventBridge's partial failures do. A call whose entries add up to more than
 * {@value #MAX_REQUEST_BYTES} bytes is refused whole, as EventBridge refuses it.
 */
public final class EventBridgeEmulator implements AwsJsonService {

    static final int MAX_ENTRIES = 10;
    /** What the entries of one call may add up to, counted as EventBridge counts them. */
    static final int MAX_REQUEST_BYTES = 256 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Clock clock;
    private final int kept;
    private final Consumer<ObjectNode> listener;
    private final Deque<ObjectNode> last = new ArrayDeque<>();
    private int entriesToRefuse;

    /** @param listener hears of each event put, on the caller's thread, after it is kept */
    public EventBridgeEmulator(Clock clock, int kept, Consumer<ObjectNode> listener) {
        this.clock = clock;
        this.kept = kept;
        this.listener = listener;
    }

    /** The last events put, oldest first. */
    public synchronized List<ObjectNode> events() {
        return List.copyOf(last);
    }

    /** Fails the next {@code count} entries put with InternalFailure, each in its own answer entry. */
    public synchronized void refuseNextEntries(int count) {
        entriesToRefuse = count;
    }

    @Override
    public String targetPrefix() {
        return "AWSEvents";
    }

    @Override
    public String jsonVersion() {
        return "1.1";
    }

    @Override
    public Set<String> operations() {
        return Set.of("PutEvents");
    }

    @Override
    public ObjectNode handle(String operation, JsonNode request) {
        if (!"PutEvents".equals(operation)) {
            throw AwsErrors.unknownOperation(targetPrefix() + "." + operation);
        }
        JsonNode entries = request.path("Entries");
        if (!entries.isArray() || entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw AwsErrors.validation("1 validation error detected: Value at 'entries' failed to satisfy constraint:"
                    + " Member must have length less than or equal to " + MAX_ENTRIES + " and at least 1");
        }
        long bytes = 0;
        for (JsonNode entry : entries) {
            bytes += size(entry);
        }
        if (bytes > MAX_REQUEST_BYTES) {
            throw AwsErrors.validation("Total size of the entries in the request is over the limit.");
        }
        ObjectNode answer = JSON.objectNode();
        ArrayNode results = answer.putArray("Entries");
        int failed = 0;
        for (JsonNode entry : entries) {
            ObjectNode result = put(entry);
            failed += result.has("ErrorCode") ? 1 : 0;
            results.add(result);
        }
        return answer.put("FailedEntryCount", failed);
    }

    private ObjectNode put(JsonNode entry) {
        String source = entry.path("Source").asText("");
        String detailType = entry.path("DetailType").asText("");
        if (source.isEmpty() || detailType.isEmpty() || !entry.hasNonNull("Detail")) {
            return failure("InvalidArgument", "Parameter(s) Source, DetailType and Detail are required");
        }
        if (source.startsWith("aws.")) {
            return failure("NotAuthorizedForSourceException", "Not authorized for the source.");
        }
        JsonNode detail;
        try {
            detail = MAPPER.readTree(entry.get("Detail").asText());
        } catch (JsonProcessingException e) {
            return failure("MalformedDetail", "Detail is malformed.");
        }
        if (detail == null || !detail.isObject()) {
            return failure("MalformedDetail", "Detail is malformed.");
        }
        ObjectNode event;
        synchronized (this) {
            if (entriesToRefuse > 0) {
                entriesToRefuse--;
                return failure("InternalFailure", "An internal failure occurred (injected)");
            }
            Instant time = entry.hasNonNull("Time")
                    ? Instant.ofEpochMilli((long) (entry.get("Time").asDouble() * 1000)) : clock.instant();
            event = JSON.objectNode()
                    .put("version", "0")
                    .put("id", UUID.randomUUID().toString())
                    .put("detail-type", detailType)
                    .put("source", source)
                    .put("account", LocalAccount.accountId())
                    .put("time", time.truncatedTo(ChronoUnit.SECONDS).toString())
                    .put("region", LocalAccount.region());
            event.set("resources", entry.has("Resources") ? entry.get("Resources") : JSON.arrayNode());
            event.set("detail", detail);
            last.addLast(event);
            while (last.size() > kept) {
                last.removeFirst();
            }
        }
        listener.accept(event);
        return JSON.objectNode().put("EventId", event.get("id").asText());
    }

    /** An entry's size as EventBridge counts it: 14 bytes for the time, then its strings in UTF-8. */
    private static long size(JsonNode entry) {
        long bytes = 14;
        for (String member : List.of("Source", "DetailType", "Detail")) {
            bytes += entry.path(member).asText("").getBytes(StandardCharsets.UTF_8).length;
        }
        for (JsonNode resource : entry.path("Resources")) {
            bytes += resource.asText("").getBytes(StandardCharsets.UTF_8).length;
        }
        return bytes;
    }

    private static ObjectNode failure(String code, String message) {
        return JSON.objectNode().put("ErrorCode", code).put("ErrorMessage", message);
    }
}
