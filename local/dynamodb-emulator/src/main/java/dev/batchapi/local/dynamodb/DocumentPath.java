package dev.batchapi.local.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A document path such as {@code a.b[2].c}, with placeholders already replaced by attribute names. */
record DocumentPath(List<DocumentPath.Element> elements) {

    /** One step of a path: a map key (or the top-level attribute name), or a list index. */
    sealed interface Element permits Name, Index {
    }

    record Name(String name) implements Element {
        @Override
        public String toString() {
            return name;
        }
    }

    record Index(int index) implements Element {
        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    DocumentPath {
        elements = List.copyOf(elements);
    }

    String attributeName() {
        return ((Name) elements.get(0)).name();
    }

    boolean isTopLevel() {
        return elements.size() == 1;
    }

    /** The value at this path in the item, or null when there is none. */
    AttributeValue resolve(Item item) {
        AttributeValue current = new AttributeValue.M(item.attributes());
        for (Element element : elements) {
            current = child(current, element);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** How two paths of one expression collide, which DynamoDB refuses; null when they do not. */
    String collisionWith(DocumentPath other) {
        for (int i = 0; i < Math.min(elements.size(), other.elements.size()); i++) {
            Element mine = elements.get(i);
            Element theirs = other.elements.get(i);
            if (!mine.equals(theirs)) {
                // One path takes the attribute as a map, the other as a list.
                return mine.getClass() == theirs.getClass() ? null : "conflict";
            }
        }
        return "overlap";
    }

    /**
     * The item with the value at this path set. The parent must exist; a list index past the end
     * appends to the list (Developer Guide, "Adding elements to a list").
     */
    Item set(Item item, AttributeValue value) {
        return asItem(setIn(new AttributeValue.M(item.attributes()), 0, value));
    }

    /**
     * The item without the value at this path. A missing last step leaves it as it is, but the
     * parent must exist and be a map (for a name) or a list (for an index).
     */
    Item remove(Item item) {
        return asItem(removeIn(new AttributeValue.M(item.attributes()), 0));
    }

    /** DynamoDB's rendering of paths in its messages, e.g. {@code [a, b, [2]]}. */
    @Override
    public String toString() {
        return elements.stream().map(Element::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    private static AttributeValue child(AttributeValue container, Element element) {
        if (element instanceof Name name && container instanceof AttributeValue.M map) {
            return map.entries().get(name.name());
        }
        if (element instanceof Index index && container instanceof AttributeValue.L list) {
            return index.index() < list.elements().size() ? list.elements().get(index.index()) : null;
        }
        return null;
    }

    private AttributeValue setIn(AttributeValue container, int depth, AttributeValue value) {
        Element element = elements.get(depth);
        boolean last = depth == elements.size() - 1;
        AttributeValue existing = child(container, element);
        if (!holds(container, element) || !last && existing == null) {
            throw invalidForUpdate();
        }
        AttributeValue replacement = last ? value : setIn(existing, depth + 1, value);
        if (existing == null && container instanceof AttributeValue.L list) {
            List<AttributeValue> appended = new ArrayList<>(list.elements());
            appended.add(replacement);
            return new AttributeValue.L(appended);
        }
        return withChild(container, element, replacement);
    }

    private AttributeValue removeIn(AttributeValue container, int depth) {
        Element element = elements.get(depth);
        AttributeValue existing = child(container, element);
        if (depth < elements.size() - 1) {
            if (existing == null) {
                throw invalidForUpdate();
            }
            return withChild(container, element, removeIn(existing, depth + 1));
        }
        if (!holds(container, element)) {
            throw invalidForUpdate();
        }
        if (existing == null) {
            return container;
        }
        if (container instanceof AttributeValue.M map) {
            Map<String, AttributeValue> entries = new LinkedHashMap<>(map.entries());
            entries.remove(((Name) element).name());
            return new AttributeValue.M(entries);
        }
        List<AttributeValue> items = new ArrayList<>(((AttributeValue.L) container).elements());
        items.remove(((Index) element).index());
        return new AttributeValue.L(items);
    }

    private static boolean holds(AttributeValue container, Element element) {
        return element instanceof Name ? container instanceof AttributeValue.M : container instanceof AttributeValue.L;
    }

    /** The container with the child at {@code element} (a map key, or an existing list index) replaced. */
    private static AttributeValue withChild(AttributeValue container, Element element, AttributeValue replacement) {
        if (container instanceof AttributeValue.M map) {
            Map<String, AttributeValue> entries = new LinkedHashMap<>(map.entries());
            entries.put(((Name) element).name(), replacement);
            return new AttributeValue.M(entries);
        }
        List<AttributeValue> items = new ArrayList<>(((AttributeValue.L) container).elements());
        items.set(((Index) element).index(), replacement);
        return new AttributeValue.L(items);
    }

    private static Item asItem(AttributeValue root) {
        return new Item(((AttributeValue.M) root).entries());
    }

    private static RuntimeException invalidForUpdate() {
        return ServiceErrors.validation("The document path provided in the update expression is invalid for update");
    }
}
