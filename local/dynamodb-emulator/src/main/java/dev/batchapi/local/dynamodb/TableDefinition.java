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

/** What CreateTable declared: the table key, its attribute definitions, its indexes and its billing. */
record TableDefinition(
        String name,
        List<KeyAttribute> attributeDefinitions,
        KeySchema keySchema,
        List<GlobalSecondaryIndex> indexes,
        String billingMode,
        JsonNode provisionedThroughput,
        Instant created) {

    static final String PROVISIONED = "PROVISIONED";
    static final String PAY_PER_REQUEST = "PAY_PER_REQUEST";

    static final Set<String> CREATE_TABLE_MEMBERS = Set.of("TableName", "AttributeDefinitions", "KeySchema",
            "GlobalSecondaryIndexes", "BillingMode", "ProvisionedThroughput");

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
        String name = tableName(request.requiredString("TableName"));
        Map<String, KeyAttribute> definitions = new LinkedHashMap<>();
        for (JsonNode definition : request.array("AttributeDefinitions")) {
            String attribute = definition.path("AttributeName").asText();
            String type = definition.path("AttributeType").asText();
            if (!Set.of("S", "N", "B").contains(type)) {
                throw ServiceErrors.validation("1 validation error detected: Value '" + type
                        + "' at 'attributeDefinitions.member.attributeType' failed to satisfy constraint:"
                        + " Member must satisfy enum value set: [B, N, S]");
            }
            if (definitions.put(attribute, new KeyAttribute(attribute, type)) != null) {
                throw ServiceErrors.invalidParameter("Duplicate AttributeName in AttributeDefinitions: " + attribute);
            }
        }
        KeySchema keySchema = keySchema(request.required("KeySchema"), definitions);
        String billingMode = request.choice("BillingMode", PROVISIONED, Set.of(PROVISIONED, PAY_PER_REQUEST));
        JsonNode throughput = request.node("ProvisionedThroughput");
        checkThroughput(billingMode, throughput, null);
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (JsonNode node : request.array("GlobalSecondaryIndexes")) {
            Request index = new Request("CreateTable", node)
                    .supporting(Set.of("IndexName", "KeySchema", "Projection", "ProvisionedThroughput"));
            String indexName = index.requiredString("IndexName");
            if (indexes.stream().anyMatch(existing -> existing.name().equals(indexName))) {
                throw ServiceErrors.invalidParameter("Duplicate index name: " + indexName);
            }
            checkThroughput(billingMode, index.node("ProvisionedThroughput"), indexName);
            indexes.add(new GlobalSecondaryIndex(indexName, keySchema(index.required("KeySchema"), definitions),
                    Projection.parse(index.node("Projection")), index.node("ProvisionedThroughput")));
        }
        Set<String> used = new LinkedHashSet<>();
        keySchema.attributes().forEach(attribute -> used.add(attribute.name()));
        indexes.forEach(index -> index.keySchema().attributes().forEach(attribute -> used.add(attribute.name())));
        if (!used.containsAll(definitions.keySet())) {
            throw ServiceErrors.invalidParameter("Some AttributeDefinitions are not used. AttributeDefinitions: "
                    + definitions.keySet() + ", keys used: " + used);
        }
        return new TableDefinition(name, List.copyOf(definitions.values()), keySchema, indexes, billingMode,
                throughput, created);
    }

    /** The CreateTable request that makes this table again; the journal keeps tables in this form. */
    ObjectNode toCreateTableJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("TableName", name);
        ArrayNode definitions = node.putArray("AttributeDefinitions");
        attributeDefinitions.forEach(definition -> definitions.addObject()
                .put("AttributeName", definition.name()).put("AttributeType", definition.type()));
        node.set("KeySchema", keySchemaJson(keySchema));
        node.put("BillingMode", billingMode);
        if (provisionedThroughput != null) {
            node.set("ProvisionedThroughput", provisionedThroughput);
        }
        if (!indexes.isEmpty()) {
            ArrayNode array = node.putArray("GlobalSecondaryIndexes");
            for (GlobalSecondaryIndex index : indexes) {
                ObjectNode indexNode = array.addObject().put("IndexName", index.name());
                indexNode.set("KeySchema", keySchemaJson(index.keySchema()));
                indexNode.set("Projection", index.projection().toJson());
                if (index.provisionedThroughput() != null) {
                    indexNode.set("ProvisionedThroughput", index.provisionedThroughput());
                }
            }
        }
        return node;
    }

    static ArrayNode keySchemaJson(KeySchema keySchema) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        array.addObject().put("AttributeName", keySchema.partitionKey().name()).put("KeyType", "HASH");
        if (keySchema.hasSortKey()) {
            array.addObject().put("AttributeName", keySchema.sortKey().name()).put("KeyType", "RANGE");
        }
        return array;
    }

    /** Table names: 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'. */
    static String tableName(String name) {
        if (name.length() < 3 || name.length() > 255) {
            throw ServiceErrors.validation("1 validation error detected: Value '" + name + "' at 'tableName' failed"
                    + " to satisfy constraint: Member must have length between 3 and 255");
        }
        if (!name.matches("[a-zA-Z0-9_.-]+")) {
            throw ServiceErrors.validation("1 validation error detected: Value '" + name + "' at 'tableName' failed"
                    + " to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        return name;
    }

    private static KeySchema keySchema(JsonNode elements, Map<String, KeyAttribute> definitions) {
        if (elements.size() < 1 || elements.size() > 2) {
            throw ServiceErrors.validation("1 validation error detected: Value '" + elements + "' at 'keySchema'"
                    + " failed to satisfy constraint: Member must have length between 1 and 2");
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

    /** PROVISIONED needs read and write units for the table and each index; PAY_PER_REQUEST forbids them. */
    private static void checkThroughput(String billingMode, JsonNode throughput, String indexName) {
        if (PAY_PER_REQUEST.equals(billingMode) && throughput != null) {
            throw ServiceErrors.invalidParameter("Neither ReadCapacityUnits nor WriteCapacityUnits can be specified"
                    + " when BillingMode is PAY_PER_REQUEST");
        }
        if (PROVISIONED.equals(billingMode) && throughput == null) {
            throw ServiceErrors.invalidParameter(indexName == null
                    ? "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"
                    : "ProvisionedThroughput should not be null for index: " + indexName);
        }
    }
}
