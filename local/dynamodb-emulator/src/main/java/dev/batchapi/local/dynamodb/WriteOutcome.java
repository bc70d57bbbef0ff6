package dev.batchapi.local.dynamodb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a write does to its item: the item before and after, the mutation to commit, and its cost. */
record WriteOutcome(Item before, Item after, List<Mutation> mutations, ConsumedCapacity capacity) {

    /** Runs the write on the item as it is now (its condition already checked). */
    static WriteOutcome of(ItemWrite write, Item before) {
        Item after = write.apply(before);
        String table = write.table().name();
        List<Mutation> mutations;
        if (write instanceof ItemWrite.Check || after == null && before == null) {
            mutations = List.of();
        } else if (after == null) {
            mutations = List.of(new Mutation.ItemDeleted(table, write.key()));
        } else {
            mutations = List.of(new Mutation.ItemPut(table, after));
        }
        return new WriteOutcome(before, after, mutations, CapacityUnits.ofWrite(write.table(), before, after));
    }

    /**
     * Commits the outcomes of a batch or a transaction at once, and answers what they consumed: one
     * entry per table, in the order the tables first come up, each write's units times {@code costFactor}.
     */
    static Collection<ConsumedCapacity> commitAll(Database db, List<WriteOutcome> outcomes, double costFactor) {
        Map<String, ConsumedCapacity> capacities = new LinkedHashMap<>();
        List<Mutation> mutations = new ArrayList<>();
        for (WriteOutcome outcome : outcomes) {
            mutations.addAll(outcome.mutations());
            capacities.merge(outcome.capacity().tableName(), outcome.capacity().times(costFactor), ConsumedCapacity::plus);
        }
        db.commit(mutations);
        return capacities.values();
    }
}
