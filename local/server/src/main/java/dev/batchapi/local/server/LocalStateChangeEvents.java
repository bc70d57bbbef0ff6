package dev.batchapi.local.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchapi.local.awsjson.AwsJsonServer;
import dev.batchapi.local.awsjson.AwsJsonService;
import dev.batchapi.local.awsjson.DaemonThreads;
import dev.batchapi.local.dynamodb.StreamEventSourceMapping;
import dev.batchapi.local.events.EventBridgeEmulator;
import dev.batchapi.telemetry.OpsLog;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The state-change events, locally: EventBridge's stand-in, which logs each event put on it and
 * appends it to {@value #EVENTS_FILE} in the data directory (trimmed to the last {@value #KEPT} when
 * it holds twice as many, and at each start), and the table stream's event source mapping of each function the template
 * gives one, polled every {@link #POLL_PERIOD}, its position kept in the data directory too.
 */
final class LocalStateChangeEvents implements AutoCloseable {

    static final String EVENTS_FILE = "events.jsonl";
    static final int KEPT = 1_000;
    static final Duration POLL_PERIOD = Duration.ofMillis(200);
    private static final int BATCH_SIZE = 100;
    private static final int MAX_BATCHES_PER_POLL = 100;

    private final Path eventsFile;
    private final AwsJsonServer server;
    /** Lines in the events file; guarded by this. */
    private int lines;
    private final ScheduledExecutorService polls = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("local-stream-mapping"));

    LocalStateChangeEvents(Path dataDir) throws IOException {
        this.eventsFile = dataDir.resolve(EVENTS_FILE);
        this.lines = keepLast(eventsFile, KEPT);
        this.server = AwsJsonServer.start(new EventBridgeEmulator(Clock.systemUTC(), KEPT, this::heard), 0);
    }

    /** Where the functions put their events. */
    URI endpoint() {
        return server.endpoint();
    }

    Path eventsFile() {
        return eventsFile;
    }

    /** Starts handing each function that reads the table's stream the stream's records. */
    void follow(List<LocalFunction> functions, AwsJsonService streams, String streamArn, Path dataDir) {
        for (LocalFunction function : functions) {
            if (function.declared().tableStreams().isEmpty()) {
                continue;
            }
            StreamEventSourceMapping mapping = new StreamEventSourceMapping(streams, streamArn, BATCH_SIZE,
                    function::invoke, Optional.of(dataDir.resolve("stream-position-" + function.declared().logicalId())));
            polls.scheduleWithFixedDelay(() -> drain(mapping, function), 0, POLL_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void drain(StreamEventSourceMapping mapping, LocalFunction function) {
        try {
            // Bounded: a stream written faster than it is read still lets the stack close.
            int batches = 0;
            while (batches < MAX_BATCHES_PER_POLL && mapping.poll() > 0) {
                batches++;
            }
        } catch (RuntimeException e) {
            // Lambda retries a failed invocation; here the next poll does, from the same record.
            OpsLog.warn("local.stream.delivery.failed", e, "function", function.declared().logicalId());
        }
    }

    private void heard(ObjectNode event) {
        JsonNode detail = event.path("detail");
        JsonNode batch = detail.path("batch");
        OpsLog.info("event", "detailType", event.path("detail-type").asText(), "batchId", batch.path("id").asText(),
                "user", batch.path("user").asText(), "from", detail.path("previousState").asText(null),
                "state", batch.path("state").asText(), "cause", detail.path("cause").asText());
        synchronized (this) {
            try {
                Files.writeString(eventsFile, event.toString() + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                if (++lines >= 2 * KEPT) {
                    lines = keepLast(eventsFile, KEPT);
                }
            } catch (IOException e) {
                OpsLog.warn("local.events.file.failed", e, "file", eventsFile);
            }
        }
    }

    /** Trims the file to its last {@code kept} lines; how many it holds after. */
    private static int keepLast(Path file, int kept) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (all.size() > kept) {
            Files.write(file, all.subList(all.size() - kept, all.size()), StandardCharsets.UTF_8);
        }
        return Math.min(all.size(), kept);
    }

    @Override
    public void close() {
        polls.shutdownNow();
        try {
            polls.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
    }
}
