package dev.batchapi.local.dynamodb;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The attributes a condition refers to. */
final class ConditionAttributes {

    private ConditionAttributes() {
    }

    /** The top-level attribute names of every document path in the condition. */
    static Set<String> topLevelNames(Condition condition) {
        Set<String> names = new LinkedHashSet<>();
        collect(condition, names);
        return names;
    }

    private static void collect(Condition condition, Set<String> names) {
        if (condition instanceof Condition.And and) {
            collect(and.left(), names);
            collect(and.right(), names);
        } else if (condition instanceof Condition.Or or) {
            collect(or.left(), names);
            collect(or.right(), names);
        } else if (condition instanceof Condition.Not not) {
            collect(not.condition(), names);
        } else if (condition instanceof Condition.Compare compare) {
            collect(List.of(compare.left(), compare.right()), names);
        } else if (condition instanceof Condition.Between between) {
            collect(List.of(between.operand(), between.lower(), between.upper()), names);
        } else if (condition instanceof Condition.In in) {
            collect(List.of(in.operand()), names);
            collect(in.candidates(), names);
        } else if (condition instanceof Condition.BeginsWith beginsWith) {
            collect(List.of(beginsWith.operand(), beginsWith.prefix()), names);
        } else if (condition instanceof Condition.Contains contains) {
            collect(List.of(contains.operand(), contains.part()), names);
        } else if (condition instanceof Condition.AttributeExists exists) {
            names.add(exists.path().attributeName());
        } else if (condition instanceof Condition.AttributeNotExists notExists) {
            names.add(notExists.path().attributeName());
        } else if (condition instanceof Condition.AttributeType type) {
            names.add(type.path().attributeName());
        }
    }

    private static void collect(List<Operand> operands, Set<String> names) {
        for (Operand operand : operands) {
            if (operand instanceof Operand.Path path) {
                names.add(path.path().attributeName());
            } else if (operand instanceof Operand.Size size) {
                names.add(size.path().attributeName());
            }
        }
    }
}
