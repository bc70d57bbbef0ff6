package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchapi.local.awsjson.AwsJsonServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

class DataDirectoryTest {

    @TempDir
    Path dataDirectory;

    @Test
    void tablesItemsIndexesAndSettingsSurviveACloseAndReopen() {
        withClient(client -> {
            DynamoDbClientTest.createTable(client, "jobs", "pk", "sk",
                    DynamoDbClientTest.index("byState", "state", null, ProjectionType.ALL));
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
        });
    }

    @Test
    void aKilledJvmLosesNoAnsweredWriteAndATornLastLineIsDropped() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PersistentEmulatorProcess.class.getName(),
                dataDirectory.toString(), "50")
                .redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(output.readLine()).isEqualTo("written");
        }
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        // A write cut short by the kill leaves a line without its end.
        Files.writeString(dataDirectory.resolve("journal.jsonl"), "[{\"mutation\":\"ItemPut\",\"tab",
                StandardOpenOption.APPEND);

        try (DynamoDbEmulator emulator = DynamoDbEmulator.persistent(dataDirectory)) {
            var answer = emulator.handle("Scan", new ObjectMapper().readTree("{\"TableName\":\"jobs\",\"Select\":\"COUNT\"}"));
            assertThat(answer.get("Count").asInt()).isEqualTo(50);
        }
    }

    private void withClient(java.util.function.Consumer<DynamoDbClient> use) {
        try (DynamoDbEmulator emulator = DynamoDbEmulator.persistent(dataDirectory);
             AwsJsonServer server = AwsJsonServer.start(emulator, 0);
             DynamoDbClient client = DynamoDbClientTest.clientFor(server)) {
            use.accept(client);
        }
    }
}
