package dev.batchapi.local.dynamodb;

import dev.batchapi.local.awsjson.AwsJsonServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Tests that talk to a fresh in-memory emulator through the real SDK client, as the product does. */
abstract class DynamoDbClientTest {

    protected DynamoDbEmulator emulator;
    protected AwsJsonServer server;
    protected DynamoDbClient client;

    @BeforeEach
    void startEmulator() {
        emulator = DynamoDbEmulator.inMemory();
        server = AwsJsonServer.start(emulator, 0);
        client = clientFor(server);
    }

    @AfterEach
    void stopEmulator() {
        client.close();
        server.close();
        emulator.close();
    }

    static DynamoDbClient clientFor(AwsJsonServer server) {
        return clientBuilderFor(server).build();
    }

    /** The client the product would build, pointed at {@code server}, for a test to configure further. */
    static DynamoDbClientBuilder clientBuilderFor(AwsJsonServer server) {
        return DynamoDbClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .httpClient(UrlConnectionHttpClient.create());
    }

    /** A PAY_PER_REQUEST table with string keys; {@code sortKey} may be null. */
    void createTable(String name, String partitionKey, String sortKey, GlobalSecondaryIndex... indexes) {
        createTable(client, name, partitionKey, sortKey, indexes);
    }

    static void createTable(DynamoDbClient client, String name, String partitionKey, String sortKey,
                            GlobalSecondaryIndex... indexes) {
        Map<String, AttributeDefinition> definitions = new LinkedHashMap<>();
        definitions.put(partitionKey, string(partitionKey));
        CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST);
        if (sortKey == null) {
            request.keySchema(hash(partitionKey));
        } else {
            definitions.put(sortKey, string(sortKey));
            request.keySchema(hash(partitionKey), range(sortKey));
        }
        for (GlobalSecondaryIndex index : indexes) {
            index.keySchema().forEach(key -> definitions.putIfAbsent(key.attributeName(), string(key.attributeName())));
        }
        if (indexes.length > 0) {
            request.globalSecondaryIndexes(indexes);
        }
        client.createTable(request.attributeDefinitions(definitions.values()).build());
    }

    /** A global secondary index on string keys; {@code sortKey} may be null. */
    static GlobalSecondaryIndex index(String name, String partitionKey, String sortKey, ProjectionType projection,
                                      String... nonKeyAttributes) {
        Projection.Builder projected = Projection.builder().projectionType(projection);
        if (nonKeyAttributes.length > 0) {
            projected.nonKeyAttributes(nonKeyAttributes);
        }
        return GlobalSecondaryIndex.builder().indexName(name)
                .keySchema(sortKey == null ? List.of(hash(partitionKey)) : List.of(hash(partitionKey), range(sortKey)))
                .projection(projected.build()).build();
    }

    static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    /** An item (or key) from alternating names and values. */
    static Map<String, AttributeValue> item(Object... namesAndValues) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            item.put((String) namesAndValues[i], (AttributeValue) namesAndValues[i + 1]);
        }
        return item;
    }

    void put(String table, Map<String, AttributeValue> item) {
        client.putItem(request -> request.tableName(table).item(item));
    }

    Map<String, AttributeValue> get(String table, Map<String, AttributeValue> key) {
        return client.getItem(request -> request.tableName(table).key(key).consistentRead(true)).item();
    }
}
