package dev.batchapi.local.dynamodb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A parsed UpdateExpression: its actions, with paths that do not overlap. */
record UpdateExpression(List<UpdateAction> actions) {

    /**
     * The order actions are done in so that every list index refers to the list as it was before
     * the update, as in DynamoDB: first everything that leaves list indexes in place (SET, ADD,
     * DELETE), in ascending path order, so SETs past the end of a list append in element order ("the
     * elements are sorted in order by element number"); then the REMOVEs, in descending path order,
     * so no removal shifts an element another one names.
     */
    private static final Comparator<UpdateAction> ORDER = Comparator
            .comparing((UpdateAction action) -> action instanceof UpdateAction.RemoveAction)
            .thenComparing((a, b) -> {
                int order = PathOrder.compare(a.path(), b.path());
                return a instanceof UpdateAction.RemoveAction ? -order : order;
            });

    UpdateExpression {
        actions = List.copyOf(actions);
    }

    /** The item after every action. Operands are read from the item as it was before the update. */
    Item apply(Item original) {
        List<UpdateAction> ordered = new ArrayList<>(actions);
        ordered.sort(ORDER);
        Item item = original;
        for (UpdateAction action : ordered) {
            item = action.applyTo(item, original);
        }
        return item;
    }

    List<DocumentPath> paths() {
        return actions.stream().map(UpdateAction::path).toList();
    }

    /** Orders paths element by element: names by name, list indexes numerically, names before indexes. */
    private static final class PathOrder {

        private PathOrder() {
        }

        static int compare(DocumentPath a, DocumentPath b) {
            for (int i = 0; i < Math.min(a.elements().size(), b.elements().size()); i++) {
                int order = compare(a.elements().get(i), b.elements().get(i));
                if (order != 0) {
                    return order;
                }
            }
            return Integer.compare(a.elements().size(), b.elements().size());
        }

        private static int compare(DocumentPath.Element x, DocumentPath.Element y) {
            if (x instanceof DocumentPath.Name n1 && y instanceof DocumentPath.Name n2) {
                return n1.name().compareTo(n2.name());
            }
            if (x instanceof DocumentPath.Index i1 && y instanceof DocumentPath.Index i2) {
                return Integer.compare(i1.index(), i2.index());
            }
            return x instanceof DocumentPath.Name ? -1 : 1;
        }
    }
}
