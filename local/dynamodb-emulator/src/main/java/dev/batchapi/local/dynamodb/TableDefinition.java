package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What CreateTable declared: the table key, its attribute definitions, its indexes, its billing and its stream.
 *
 * @param provisionedThroughput null for a PAY_PER_REQUEST table
 */
record TableDefinition(
        String name,
        List<KeyAttribute> attributeDefinitions,
        KeySchema keySchema,
        List<GlobalSecondaryIndex> indexes,
        String billingMode,
        ProvisionedThroughput provisionedThroughput,
        StreamSpecification stream,
        Instant created) {

    static final String PROVISIONED = "PROVISIONED";
    static final String PAY_PER_REQUEST = "PAY_PER_REQUEST";

    private static final String THROUGHPUT = "ProvisionedThroughput";
    private static final Set<String> CREATE_TABLE_MEMBERS = Set.of("TableName", "AttributeDefinitions", "KeySchema",
            "GlobalSecondaryIndexes", "BillingMode", THROUGHPUT, StreamSpecification.MEMBER);

    TableDefinition {
        attributeDefinitions = List.copyOf(attributeDefinitions);
        indexes = List.copyOf(indexes);
    }

    Optional<GlobalSecondaryIndex> index(String indexName) {
        return indexes.stream().filter(index -> index.name().equals(indexName)).findFirst();
    }

    /** Reads and validates a CreateTable request as DynamoDB does. */
    static TableDefinition parse(Request request, Instant created) {
        request.supporting(CREATE_TABLE_MEMBERS);
        String name = tableName(request);
        Map<String, KeyAttribute> definitions = new LinkedHashMap<>();
        for (Request definition : request.elements("AttributeDefinitions")) {
            String attribute = definition.string("AttributeName", "");
            String type = definition.choice("AttributeType", "", Set.of("S", "N", "B"));
            if (definitions.put(attribute, new KeyAttribute(attribute, type)) != null) {
                throw ServiceErrors.invalidParameter("Duplicate AttributeName in AttributeDefinitions: " + attribute);
            }
        }
        KeySchema keySchema = keySchema(request, definitions);
        String billingMode = request.choice("BillingMode", PROVISIONED, Set.of(PROVISIONED, PAY_PER_REQUEST));
        ProvisionedThroughput throughput = throughput(request, billingMode, null);
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Request index : request.elements("GlobalSecondaryIndexes")) {
            index.supporting(Set.of("IndexName", "KeySchema", "Projection", THROUGHPUT));
            String indexName = index.requiredString("IndexName");
            if (indexes.stream().anyMatch(existing -> existing.name().equals(indexName))) {
                throw ServiceErrors.invalidParameter("Duplicate index name: " + indexName);
            }
            indexes.add(new GlobalSecondaryIndex(indexName, keySchema(index, definitions),
                    Projection.parse(index.node("Projection")), throughput(index, billingMode, indexName)));
        }
        Set<String> used = new LinkedHashSet<>();
        keySchema.attributes().forEach(attribute -> used.add(attribute.name()));
        indexes.forEach(index -> index.keySchema().attributes().forEach(attribute -> used.add(attribute.name())));
        if (!used.containsAll(definitions.keySet())) {
            throw ServiceErrors.invalidParameter("Some AttributeDefinitions are not used. AttributeDefinitions: "
                    + definitions.keySet() + ", keys used: " + used);
        }
        return new TableDefinition(name, List.copyOf(definitions.values()), keySchema, indexes, billingMode,
                throughput, StreamSpecification.parse(request), created);
    }

    /**
     * The CreateTable request that makes this table again: the journal keeps tables in this form, and
     * a TableDescription is this plus what the table holds.
     */
    ObjectNode toCreateTableJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("TableName", name);
        ArrayNode definitions = node.putArray("AttributeDefinitions");
        attributeDefinitions.forEach(definition -> definitions.addObject()
                .put("AttributeName", definition.name()).put("AttributeType", definition.type()));
        node.set("KeySchema", keySchema.toJson());
        node.put("BillingMode", billingMode);
        if (provisionedThroughput != null) {
            node.set(THROUGHPUT, provisionedThroughput.toJson());
        }
        if (!indexes.isEmpty()) {
            ArrayNode array = node.putArray("GlobalSecondaryIndexes");
            indexes.forEach(index -> array.add(index.toCreateTableJson()));
        }
        if (stream.enabled()) {
            node.set(StreamSpecification.MEMBER, stream.toJson());
        }
        return node;
    }

    /** Table names: 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'. */
    private static String tableName(Request request) {
        String name = request.requiredString("TableName");
        if (name.length() < 3 || name.length() > 255) {
            throw request.constraintViolated("TableName", name, "Member must have length between 3 and 255");
        }
        if (!name.matches("[a-zA-Z0-9_.-]+")) {
            throw request.constraintViolated("TableName", name,
                    "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        return name;
    }

    /** The KeySchema member of a table or an index. */
    private static KeySchema keySchema(Request request, Map<String, KeyAttribute> definitions) {
        JsonNode elements = request.required("KeySchema");
        if (elements.size() < 1 || elements.size() > 2) {
            throw request.constraintViolated("KeySchema", elements, "Member must have length between 1 and 2");
        }
        if (!"HASH".equals(elements.get(0).path("KeyType").asText())) {
            throw ServiceErrors.invalidParameter("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (elements.size() == 2 && !"RANGE".equals(elements.get(1).path("KeyType").asText())) {
            throw ServiceErrors.invalidParameter("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }
        List<KeyAttribute> attributes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode element : elements) {
            String attribute = element.path("AttributeName").asText();
            if (!names.add(attribute)) {
                throw ServiceErrors.invalidParameter(
                        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
            }
            KeyAttribute defined = definitions.get(attribute);
            if (defined == null) {
                throw ServiceErrors.invalidParameter("Some index key attributes are not defined in AttributeDefinitions."
                        + " Keys: " + names + ", AttributeDefinitions: " + definitions.keySet());
            }
            attributes.add(defined);
        }
        return new KeySchema(attributes.get(0), attributes.size() == 2 ? attributes.get(1) : null);
    }

    /**
     * The ProvisionedThroughput of the table or of the index {@code indexName} (null: of the table):
     * PROVISIONED needs read and write units for the table and each index, PAY_PER_REQUEST forbids them.
     */
    private static ProvisionedThroughput throughput(Request request, String billingMode, String indexName) {
        ProvisionedThroughput throughput = request.has(THROUGHPUT)
                ? ProvisionedThroughput.parse(request.nested(THROUGHPUT)) : null;
        if (PAY_PER_REQUEST.equals(billingMode) && throughput != null) {
            throw ServiceErrors.invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified"
                    + " when BillingMode is PAY_PER_REQUEST");
        }
        if (PROVISIONED.equals(billingMode) && throughput == null) {
            throw ServiceErrors.invalidParameter(indexName == null
                    ? "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"
                    : "ProvisionedThroughput should not be null for index: " + indexName);
        }
        return throughput;
    }
}
