package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** Unchecked: the SDK's varargs builders take generic consumers and maps. */
@SuppressWarnings("unchecked")
class TableOperationsTest extends DynamoDbClientTest {

    @Test
    void createdTableIsActiveAtOnceAndDescribesItsSchema() {
        createTable("jobs", "pk", "sk", index("byState", "state", "createdAt", ProjectionType.ALL));
        put("jobs", item("pk", s("a"), "sk", s("1"), "state", s("RUNNING"), "createdAt", s("t1")));
        put("jobs", item("pk", s("b"), "sk", s("1")));

        TableDescription table = client.describeTable(request -> request.tableName("jobs")).table();

        assertThat(table.tableName()).isEqualTo("jobs");
        assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(table.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/jobs");
        assertThat(table.keySchema()).extracting(key -> key.attributeName() + ":" + key.keyType())
                .containsExactly("pk:HASH", "sk:RANGE");
        assertThat(table.attributeDefinitions()).extracting(definition -> definition.attributeName())
                .containsExactly("pk", "sk", "state", "createdAt");
        assertThat(table.itemCount()).isEqualTo(2);
        assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(table.globalSecondaryIndexes()).singleElement().satisfies(index -> {
            assertThat(index.indexName()).isEqualTo("byState");
            assertThat(index.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
            assertThat(index.keySchema().get(0).keyType()).isEqualTo(KeyType.HASH);
            assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.ALL);
            assertThat(index.itemCount()).isEqualTo(1);
        });
    }

    @Test
    void creatingAnExistingTableIsResourceInUse() {
        createTable("jobs", "pk", null);

        assertThatThrownBy(() -> createTable("jobs", "pk", null))
                .isInstanceOf(ResourceInUseException.class)
                .hasMessageStartingWith("Table already exists: jobs");
    }

    @Test
    void everyKeyAttributeMustBeDefinedAndEveryDefinitionUsed() {
        assertThatThrownBy(() -> client.createTable(request -> request.tableName("jobs")
                .billingMode(BillingMode.PAY_PER_REQUEST).keySchema(hash("pk"))
                .attributeDefinitions(string("other"))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("One or more parameter values were invalid: Some index key attributes are"
                        + " not defined in AttributeDefinitions.");
        assertThatThrownBy(() -> client.createTable(request -> request.tableName("jobs")
                .billingMode(BillingMode.PAY_PER_REQUEST).keySchema(hash("pk"))
                .attributeDefinitions(string("pk"), string("unused"))))
                .hasMessageStartingWith("One or more parameter values were invalid: Some AttributeDefinitions are"
                        + " not used. AttributeDefinitions: [pk, unused], keys used: [pk]");
    }

    @Test
    void keyAttributesMustBeStringsNumbersOrBinaries() {
        assertThatThrownBy(() -> client.createTable(request -> request.tableName("jobs")
                .billingMode(BillingMode.PAY_PER_REQUEST).keySchema(hash("pk"))
                .attributeDefinitions(definition -> definition.attributeName("pk").attributeType("BOOL"))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("Member must satisfy enum value set: [B, N, S]");
    }

    @Test
    void throughputUnitsMustBePositiveAndAreDescribedForTheTableAndEachIndex() {
        assertThatThrownBy(() -> client.createTable(request -> request.tableName("jobs").keySchema(hash("pk"))
                .attributeDefinitions(string("pk"))
                .provisionedThroughput(throughput -> throughput.readCapacityUnits(0L).writeCapacityUnits(3L))))
                .hasMessageStartingWith("1 validation error detected: Value '0' at"
                        + " 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: Member must have"
                        + " value greater than or equal to 1");

        client.createTable(request -> request.tableName("jobs").keySchema(hash("pk"))
                .attributeDefinitions(string("pk"), string("state"))
                .provisionedThroughput(throughput -> throughput.readCapacityUnits(5L).writeCapacityUnits(3L))
                .globalSecondaryIndexes(index("byState", "state", null, ProjectionType.KEYS_ONLY).toBuilder()
                        .provisionedThroughput(throughput -> throughput.readCapacityUnits(2L).writeCapacityUnits(1L))
                        .build()));

        TableDescription table = client.describeTable(request -> request.tableName("jobs")).table();
        assertThat(table.provisionedThroughput().writeCapacityUnits()).isEqualTo(3);
        assertThat(table.globalSecondaryIndexes().get(0).provisionedThroughput().readCapacityUnits()).isEqualTo(2);
        assertThat(table.globalSecondaryIndexes().get(0).provisionedThroughput().writeCapacityUnits()).isEqualTo(1);
    }

    @Test
    void provisionedTablesNeedThroughput() {
        assertThatThrownBy(() -> client.createTable(request -> request.tableName("jobs")
                .keySchema(hash("pk")).attributeDefinitions(string("pk"))))
                .hasMessageStartingWith("One or more parameter values were invalid: ReadCapacityUnits and"
                        + " WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");

        client.createTable(request -> request.tableName("jobs").keySchema(hash("pk"))
                .attributeDefinitions(definition -> definition.attributeName("pk").attributeType(ScalarAttributeType.N))
                .provisionedThroughput(throughput -> throughput.readCapacityUnits(5L).writeCapacityUnits(3L)));

        TableDescription table = client.describeTable(request -> request.tableName("jobs")).table();
        assertThat(table.provisionedThroughput().readCapacityUnits()).isEqualTo(5);
        assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PROVISIONED);
    }

    @Test
    void unknownTablesAreResourceNotFound() {
        assertThatThrownBy(() -> client.describeTable(request -> request.tableName("missing")))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("Requested resource not found: Table: missing not found");
        assertThatThrownBy(() -> client.getItem(request -> request.tableName("missing").key(item("pk", s("a")))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageStartingWith("Requested resource not found");
        assertThatThrownBy(() -> client.deleteTable(request -> request.tableName("missing")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void deletedTablesAreGone() {
        createTable("jobs", "pk", null);

        TableDescription deleted = client.deleteTable(request -> request.tableName("jobs")).tableDescription();

        assertThat(deleted.tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThat(client.listTables().tableNames()).isEmpty();
    }

    @Test
    void listTablesPagesInNameOrder() {
        createTable("ccc", "pk", null);
        createTable("aaa", "pk", null);
        createTable("bbb", "pk", null);

        var first = client.listTables(request -> request.limit(2));
        var second = client.listTables(request -> request.exclusiveStartTableName(first.lastEvaluatedTableName()));

        assertThat(first.tableNames()).containsExactly("aaa", "bbb");
        assertThat(first.lastEvaluatedTableName()).isEqualTo("bbb");
        assertThat(second.tableNames()).containsExactly("ccc");
        assertThat(second.lastEvaluatedTableName()).isNull();
    }

    @Test
    void timeToLiveIsStoredAndDescribed() {
        createTable("jobs", "pk", null);
        assertThat(client.describeTimeToLive(request -> request.tableName("jobs")).timeToLiveDescription()
                .timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);

        client.updateTimeToLive(request -> request.tableName("jobs")
                .timeToLiveSpecification(spec -> spec.attributeName("expiresAt").enabled(true)));

        var description = client.describeTimeToLive(request -> request.tableName("jobs")).timeToLiveDescription();
        assertThat(description.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(description.attributeName()).isEqualTo("expiresAt");
        assertThatThrownBy(() -> client.updateTimeToLive(request -> request.tableName("jobs")
                .timeToLiveSpecification(spec -> spec.attributeName("expiresAt").enabled(true))))
                .hasMessageStartingWith("TimeToLive is already enabled");
    }

    @Test
    void pointInTimeRecoveryFlagIsStored() {
        createTable("jobs", "pk", null);

        client.updateContinuousBackups(request -> request.tableName("jobs")
                .pointInTimeRecoverySpecification(spec -> spec.pointInTimeRecoveryEnabled(true)));

        var description = client.describeContinuousBackups(request -> request.tableName("jobs"))
                .continuousBackupsDescription();
        assertThat(description.continuousBackupsStatus()).isEqualTo(ContinuousBackupsStatus.ENABLED);
        assertThat(description.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus())
                .isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        assertThatThrownBy(() -> client.describeContinuousBackups(request -> request.tableName("missing")))
                .isInstanceOf(TableNotFoundException.class);
    }

    @Test
    void unsupportedOperationsAndParametersAreRefusedByName() {
        assertThatThrownBy(() -> client.transactGetItems(request -> request.transactItems(item -> item
                .get(get -> get.tableName("jobs").key(item("pk", s("a")))))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("Unknown operation DynamoDB_20120810.TransactGetItems");
        assertThatThrownBy(() -> client.createTable(request -> request.tableName("jobs")
                .billingMode(BillingMode.PAY_PER_REQUEST).keySchema(hash("pk")).attributeDefinitions(string("pk"))
                .sseSpecification(sse -> sse.enabled(true))))
                .hasMessageStartingWith("The DynamoDB emulator does not support CreateTable parameter SSESpecification");
    }
}
