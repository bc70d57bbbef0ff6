package dev.batchapi.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchapi.local.awsjson.AwsJsonServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/** PutEvents through the SDK's own client. */
class EventBridgeEmulatorTest {

    private final List<ObjectNode> heard = new ArrayList<>();
    private final EventBridgeEmulator emulator = new EventBridgeEmulator(
            Clock.fixed(Instant.parse("2026-12-01T10:00:00.500Z"), ZoneOffset.UTC), 3, heard::add);
    private AwsJsonServer server;
    private EventBridgeClient client;

    @BeforeEach
    void start() {
        server = AwsJsonServer.start(emulator, 0);
        client = EventBridgeClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void anEventIsKeptAndHeardInTheShapeARuleTargetReceives() {
        PutEventsResponse response = client.putEvents(request -> request.entries(entry("{\"state\":\"FINISHED\"}")));

        assertThat(response.failedEntryCount()).isZero();
        assertThat(heard).singleElement().satisfies(event -> {
            assertThat(event.get("id").asText()).isEqualTo(response.entries().get(0).eventId());
            assertThat(event.get("detail-type").asText()).isEqualTo("Batch State Change");
            assertThat(event.get("source").asText()).isEqualTo("batchapi");
            assertThat(event.get("time").asText()).isEqualTo("2026-12-01T10:00:00Z");
            assertThat(event.get("account").asText()).isEqualTo("000000000000");
            assertThat(event.get("detail").get("state").asText()).isEqualTo("FINISHED");
        });
        assertThat(emulator.events()).isEqualTo(heard);
    }

    @Test
    void onlyTheLastEventsAreKept() {
        IntStream.range(0, 5).forEach(i -> client.putEvents(request -> request.entries(entry("{\"n\":" + i + "}"))));

        assertThat(emulator.events()).extracting(event -> event.get("detail").get("n").asInt()).containsExactly(2, 3, 4);
        assertThat(heard).hasSize(5);
    }

    @Test
    void malformedEntriesFailEachOnItsOwnAndTheOthersArePut() {
        PutEventsResponse response = client.putEvents(request -> request.entries(
                entry("not json"), PutEventsRequestEntry.builder().source("batchapi").detail("{}").build(), entry("{}")));

        assertThat(response.failedEntryCount()).isEqualTo(2);
        assertThat(response.entries().get(0).errorCode()).isEqualTo("MalformedDetail");
        assertThat(response.entries().get(1).errorCode()).isEqualTo("InvalidArgument");
        assertThat(response.entries().get(2).eventId()).isNotBlank();
        assertThat(heard).hasSize(1);
    }

    @Test
    void aSourceOfAwssOwnIsNotOurs() {
        PutEventsResponse response = client.putEvents(request -> request.entries(entry("{}").toBuilder().source("aws.emr").build()));

        assertThat(response.entries().get(0).errorCode()).isEqualTo("NotAuthorizedForSourceException");
        assertThat(heard).isEmpty();
    }

    @Test
    void refusedEntriesFailWithInternalFailureAndAreNotKept() {
        emulator.refuseNextEntries(1);

        PutEventsResponse response = client.putEvents(request -> request.entries(entry("{}"), entry("{}")));

        assertThat(response.failedEntryCount()).isOne();
        assertThat(response.entries().get(0).errorCode()).isEqualTo("InternalFailure");
        assertThat(response.entries().get(1).errorCode()).isNull();
        assertThat(heard).hasSize(1);
    }

    @Test
    void moreThanTenEntriesAreRefusedWhole() {
        List<PutEventsRequestEntry> eleven = IntStream.range(0, 11).mapToObj(i -> entry("{}")).toList();

        assertThatThrownBy(() -> client.putEvents(request -> request.entries(eleven)))
                .isInstanceOf(EventBridgeException.class).hasMessageContaining("entries");
        assertThat(heard).isEmpty();
    }

    @Test
    void entriesOverEventBridgesSizeLimitAreRefusedWhole() {
        String half = "{\"x\":\"" + "a".repeat(EventBridgeEmulator.MAX_REQUEST_BYTES / 2) + "\"}";

        assertThatThrownBy(() -> client.putEvents(request -> request.entries(entry(half), entry(half))))
                .isInstanceOf(EventBridgeException.class).hasMessageContaining("over the limit");
        assertThat(client.putEvents(request -> request.entries(entry(half))).failedEntryCount()).isZero();
        assertThat(heard).hasSize(1);
    }

    private static PutEventsRequestEntry entry(String detail) {
        return PutEventsRequestEntry.builder().source("batchapi").detailType("Batch State Change").detail(detail).build();
    }
}
