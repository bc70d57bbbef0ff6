package dev.batchapi.local.dynamodb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One item: its attributes by name, immutable, in the order they were given. */
record Item(Map<String, AttributeValue> attributes) {

    static final Item EMPTY = new Item(Map.of());

    Item {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The attribute, or null when the item has none of that name. */
    AttributeValue get(String name) {
        return attributes.get(name);
    }

    boolean has(String name) {
        return attributes.containsKey(name);
    }

    boolean isEmpty() {
        return attributes.isEmpty();
    }
}
