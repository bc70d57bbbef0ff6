package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.local.awsjson.AwsJsonServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** DynamoDB Streams over the emulator's tables, through the SDK's own streams client. */
class StreamOperationsTest extends DynamoDbClientTest {

    private AwsJsonServer streamsServer;
    private DynamoDbStreamsClient streams;

    @BeforeEach
    void startStreams() {
        streamsServer = AwsJsonServer.start(emulator.streams(), 0);
        streams = streamsClientFor(streamsServer);
    }

    @AfterEach
    void stopStreams() {
        streams.close();
        streamsServer.close();
    }

    @Test
    void everyChangeOfAnItemIsRecordedInOrderWithItsImages() {
        String arn = createStreamedTable(client, "jobs");
        client.putItem(r -> r.tableName("jobs").item(item("pk", s("a"), "state", s("PENDING"))));
        client.updateItem(r -> r.tableName("jobs").key(item("pk", s("a")))
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":s", s("RUNNING"))));
        client.deleteItem(r -> r.tableName("jobs").key(item("pk", s("a"))));

        List<Record> records = readAll(streams, arn);

        assertThat(records).extracting(Record::eventName)
                .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
        assertThat(records.get(0).dynamodb().oldImage()).isEmpty();
        assertThat(records.get(0).dynamodb().newImage()).isEqualTo(item("pk", s("a"), "state", s("PENDING")));
        assertThat(records.get(1).dynamodb().oldImage()).isEqualTo(item("pk", s("a"), "state", s("PENDING")));
        assertThat(records.get(1).dynamodb().newImage()).isEqualTo(item("pk", s("a"), "state", s("RUNNING")));
        assertThat(records.get(2).dynamodb().newImage()).isEmpty();
        assertThat(records.get(2).dynamodb().keys()).isEqualTo(item("pk", s("a")));
        assertThat(records).allSatisfy(record -> {
            assertThat(record.dynamodb().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
            assertThat(record.eventSource()).isEqualTo("aws:dynamodb");
            assertThat(record.dynamodb().sizeBytes()).isPositive();
        });
        assertThat(records).extracting(record -> record.dynamodb().sequenceNumber()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aWriteThatDidNotTakeEffectOrChangedNothingIsNotRecorded() {
        String arn = createStreamedTable(client, "jobs");
        client.putItem(r -> r.tableName("jobs").item(item("pk", s("a"), "state", s("PENDING"))));

        assertThatThrownBy(() -> client.putItem(r -> r.tableName("jobs").item(item("pk", s("a"), "state", s("ERROR")))
                .conditionExpression("attribute_not_exists(pk)"))).isInstanceOf(ConditionalCheckFailedException.class);
        assertThatThrownBy(() -> client.transactWriteItems(r -> r.transactItems(
                write -> write.put(put -> put.tableName("jobs").item(item("pk", s("b"), "state", s("PENDING")))),
                write -> write.conditionCheck(check -> check.tableName("jobs").key(item("pk", s("a")))
                        .conditionExpression("attribute_not_exists(pk)")))))
                .isInstanceOf(TransactionCanceledException.class);
        client.putItem(r -> r.tableName("jobs").item(item("pk", s("a"), "state", s("PENDING"))));
        client.deleteItem(r -> r.tableName("jobs").key(item("pk", s("absent"))));

        assertThat(readAll(streams, arn)).hasSize(1);
    }

    @Test
    void aTransactionRecordsEachItemItChanged() {
        String arn = createStreamedTable(client, "jobs");
        client.transactWriteItems(r -> r.transactItems(
                write -> write.put(put -> put.tableName("jobs").item(item("pk", s("a")))),
                write -> write.put(put -> put.tableName("jobs").item(item("pk", s("b"))))));

        assertThat(readAll(streams, arn)).extracting(record -> record.dynamodb().keys().get("pk").s())
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void iteratorsStartAtTheOldestRecordTheNextOneOrAGivenOne() {
        String arn = createStreamedTable(client, "jobs");
        for (String pk : List.of("a", "b", "c")) {
            client.putItem(r -> r.tableName("jobs").item(item("pk", s(pk))));
        }
        List<Record> all = readAll(streams, arn);
        String shardId = shardOf(streams, arn);
        String second = all.get(1).dynamodb().sequenceNumber();

        assertThat(read(streams, iterator(streams, arn, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, second)))
                .extracting(record -> record.dynamodb().keys().get("pk").s()).containsExactly("b", "c");
        assertThat(read(streams, iterator(streams, arn, shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, second)))
                .extracting(record -> record.dynamodb().keys().get("pk").s()).containsExactly("c");
        String latest = iterator(streams, arn, shardId, ShardIteratorType.LATEST, null);
        client.putItem(r -> r.tableName("jobs").item(item("pk", s("d"))));
        assertThat(read(streams, latest)).extracting(record -> record.dynamodb().keys().get("pk").s())
                .containsExactly("d");
    }

    @Test
    void aReadPagesByItsLimitAndItsNextIteratorWaitsForLaterRecords() {
        String arn = createStreamedTable(client, "jobs");
        for (String pk : List.of("a", "b", "c")) {
            client.putItem(r -> r.tableName("jobs").item(item("pk", s(pk))));
        }
        var first = streams.getRecords(r -> r.shardIterator(iterator(streams, arn, shardOf(streams, arn),
                ShardIteratorType.TRIM_HORIZON, null)).limit(2));
        var second = streams.getRecords(r -> r.shardIterator(first.nextShardIterator()));
        var third = streams.getRecords(r -> r.shardIterator(second.nextShardIterator()));

        assertThat(first.records()).hasSize(2);
        assertThat(second.records()).hasSize(1);
        assertThat(third.records()).isEmpty();
        assertThat(third.nextShardIterator()).isNotBlank();
    }

    @Test
    void theTableDescribesItsStreamAndATableWithoutOneHasNone() {
        String arn = createStreamedTable(client, "jobs");
        createTable("plain", "pk", null);

        assertThat(client.describeTable(r -> r.tableName("jobs")).table().streamSpecification().streamViewType())
                .isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(arn).startsWith("arn:aws:dynamodb:us-east-1:000000000000:table/jobs/stream/");
        assertThat(client.describeTable(r -> r.tableName("plain")).table().latestStreamArn()).isNull();
        assertThat(streams.listStreams(r -> r.tableName("jobs")).streams()).singleElement()
                .satisfies(stream -> assertThat(stream.streamArn()).isEqualTo(arn));
        assertThat(streams.listStreams(r -> r.tableName("plain")).streams()).isEmpty();
    }

    @Test
    void anIteratorOfAStreamWhoseTableWasDeletedFindsNothing() {
        String arn = createStreamedTable(client, "jobs");
        String iterator = iterator(streams, arn, shardOf(streams, arn), ShardIteratorType.TRIM_HORIZON, null);
        client.deleteTable(r -> r.tableName("jobs"));

        assertThatThrownBy(() -> streams.getRecords(r -> r.shardIterator(iterator)))
                .hasMessageContaining("not found");
    }

    @Test
    void aMalformedIteratorIsAValidationError() {
        assertThatThrownBy(() -> streams.getRecords(r -> r.shardIterator("not-an-iterator")))
                .hasMessageContaining("Invalid ShardIterator");
    }

    @Test
    void readingBehindTheOldestRecordKeptIsRefused() {
        String arn = createStreamedTable(client, "jobs");
        String shardId = shardOf(streams, arn);

        assertThatThrownBy(() -> iterator(streams, arn, shardId, ShardIteratorType.AT_SEQUENCE_NUMBER, "0"))
                .isInstanceOf(TrimmedDataAccessException.class);
    }

    @Test
    void recordsAndTheirNumbersSurviveARestartWithTheItemsTheyDescribe(@TempDir Path directory) {
        String arn;
        try (DynamoDbEmulator persistent = DynamoDbEmulator.persistent(directory);
             AwsJsonServer server = AwsJsonServer.start(persistent, 0);
             DynamoDbClient persistentClient = clientFor(server)) {
            arn = createStreamedTable(persistentClient, "jobs");
            persistentClient.putItem(r -> r.tableName("jobs").item(item("pk", s("a"))));
        }
        try (DynamoDbEmulator reopened = DynamoDbEmulator.persistent(directory);
             AwsJsonServer server = AwsJsonServer.start(reopened, 0);
             DynamoDbClient reopenedClient = clientFor(server);
             AwsJsonServer streamsAgain = AwsJsonServer.start(reopened.streams(), 0);
             DynamoDbStreamsClient reopenedStreams = streamsClientFor(streamsAgain)) {
            reopenedClient.putItem(r -> r.tableName("jobs").item(item("pk", s("b"))));

            List<Record> records = readAll(reopenedStreams, arn);
            assertThat(records).extracting(record -> record.dynamodb().keys().get("pk").s()).containsExactly("a", "b");
            assertThat(records).extracting(record -> record.dynamodb().sequenceNumber()).doesNotHaveDuplicates();
        }
    }

    static DynamoDbStreamsClient streamsClientFor(AwsJsonServer server) {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** A table keyed by pk whose stream keeps both images; its stream's ARN. */
    private static String createStreamedTable(DynamoDbClient client, String name) {
        return client.createTable(r -> r.tableName(name).billingMode("PAY_PER_REQUEST")
                        .keySchema(hash("pk")).attributeDefinitions(string("pk"))
                        .streamSpecification(stream -> stream.streamEnabled(true)
                                .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                .tableDescription().latestStreamArn();
    }

    private static String shardOf(DynamoDbStreamsClient streams, String arn) {
        return streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0).shardId();
    }

    private static String iterator(DynamoDbStreamsClient streams, String arn, String shardId, ShardIteratorType type,
            String sequenceNumber) {
        return streams.getShardIterator(r -> r.streamArn(arn).shardId(shardId).shardIteratorType(type)
                .sequenceNumber(sequenceNumber)).shardIterator();
    }

    private static List<Record> read(DynamoDbStreamsClient streams, String iterator) {
        return streams.getRecords(r -> r.shardIterator(iterator)).records();
    }

    private static List<Record> readAll(DynamoDbStreamsClient streams, String arn) {
        return read(streams, iterator(streams, arn, shardOf(streams, arn), ShardIteratorType.TRIM_HORIZON, null));
    }
}
