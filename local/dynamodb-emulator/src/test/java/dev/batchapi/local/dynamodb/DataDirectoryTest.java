package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchapi.local.awsjson.AwsJsonServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

class DataDirectoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOURNAL = "journal.jsonl";
    /** Where a snapshot is written before it replaces the old one: a directory there makes compaction fail. */
    private static final String SNAPSHOT_TEMPORARY = "snapshot.jsonl.tmp";

    @TempDir
    Path dataDirectory;

    @Test
    void tablesItemsIndexesAndSettingsSurviveACloseAndReopen() {
        withClient(client -> {
            DynamoDbClientTest.createTable(client, "jobs", "pk", "sk",
                    DynamoDbClientTest.index("byState", "state", null, ProjectionType.ALL));
            client.createTable(request -> request.tableName("provisioned").keySchema(DynamoDbClientTest.hash("pk"))
                    .attributeDefinitions(DynamoDbClientTest.string("pk"))
                    .provisionedThroughput(throughput -> throughput.readCapacityUnits(5L).writeCapacityUnits(3L)));
            client.putItem(r -> r.tableName("jobs").item(DynamoDbClientTest.item("pk", DynamoDbClientTest.s("a"),
                    "sk", DynamoDbClientTest.s("1"), "state", DynamoDbClientTest.s("RUNNING"))));
            client.putItem(r -> r.tableName("jobs").item(DynamoDbClientTest.item("pk", DynamoDbClientTest.s("b"),
                    "sk", DynamoDbClientTest.s("1"))));
            client.deleteItem(r -> r.tableName("jobs").key(DynamoDbClientTest.item("pk", DynamoDbClientTest.s("b"),
                    "sk", DynamoDbClientTest.s("1"))));
            client.updateTimeToLive(r -> r.tableName("jobs").timeToLiveSpecification(t -> t.attributeName("ttl").enabled(true)));
            client.updateContinuousBackups(r -> r.tableName("jobs")
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
        });

        withClient(client -> {
            assertThat(client.scan(r -> r.tableName("jobs")).items()).containsExactly(DynamoDbClientTest.item(
                    "pk", DynamoDbClientTest.s("a"), "sk", DynamoDbClientTest.s("1"), "state", DynamoDbClientTest.s("RUNNING")));
            assertThat(client.query(r -> r.tableName("jobs").indexName("byState").keyConditionExpression("#s = :s")
                    .expressionAttributeNames(Map.of("#s", "state"))
                    .expressionAttributeValues(Map.of(":s", DynamoDbClientTest.s("RUNNING")))).count()).isOne();
            assertThat(client.describeTimeToLive(r -> r.tableName("jobs")).timeToLiveDescription().timeToLiveStatus())
                    .isEqualTo(TimeToLiveStatus.ENABLED);
            assertThat(client.describeContinuousBackups(r -> r.tableName("jobs")).continuousBackupsDescription()
                    .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus())
                    .isEqualTo(PointInTimeRecoveryStatus.ENABLED);
            assertThat(client.describeTable(r -> r.tableName("provisioned")).table().provisionedThroughput()
                    .readCapacityUnits()).isEqualTo(5);
        });
    }

    @Test
    void aKilledJvmLosesNoAnsweredWriteAndATornLastLineIsDropped() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PersistentEmulatorProcess.class.getName(),
                dataDirectory.toString(), "50")
                .redirectErrorStream(true).start();
        try {
            assertThat(firstLineOf(child)).isEqualTo("written");
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        // A write cut short by the kill leaves a line without its end.
        Files.writeString(dataDirectory.resolve(JOURNAL), "[{\"mutation\":\"ItemPut\",\"tab", StandardOpenOption.APPEND);

        try (DynamoDbEmulator emulator = DynamoDbEmulator.persistent(dataDirectory)) {
            assertThat(countJobs(emulator)).isEqualTo(50);
        }
    }

    @Test
    void aDirectoryThatFailsToOpenIsReleasedForTheNextTry() throws Exception {
        Files.writeString(dataDirectory.resolve(JOURNAL), "not a commit\n");

        assertThatThrownBy(() -> DynamoDbEmulator.persistent(dataDirectory)).isInstanceOf(UncheckedIOException.class);

        Files.delete(dataDirectory.resolve(JOURNAL));
        DynamoDbEmulator.persistent(dataDirectory).close();
    }

    @Test
    void aDirectoryThatFailsToCompactOnOpeningIsReleasedForTheNextTry() throws Exception {
        Files.createDirectories(dataDirectory.resolve(SNAPSHOT_TEMPORARY));

        assertThatThrownBy(() -> DynamoDbEmulator.persistent(dataDirectory)).isInstanceOf(UncheckedIOException.class);

        Files.delete(dataDirectory.resolve(SNAPSHOT_TEMPORARY));
        DynamoDbEmulator.persistent(dataDirectory).close();
    }

    @Test
    void aDirectoryThatFailsToCompactOnClosingIsReleasedWithEveryWriteInItsJournal() throws Exception {
        DynamoDbEmulator emulator = DynamoDbEmulator.persistent(dataDirectory);
        createJobsTable(emulator);
        emulator.handle("PutItem", JSON.readTree("{\"TableName\":\"jobs\",\"Item\":{\"pk\":{\"S\":\"job-1\"}}}"));
        Files.createDirectories(dataDirectory.resolve(SNAPSHOT_TEMPORARY));

        assertThatThrownBy(emulator::close).isInstanceOf(UncheckedIOException.class);

        Files.delete(dataDirectory.resolve(SNAPSHOT_TEMPORARY));
        try (DynamoDbEmulator reopened = DynamoDbEmulator.persistent(dataDirectory)) {
            assertThat(countJobs(reopened)).isOne();
        }
    }

    private void withClient(Consumer<DynamoDbClient> use) {
        try (DynamoDbEmulator emulator = DynamoDbEmulator.persistent(dataDirectory);
             AwsJsonServer server = AwsJsonServer.start(emulator, 0);
             DynamoDbClient client = DynamoDbClientTest.clientFor(server)) {
            use.accept(client);
        }
    }

    static void createJobsTable(DynamoDbEmulator emulator) throws IOException {
        emulator.handle("CreateTable", JSON.readTree("{\"TableName\":\"jobs\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}]}"));
    }

    private static int countJobs(DynamoDbEmulator emulator) throws IOException {
        JsonNode answer = emulator.handle("Scan", JSON.readTree("{\"TableName\":\"jobs\",\"Select\":\"COUNT\"}"));
        return answer.get("Count").asInt();
    }

    /** The child's first line of output; a child that hangs fails the test instead of hanging it. */
    private static String firstLineOf(Process child) throws Exception {
        BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return output.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(60, TimeUnit.SECONDS);
    }
}
