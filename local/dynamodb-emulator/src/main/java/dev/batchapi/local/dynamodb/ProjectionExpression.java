package dev.batchapi.local.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ProjectionExpression: the document paths to return. Nested paths keep their nesting, and list
 * elements picked by index come back as a list of just those elements, in index order.
 */
record ProjectionExpression(List<DocumentPath> paths) {

    static final String MEMBER = "ProjectionExpression";

    ProjectionExpression {
        paths = List.copyOf(paths);
    }

    /** The request's ProjectionExpression, or null when it has none. */
    static ProjectionExpression of(Request request, ExpressionAttributes attributes) {
        return request.has(MEMBER) ? parse(request.string(MEMBER), attributes) : null;
    }

    private static ProjectionExpression parse(String text, ExpressionAttributes attributes) {
        TokenCursor cursor = new TokenCursor(text, MEMBER, attributes);
        List<DocumentPath> paths = new ArrayList<>();
        do {
            paths.add(cursor.path());
        } while (cursor.accept(Token.Type.COMMA));
        cursor.expectEnd();
        cursor.requireDisjoint(paths);
        return new ProjectionExpression(paths);
    }

    Item apply(Item item) {
        Selection root = new Selection();
        paths.forEach(path -> root.add(path.elements(), 0));
        AttributeValue projected = root.pick(new AttributeValue.M(item.attributes()));
        return projected == null ? Item.EMPTY : new Item(((AttributeValue.M) projected).entries());
    }

    /** The tree of selected path elements below one point of the document. */
    private static final class Selection {

        private final Map<String, Selection> names = new LinkedHashMap<>();
        private final Map<Integer, Selection> indexes = new TreeMap<>();
        private boolean whole;

        void add(List<DocumentPath.Element> elements, int from) {
            if (from == elements.size()) {
                whole = true;
                return;
            }
            DocumentPath.Element element = elements.get(from);
            Selection child = element instanceof DocumentPath.Name name
                    ? names.computeIfAbsent(name.name(), key -> new Selection())
                    : indexes.computeIfAbsent(((DocumentPath.Index) element).index(), key -> new Selection());
            child.add(elements, from + 1);
        }

        /** The selected part of {@code value}, or null when nothing selected is there. */
        AttributeValue pick(AttributeValue value) {
            if (whole) {
                return value;
            }
            if (value instanceof AttributeValue.M map && !names.isEmpty()) {
                Map<String, AttributeValue> picked = new LinkedHashMap<>();
                names.forEach((name, selection) -> {
                    AttributeValue child = map.entries().get(name);
                    AttributeValue part = child == null ? null : selection.pick(child);
                    if (part != null) {
                        picked.put(name, part);
                    }
                });
                return picked.isEmpty() ? null : new AttributeValue.M(picked);
            }
            if (value instanceof AttributeValue.L list && !indexes.isEmpty()) {
                List<AttributeValue> picked = new ArrayList<>();
                indexes.forEach((index, selection) -> {
                    AttributeValue part = index < list.elements().size() ? selection.pick(list.elements().get(index)) : null;
                    if (part != null) {
                        picked.add(part);
                    }
                });
                return picked.isEmpty() ? null : new AttributeValue.L(picked);
            }
            return null;
        }
    }
}
