package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which attributes a secondary index copies: ALL, KEYS_ONLY, or INCLUDE (the keys plus NonKeyAttributes). */
record Projection(String type, List<String> nonKeyAttributes) {

    static final String ALL = "ALL";
    static final String KEYS_ONLY = "KEYS_ONLY";
    static final String INCLUDE = "INCLUDE";

    Projection {
        nonKeyAttributes = List.copyOf(nonKeyAttributes);
    }

    static Projection parse(JsonNode node) {
        Request request = new Request("CreateTable", node == null ? JsonNodeFactory.instance.objectNode() : node)
                .supporting(Set.of("ProjectionType", "NonKeyAttributes"));
        String type = request.choice("ProjectionType", ALL, Set.of(ALL, KEYS_ONLY, INCLUDE));
        List<String> nonKeyAttributes = request.array("NonKeyAttributes").stream().map(JsonNode::asText).toList();
        if (INCLUDE.equals(type) && nonKeyAttributes.isEmpty()) {
            throw ServiceErrors.invalidParameter("NonKeyAttributes must be specified for the INCLUDE ProjectionType");
        }
        if (!INCLUDE.equals(type) && !nonKeyAttributes.isEmpty()) {
            throw ServiceErrors.invalidParameter(
                    "ProjectionType is " + type + ", but NonKeyAttributes is specified");
        }
        return new Projection(type, nonKeyAttributes);
    }

    /** The index entry of an item: its key attributes (table and index) plus the projected ones. */
    Item apply(Item item, Set<String> keyAttributes) {
        if (ALL.equals(type)) {
            return item;
        }
        Map<String, AttributeValue> entry = new LinkedHashMap<>();
        item.attributes().forEach((name, value) -> {
            if (keyAttributes.contains(name) || nonKeyAttributes.contains(name)) {
                entry.put(name, value);
            }
        });
        return new Item(entry);
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("ProjectionType", type);
        if (!nonKeyAttributes.isEmpty()) {
            nonKeyAttributes.forEach(node.putArray("NonKeyAttributes")::add);
        }
        return node;
    }
}
