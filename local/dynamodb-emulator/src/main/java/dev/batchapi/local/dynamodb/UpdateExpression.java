package dev.batchapi.local.dynamodb;

import java.util.ArrayList;
import java.util.List;

/** A parsed UpdateExpression: its actions, with paths that do not overlap. */
record UpdateExpression(List<UpdateAction> actions) {

    UpdateExpression {
        actions = List.copyOf(actions);
    }

    /**
     * The item after every action. Operands are read from the item as it was before the update;
     * SETs on list elements go in ascending index order ("the elements are sorted in order by element
     * number") and REMOVEs of list elements in descending order, so that each index refers to the
     * original list.
     */
    Item apply(Item original) {
        List<UpdateAction> ordered = new ArrayList<>(actions);
        ordered.sort((a, b) -> {
            int order = PathOrder.compare(a.path(), b.path());
            return a instanceof UpdateAction.RemoveAction && b instanceof UpdateAction.RemoveAction ? -order : order;
        });
        Item item = original;
        for (UpdateAction action : ordered) {
            item = action.applyTo(item, original);
        }
        return item;
    }

    List<DocumentPath> paths() {
        return actions.stream().map(UpdateAction::path).toList();
    }

    /** Orders paths element by element, list indexes numerically. */
    private static final class PathOrder {

        private PathOrder() {
        }

        static int compare(DocumentPath a, DocumentPath b) {
            for (int i = 0; i < Math.min(a.elements().size(), b.elements().size()); i++) {
                DocumentPath.Element x = a.elements().get(i);
                DocumentPath.Element y = b.elements().get(i);
                int order = x instanceof DocumentPath.Index i1 && y instanceof DocumentPath.Index i2
                        ? Integer.compare(i1.index(), i2.index())
                        : x.toString().compareTo(y.toString());
                if (order != 0) {
                    return order;
                }
            }
            return Integer.compare(a.elements().size(), b.elements().size());
        }
    }
}
